import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from conftest import last_json_line

from ..factories import ModelLabelledCommentFactory

pytestmark = pytest.mark.django_db


def test_redaction_evaluate_prints_recall_and_precision_per_kind():
    out = StringIO()
    call_command("redaction", "evaluate", "--rows", "300", "--format", "json", stdout=out)
    result = last_json_line(out.getvalue())
    assert result["n"] == 300
    assert set(result["per_kind"]) == {"name", "phone", "email", "nhs_number", "postcode", "date_of_birth"}
    assert {"recall", "precision"} <= set(result["per_kind"]["phone"])


def test_redaction_text_redacts_one_text():
    out = StringIO()
    call_command("redaction", "text", "Email me: a.b@example.org", "--format", "json", stdout=out)
    assert last_json_line(out.getvalue()) == {"text": "Email me: [email address]", "found": ["email"]}


@pytest.mark.sqlite
def test_themes_digest_raises_alerts_and_emails_the_analysts(personas, when):
    for week in range(13):
        for i in range(4 if week else 14):
            ModelLabelledCommentFactory(
                organisation=personas.organisation,
                received_at=when(days_ago=week * 7 + i % 6),
                labels=["timeliness" if week == 0 or i == 0 else "staff_manner"],
            )
    out = StringIO()
    call_command(
        "themes-digest",
        "--organisation",
        "test-shire-icb",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
        stdout=out,
    )
    digest = last_json_line(out.getvalue())
    assert [a["code"] for a in digest["alerts"]] == ["timeliness"]
    assert digest["period_end"] == dt.date(2026, 11, 21).isoformat()
    assert digest["sent_to"] == 3  # lead, analyst and admin review themes; the viewer does not get it
    assert len(mail.outbox) == 1 and "rising" in mail.outbox[0].subject
    assert "viewer@example.org" not in mail.outbox[0].to


def test_themes_digest_dry_run_sends_nothing_and_unknown_organisation_is_a_clear_error(personas):
    out = StringIO()
    call_command(
        "themes-digest", "--organisation", "test-shire-icb", "--dry-run", "--format", "json", stdout=out
    )
    assert last_json_line(out.getvalue())["sent_to"] == 0 and mail.outbox == []
    with pytest.raises(CommandError, match="No organisation"):
        call_command("themes-digest", "--organisation", "nope")
