"""PPG page: the group's profile against its practice, the annual evidence summary, meetings with minutes and
actions, and (for managers) members. Panel page: meetings, and issues logged, followed up and reported back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from folkmoot.core.permissions import Perm, has_perm, require

from .. import groups_read, services
from ..forms import (
    PanelIssueForm,
    PanelIssueUpdateForm,
    PanelMeetingForm,
    PPGActionDoneForm,
    PPGActionForm,
    PPGMeetingForm,
    PPGMemberForm,
    PPGMinutesForm,
    split_list,
)
from ..models import PanelIssue, PanelMeeting, PatientGroupAction, PatientGroupMeeting
from .register import _add_errors


def _bound(request: HttpRequest, name: str, form_class, **kwargs):
    """Each page has several forms; only the one whose hidden `form` value was posted is bound."""
    posted = request.method == "POST" and request.POST.get("form") == name
    return form_class(request.POST if posted else None, prefix=name, **kwargs)


def _ppg_save(request, group, which: str, form) -> str:
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if which == "member":
        services.ppg_member_add(group=group, actor=request.user, **data)
        return f"Added {data['name']} to the group."
    if which == "meeting":
        services.ppg_meeting_record(group=group, actor=request.user, **data)
        return "Meeting recorded."
    if which == "minutes":
        meeting = PatientGroupMeeting.objects.get(group=group, pk=data.pop("meeting"))
        services.ppg_minutes_update(meeting=meeting, actor=request.user, minutes=data.get("minutes", ""))
        return f"Minutes of the {meeting.held_on:%d %B %Y} meeting saved."
    if which == "action":
        meeting = PatientGroupMeeting.objects.get(group=group, pk=data.pop("meeting"))
        services.ppg_action_record(meeting=meeting, actor=request.user, **data)
        return "Action added."
    action = PatientGroupAction.objects.select_related("meeting__group__practice").get(
        meeting__group=group, pk=data.pop("action")
    )
    services.ppg_action_complete(action=action, actor=request.user, **data)
    return "Action marked done."


@login_required
def ppg(request: HttpRequest, group_id) -> HttpResponse:
    group = groups_read.ppg_get(user=request.user, group_id=group_id)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    can_manage = has_perm(request.user, Perm.MANAGE_PARTNERS, group.practice)
    meetings = groups_read.ppg_meetings(group=group)
    open_actions = groups_read.ppg_open_actions(group=group)
    forms = {
        "member": _bound(request, "member", PPGMemberForm),
        "meeting": _bound(request, "meeting", PPGMeetingForm),
        "action": _bound(request, "action", PPGActionForm, meetings=meetings),
        "minutes": _bound(request, "minutes", PPGMinutesForm, meetings=meetings),
        "done": _bound(request, "done", PPGActionDoneForm, actions=open_actions),
    }
    which = request.POST.get("form")
    if request.method == "POST":
        require(request.user, Perm.MANAGE_PARTNERS, group.practice)
        form = forms.get(which)
        if form is None:
            return HttpResponse("Choose a form to send.", status=400)
        if form.is_valid():
            try:
                done = _ppg_save(request, group, which, form)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("reach:ppg", group_id=group.pk)
    bad = next((f for f in forms.values() if f.errors), None)
    return render(
        request,
        "reach/ppg.jinja",
        {
            "member_form": forms["member"],
            "meeting_form": forms["meeting"],
            "action_form": forms["action"],
            "minutes_form": forms["minutes"],
            "done_form": forms["done"],
            "can_manage": can_manage,
            "form": bad or forms["member"],
            "meetings": meetings,
            "open_actions": open_actions,
            "page_title": group.name,
            "group": group,
            "profile": groups_read.ppg_profile(group=group),
            "evidence": groups_read.ppg_evidence(group=group, year=year),
            "members": groups_read.ppg_members(user=request.user, group=group) if can_manage else None,
            "breadcrumbs": [
                {
                    "href": reverse("core:organisation-dashboard", args=[group.practice.slug]),
                    "text": group.practice.name,
                }
            ],
        },
        status=400 if bad else 200,
    )


def _panel_save(request, item, which: str, form) -> str:
    data = dict(form.cleaned_data)
    if which == "meeting":
        services.panel_meeting_record(panel=item, actor=request.user, **data)
        return "Meeting recorded."
    if which == "issue":
        meeting = PanelMeeting.objects.get(panel=item, pk=data.pop("meeting"))
        who = data.pop("raised_by")
        raised_by = item.members.filter(pk=who).first() if who else None
        services.panel_issue_record(
            meeting=meeting,
            actor=request.user,
            raised_by=raised_by,
            title=data["title"],
            detail=data["detail"],
            communities=split_list(data["communities"]),
            theme_codes=split_list(data["theme_codes"]),
        )
        return f"Logged the issue: {data['title']}."
    issue = PanelIssue.objects.select_related("meeting__panel__organisation").get(
        meeting__panel=item, pk=data.pop("issue")
    )
    values = {k: v for k, v in data.items() if v not in (None, "")}
    services.panel_issue_update(issue=issue, actor=request.user, **values)
    return "Marked as reported back." if values.get("reported_back") else "Follow-up saved."


@login_required
def panel(request: HttpRequest, panel_id) -> HttpResponse:
    item = groups_read.panel_get(user=request.user, panel_id=panel_id)
    can_manage = has_perm(request.user, Perm.MANAGE_PARTNERS, item.organisation)
    meetings = list(item.meetings.all())
    forms = {
        "meeting": _bound(request, "meeting", PanelMeetingForm),
        "issue": _bound(request, "issue", PanelIssueForm, meetings=meetings, members=item.members.all()),
        "followup": _bound(
            request, "followup", PanelIssueUpdateForm, issues=groups_read.panel_open_issues(panel=item)
        ),
    }
    which = request.POST.get("form")
    if request.method == "POST":
        require(request.user, Perm.MANAGE_PARTNERS, item.organisation)
        form = forms.get(which)
        if form is None:
            return HttpResponse("Choose a form to send.", status=400)
        if form.is_valid():
            try:
                done = _panel_save(request, item, which, form)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("reach:panel", panel_id=item.pk)
    bad = next((f for f in forms.values() if f.errors), None)
    return render(
        request,
        "reach/panel_detail.jinja",
        {
            "page_title": item.name,
            "panel": item,
            "meetings": meetings,
            "issues": groups_read.panel_issues(panel=item),
            "can_manage": can_manage,
            "meeting_form": forms["meeting"],
            "issue_form": forms["issue"],
            "followup_form": forms["followup"],
            "form": bad or forms["meeting"],
            "breadcrumbs": [
                {
                    "href": reverse("core:organisation-dashboard", args=[item.organisation.slug]),
                    "text": item.organisation.name,
                }
            ],
        },
        status=400 if bad else 200,
    )
