import pytest
from django.core.exceptions import PermissionDenied

from folkmoot.understand.themes import selectors

from .factories import ModelLabelledCommentFactory, ReviewedCommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themed(personas, classifier):
    for i in range(12):
        ModelLabelledCommentFactory(
            organisation=personas.organisation,
            engagement=personas.engagement,
            text=f"Kind staff on visit {i}, call Sarah on 07700 900{i:03d}",
            labels=["staff_manner"],
        )
    for _ in range(3):
        ModelLabelledCommentFactory(
            organisation=personas.organisation, engagement=personas.engagement, labels=["transport"]
        )
    ReviewedCommentFactory(
        organisation=personas.organisation,
        engagement=personas.engagement,
        labels=["transport"],
        reviewed=["timeliness"],
    )


@pytest.mark.sqlite
def test_theme_summary_suppresses_small_counts_and_redacts_quotes_for_a_viewer(personas, themed):
    summary = {
        t["code"]: t for t in selectors.theme_summary(engagement=personas.engagement, user=personas.viewer)
    }
    assert summary["staff_manner"]["count"] == 10  # 12 rounded to 5
    assert summary["transport"]["count"] == "*" and summary["transport"]["quotes"] == []
    assert summary["timeliness"]["count"] == "*"  # the reviewed label counts, not the model's
    quotes = summary["staff_manner"]["quotes"]
    assert quotes and all("07700" not in q and "Sarah" not in q for q in quotes)
    assert "[phone number]" in quotes[0]
    assert set(summary["staff_manner"]) >= {"code", "label", "count", "sentiment", "quotes"}


def test_analysts_see_raw_counts(personas, themed):
    summary = {
        t["code"]: t for t in selectors.theme_summary(engagement=personas.engagement, user=personas.analyst)
    }
    assert summary["staff_manner"]["count"] == 12
    assert summary["transport"]["count"] == 3


def test_outsider_and_public_cannot_read_a_summary(personas, themed):
    for user in (personas.outsider, personas.public):
        with pytest.raises(PermissionDenied):
            selectors.theme_summary(engagement=personas.engagement, user=user)


def test_reviewed_labels_give_the_analysts_labels_for_retraining(personas, themed):
    rows = list(selectors.reviewed_labels(organisation=personas.organisation))
    assert len(rows) == 1
    text, codes, sentiment = rows[0]
    assert codes == ["timeliness"] and sentiment == 4 and text
    assert list(selectors.reviewed_labels(organisation=personas.other_organisation)) == []


def test_summary_sentiment_is_three_point_and_suppressed_like_counts(personas, themed):
    summary = {
        t["code"]: t for t in selectors.theme_summary(engagement=personas.engagement, user=personas.viewer)
    }
    assert summary["staff_manner"]["sentiment"] == {"positive": 10, "neutral_or_mixed": 0, "negative": 0}
    assert summary["timeliness"]["sentiment"]["negative"] == "*"
