import pytest

from folkmoot.core.demo import load_core_demo
from folkmoot.core.extensions import transition_guards
from folkmoot.feedback import demo, selectors
from folkmoot.listen import demo as listen_demo


@pytest.mark.sqlite
@pytest.mark.django_db
def test_demo_reported_engagement_has_decisions_a_public_page_and_people_told_through_files(
    client, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    ctx = load_core_demo()
    listen_demo.load(ctx)
    demo.load(ctx)
    reported = ctx.engagements["reported"]
    rows = selectors.decisions_for(engagement=reported)
    assert len(rows) >= 3 and all(row["outcome"] for row in rows)
    assert transition_guards.reasons(reported, "reported") == []
    summary = selectors.notification_summary(engagement=reported)
    assert summary["told"] == summary["consented"] == 5  # four emails and one easy-read letter
    assert summary["by_channel"]["letter"]["sent"] == 1
    assert ctx.extra["feedback"]["sent"]["letters_pdf"].startswith(str(tmp_path))
    outbox = list((tmp_path / "outbox").iterdir())
    assert outbox and "You said:" in outbox[0].read_text()
    page = client.get(selectors.public_url(engagement=reported))
    assert page.status_code == 200
    assert "saved as files" in page.content.decode()
    closed = ctx.engagements["closed"]
    assert selectors.findings_for(engagement=closed).exists()
    assert closed in selectors.overdue_engagements(organisation=ctx.icb)  # the dashboard panel has an example
