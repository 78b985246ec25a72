"""Patient participation groups (PPGs) and the VCSE early-warning panel."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from folkmoot.core.models import AuditAction, OrganisationType, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import (
    MeetingKind,
    Panel,
    PanelIssue,
    PanelMeeting,
    PatientGroup,
    PatientGroupAction,
    PatientGroupMeeting,
    PatientGroupMember,
)


@transaction.atomic
def ppg_create(*, practice, name: str, actor: User | None, check: bool = True, **extra) -> PatientGroup:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, practice)
    if practice.type != OrganisationType.GP_PRACTICE:
        raise ValidationError("A patient participation group belongs to a GP practice.")
    group = PatientGroup.objects.create(practice=practice, name=name, **extra)
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=group, organisation=practice, summary=f"Created {name}"
    )
    return group


@transaction.atomic
def ppg_member_add(
    *, group: PatientGroup, name: str, actor: User | None, check: bool = True, **equality
) -> PatientGroupMember:
    """Equality answers are voluntary: leave any out."""
    if check:
        require(actor, Perm.MANAGE_PARTNERS, group.practice)
    allowed = {"joined_on", "sex", "age", "ethnic_group", "disability"}
    member = PatientGroupMember.objects.create(
        group=group, name=name, **{k: v for k, v in equality.items() if k in allowed}
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=group,
        organisation=group.practice,
        personal_data=True,
        summary=f"Added a member to {group.name}",
    )
    return member


@transaction.atomic
def ppg_meeting_record(
    *,
    group: PatientGroup,
    held_on: dt.date,
    actor: User | None,
    attendees: int = 0,
    minutes: str = "",
    check: bool = True,
) -> PatientGroupMeeting:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, group.practice)
    meeting = PatientGroupMeeting.objects.create(
        group=group, held_on=held_on, attendees=attendees, minutes=minutes
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=group,
        organisation=group.practice,
        summary=f"Recorded a meeting of {group.name}",
    )
    return meeting


@transaction.atomic
def ppg_minutes_update(
    *, meeting: PatientGroupMeeting, minutes: str, actor: User | None, check: bool = True
) -> PatientGroupMeeting:
    """Correct or complete a meeting's minutes; the audit keeps what they said before."""
    group = meeting.group
    if check:
        require(actor, Perm.MANAGE_PARTNERS, group.practice)
    if not (minutes or "").strip():
        raise ValidationError({"minutes": "Enter the minutes."})
    before = meeting.minutes
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=group,
        organisation=group.practice,
        summary=f"Changed the minutes of the {meeting.held_on:%d %B %Y} meeting of {group.name}",
        data={"before": before[:2000]},
    )
    return meeting


@transaction.atomic
def ppg_action_record(
    *, meeting: PatientGroupMeeting, text: str, actor: User | None, check: bool = True, **extra
) -> PatientGroupAction:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, meeting.group.practice)
    if not text.strip():
        raise ValidationError({"text": "Say what the action is."})
    return PatientGroupAction.objects.create(meeting=meeting, text=text.strip(), **extra)


@transaction.atomic
def ppg_action_complete(
    *,
    action: PatientGroupAction,
    done_on: dt.date,
    patients_told: str,
    actor: User | None,
    check: bool = True,
) -> PatientGroupAction:
    """Mark an action done and say how patients were told, for the annual evidence."""
    if check:
        require(actor, Perm.MANAGE_PARTNERS, action.meeting.group.practice)
    if not (patients_told or "").strip():
        raise ValidationError({"patients_told": "Say how patients were told, like: Newsletter, April."})
    action.done_on, action.patients_told = done_on, patients_told.strip()
    action.save()
    group = action.meeting.group
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=group,
        organisation=group.practice,
        summary=f"Marked an action of {group.name} done",
    )
    return action


@transaction.atomic
def panel_create(
    *, organisation, name: str, actor: User | None, members=(), check: bool = True, **extra
) -> Panel:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, organisation)
    panel = Panel.objects.create(organisation=organisation, name=name, **extra)
    panel.members.set(members)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=panel, summary=f"Created {name}")
    return panel


@transaction.atomic
def panel_meeting_record(
    *,
    panel: Panel,
    held_on: dt.date,
    actor: User | None,
    kind: str = MeetingKind.QUARTERLY,
    notes: str = "",
    check: bool = True,
) -> PanelMeeting:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, panel.organisation)
    if kind not in (MeetingKind.QUARTERLY, MeetingKind.ANNUAL_WORKSHOP):
        raise ValidationError({"kind": "Choose a quarterly meeting or the annual workshop."})
    meeting = PanelMeeting.objects.create(panel=panel, held_on=held_on, kind=kind, notes=notes)
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=panel, summary=f"Recorded a meeting of {panel.name}"
    )
    return meeting


@transaction.atomic
def panel_issue_record(
    *,
    meeting: PanelMeeting,
    title: str,
    actor: User | None,
    communities=(),
    theme_codes=(),
    detail: str = "",
    raised_by=None,
    check: bool = True,
) -> PanelIssue:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, meeting.panel.organisation)
    if not title.strip():
        raise ValidationError({"title": "Give the issue a short title."})
    return PanelIssue.objects.create(
        meeting=meeting,
        title=title.strip(),
        detail=detail,
        communities=list(communities),
        theme_codes=list(theme_codes),
        raised_by=raised_by,
    )


@transaction.atomic
def panel_issue_update(*, issue: PanelIssue, actor: User | None, check: bool = True, **values) -> PanelIssue:
    if check:
        require(actor, Perm.MANAGE_PARTNERS, issue.meeting.panel.organisation)
    for key in ("follow_up", "followed_up_on", "reported_back", "reported_back_on"):
        if key in values:
            setattr(issue, key, values[key])
    issue.save()
    return issue
