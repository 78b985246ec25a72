"""The stakeholder register: entry with duplicate flagging, contact history, grid positions, settings."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from django.core.exceptions import ValidationError
from django.db import transaction

from folkmoot.core.models import AuditAction, Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import (
    ContactKind,
    ContactPreference,
    ContactRecord,
    GridPosition,
    ReachSettings,
    Stakeholder,
    StakeholderCategory,
    StakeholderKind,
)

# Names this similar (0..1, difflib ratio on normalised names) are flagged as possible duplicates.
SIMILAR_NAME = 0.88
_NOISE = re.compile(r"\b(the|ltd|limited|cic|cio|group|synthetic|demo)\b|[^a-z0-9 ]")

FIELDS = (
    "kind",
    "category",
    "name",
    "email",
    "phone",
    "communities",
    "areas",
    "languages",
    "accessibility_needs",
    "contact_preference",
    "consent_to_contact",
    "consent_recorded_on",
    "linked_organisation",
    "is_synthetic",
)
LIST_FIELDS = ("communities", "areas", "languages")


def normalise_name(name: str) -> str:
    return " ".join(_NOISE.sub(" ", name.lower()).split())


def duplicates_for(
    *, organisation: Organisation, name: str, email: str = "", exclude_id=None, candidates=None
) -> list[tuple[Stakeholder, str]]:
    """Register entries that look like the same person or group: same email, or a very similar name."""
    email = (email or "").strip().lower()
    key = normalise_name(name)
    pool = candidates if candidates is not None else Stakeholder.objects.filter(organisation=organisation)
    found: list[tuple[Stakeholder, str]] = []
    for other in pool:
        if exclude_id is not None and other.pk == exclude_id:
            continue
        if email and other.email and other.email.lower() == email:
            found.append((other, f"Same email as {other.name}"))
            continue
        ratio = difflib.SequenceMatcher(None, key, normalise_name(other.name)).ratio()
        if key and ratio >= SIMILAR_NAME:
            found.append((other, f"Name very similar to {other.name} ({round(ratio * 100)}% alike)"))
    return found


def clean_values(values: dict) -> dict:
    """Validate and tidy one stakeholder's fields; raise ValidationError with plain messages."""
    data = {k: values[k] for k in FIELDS if k in values}
    errors: dict[str, str] = {}
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        errors["name"] = "Enter a name."
    if data.get("kind") not in StakeholderKind.values:
        errors["kind"] = "Choose individual or organisation."
    if data.get("category") not in StakeholderCategory.values:
        errors["category"] = "Choose a type from the list: " + ", ".join(StakeholderCategory.values) + "."
    pref = data.get("contact_preference") or ContactPreference.EMAIL
    if pref not in ContactPreference.values:
        errors["contact_preference"] = (
            "Choose a contact preference: " + ", ".join(ContactPreference.values) + "."
        )
    data["contact_preference"] = pref
    email = (data.get("email") or "").strip()
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        errors["email"] = "Enter an email address in the right format, like name@example.org."
    data["email"] = email
    for key in LIST_FIELDS:
        value = data.get(key) or []
        if isinstance(value, str):
            value = [part.strip() for part in re.split(r"[;,\n]", value) if part.strip()]
        data[key] = list(value)
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def stakeholder_create(
    *, organisation: Organisation, actor: User | None, check: bool = True, **values
) -> Stakeholder:
    """Add to the register. Possible duplicates are flagged on the new entry, not refused or merged."""
    if check:
        require(actor, Perm.MANAGE_PARTNERS, organisation)
    data = clean_values(values)
    dupes = duplicates_for(organisation=organisation, name=data["name"], email=data["email"])
    stakeholder = Stakeholder(organisation=organisation, **data)
    if dupes:
        stakeholder.possible_duplicate_of, stakeholder.duplicate_reason = dupes[0]
    stakeholder.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=stakeholder,
        personal_data=True,
        summary=f"Added {stakeholder.name} to the stakeholder register",
        data={"possible_duplicate": bool(dupes)},
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, actor: User, **values) -> Stakeholder:
    require(actor, Perm.MANAGE_PARTNERS, stakeholder.organisation)
    current = {k: getattr(stakeholder, k) for k in FIELDS}
    data = clean_values({**current, **values})
    for key, value in data.items():
        setattr(stakeholder, key, value)
    if values.get("not_duplicate"):
        stakeholder.possible_duplicate_of, stakeholder.duplicate_reason = None, ""
    stakeholder.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=stakeholder,
        personal_data=True,
        summary=f"Changed {stakeholder.name} in the stakeholder register",
        data={"fields": sorted(values)},
    )
    return stakeholder


@transaction.atomic
def contact_record(
    *,
    stakeholder: Stakeholder,
    actor: User | None,
    kind: str,
    on: dt.date,
    asked_by: Organisation | None = None,
    engagement: Engagement | None = None,
    summary: str = "",
    told_back: str = "",
    told_back_on: dt.date | None = None,
    check: bool = True,
) -> ContactRecord:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, stakeholder.organisation)
    if kind not in ContactKind.values:
        raise ValidationError({"kind": "Choose what kind of contact this was."})
    record = ContactRecord.objects.create(
        stakeholder=stakeholder,
        engagement=engagement,
        asked_by=asked_by or stakeholder.organisation,
        kind=kind,
        on=on,
        summary=summary,
        told_back=told_back,
        told_back_on=told_back_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=stakeholder,
        personal_data=True,
        summary=f"Recorded contact with {stakeholder.name}",
    )
    return record


@transaction.atomic
def grid_set(
    *,
    engagement: Engagement,
    stakeholder: Stakeholder,
    influence: int,
    interest: int,
    actor: User | None,
    check: bool = True,
) -> GridPosition:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, engagement)
    if stakeholder.organisation_id != engagement.organisation_id:
        raise ValidationError("That stakeholder is not in this organisation's register.")
    for label, value in (("influence", influence), ("interest", interest)):
        if not 1 <= int(value) <= 5:
            raise ValidationError({label: f"Give {label} as a number from 1 (low) to 5 (high)."})
    position, _ = GridPosition.objects.update_or_create(
        engagement=engagement,
        stakeholder=stakeholder,
        defaults={"influence": int(influence), "interest": int(interest)},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=engagement,
        summary=f"Placed {stakeholder.name} on the power and interest grid",
    )
    return position


@transaction.atomic
def reach_settings_set(
    *, organisation: Organisation, actor: User | None, check: bool = True, **values
) -> ReachSettings:
    if check:
        require(actor, Perm.CONFIGURE, organisation)
    settings, _ = ReachSettings.objects.get_or_create(organisation=organisation)
    for key in ("fatigue_max_asks", "fatigue_window_days", "fatigue_min_gap_days"):
        if key in values:
            setattr(settings, key, int(values[key]))
    settings.save()
    audit_record(
        actor=actor, action=AuditAction.CHANGE, obj=organisation, summary="Changed the fatigue check"
    )
    return settings
