"""Pages for analysts: themes of an engagement, review of comments, local codes, unmatched groups, alerts.

Thin: parse, call one service or selector, render or redirect.
"""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from folkmoot.core import selectors as core_selectors
from folkmoot.core.extensions import Panel
from folkmoot.core.permissions import Perm, has_perm, permissions_for
from folkmoot.core.services import audit_record, job_start

from . import selectors, services
from .forms import ClusterNameForm, CodeForm, ImportForm, ReviewForm
from .models import ReviewAction
from .tasks import classify_engagement, classify_feedback


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _crumbs(engagement, *extra) -> list[dict]:
    return [
        {"href": reverse("core:engagement-list"), "text": "Engagements"},
        {"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title},
        *extra,
    ]


def engagement_panel(request: HttpRequest, engagement) -> Panel | None:
    perms = permissions_for(request.user, engagement)
    if Perm.VIEW_RESULTS not in perms:
        return None
    return Panel(
        title="Themes and sentiment in free text",
        template="themes/panel_engagement.jinja",
        context={
            "engagement": engagement,
            "counts": selectors.engagement_comment_counts(engagement=engagement),
            "themes": selectors.theme_summary(engagement=engagement, user=request.user)[:5],
            "sentiments": selectors.SENTIMENTS,
            "attribution": selectors.ATTRIBUTION,
            "can_review": Perm.REVIEW_THEMES in perms,
            "can_run": Perm.REVIEW_THEMES in perms and Perm.RUN_JOBS in perms,
        },
    )


def dashboard_panel(request: HttpRequest, organisation) -> Panel | None:
    if not has_perm(request.user, Perm.VIEW_RESULTS, organisation):
        return None
    return Panel(
        title="Early warning: rising themes",
        template="themes/panel_alerts.jinja",
        context={
            "organisation": organisation,
            "alerts": list(selectors.alerts_for(user=request.user, organisation=organisation)[:10]),
            "can_review": has_perm(request.user, Perm.REVIEW_THEMES, organisation),
        },
    )


@login_required
@require_POST
def classify_start(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = core_selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.REVIEW_THEMES
    )
    if not has_perm(request.user, Perm.RUN_JOBS, engagement):
        raise Http404("No such engagement")
    job = job_start(
        job_task=classify_engagement,
        label=f"Classify free text of {engagement.title}",
        user=request.user,
        organisation=engagement.organisation,
        engagement_id=str(engagement.pk),
        user_id=request.user.pk,
    )
    return redirect("core:job-detail", job_id=job.pk)


@login_required
def theme_list(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = core_selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.REVIEW_THEMES
    )
    data = selectors.theme_rows(engagement=engagement, user=request.user)
    months = [
        (m, dt.date.fromisoformat(f"{m}-01").strftime("%b %Y"))
        for m in sorted({m for t in data["themes"] for m in t["trend"]})[-6:]
    ]
    for theme in data["themes"]:
        theme["quotes"] = selectors.quotes_for(theme["comments"])
    audit_record(
        actor=request.user,
        action="view",
        obj=engagement,
        summary="Viewed free-text themes with quotes",
        personal_data=True,
    )
    return render(
        request,
        "themes/theme_list.jinja",
        {
            "page_title": f"Themes: {engagement.title}",
            "engagement": engagement,
            "data": data,
            "months": months,
            "flag_labels": selectors.flag_labels,
            "sentiments": selectors.SENTIMENTS,
            "attribution": selectors.ATTRIBUTION,
            "breadcrumbs": _crumbs(engagement),
        },
    )


@login_required
def theme_detail(request: HttpRequest, engagement_id, code: str) -> HttpResponse:
    engagement = core_selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.REVIEW_THEMES
    )
    labels = selectors.code_labels(organisation=engagement.organisation)
    comments = selectors.comments_for_theme(engagement=engagement, user=request.user, code=code)
    if not comments and code not in labels:
        raise Http404("No such theme")
    return render(
        request,
        "themes/theme_detail.jinja",
        {
            "page_title": labels.get(code, {}).get("label", code),
            "engagement": engagement,
            "code": code,
            "comments": comments[:200],
            "total": len(comments),
            "labels": labels,
            "sentiments": selectors.SENTIMENTS,
            "flag_labels": selectors.flag_labels,
            "breadcrumbs": _crumbs(
                engagement, {"href": reverse("themes:theme-list", args=[engagement.pk]), "text": "Themes"}
            ),
        },
    )


@login_required
def comment_review(request: HttpRequest, comment_id) -> HttpResponse:
    comment = selectors.comment_get(user=request.user, comment_id=comment_id)
    organisation = comment.organisation
    codes = services.valid_codes(organisation=organisation)
    form = ReviewForm(request.POST or None, codes=codes, initial={"codes": comment.labels})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_review(
                comment=comment,
                actor=request.user,
                action=form.cleaned_data["action"],
                codes=form.cleaned_data["codes"],
                sentiment=form.cleaned_data["sentiment"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Review saved")
            return redirect(request.POST.get("next") or reverse("themes:comment-review", args=[comment.pk]))
    crumbs = (
        _crumbs(
            comment.engagement,
            {"href": reverse("themes:theme-list", args=[comment.engagement.pk]), "text": "Themes"},
        )
        if comment.engagement
        else []
    )
    labels = selectors.code_labels(organisation=organisation)
    return render(
        request,
        "themes/comment_review.jinja",
        {
            "page_title": "Review a comment",
            "comment": comment,
            "form": form,
            "labels": labels,
            "history": selectors.review_history(comment=comment),
            "model": comment.latest_model,
            "sentiments": selectors.SENTIMENTS,
            "flag_labels": selectors.flag_labels,
            "actions": ReviewAction.choices,
            "breadcrumbs": crumbs,
        },
    )


@login_required
def codes(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = core_selectors.organisation_get_for_member(
        user=request.user, slug=slug, perm=Perm.REVIEW_THEMES
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code = services.code_create(organisation=organisation, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Code “{code.label}” added")
            return redirect("themes:codes", slug=organisation.slug)
    return render(
        request,
        "themes/codes.jinja",
        {
            "page_title": f"Local codes: {organisation.name}",
            "organisation": organisation,
            "codes": selectors.codes_for(user=request.user, organisation=organisation),
            "framework": sorted(services.framework_labels().items(), key=lambda i: (i[1][1], i[1][0])),
            "form": form,
            "breadcrumbs": [
                {
                    "href": reverse("core:organisation-dashboard", args=[organisation.slug]),
                    "text": organisation.name,
                }
            ],
        },
    )


@login_required
def clusters(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = core_selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.REVIEW_THEMES
    )
    if request.method == "POST":
        found = services.clusters_suggest(engagement=engagement, actor=request.user)
        messages.success(request, f"{len(found)} groups suggested")
        return redirect("themes:clusters", engagement_id=engagement.pk)
    return render(
        request,
        "themes/clusters.jinja",
        {
            "page_title": f"Comments no code fits: {engagement.title}",
            "engagement": engagement,
            "clusters": selectors.clusters_for(user=request.user, engagement=engagement),
            "unfitted": len(services.unfitted_comments(engagement=engagement)),
            "form": None,
            "breadcrumbs": _crumbs(
                engagement, {"href": reverse("themes:theme-list", args=[engagement.pk]), "text": "Themes"}
            ),
        },
    )


@login_required
@require_POST
def cluster_name(request: HttpRequest, cluster_id) -> HttpResponse:
    cluster = selectors.cluster_get(user=request.user, cluster_id=cluster_id)
    form = ClusterNameForm(request.POST)
    try:
        if request.POST.get("dismiss"):
            services.cluster_dismiss(cluster=cluster, actor=request.user)
            messages.success(request, "Group dismissed")
        else:
            if not form.is_valid():
                raise ValidationError(form.errors["label"][0])
            services.cluster_name(cluster=cluster, actor=request.user, label=form.cleaned_data["label"])
            messages.success(request, f"Group named “{form.cleaned_data['label']}”")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("themes:clusters", engagement_id=cluster.engagement_id)


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    services.alert_acknowledge(alert=alert, actor=request.user)
    messages.success(request, f"Alert “{alert.label}” acknowledged")
    return redirect("core:organisation-dashboard", slug=alert.organisation.slug)


@login_required
def feedback_import(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = core_selectors.organisation_get_for_member(
        user=request.user, slug=slug, perm=Perm.REVIEW_THEMES
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.comments_import_csv(
                organisation=organisation,
                actor=request.user,
                file=data["file"],
                text_column=data["text_column"].strip(),
                date_column=data["date_column"].strip(),
                id_column=data["id_column"].strip(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, f"{result['imported']} comments imported, {result['skipped']} seen before"
            )
            if not has_perm(request.user, Perm.RUN_JOBS, organisation):
                return redirect("core:organisation-dashboard", slug=organisation.slug)
            job = job_start(
                job_task=classify_feedback,
                label=f"Classify imported feedback for {organisation.name}",
                user=request.user,
                organisation=organisation,
                organisation_id=str(organisation.pk),
                user_id=request.user.pk,
            )
            return redirect("core:job-detail", job_id=job.pk)
    return render(
        request,
        "themes/feedback_import.jinja",
        {
            "page_title": f"Import feedback: {organisation.name}",
            "organisation": organisation,
            "form": form,
            "breadcrumbs": [
                {
                    "href": reverse("core:organisation-dashboard", args=[organisation.slug]),
                    "text": organisation.name,
                }
            ],
        },
    )


@login_required
@require_POST
def alerts_check(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = core_selectors.organisation_get_for_member(
        user=request.user, slug=slug, perm=Perm.REVIEW_THEMES
    )
    created = services.alerts_check(organisation=organisation, actor=request.user)
    messages.success(
        request, f"{len(created)} new rising themes found" if created else "No new rising themes"
    )
    return redirect("core:organisation-dashboard", slug=organisation.slug)


@login_required
def theme_export(request: HttpRequest, engagement_id) -> HttpResponse:
    """Themes as CSV for a public report: counts under disclosure control and redacted quotes, always."""
    engagement = core_selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_RESULTS
    )
    rows = services.themes_export(engagement=engagement, actor=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="themes-{engagement.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "code",
            "theme",
            "comments",
            "positive",
            "neutral_or_mixed",
            "negative",
            "quote_1",
            "quote_2",
            "quote_3",
        ]
    )
    for row in rows:
        s = row["sentiment"]
        quotes = (row["quotes"] + ["", "", ""])[:3]
        writer.writerow(
            [
                row["code"],
                row["label"],
                row["count"],
                s["positive"],
                s["neutral_or_mixed"],
                s["negative"],
                *quotes,
            ]
        )
    return response
