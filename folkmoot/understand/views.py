"""Pages: an engagement's results and who is missing. Thin: the figures come from results.py and selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from folkmoot.core.models import Organisation
from folkmoot.core.permissions import Perm, has_perm, require
from folkmoot.core.selectors import engagement_get

from . import results as R
from . import selectors, services, sources
from .disclosure import SUPPRESSED, Rules, protect, protect_total
from .forms import DisclosureForm
from .population import files as F
from .population.baselines import default_baselines
from .published import protect_missing_report
from .weights import weight_with_fallback

FREE_TEXT_LIMIT = 50


def _crumbs(engagement) -> list[dict]:
    return [
        {"href": reverse("core:engagement-list"), "text": "Engagements"},
        {"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title},
    ]


def _unsuppressed(request: HttpRequest, engagement) -> tuple[bool, bool]:
    """(may see raw figures, is seeing them now): analysts can switch to the published view to check it."""
    allowed = has_perm(request.user, Perm.VIEW_UNSUPPRESSED, engagement)
    return allowed, allowed and request.GET.get("view") != "published"


def _weights_for(data: sources.SurveyData, engagement):
    """Raking weights for one survey's rows (columns renamed from question codes to equality keys)."""
    frame = data.answers.rename(columns={code: key for key, code in data.equality_columns.items()})
    return weight_with_fallback(
        frame,
        default_baselines(),
        engagement.effective_area_codes,
        offered_ages=sources.offered_age_bands(engagement),
    )


@login_required
def results(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_RESULTS)
    may_unsuppress, unsuppressed = _unsuppressed(request, engagement)
    organisation = engagement.organisation
    rules = Rules.for_organisation(organisation)
    surveys = sources.surveys(engagement)
    chosen = next(
        (s for s in surveys if s.slug == request.GET.get("survey")), surveys[0] if surveys else None
    )
    filters = R.Filters(
        channel=request.GET.get("channel", ""),
        partner=request.GET.get("partner", ""),
        group=request.GET.get("group", ""),
        weighted=request.GET.get("weighted") == "1",
    )
    context = {
        "page_title": f"Results: {engagement.title}",
        "breadcrumbs": _crumbs(engagement),
        "engagement": engagement,
        "surveys": surveys,
        "survey": chosen,
        "filters": filters,
        "unsuppressed": unsuppressed,
        "may_unsuppress": may_unsuppress,
        "footnote": rules.footnote,
        "questions": [],
        "problem": "",
        "weighting": None,
    }
    if chosen is not None:
        data = sources.answer_table(chosen)
        partners = dict(
            Organisation.objects.filter(slug__in=set(data.answers["partner"].dropna())).values_list(
                "slug", "name"
            )
        )
        context["options"] = R.filter_options([data], partners)
        mask = R.mask_for(data, filters)
        context["n_total"] = len(data.answers)
        context["problem"] = R.differencing_problem(data, filters, rules, unsuppressed)
        weights = None
        if filters.weighted and len(data.answers):
            weighting = _weights_for(data, engagement)
            context["weighting"] = weighting
            context["effective_size"] = effective_size(
                weighting, organisation=organisation, unsuppressed=unsuppressed
            )
            weights = weighting.weights
        if not context["problem"]:
            context["questions"] = R.survey_results(
                data,
                mask=mask,
                weights=weights,
                organisation=organisation,
                unsuppressed=unsuppressed,
                baselines=default_baselines(),
            )
        context["n_shown"] = R.protect_total(
            int(mask.sum()), organisation=organisation, unsuppressed=unsuppressed
        )
    can_read_text = has_perm(request.user, Perm.REVIEW_THEMES, engagement)
    context["can_read_text"] = can_read_text
    if can_read_text:
        search = request.GET.get("q", "").strip()
        answers = (
            sources.free_text(engagement)
            .select_related("question", "response")
            .order_by("-response__submitted_at")
        )
        if search:
            answers = answers.filter(text__icontains=search)
        if filters.channel:
            answers = answers.filter(response__channel=filters.channel)
        context["search"] = search
        context["free_text_count"] = answers.count()
        context["free_text"] = list(answers[:FREE_TEXT_LIMIT])
        services.free_text_view_record(
            user=request.user, engagement=engagement, search=search, shown=len(context["free_text"])
        )
    if unsuppressed:
        services.unsuppressed_view_record(user=request.user, engagement=engagement, what="results")
    return render(request, "understand/results.jinja", context)


@login_required
def who_is_missing(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_RESULTS)
    may_unsuppress, unsuppressed = _unsuppressed(request, engagement)
    raw = selectors.missing_report(engagement)
    if raw.get("error"):
        report = raw | {"unsuppressed": unsuppressed}
    elif unsuppressed:
        report = raw | {"unsuppressed": True}
        services.unsuppressed_view_record(user=request.user, engagement=engagement, what="who is missing")
    else:
        report = protect_missing_report(raw, organisation=engagement.organisation)
    weighting = None
    frame = selectors.respondent_frame(engagement)
    if not raw.get("error") and len(frame):
        weighting = weight_with_fallback(
            frame,
            default_baselines(),
            engagement.effective_area_codes,
            offered_ages=sources.offered_age_bands(engagement),
        )
    postcodes = report.get("postcodes") or {}
    context = {
        "page_title": f"Who is missing: {engagement.title}",
        "breadcrumbs": _crumbs(engagement),
        "engagement": engagement,
        "report": report,
        "unsuppressed": unsuppressed,
        "may_unsuppress": may_unsuppress,
        "weighting": weighting,
        "weighting_hidden": weighting is not None and not unsuppressed and _too_few(report),
        "margins": margin_rows(weighting, organisation=engagement.organisation, unsuppressed=unsuppressed),
        "effective_size": effective_size(
            weighting, organisation=engagement.organisation, unsuppressed=unsuppressed
        ),
        "deprivation_level": (
            "Deprivation comes from each respondent's full postcode, placed in its neighbourhood (LSOA) through the "
            "ONS postcode lookup (May 2022). Postcode districts or sectors alone are not placed in a decile; they "
            "are counted apart."
            if postcodes
            else ""
        ),
        "attributions": list(dict.fromkeys([F.CENSUS, F.GEOGRAPHY, F.IMD, *F.POSTCODES])),
        "footnote": Rules.for_organisation(engagement.organisation).footnote,
        "results_url": reverse("understand:results", args=[engagement.pk]),
    }
    return render(request, "understand/missing.jinja", context)


def margin_rows(weighting, *, organisation, unsuppressed: bool) -> list[dict]:
    """The weighting table as it may be shown: respondents per category through disclosure control, and the
    unweighted share computed from those published counts (a share of exact counts would give them away)."""
    if weighting is None or not weighting.ok:
        return []
    by_variable: dict[str, list] = {}
    for m in weighting.result.margins:
        by_variable.setdefault(m.variable, []).append(m)
    rows = []
    for variable, margins in by_variable.items():
        cells = protect(
            {m.category: m.respondents for m in margins}, organisation=organisation, unsuppressed=unsuppressed
        )
        total = protect_total(
            sum(m.respondents for m in margins), organisation=organisation, unsuppressed=unsuppressed
        )
        for m in margins:
            cell = cells[m.category]
            shown = cell != SUPPRESSED and total not in (SUPPRESSED, 0)
            rows.append(
                {
                    "variable": variable,
                    "category": m.category,
                    "unweighted_share": (cell / total) if shown else None,
                    "weighted_share": m.weighted_share if cell != SUPPRESSED else None,
                    "target_share": m.target_share,
                }
            )
    return rows


def effective_size(weighting, *, organisation, unsuppressed: bool):
    """Kish's effective sample size; published rounded like any total, since with the design effect it gives n."""
    if weighting is None or not weighting.ok:
        return None
    value = weighting.result.effective_sample_size
    return round(value) if unsuppressed else protect_total(int(round(value)), organisation=organisation)


def _too_few(report: dict) -> bool:
    """Design effect and effective sample size from fewer than the threshold of people would reveal the count."""
    return report.get("n") == "*"


@login_required
def disclosure_settings(request: HttpRequest, engagement_id) -> HttpResponse:
    """The engagement's organisation's disclosure-control rule, for people who may configure it."""
    engagement = engagement_get(user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_RESULTS)
    organisation = engagement.organisation
    require(request.user, Perm.CONFIGURE, organisation)
    initial = {"suppress_below": organisation.suppress_below, "round_to": organisation.round_to}
    form = DisclosureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.disclosure_settings_set(
            actor=request.user,
            organisation=organisation,
            suppress_below=form.cleaned_data["suppress_below"],
            round_to=form.cleaned_data["round_to"],
        )
        messages.success(request, f"Disclosure control for {organisation.name} is saved.")
        return redirect("understand:results", engagement.pk)
    return render(
        request,
        "understand/disclosure.jinja",
        {
            "page_title": f"Disclosure control: {organisation.name}",
            "breadcrumbs": _crumbs(engagement),
            "engagement": engagement,
            "organisation": organisation,
            "form": form,
            "footnote": Rules.for_organisation(organisation).footnote,
        },
    )
