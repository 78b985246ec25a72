"""Writes for plans: save a step, import/export YAML, check, sign-off, import reports.

Keyword-only, atomic, audited. Views, the `folkmoot plan` command, the API and tests call these.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from folkmoot.core.models import AuditAction, Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from . import catalogue, checks, schema
from .checks import Finding
from .models import ImportedReport, Plan, PlanEvent, PlanStatus, ReportChunk
from .readability import ReadabilityReport
from .readability import readability_report as _readability_report
from .reports import extract_text, guess_findings
from .search import chunk

TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.SUBMITTED},
    PlanStatus.RETURNED: {PlanStatus.SUBMITTED},
    PlanStatus.SUBMITTED: {PlanStatus.APPROVED, PlanStatus.RETURNED},
    PlanStatus.APPROVED: set(),
}


def readability_report(text: str) -> ReadabilityReport:
    """Readability score, target reading age and jargon flags for any public text (used by Listen)."""
    return _readability_report(text)


def plan_check(plan_data: dict) -> list[Finding]:
    """Findings for a plan document against the Healthwatch, NHS England and Gunning principles."""
    return checks.run(plan_data)


def plan_check_result(plan_data: dict) -> dict:
    findings = plan_check(plan_data)
    return {
        "findings": [f.as_dict() for f in findings],
        "summary": checks.summary(findings),
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "principles_failing": checks.principles_failing(findings),
    }


def _validate(data: Any) -> dict:
    clean, errors = schema.validate(data, method_ids=set(catalogue.methods_by_id()))
    if errors:
        raise ValidationError({e["field"] or "plan": e["message"] for e in errors})
    return clean


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so the schema gives its own message for a wrong date."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def parse_yaml(text: str) -> dict:
    """Parse and validate a plan YAML document; ValidationError lists every problem with its field."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ValidationError(f"This is not valid YAML{where}: {getattr(exc, 'problem', exc)}.") from None
    clean = _validate(data)
    clean["schema_version"] = schema.SCHEMA_VERSION
    return clean


def plan_to_yaml(plan_data: dict) -> str:
    data = {
        "schema_version": schema.SCHEMA_VERSION,
        **{k: v for k, v in plan_data.items() if k != "schema_version"},
    }
    ordered = {k: data[k] for k in schema.TOP_LEVEL_FIELDS if k in data}
    return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)


def _audit(actor, plan: Plan, summary: str, data: dict | None = None) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=plan,
        organisation=plan.organisation,
        summary=summary,
        data=data or {},
    )


@transaction.atomic
def plan_get_or_create(*, engagement: Engagement, actor: User) -> Plan:
    plan = Plan.objects.filter(engagement=engagement).first()
    if plan is not None:
        return plan
    require(actor, Perm.CHANGE_ENGAGEMENT, engagement)
    plan = Plan(engagement=engagement, data={"schema_version": schema.SCHEMA_VERSION}, updated_by=actor)
    plan.full_clean()
    plan.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=plan,
        organisation=engagement.organisation,
        summary=f"Plan started for {engagement.title}",
    )
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, actor: User, changes: dict, replace: bool = False) -> Plan:
    """Merge `changes` (top-level fields of the document) into the plan, or replace it whole.

    Editing a submitted or approved plan sends it back to draft: the sign-off was for other content.
    """
    require(actor, Perm.CHANGE_ENGAGEMENT, plan.engagement)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    data = {} if replace else copy.deepcopy(plan.data)
    data.update(changes)
    data = _validate(data)
    data["schema_version"] = schema.SCHEMA_VERSION
    if data == plan.data:
        return plan
    plan.data = data
    plan.updated_by = actor
    if plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        PlanEvent.objects.create(
            plan=plan,
            from_status=plan.status,
            to_status=PlanStatus.DRAFT,
            actor=actor,
            note="Edited after sign-off was asked for; needs sign-off again.",
        )
        plan.status = PlanStatus.DRAFT
    plan.full_clean()
    plan.save()
    _audit(
        actor,
        plan,
        f"Plan updated: {', '.join(sorted(changes)) or 'whole plan'}",
        {"fields": sorted(changes)},
    )
    return plan


@transaction.atomic
def plan_save_step(*, plan: Plan, actor: User, changes: dict) -> tuple[Plan, dict[str, str]]:
    """Save what is valid in one planner step and return the rest as {field path: message}, so nothing
    the planner typed correctly is lost when another field is wrong."""
    require(actor, Perm.CHANGE_ENGAGEMENT, plan.engagement)
    merged = copy.deepcopy(plan.data)
    merged.update(changes)
    clean, errors = schema.validate(merged, method_ids=set(catalogue.methods_by_id()))
    clean = {k: v for k, v in clean.items() if v not in ({}, [], "")}
    plan = plan_update(plan=plan, actor=actor, changes=clean, replace=True)
    return plan, {e["field"]: e["message"] for e in errors}


@transaction.atomic
def plan_save(*, engagement: Engagement, actor: User, data: dict, replace: bool) -> Plan:
    """Create the plan if needed and save `data` (whole or some top-level fields); all or nothing."""
    plan = plan_get_or_create(engagement=engagement, actor=actor)
    return plan_update(plan=plan, actor=actor, changes=data, replace=replace)


def plan_import_yaml(*, engagement: Engagement, actor: User, text: str) -> Plan:
    data = parse_yaml(text)
    with transaction.atomic():
        plan = plan_get_or_create(engagement=engagement, actor=actor)
        return plan_update(plan=plan, actor=actor, changes=data, replace=True)


def _snapshot(plan: Plan) -> dict:
    result = plan_check_result(plan.data)
    return {
        "at": timezone.now().isoformat(),
        "data": plan.data,
        "findings": result["findings"],
        "summary": result["summary"],
        "duties": plan.duties,
    }


@transaction.atomic
def plan_transition(*, plan: Plan, actor: User, to: str, note: str = "") -> Plan:
    """draft/returned → submitted → approved | returned, recording who, when and a snapshot of the checks
    and duty screening. Approving needs RECORD_DECISIONS and someone other than the submitter; approving
    a plan with errors needs a note saying why."""
    plan = Plan.objects.select_for_update().select_related("engagement__organisation").get(pk=plan.pk)
    if to not in TRANSITIONS[PlanStatus(plan.status)]:
        raise ValidationError(f"A plan that is {plan.get_status_display().lower()} cannot be moved to {to}.")
    if to == PlanStatus.SUBMITTED:
        require(actor, Perm.CHANGE_ENGAGEMENT, plan.engagement)
    else:
        require(actor, Perm.RECORD_DECISIONS, plan.engagement)
        submitted = plan.events.filter(to_status=PlanStatus.SUBMITTED).order_by("-created_at").first()
        if submitted and submitted.actor_id == actor.pk:
            raise PermissionDenied("Someone other than the person who submitted the plan must sign it off.")
    snapshot = _snapshot(plan)
    errors = [f for f in snapshot["findings"] if f["severity"] == "error"]
    if to == PlanStatus.APPROVED and errors and not note.strip():
        raise ValidationError(
            f"The plan has {len(errors)} error(s). Return it for changes, or give a reason for approving it anyway."
        )
    if to == PlanStatus.RETURNED and not note.strip():
        raise ValidationError("Say what needs to change before the plan can be approved.")
    event = PlanEvent(
        plan=plan, from_status=plan.status, to_status=to, actor=actor, note=note.strip(), snapshot=snapshot
    )
    event.full_clean()
    event.save()
    plan.status = to
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=plan,
        organisation=plan.organisation,
        summary=f"Plan {to}: {plan.engagement.title}",
        data={"errors": len(errors), "note": note[:200]},
    )
    return plan


@transaction.atomic
def report_import(
    *,
    organisation: Organisation,
    actor: User | None,
    filename: str,
    content: bytes,
    title: str = "",
    author: str = "",
    published_on: dt.date | None = None,
    findings: str = "",
) -> ImportedReport:
    """Store an earlier report's text in chunks so 'Asked before?' can find it."""
    if actor is not None:
        require(actor, Perm.CREATE_ENGAGEMENT, organisation)
    text = extract_text(filename, content)
    report = ImportedReport(
        organisation=organisation,
        title=(title or filename.rsplit(".", 1)[0].replace("_", " "))[:300],
        author=author,
        published_on=published_on,
        filename=filename[:300],
        text=text,
        findings=findings or guess_findings(text),
        uploaded_by=actor,
    )
    report.full_clean()
    report.save()
    ReportChunk.objects.bulk_create(
        ReportChunk(report=report, ordinal=i, text=part) for i, part in enumerate(chunk(text))
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=report,
        organisation=organisation,
        summary=f"Report imported: {report.title}",
    )
    return report
