"""Writes for findings ("You said") and decisions ("We did")."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from folkmoot.core.models import AuditAction, Engagement, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import Decision, Finding, FindingSource, Outcome


def _next_position(engagement: Engagement) -> int:
    return (Finding.objects.filter(engagement=engagement).aggregate(m=Max("position"))["m"] or 0) + 1


def _publishable_count(count) -> int | None:
    # theme and question counts arrive already under disclosure control; "*" means hidden.
    return count if isinstance(count, int) and not isinstance(count, bool) else None


@transaction.atomic
def finding_create(
    *,
    actor: User | None,
    engagement: Engagement,
    said: str,
    source: str = FindingSource.FREE_TEXT,
    source_ref: str = "",
    count: int | None = None,
    quotes: list[str] | None = None,
    easy_read_said: str = "",
    check_permission: bool = True,
) -> Finding:
    if check_permission:
        require(actor, Perm.RECORD_DECISIONS, engagement)
    said = (said or "").strip()
    if not said:
        raise ValidationError({"said": "Say what people told you."})
    if (
        source_ref
        and Finding.objects.filter(engagement=engagement, source=source, source_ref=source_ref).exists()
    ):
        raise ValidationError({"source_ref": "There is already a finding from this source."})
    finding = Finding(
        engagement=engagement,
        said=said,
        easy_read_said=(easy_read_said or "").strip(),
        source=source,
        source_ref=source_ref,
        count=_publishable_count(count),
        quotes=[str(q) for q in (quotes or [])],
        position=_next_position(engagement),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    finding.full_clean()
    finding.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=finding,
        organisation=engagement.organisation,
        summary=f"Added finding from {source}: {said[:80]}",
    )
    return finding


def findings_from_themes(
    *,
    actor: User,
    engagement: Engagement,
    codes: list[str] | None = None,
    limit: int | None = None,
    check_permission: bool = True,
) -> list[Finding]:
    """One finding per theme (or per chosen code) not already added, with its published count and quotes.

    Uses the public (always suppressed) summary, because findings are published on the public page.
    """
    if check_permission:
        require(actor, Perm.RECORD_DECISIONS, engagement)
    from folkmoot.understand.themes import selectors as themes

    summary = getattr(themes, "public_theme_summary", themes.theme_summary)(engagement=engagement, user=actor)
    existing = set(
        Finding.objects.filter(engagement=engagement, source=FindingSource.THEME).values_list(
            "source_ref", flat=True
        )
    )
    # Largest themes first; hidden counts ("*") are the smallest.
    summary = sorted(summary, key=lambda t: -(t["count"] if isinstance(t.get("count"), int) else 0))
    created = []
    for theme in summary:
        if limit is not None and len(created) >= limit:
            break
        if theme["code"] in existing or (codes is not None and theme["code"] not in codes):
            continue
        if theme.get("count") in (0, None):
            continue  # a theme nobody raised; a hidden count ("*") is still something people said
        created.append(
            finding_create(
                actor=actor,
                engagement=engagement,
                said=theme["label"],
                source=FindingSource.THEME,
                source_ref=theme["code"],
                count=theme["count"],
                quotes=theme.get("quotes") or [],
                check_permission=False,
            )
        )
    return created


def findings_from_question(
    *, actor: User, engagement: Engagement, survey, question_code: str, check_permission: bool = True
) -> Finding:
    """A finding from a closed survey question: its most common answer, with the count under disclosure control."""
    if check_permission:
        require(actor, Perm.RECORD_DECISIONS, engagement)
    from folkmoot.listen.selectors import question_results
    from folkmoot.understand.disclosure import protect

    result = next((q for q in question_results(survey=survey) if q["code"] == question_code), None)
    if result is None or not result["options"]:
        raise ValidationError({"question": "Choose a question with answers to count."})
    top = max(result["options"], key=lambda o: o["count"])
    if not top["count"]:
        raise ValidationError({"question": "Nobody has answered this question yet."})
    published = protect({"n": top["count"]}, organisation=engagement.organisation)["n"]
    return finding_create(
        actor=actor,
        engagement=engagement,
        said=f"{result['text']} The most common answer was “{top['label']}”.",
        source=FindingSource.QUESTION,
        source_ref=f"{survey.slug}:{question_code}",
        count=published if isinstance(published, int) else None,
        check_permission=False,
    )


@transaction.atomic
def finding_delete(*, actor: User, finding: Finding) -> None:
    require(actor, Perm.RECORD_DECISIONS, finding.engagement)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=finding,
        organisation=finding.engagement.organisation,
        summary=f"Removed finding: {finding.said[:80]}",
    )
    finding.delete()


@transaction.atomic
def decision_record(
    *,
    actor: User | None,
    finding: Finding,
    outcome: str,
    we_did: str,
    owner: str,
    reason: str = "",
    decide_by: dt.date | None = None,
    decided_on: dt.date | None = None,
    easy_read_we_did: str = "",
    check_permission: bool = True,
) -> Decision:
    """Record (or change) the decision on one finding. Changes keep the previous wording in the audit log."""
    if check_permission:
        require(actor, Perm.RECORD_DECISIONS, finding.engagement)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose what was decided."
    if not (we_did or "").strip():
        errors["we_did"] = "Say what was done, or what will happen next."
    if not (owner or "").strip():
        errors["owner"] = "Say who owns this decision."
    if outcome == Outcome.COULD_NOT and not (reason or "").strip():
        errors["reason"] = "Say why it could not be done. People would rather know why than hear nothing."
    if outcome == Outcome.DECIDING and decide_by is None:
        errors["decide_by"] = "Give the date by which you will decide."
    today = timezone.localdate()
    if outcome == Outcome.DECIDING and decide_by is not None and decide_by < today:
        errors["decide_by"] = "The date to decide by must be today or later."
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.select_for_update().filter(finding=finding).first()
    before = None
    if decision is None:
        decision = Decision(finding=finding)
    else:
        before = {"outcome": decision.outcome, "we_did": decision.we_did, "reason": decision.reason}
    decision.outcome = outcome
    decision.we_did = we_did.strip()
    decision.easy_read_we_did = (easy_read_we_did or "").strip()
    decision.reason = (reason or "").strip()
    decision.decide_by = decide_by if outcome == Outcome.DECIDING else None
    decision.owner_name = owner.strip()
    decision.decided_on = decided_on or today
    decision.recorded_by = actor if actor is not None and actor.is_authenticated else None
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE if before else AuditAction.CREATE,
        obj=decision,
        organisation=finding.engagement.organisation,
        summary=f"Decision on “{finding.said[:60]}”: {decision.get_outcome_display()}",
        data={"finding": str(finding.pk), "before": before} if before else {"finding": str(finding.pk)},
    )
    return decision


@transaction.atomic
def finding_translate(
    *, actor: User, finding: Finding, language: str, said: str, we_did: str = "", reason: str = ""
) -> Finding:
    require(actor, Perm.RECORD_DECISIONS, finding.engagement)
    if not (said or "").strip():
        raise ValidationError({"said": "Enter the translation of what people said."})
    translations = dict(finding.translations or {})
    translations[language] = {
        "said": said.strip(),
        "we_did": (we_did or "").strip(),
        "reason": (reason or "").strip(),
    }
    finding.translations = translations
    finding.save(update_fields=["translations", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=finding,
        organisation=finding.engagement.organisation,
        summary=f"Translation ({language}) of a finding",
    )
    return finding
