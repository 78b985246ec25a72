"""Reads for patient participation groups (PPGs) and the early-warning panel.

The PPG profile uses Understand's who-is-missing engine (`stats.missing.analyse`) so a PPG is measured the same
way as an engagement, and its published copy goes through Understand's disclosure control.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from django.http import Http404

from folkmoot.core.models import AuditAction, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from .models import Panel, PanelIssue, PatientGroup, PatientGroupAction

NO_MEMBERS = (
    "This patient participation group has no members yet, so there is no profile to compare with the practice. "
    "Add members (their equality answers are voluntary) and the comparison will appear."
)


def ppg_get(*, user: User, group_id) -> PatientGroup:
    group = PatientGroup.objects.filter(pk=group_id).select_related("practice").first()
    if group is None:
        raise Http404("No such patient participation group")
    require(user, Perm.VIEW_ORGANISATION, group.practice)
    return group


def ppgs_for(*, user: User, organisation: Organisation) -> list[PatientGroup]:
    require(user, Perm.VIEW_ORGANISATION, organisation)
    return list(PatientGroup.objects.filter(practice=organisation))


def _members_frame(group: PatientGroup) -> pd.DataFrame:
    rows = [
        {
            "sex": m.sex or None,
            "age": m.age,
            "ethnic_group": m.ethnic_group or None,
            "disability": m.disability or None,
        }
        for m in group.members.filter(left_on__isnull=True)
    ]
    return pd.DataFrame(rows, columns=["sex", "age", "ethnic_group", "disability"])


def ppg_profile(*, group: PatientGroup, published: bool = True) -> dict:
    """The group's members against the practice's population. No GP registered-list data is shipped in
    ../shared/data/population, so the baseline is the practice's local authority (said in `baseline`)."""
    from folkmoot.understand.population.baselines import UnknownArea, default_baselines
    from folkmoot.understand.published import protect_missing_report
    from folkmoot.understand.stats.missing import Settings, analyse

    practice = group.practice
    codes = list(practice.area_codes or [])
    base = {"n": 0, "characteristics": [], "summary": [], "notes": [], "baseline": "", "error": ""}
    frame = _members_frame(group)
    if frame.empty:
        return base | {"error": NO_MEMBERS, "summary": [NO_MEMBERS]}
    if not codes:
        message = f"{practice.name} has no local authority code, so there is no population to compare with."
        return base | {"error": message, "summary": [message]}
    try:
        report = analyse(frame, default_baselines(), codes, Settings(min_age=16))
    except (UnknownArea, FileNotFoundError) as exc:
        return base | {"error": str(exc), "summary": [str(exc)]}
    if published:
        report = protect_missing_report(report, organisation=practice)
    report["baseline"] = (
        f"Compared with the population of the practice's local authority ({', '.join(codes)}), Census 2021, "
        "because no registered-list data for this practice is available."
    )
    report.setdefault("error", "")
    return report


def ppg_evidence(*, group: PatientGroup, year: int) -> dict:
    """The annual PPG evidence summary: meetings held, actions agreed and done, and how patients were told."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    meetings = list(group.meetings.filter(held_on__range=(start, end)).order_by("held_on"))
    actions = list(PatientGroupAction.objects.filter(meeting__in=meetings).order_by("meeting__held_on", "id"))
    return {
        "group": group.name,
        "practice": group.practice.name,
        "year": year,
        "members": group.members.filter(left_on__isnull=True).count(),
        "meetings_held": len(meetings),
        "meeting_dates": [m.held_on.isoformat() for m in meetings],
        "actions": len(actions),
        "actions_done": sum(1 for a in actions if a.done_on),
        "action_list": [
            {
                "text": a.text,
                "done_on": a.done_on.isoformat() if a.done_on else None,
                "patients_told": a.patients_told,
            }
            for a in actions
        ],
        "how_patients_told": group.how_patients_told,
    }


def ppg_members(*, user: User, group: PatientGroup) -> list:
    """Members' names and voluntary equality answers are personal and special category data: MANAGE_PARTNERS, audited."""
    require(user, Perm.MANAGE_PARTNERS, group.practice)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=group,
        organisation=group.practice,
        personal_data=True,
        summary=f"Viewed the members of {group.name}",
    )
    return list(group.members.order_by("name"))


def panels_for(*, user: User, organisation: Organisation) -> list[Panel]:
    require(user, Perm.VIEW_ORGANISATION, organisation)
    return list(Panel.objects.filter(organisation=organisation).prefetch_related("members"))


def panel_get(*, user: User, panel_id) -> Panel:
    panel = Panel.objects.filter(pk=panel_id).select_related("organisation").first()
    if panel is None:
        raise Http404("No such panel")
    require(user, Perm.VIEW_ORGANISATION, panel.organisation)
    return panel


def panel_issues(*, panel: Panel) -> list[dict]:
    """Every issue the panel raised, with its communities, theme codes, follow-up and report back."""
    out = []
    for issue in (
        PanelIssue.objects.filter(meeting__panel=panel)
        .select_related("meeting", "raised_by")
        .order_by("-meeting__held_on", "id")
    ):
        status = "Reported back" if issue.reported_back else "Followed up" if issue.follow_up else "Open"
        out.append(
            {
                "id": issue.pk,
                "title": issue.title,
                "held_on": issue.meeting.held_on,
                "meeting": issue.meeting.get_kind_display(),
                "communities": issue.communities,
                "theme_codes": issue.theme_codes,
                "status": status,
                "follow_up": issue.follow_up,
                "reported_back": issue.reported_back,
                "raised_by": issue.raised_by.name if issue.raised_by else "",
            }
        )
    return out


def ppg_meetings(*, group: PatientGroup) -> list:
    """The group's meetings, newest first, each with its minutes and actions."""
    return list(group.meetings.prefetch_related("actions").order_by("-held_on", "-id"))


def ppg_open_actions(*, group: PatientGroup) -> list[PatientGroupAction]:
    return list(
        PatientGroupAction.objects.filter(meeting__group=group, done_on__isnull=True)
        .select_related("meeting")
        .order_by("meeting__held_on", "id")
    )


def panel_open_issues(*, panel: Panel) -> list[PanelIssue]:
    """Issues not yet reported back, for the follow-up form."""
    return list(
        PanelIssue.objects.filter(meeting__panel=panel, reported_back="")
        .select_related("meeting")
        .order_by("meeting__held_on", "id")
    )
