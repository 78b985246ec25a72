from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from .views import EngagementViewSet, JobViewSet, OrganisationViewSet

app_name = "api"

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("jobs", JobViewSet, basename="job")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("token/", obtain_auth_token, name="token"),
    path("", include(router.urls)),
]
