"""Plan services: YAML in and out, bad YAML, sign-off with snapshots, audit, PDF, contract selectors."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from folkmoot.core.models import AuditEvent
from folkmoot.plan import selectors, services
from folkmoot.plan.models import PlanStatus
from folkmoot.plan.pdf import plan_pdf

from .plans import strong, weak

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_yaml_round_trip_keeps_the_plan(personas, plan):
    text = services.plan_to_yaml(plan.data)
    assert text.startswith("schema_version: 1\naims:")
    again = services.plan_import_yaml(engagement=personas.private_engagement, actor=personas.lead, text=text)
    assert again.data == plan.data


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("aims:\n  why: x\n  colour: blue\n", "aims.colour", "Unknown field 'aims.colour'"),
        ("timeline:\n  start: 2027-13-01\n", "timeline.start", "Write it as YYYY-MM-DD"),
        ("timeline:\n  start: 2027-03-01\n  end: 2027-02-01\n", "timeline.end", "before the start date"),
        ("level: shout\n", "level", "level must be one of"),
        ("methods:\n  - method: carrier_pigeon\n", "methods[0].method", "not in the methods catalogue"),
        ("budget:\n  total: lots\n", "budget.total", "must be a number"),
        ("favourite_colour: blue\n", "favourite_colour", "Unknown field"),
        ("aims: [1, 2\n", "plan", "not valid YAML at line"),
        ("- just\n- a list\n", "plan", "YAML mapping"),
    ],
)
def test_bad_yaml_gets_a_clear_message(text, field, words):
    with pytest.raises(ValidationError) as caught:
        services.parse_yaml(text)
    messages = (
        caught.value.message_dict if hasattr(caught.value, "error_dict") else {"plan": caught.value.messages}
    )
    assert field in messages
    assert words in " ".join(messages[field])


def test_bad_yaml_import_changes_nothing(personas, plan):
    before = dict(plan.data)
    with pytest.raises(ValidationError):
        services.plan_import_yaml(
            engagement=personas.engagement, actor=personas.lead, text="aims:\n  nope: 1\n"
        )
    plan.refresh_from_db()
    assert plan.data == before


@pytest.mark.sqlite
def test_sign_off_records_who_when_and_a_snapshot(personas, plan):
    services.plan_transition(plan=plan, actor=personas.lead, to=PlanStatus.SUBMITTED)
    plan = services.plan_transition(plan=plan, actor=personas.admin, to=PlanStatus.APPROVED)
    assert plan.status == PlanStatus.APPROVED
    approval = plan.events.get(to_status=PlanStatus.APPROVED)
    assert approval.actor == personas.admin and approval.created_at
    assert approval.snapshot["duties"]["s14z45"]["applies"] is True
    assert {f["severity"] for f in approval.snapshot["findings"]} <= {"info"}
    assert "Why" in approval.snapshot["summary"]
    assert AuditEvent.objects.filter(object_id=str(plan.pk), summary__startswith="Plan approved").exists()


def test_the_submitter_cannot_approve_their_own_plan(personas, plan):
    services.plan_transition(plan=plan, actor=personas.lead, to=PlanStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.plan_transition(plan=plan, actor=personas.lead, to=PlanStatus.APPROVED)


def test_a_plan_with_errors_needs_a_reason_to_be_approved(personas, plan):
    plan = services.plan_update(plan=plan, actor=personas.lead, changes=weak(), replace=True)
    services.plan_transition(plan=plan, actor=personas.lead, to=PlanStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="error"):
        services.plan_transition(plan=plan, actor=personas.admin, to=PlanStatus.APPROVED)
    plan = services.plan_transition(
        plan=plan, actor=personas.admin, to=PlanStatus.RETURNED, note="Add offline methods."
    )
    assert plan.status == PlanStatus.RETURNED


def test_returning_needs_a_note_and_viewers_cannot_decide(personas, plan):
    services.plan_transition(plan=plan, actor=personas.lead, to=PlanStatus.SUBMITTED)
    with pytest.raises(ValidationError):
        services.plan_transition(plan=plan, actor=personas.admin, to=PlanStatus.RETURNED)
    with pytest.raises(PermissionDenied):
        services.plan_transition(plan=plan, actor=personas.viewer, to=PlanStatus.APPROVED)


def test_editing_an_approved_plan_sends_it_back_to_draft(personas, plan):
    services.plan_transition(plan=plan, actor=personas.lead, to=PlanStatus.SUBMITTED)
    services.plan_transition(plan=plan, actor=personas.admin, to=PlanStatus.APPROVED)
    plan = services.plan_update(plan=plan, actor=personas.lead, changes={"delivery": "Changed"})
    assert plan.status == PlanStatus.DRAFT


def test_an_approved_plan_cannot_be_submitted_again(personas, plan):
    services.plan_transition(plan=plan, actor=personas.lead, to=PlanStatus.SUBMITTED)
    services.plan_transition(plan=plan, actor=personas.admin, to=PlanStatus.APPROVED)
    with pytest.raises(ValidationError, match="cannot be moved"):
        services.plan_transition(plan=plan, actor=personas.lead, to=PlanStatus.SUBMITTED)


def test_partner_cannot_change_the_plan(personas, plan):
    with pytest.raises(PermissionDenied):
        services.plan_update(plan=plan, actor=personas.partner, changes={"delivery": "x"})


def test_plan_for_gives_the_contract_fields(personas, plan):
    got = selectors.plan_for(engagement=personas.engagement)
    data = strong()
    assert got.feedback_due_on.isoformat() == data["feedback"]["date"]
    assert got.level == "involve"
    assert [g["name"] for g in got.target_groups][0] == "Parents of young children"
    assert got.methods[0]["channel"] == "online" and got.methods[0]["method"] == "online_survey"
    assert (
        got.budget_total,
        got.budget_accessibility,
        got.budget_partner_payments,
        got.budget_translation,
    ) == (24000, 3000, 5500, 1200)
    assert got.duties["equality_s149"]["applies"] is True
    assert selectors.plan_for(engagement=personas.private_engagement) is None


def test_methods_catalogue_has_every_method_with_channel_level_and_reach():
    catalogue = selectors.methods_catalogue()
    assert len(catalogue) == 29
    for m in catalogue:
        assert m["channel"] in {"online", "offline", "both"}
        assert {"levels", "reaches_well", "reaches_badly", "reaches_well_tags"} <= set(m)
    assert any(m["channel"] == "offline" for m in catalogue)


def test_plan_check_is_the_contract_function():
    findings = services.plan_check(weak())
    assert findings and all(f.severity in {"error", "warning", "info"} for f in findings)


def test_pdf_is_readable_and_holds_the_plan_and_checks(personas, plan):
    reader = PdfReader(io.BytesIO(plan_pdf(plan)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Engagement plan" in text and "Parents of young children" in text
    assert "Legal-duty screening" in text and "Equality Act 2010 s149" in text
    assert "Checks against the principles" in text


def test_export_yaml_is_valid_yaml(plan):
    assert yaml.safe_load(services.plan_to_yaml(plan.data))["level"] == "involve"
