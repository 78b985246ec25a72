"""URLs: core pages, each stage's pages, and the API under /api/."""

from importlib import import_module
from importlib.util import find_spec

from django.urls import include, path

from folkmoot.core.views import errors
from folkmoot.core.views.public import healthz

STAGES = ["plan", "reach", "listen", "understand", "understand.themes", "feedback", "learn"]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("folkmoot.core.api.urls")),
]
for stage in STAGES:
    # A stage's API lives under /api/<stage>/ and its pages wherever its urls.py puts them.
    if find_spec(f"folkmoot.{stage}.api_urls"):
        urlpatterns.append(path(f"api/{stage.split('.')[-1]}/", include(f"folkmoot.{stage}.api_urls")))
    if find_spec(f"folkmoot.{stage}.urls") and getattr(
        import_module(f"folkmoot.{stage}.urls"), "urlpatterns", None
    ):
        urlpatterns.append(path("", include(f"folkmoot.{stage}.urls")))
urlpatterns.append(path("", include("folkmoot.core.urls")))

handler404 = errors.not_found
handler500 = errors.server_error
handler403 = errors.permission_denied
