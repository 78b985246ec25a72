import pytest

from folkmoot.core.demo import load_core_demo
from folkmoot.understand.themes import selectors
from folkmoot.understand.themes.demo import load_themes_demo
from folkmoot.understand.themes.models import Alert, Comment, ReviewAssignment

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_demo_shows_themes_sentiment_reviews_and_a_rising_theme_alert(classifier):
    ctx = load_core_demo()
    load_themes_demo(ctx)
    assert Comment.objects.filter(latest_model__isnull=True).count() == 0
    assert not Comment.objects.filter(is_synthetic=False).exists()
    summary = selectors.theme_summary(engagement=ctx.engagements["open"], user=ctx.users["viewer"])
    assert summary and any(t["quotes"] for t in summary)
    assert ReviewAssignment.objects.filter(reviewer=ctx.users["analyst"]).count() == 2
    alerts = Alert.objects.filter(organisation=ctx.icb)
    assert "timeliness" in {a.code for a in alerts}  # the planted rise in waiting-time comments
    assert all(a.is_synthetic for a in alerts)


def test_demo_classifies_the_listen_demo_surveys_free_text(classifier):
    from folkmoot.listen import demo as listen_demo

    ctx = load_core_demo()
    listen_demo.load(ctx)
    load_themes_demo(ctx)
    answers = Comment.objects.filter(source="survey_answer")
    assert answers.count() > 20
    assert not answers.filter(latest_model__isnull=True).exists()
    assert answers.exclude(latest_model__labels=[]).exists()
    summary = selectors.theme_summary(engagement=ctx.engagements["open"], user=ctx.users["viewer"])
    assert sum(t["count"] for t in summary if isinstance(t["count"], int)) > 20
