"""`folkmoot report evidence` and `folkmoot report annual`: the PDFs' text is checked against the database."""

import io

import pytest
from django.core.management import CommandError, call_command

from conftest import last_json_line
from folkmoot.feedback import services as feedback_services
from folkmoot.learn import services
from folkmoot.learn.management.commands.report import NO_ENGAGEMENTS_EXIT
from folkmoot.learn.reports.measures import MEASURES, PRINCIPLES
from folkmoot.plan import services as plan_services

from .helpers import pdf_text

WHY = "To learn why people in Test Shire wait so long for urgent care"


def _run(*args) -> dict:
    out = io.StringIO()
    call_command("report", *args, "--format", "json", stdout=out)
    return last_json_line(out.getvalue())


@pytest.fixture
def recorded(personas):
    """The shared engagement with a plan, evaluations, a reflection and one decided finding."""
    engagement = personas.engagement
    plan_services.plan_save(
        engagement=engagement,
        actor=personas.lead,
        data={
            "aims": {"why": WHY},
            "duties": {"equality_s149": {"applies": True, "why": "Affects disabled people"}},
            "feedback": {"date": "2026-04-01"},
        },
        replace=True,
    )
    for _ in range(12):
        services.evaluation_submit(engagement=engagement, easy_to_take_part="yes", felt_listened_to="partly")
    services.reflection_add(
        engagement=engagement,
        actor=personas.lead,
        what_worked="Evening drop-ins",
        what_to_change="Longer window",
    )
    finding = feedback_services.finding_create(
        actor=personas.lead, engagement=engagement, said="Waiting rooms are too crowded"
    )
    feedback_services.decision_record(
        actor=personas.lead,
        finding=finding,
        outcome="did",
        we_did="Opened a second waiting area",
        owner="Test lead",
    )
    return engagement


@pytest.mark.sqlite
@pytest.mark.django_db
def test_evidence_pack_of_an_empty_engagement_says_each_section_has_nothing(personas, tmp_path):
    out = tmp_path / "pack.pdf"
    result = _run("evidence", "--engagement", personas.private_engagement.slug, "--out", str(out))
    text = pdf_text(out.read_bytes())
    for sentence in (
        "No plan was recorded for this engagement",
        "No duty screening was recorded",
        "No survey responses were recorded",
        "No events or focus groups were recorded",
        "No findings or decisions were recorded",
        "No participants evaluated this engagement",
        "No staff reflection was recorded",
    ):
        assert sentence in text
    assert result["has_plan"] is False and result["findings"] == 0 and result["evaluations"] == 0
    assert result["out"] == str(out) and result["bytes"] == out.stat().st_size


@pytest.mark.django_db
def test_evidence_pack_shows_plan_duties_decisions_and_published_evaluation_counts(recorded, tmp_path):
    out = tmp_path / "pack.pdf"
    result = _run("evidence", "--engagement", recorded.slug, "--out", str(out))
    text = pdf_text(out.read_bytes())
    assert WHY in text
    assert "Equality Act 2010 s149" in text and "Affects disabled people" in text
    assert "Waiting rooms are too crowded" in text and "Opened a second waiting area" in text
    assert "Participants who evaluated: 10" in text  # 12 answers, rounded to the nearest 5
    assert "Evening drop-ins" in text and "Longer window" in text
    assert "1 April 2026" in text
    assert result["has_plan"] is True and result["findings"] == 1
    assert result["evaluations"] == 10 and result["reflections"] == 1


@pytest.mark.django_db
def test_evidence_pack_for_an_unknown_engagement_fails_with_a_clear_message(personas, tmp_path):
    with pytest.raises(CommandError, match="No engagement with slug 'nope'"):
        call_command("report", "evidence", "--engagement", "nope", "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.django_db
def test_annual_report_scores_each_principle_from_the_years_engagements(recorded, personas, tmp_path):
    out = tmp_path / "annual.pdf"
    result = _run("annual", "--organisation", personas.organisation.slug, "--year", "2026", "--out", str(out))
    text = pdf_text(out.read_bytes())
    # Only the engagement that ran in 2026 counts; the private one has no dates.
    assert result["engagements"] == 1
    assert result["measures"]["goal_recorded"] == {"met": 1, "applicable": 1}
    assert result["measures"]["evaluated"] == {"met": 1, "applicable": 1}
    assert result["measures"]["findings_decided"] == {"met": 1, "applicable": 1}
    assert result["measures"]["offline_methods"] == {"met": 0, "applicable": 1}
    assert result["principles"]["1"] == 100 and result["principles"]["8"] == 100
    assert "Goal recorded: 1 of 1" in text and "Offline ways to take part: 0 of 1" in text
    for title in PRINCIPLES.values():
        assert title.split(":")[0] in text
    for measure in MEASURES:
        assert " ".join(measure.definition.split()) in text
    assert recorded.title in text


@pytest.mark.django_db
def test_annual_report_for_a_year_without_engagements_exits_with_a_message_and_no_pdf(personas, tmp_path):
    out = tmp_path / "annual.pdf"
    with pytest.raises(CommandError) as error:
        call_command(
            "report",
            "annual",
            "--organisation",
            personas.organisation.slug,
            "--year",
            "2019",
            "--out",
            str(out),
        )
    assert "has no engagements that ran in 2019" in str(error.value)
    assert error.value.returncode == NO_ENGAGEMENTS_EXIT
    assert not out.exists()


@pytest.mark.django_db
def test_annual_report_counts_an_engagement_with_a_paid_partner_under_principle_6(
    recorded, personas, tmp_path
):
    import datetime as dt

    from folkmoot.reach.services.ledger import agreement_create
    from folkmoot.reach.services.register import stakeholder_create

    out = tmp_path / "annual.pdf"
    before = _run("annual", "--organisation", personas.organisation.slug, "--year", "2026", "--out", str(out))
    assert before["measures"]["paid_partners"] == {"met": 0, "applicable": 1}
    partner = stakeholder_create(
        organisation=personas.organisation,
        actor=None,
        check=False,
        name="Test Shire Carers",
        kind="organisation",
        category="vcse",
    )
    agreement_create(
        engagement=recorded,
        partner=partner,
        deliverables="Two drop-in sessions",
        fee="250.00",
        agreed_on=dt.date(2026, 2, 1),
        actor=None,
        check=False,
    )
    after = _run("annual", "--organisation", personas.organisation.slug, "--year", "2026", "--out", str(out))
    assert after["measures"]["paid_partners"] == {"met": 1, "applicable": 1}
    assert after["principles"]["6"] == 100
    assert "Partners paid: 1 of 1" in pdf_text(out.read_bytes())
