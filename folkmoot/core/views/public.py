"""Pages anyone can see: the home page, an organisation's public landing page, statements, health."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.jinja",
        {"page_title": "Hear everyone", "organisations": selectors.organisations_public()},
    )


def organisation_public(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public_get(slug=slug)
    return render(
        request,
        "core/organisation_public.jinja",
        {
            "page_title": organisation.name,
            "organisation": organisation,
            "engagements": selectors.engagements_open_to_public(organisation=organisation),
            "breadcrumbs": [{"href": "/", "text": "Home"}],
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.jinja", {"page_title": "Accessibility statement"})


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about_data.jinja", {"page_title": "Data sources and licences"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the database answers and how many jobs wait in the queue."""
    from django_tasks_db.models import DBTaskResult

    body: dict = {"status": "ok", "database": "ok", "jobs": 0}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["jobs"] = DBTaskResult.objects.filter(status="READY").count()
    except Exception as exc:  # the probe must answer even when the database does not
        body.update(status="error", database=f"error: {type(exc).__name__}")
        return JsonResponse(body, status=503)
    return JsonResponse(body)
