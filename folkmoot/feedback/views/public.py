"""The public "You said, we did" pages: no sign-in, published engagements only, small numbers suppressed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from folkmoot.core.selectors import organisation_public_get

from .. import content, selectors
from ..published import taking_part


def organisation_list(request: HttpRequest, org: str) -> HttpResponse:
    organisation = organisation_public_get(slug=org)
    return render(
        request,
        "feedback/public_list.jinja",
        {
            "page_title": f"You said, we did: {organisation.name}",
            "organisation": organisation,
            "engagements": selectors.published_engagements(organisation=organisation),
            "breadcrumbs": [
                {"href": "/", "text": "Home"},
                {"href": f"/o/{organisation.slug}/", "text": organisation.name},
            ],
        },
    )


def engagement_page(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    engagement = selectors.public_engagement_get(organisation_slug=org, engagement_slug=slug)
    languages = content.language_links(engagement)
    language = request.GET.get("lang", "en")
    if language not in {link["code"] for link in languages}:
        language = "en"
    easy_read = request.GET.get("format") == "easy-read"
    rows = content.items(engagement, language=language, easy_read=easy_read)
    organisation = engagement.organisation
    return render(
        request,
        "feedback/public_page.jinja",
        {
            "page_title": f"You said, we did: {engagement.title}",
            "engagement": engagement,
            "page": engagement.feedback_page,
            "items": rows,
            "language": language,
            "dir": content.direction(language),
            "languages": languages,
            "needs_translation": language != "en" and not all(r.translated for r in rows),
            "easy_read": easy_read,
            "taking_part": taking_part(engagement),
            "breadcrumbs": [
                {"href": "/", "text": "Home"},
                {"href": f"/o/{organisation.slug}/", "text": organisation.name},
                {"href": f"/o/{organisation.slug}/you-said-we-did/", "text": "You said, we did"},
            ],
        },
    )
