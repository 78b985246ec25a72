"""Staff pages: findings and decisions, the public page's settings, and telling people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from folkmoot.core.permissions import Perm, has_perm, require
from folkmoot.core.selectors import engagement_get
from folkmoot.core.services import job_start
from folkmoot.listen.i18n import LANGUAGE_NAMES

from .. import content, selectors, services
from ..forms import (
    DecisionForm,
    FindingForm,
    PageSettingsForm,
    QuestionFindingForm,
    TranslationForm,
    add_service_errors,
)
from ..letters import letters_pdf_bytes
from ..tasks import send_feedback_job


def _crumbs(engagement, *extra):
    return [
        {"href": "/dashboard/", "text": "Dashboard"},
        {"href": f"/engagements/{engagement.pk}/", "text": engagement.title},
        *extra,
    ]


def _findings_crumb(engagement):
    return {"href": f"/feedback/engagements/{engagement.pk}/", "text": "You said, we did"}


@login_required
def findings(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_RESULTS)
    page = selectors.feedback_page_for(engagement=engagement)
    can_write = has_perm(request.user, Perm.RECORD_DECISIONS, engagement)
    return render(
        request,
        "feedback/findings.jinja",
        {
            "page_title": f"You said, we did: {engagement.title}",
            "engagement": engagement,
            "rows": content.items(engagement),
            "undecided": selectors.undecided_count(engagement=engagement),
            "due_on": selectors.feedback_due_on(engagement=engagement),
            "page": page,
            "can_write": can_write,
            "can_send": can_write and has_perm(request.user, Perm.VIEW_CONTACT_DETAILS, engagement),
            "public_url": selectors.public_url(engagement=engagement),
            "summary": selectors.notification_summary(engagement=engagement),
            "notifications": selectors.notifications_for(engagement=engagement)[:200],
            "languages": [link for link in content.language_links(engagement) if link["code"] != "en"],
            "publish_problems": services.publish_problems(engagement),
            "breadcrumbs": _crumbs(engagement),
        },
    )


def _closed_questions(engagement) -> list[tuple[str, str]]:
    from folkmoot.listen.selectors import question_results, surveys_for_engagement

    choices = []
    for survey in surveys_for_engagement(engagement=engagement):
        for q in question_results(survey=survey):
            if (
                q["type"] in ("single", "multiple", "fft", "likert", "rating") and q["n_answered"]
            ):  # never equality answers
                choices.append((f"{survey.slug}:{q['code']}", f"{survey.title}: {q['text']}"))
    return choices


def _finding_page(request, engagement, form, question_form):
    return render(
        request,
        "feedback/finding_form.jinja",
        {
            "page_title": "Add a finding",
            "finding_form": form,
            "question_form": question_form,
            "engagement": engagement,
            # The error summary (base.jinja) follows `form`: whichever of the two forms was sent with errors.
            "form": question_form if question_form is not None and question_form.errors else form,
            "breadcrumbs": _crumbs(engagement, _findings_crumb(engagement)),
        },
    )


@login_required
def finding_new(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.RECORD_DECISIONS)
    form = FindingForm(request.POST or None)
    questions = _closed_questions(engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_create(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Finding added")
            return redirect("feedback:findings", engagement_id=engagement.pk)
    question_form = QuestionFindingForm(questions=questions) if questions else None
    return _finding_page(request, engagement, form, question_form)


@login_required
@require_POST
def from_question(request: HttpRequest, engagement_id) -> HttpResponse:
    from folkmoot.listen.selectors import surveys_for_engagement

    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.RECORD_DECISIONS)
    question_form = QuestionFindingForm(request.POST, questions=_closed_questions(engagement))
    if question_form.is_valid():
        slug, code = question_form.cleaned_data["question"].split(":", 1)
        survey = surveys_for_engagement(engagement=engagement).get(slug=slug)
        try:
            services.findings_from_question(
                actor=request.user, engagement=engagement, survey=survey, question_code=code
            )
        except ValidationError as exc:
            for message in exc.messages:
                question_form.add_error("question", message)
        else:
            messages.success(request, "Finding added from the survey question")
            return redirect("feedback:findings", engagement_id=engagement.pk)
    return _finding_page(request, engagement, FindingForm(), question_form)


@login_required
@require_POST
def from_themes(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.RECORD_DECISIONS)
    created = services.findings_from_themes(actor=request.user, engagement=engagement)
    if created:
        messages.success(
            request, f"Added {len(created)} finding{'s' if len(created) != 1 else ''} from themes"
        )
    else:
        messages.info(
            request, "No new themes to add: every theme with published figures is already a finding"
        )
    return redirect("feedback:findings", engagement_id=engagement.pk)


@login_required
def decision(request: HttpRequest, finding_id) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, finding_id=finding_id, perm=Perm.RECORD_DECISIONS)
    engagement = finding.engagement
    current = selectors.decision_of(finding)
    initial = {}
    if current is not None:
        initial = {
            "outcome": current.outcome,
            "we_did": current.we_did,
            "easy_read_we_did": current.easy_read_we_did,
            "reason": current.reason,
            "decide_by": current.decide_by,
            "owner": current.owner_name,
            "decided_on": current.decided_on,
        }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(actor=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Decision recorded")
            return redirect("feedback:findings", engagement_id=engagement.pk)
    return render(
        request,
        "feedback/decision_form.jinja",
        {
            "page_title": "Record the decision",
            "form": form,
            "finding": finding,
            "engagement": engagement,
            "breadcrumbs": _crumbs(engagement, _findings_crumb(engagement)),
        },
    )


@login_required
def translate(request: HttpRequest, finding_id, language: str) -> HttpResponse:
    finding = selectors.finding_get(user=request.user, finding_id=finding_id, perm=Perm.RECORD_DECISIONS)
    engagement = finding.engagement
    if language not in content.survey_languages(engagement) or language == "en":
        messages.error(request, "This engagement's surveys are not offered in that language")
        return redirect("feedback:findings", engagement_id=engagement.pk)
    existing = (finding.translations or {}).get(language, {})
    form = TranslationForm(request.POST or None, initial=existing)
    if request.method == "POST" and form.is_valid():
        services.finding_translate(
            actor=request.user, finding=finding, language=language, **form.cleaned_data
        )
        messages.success(request, f"Translation into {LANGUAGE_NAMES[language]} saved")
        return redirect("feedback:findings", engagement_id=engagement.pk)
    return render(
        request,
        "feedback/translate_form.jinja",
        {
            "page_title": f"Translate into {LANGUAGE_NAMES[language]}",
            "form": form,
            "finding": finding,
            "decision": selectors.decision_of(finding),
            "language": language,
            "engagement": engagement,
            "breadcrumbs": _crumbs(engagement, _findings_crumb(engagement)),
        },
    )


@login_required
def page_settings(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.RECORD_DECISIONS)
    page = selectors.feedback_page_for(engagement=engagement)
    initial = {
        "due_on": page.due_on if page else None,
        "introduction": page.introduction if page else "",
        "published": "yes" if page and page.is_published else "no",
    }
    form = PageSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.feedback_page_update(
                actor=request.user,
                engagement=engagement,
                due_on=data["due_on"],
                introduction=data["introduction"],
                published=data["published"] == "yes",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Feedback page saved")
            return redirect("feedback:findings", engagement_id=engagement.pk)
    return render(
        request,
        "feedback/settings_form.jinja",
        {
            "page_title": "Feedback page settings",
            "form": form,
            "engagement": engagement,
            "breadcrumbs": _crumbs(engagement, _findings_crumb(engagement)),
        },
    )


@login_required
@require_POST
def send(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.RECORD_DECISIONS)
    if not has_perm(request.user, Perm.VIEW_CONTACT_DETAILS, engagement):
        messages.error(request, "You need permission to see contact details to tell people")
        return redirect("feedback:findings", engagement_id=engagement.pk)
    problems = services.publish_problems(engagement)
    if problems:
        for problem in problems:
            messages.error(request, problem)
        return redirect("feedback:findings", engagement_id=engagement.pk)
    job = job_start(
        job_task=send_feedback_job,
        label=f"Tell people what happened: {engagement.title}",
        user=request.user,
        organisation=engagement.organisation,
        engagement_id=str(engagement.pk),
        actor_id=request.user.pk,
    )
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def letters_pdf(request: HttpRequest, engagement_id) -> HttpResponse:
    """Every letter-by-post contact's letter, to print again; the send job makes and counts the first batch."""
    engagement = engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_CONTACT_DETAILS
    )
    require(request.user, Perm.RECORD_DECISIONS, engagement)
    pdf, contact_ids = letters_pdf_bytes(engagement=engagement, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letters-{engagement.slug}.pdf"'
    response["X-Letter-Count"] = str(len(contact_ids))
    return response
