"""Staff pages: a survey's overview, fast data entry for paper and phone, imports, events, the paper version."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from folkmoot.core.models import Organisation
from folkmoot.core.permissions import Perm, has_perm
from folkmoot.core.selectors import engagement_get
from folkmoot.core.services import job_start

from .. import selectors, services
from ..equality import PREFER_NOT
from ..models import Channel, EventKind, QuestionType
from ..paper import paper_pdf_bytes
from ..tasks import import_responses_job

OFFLINE_CHANNELS = [(c, label) for c, label in Channel.choices if c in ("paper", "phone", "event")]


@login_required
def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, slug=slug)
    engagement = survey.engagement
    return render(
        request,
        "listen/survey_detail.jinja",
        {
            "page_title": survey.title,
            "survey": survey,
            "questions": selectors.questions_of(survey),
            "responses": selectors.response_count(survey=survey),
            "channels": selectors.channel_counts(engagement=engagement),
            "can_enter": has_perm(request.user, Perm.ENTER_RESPONSES, engagement),
            "can_import": has_perm(request.user, Perm.CHANGE_ENGAGEMENT, engagement),
            "breadcrumbs": [
                {"href": reverse("core:engagement-list"), "text": "Engagements"},
                {"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title},
            ],
        },
    )


@login_required
def data_entry(request: HttpRequest, slug: str) -> HttpResponse:
    """Every question on one page, keyboard-first, for typing in paper forms and phone answers quickly."""
    survey = selectors.survey_get(user=request.user, slug=slug, perm=Perm.ENTER_RESPONSES)
    questions = selectors.questions_of(survey)
    partners = Organisation.objects.filter(type="vcse").order_by("name")
    errors: dict[str, str] = {}
    values: dict = {}
    if request.method == "POST":
        values = {
            q.code: request.POST.getlist(q.code)
            if q.type == QuestionType.MULTIPLE
            else request.POST.get(q.code, "")
            for q in questions
        }
        channel = request.POST.get("channel", "")
        partner = partners.filter(slug=request.POST.get("partner", "")).first()
        try:
            if channel not in ("paper", "phone", "event"):
                raise ValidationError({"channel": "Choose how this response was collected"})
            response = services.response_record(
                survey=survey,
                answers=values,
                channel=channel,
                actor=request.user,
                partner=partner,
                source_id=request.POST.get("source_id", "").strip(),
            )
        except ValidationError as exc:
            errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
        else:
            messages.success(request, f"Saved response {response.reference}. Enter the next one.")
            return redirect("listen:data-entry", slug=slug)
    return render(
        request,
        "listen/data_entry.jinja",
        {
            "page_title": f"Enter responses: {survey.title}",
            "survey": survey,
            "questions": questions,
            "channels": OFFLINE_CHANNELS,
            "partners": partners,
            "errors": errors,
            "values": values,
            "post": request.POST,
            "prefer_not": PREFER_NOT,
            "breadcrumbs": [{"href": reverse("listen:survey-detail", args=[slug]), "text": survey.title}],
        },
        status=400 if errors else 200,
    )


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    survey = selectors.survey_get(user=request.user, slug=slug, perm=Perm.CHANGE_ENGAGEMENT)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Choose a CSV or Excel file to import"
        elif upload.size > settings.FOLKMOOT_MAX_UPLOAD_BYTES:
            error = f"The file is larger than {settings.FOLKMOOT_MAX_UPLOAD_BYTES // 1_000_000} MB. Split it, or use the command line."
        elif Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            error = "The file must be a CSV or an Excel (.xlsx) file"
        else:
            folder = Path(settings.MEDIA_ROOT) / "imports"
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=folder, suffix=Path(upload.name).suffix.lower(), delete=False
            ) as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            job = job_start(
                job_task=import_responses_job,
                label=f"Import responses into {survey.title}",
                user=request.user,
                organisation=survey.engagement.organisation,
                survey_slug=survey.slug,
                path=out.name,
                actor_id=request.user.pk,
            )
            return redirect("core:job-detail", job_id=job.pk)
    return render(
        request,
        "listen/import.jinja",
        {
            "page_title": f"Import responses: {survey.title}",
            "survey": survey,
            "error": error,
            "breadcrumbs": [{"href": reverse("listen:survey-detail", args=[slug]), "text": survey.title}],
        },
        status=400 if error else 200,
    )


@login_required
def event_new(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.ENTER_RESPONSES)
    errors: dict[str, str] = {}
    values = {
        k: request.POST.get(k, "") for k in ("kind", "held_on", "place", "attendance", "notes", "partner")
    }
    if request.method == "POST":
        try:
            held_on = dt.date.fromisoformat(values["held_on"]) if values["held_on"] else None
            if held_on is None:
                raise ValidationError({"held_on": "Enter the date of the event, like 2026-11-25"})
            attendance = int(values["attendance"] or 0)
            services.event_record(
                actor=request.user,
                engagement=engagement,
                kind=values["kind"] or EventKind.EVENT,
                held_on=held_on,
                place=values["place"],
                attendance=attendance,
                notes=values["notes"],
                partner=Organisation.objects.filter(slug=values["partner"]).first(),
            )
        except ValueError:
            errors = {"held_on": "Enter a real date, like 2026-11-25, and attendance as a number"}
        except ValidationError as exc:
            errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
        else:
            messages.success(request, "Event recorded")
            return redirect("core:engagement-detail", engagement_id=engagement.pk)
    return render(
        request,
        "listen/event_form.jinja",
        {
            "page_title": "Record an event or focus group",
            "engagement": engagement,
            "errors": errors,
            "values": values,
            "kinds": EventKind.choices,
            "partners": Organisation.objects.filter(type="vcse").order_by("name"),
            "breadcrumbs": [
                {"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title}
            ],
        },
        status=400 if errors else 200,
    )


def paper_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """A printable paper version, open to anyone who can see the survey (a paper copy is an access route)."""
    survey = selectors.survey_public_get(slug=slug)
    data, response_id = paper_pdf_bytes(survey=survey, language=request.GET.get("lang", "en"))
    result = HttpResponse(data, content_type="application/pdf")
    result["Content-Disposition"] = f'inline; filename="{survey.slug}-{response_id}.pdf"'
    return result
