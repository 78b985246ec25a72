"""API: /api/themes/engagements/<id>/summary/ gives theme_summary (suppressed and redacted as on pages)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from folkmoot.core import selectors as core_selectors
from folkmoot.core.permissions import Perm

from . import selectors

app_name = "themes-api"


@extend_schema(summary="Themes and sentiment of an engagement's free text", responses={200: dict})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def engagement_summary(request, engagement_id):
    engagement = core_selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_RESULTS
    )
    return Response(
        {
            "engagement": str(engagement.pk),
            "themes": selectors.theme_summary(engagement=engagement, user=request.user),
        }
    )


urlpatterns = [
    path("engagements/<uuid:engagement_id>/summary/", engagement_summary, name="engagement-summary")
]
