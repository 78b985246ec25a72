import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from folkmoot.core.models import AuditEvent
from folkmoot.understand.themes.models import Comment, ReviewAssignment
from folkmoot.understand.themes.services import code_create, comment_review

from ..factories import ModelLabelledCommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(personas):
    return ModelLabelledCommentFactory(
        organisation=personas.organisation, engagement=personas.engagement, labels=["staff_manner"]
    )


@pytest.mark.sqlite
def test_analyst_relabels_and_the_review_overrides_the_model_with_history_kept(personas, comment, classifier):
    comment_review(comment=comment, actor=personas.analyst, action="accept")
    comment_review(
        comment=comment, actor=personas.analyst, action="relabel", codes=["timeliness"], sentiment=4
    )
    comment.refresh_from_db()
    assert comment.labels == ["timeliness"]
    assert comment.sentiment == 4
    assert comment.latest_model.labels == ["staff_manner"]  # what the model said is kept
    history = list(ReviewAssignment.objects.filter(comment=comment).order_by("created_at"))
    assert [r.action for r in history] == ["accept", "relabel"]
    assert history[0].codes == ["staff_manner"] and history[0].reviewer == personas.analyst
    assert AuditEvent.objects.filter(object_id=str(comment.pk), actor=personas.analyst).count() == 2


def test_adding_a_local_code_keeps_the_existing_labels(personas, comment, classifier):
    code = code_create(
        organisation=personas.organisation, actor=personas.analyst, label="Hospital food (local)"
    )
    comment_review(comment=comment, actor=personas.analyst, action="add", codes=[code.code])
    assert Comment.objects.get(pk=comment.pk).labels == ["staff_manner", "hospital_food_local"]


def test_unknown_codes_and_empty_relabels_are_refused(personas, comment, classifier):
    with pytest.raises(ValidationError):
        comment_review(comment=comment, actor=personas.analyst, action="relabel", codes=["made_up"])
    with pytest.raises(ValidationError):
        comment_review(comment=comment, actor=personas.analyst, action="relabel", codes=[])
    assert not ReviewAssignment.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "partner", "outsider"])
def test_only_analysts_leads_and_admins_review(personas, comment, classifier, who):
    with pytest.raises(PermissionDenied):
        comment_review(comment=comment, actor=getattr(personas, who), action="accept")


def test_a_local_code_cannot_shadow_a_framework_code_or_repeat(personas, classifier):
    with pytest.raises(ValidationError):
        code_create(organisation=personas.organisation, actor=personas.analyst, label="Timeliness")
    code_create(organisation=personas.organisation, actor=personas.analyst, label="Hospital parking fines")
    with pytest.raises(ValidationError):
        code_create(organisation=personas.organisation, actor=personas.lead, label="Hospital parking fines")
