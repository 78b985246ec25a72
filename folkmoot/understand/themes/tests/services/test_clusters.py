import pytest

from folkmoot.understand.themes.models import ClusterStatus, Comment
from folkmoot.understand.themes.services import cluster_name, clusters_suggest

from ..factories import ModelLabelledCommentFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    "The hospital wifi never works on the ward",
    "No wifi signal on the ward, could not call family",
    "Wifi on the ward kept dropping all night",
    "Bus timetable to the clinic changed without notice",
    "The bus to the clinic only runs twice a day",
    "The bus to the clinic is unreliable",
]


def test_comments_no_code_fits_are_grouped_and_a_named_group_becomes_a_local_code(personas, classifier):
    for text in TEXTS:
        ModelLabelledCommentFactory(
            organisation=personas.organisation,
            engagement=personas.engagement,
            text=text,
            labels=["not_assigned"],
        )
    ModelLabelledCommentFactory(organisation=personas.organisation, engagement=personas.engagement)
    groups = clusters_suggest(engagement=personas.engagement, actor=personas.analyst)
    terms = {t for g in groups for t in g.key_terms}
    assert {"wifi", "bus"} & terms
    assert all(g.size >= 2 for g in groups)
    wifi = next(g for g in groups if "wifi" in " ".join(g.key_terms))
    cluster_name(cluster=wifi, actor=personas.analyst, label="Ward wifi")
    named = Comment.objects.filter(clusters=wifi)
    assert all("ward_wifi" in c.labels for c in named)
    again = clusters_suggest(engagement=personas.engagement, actor=personas.analyst)
    wifi.refresh_from_db()
    assert wifi.status == ClusterStatus.NAMED
    assert all("wifi" not in " ".join(g.key_terms) for g in again)
