"""PPG page: the group's profile against its practice, the annual evidence summary and (for managers) members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from folkmoot.core.permissions import Perm, has_perm, require

from .. import groups_read, services
from ..forms import PPGMeetingForm, PPGMemberForm


@login_required
def ppg(request: HttpRequest, group_id) -> HttpResponse:
    group = groups_read.ppg_get(user=request.user, group_id=group_id)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    can_manage = has_perm(request.user, Perm.MANAGE_PARTNERS, group.practice)
    which = request.POST.get("form")
    member_form = PPGMemberForm(request.POST if which == "member" else None, prefix="member")
    meeting_form = PPGMeetingForm(request.POST if which == "meeting" else None, prefix="meeting")
    if request.method == "POST":
        require(request.user, Perm.MANAGE_PARTNERS, group.practice)
        form = member_form if which == "member" else meeting_form
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            if which == "member":
                services.ppg_member_add(group=group, actor=request.user, **data)
                messages.success(request, f"Added {data['name']} to the group.")
            else:
                services.ppg_meeting_record(group=group, actor=request.user, **data)
                messages.success(request, "Meeting recorded.")
            return redirect("reach:ppg", group_id=group.pk)
    bad = member_form.errors or meeting_form.errors
    return render(request, "reach/ppg.jinja", {
        "member_form": member_form, "meeting_form": meeting_form, "can_manage": can_manage,
        "form": member_form if member_form.errors else meeting_form,
        "page_title": group.name, "group": group, "profile": groups_read.ppg_profile(group=group),
        "evidence": groups_read.ppg_evidence(group=group, year=year),
        "members": groups_read.ppg_members(user=request.user, group=group) if can_manage else None,
        "breadcrumbs": [{"href": reverse("core:organisation-dashboard", args=[group.practice.slug]),
                         "text": group.practice.name}],
    }, status=400 if bad else 200)


@login_required
def panel(request: HttpRequest, panel_id) -> HttpResponse:
    item = groups_read.panel_get(user=request.user, panel_id=panel_id)
    return render(request, "reach/panel_detail.jinja", {
        "page_title": item.name, "panel": item, "meetings": list(item.meetings.all()),
        "issues": groups_read.panel_issues(panel=item),
        "breadcrumbs": [{"href": reverse("core:organisation-dashboard", args=[item.organisation.slug]),
                         "text": item.organisation.name}],
    })
