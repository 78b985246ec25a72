from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse


def folkmoot(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    path = request.path
    nav = []
    if signed_in:
        for label, name in (
            ("Dashboard", "core:dashboard"),
            ("Engagements", "core:engagement-list"),
            ("Jobs", "core:job-list"),
        ):
            href = reverse(name)
            nav.append(
                {"text": label, "href": href, "current": path == href, "active": path.startswith(href)}
            )
    account = (
        {"items": [{"text": str(user), "icon": True}, {"href": reverse("core:sign-out"), "text": "Sign out"}]}
        if signed_in
        else {"items": [{"href": reverse("core:sign-in"), "text": "Sign in"}]}
    )
    return {
        "signed_in": signed_in,
        # str() makes the lazy nonce real so the template's inline script and the CSP header agree.
        "cspNonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else "",
        "header_navigation": {"items": nav} if nav else None,
        "header_account": account,
    }
