"""The methods catalogue (Plan's data, reused), what reached whom here, and suggestions for a plan."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from folkmoot.core.selectors import engagement_get, organisation_get_for_member

from .. import insight


@login_required
def catalogue(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for_member(user=request.user, slug=slug)
    filters = {k: request.GET.get(k, "").strip() for k in ("channel", "level", "group")}
    characteristic = request.GET.get("by", "age_band")
    return render(
        request,
        "reach/methods.jinja",
        {
            "page_title": "Methods and who they reach",
            "organisation": organisation,
            "filters": filters,
            "facets": insight.catalogue_facets(),
            "methods": insight.methods(**filters),
            "reached": insight.reached(organisation=organisation, characteristic=characteristic),
            "characteristics": insight.REACH_CHARACTERISTICS,
            "breadcrumbs": [
                {"href": reverse("core:organisation-dashboard", args=[slug]), "text": organisation.name}
            ],
        },
    )


@login_required
def suggestions(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement = engagement_get(user=request.user, engagement_id=engagement_id)
    return render(
        request,
        "reach/suggestions.jinja",
        {
            "page_title": f"Methods and partners for: {engagement.title}",
            "engagement": engagement,
            "suggestions": insight.suggestions(engagement=engagement),
            "breadcrumbs": [
                {"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title}
            ],
        },
    )
