"""API: an engagement's results and "who is missing", with the same disclosure control as the pages.

/api/understand/engagements/<id>/results/        results_summary (raw only for Perm.VIEW_UNSUPPRESSED, audited)
/api/understand/engagements/<id>/who-is-missing/  who_is_missing (always suppressed for publication)
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from folkmoot.core import selectors as core_selectors
from folkmoot.core.permissions import Perm

from . import selectors

app_name = "understand-api"


def _engagement(request, engagement_id):
    return core_selectors.engagement_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.VIEW_RESULTS
    )


@extend_schema(summary="Results of an engagement's surveys, per question", responses={200: dict})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def engagement_results(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    return Response(selectors.results_summary(engagement=engagement, user=request.user))


@extend_schema(
    summary="Who took part compared with the local population (Census 2021, deprivation)",
    responses={200: dict},
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def engagement_who_is_missing(request, engagement_id):
    engagement = _engagement(request, engagement_id)
    return Response(selectors.who_is_missing(engagement=engagement))


urlpatterns = [
    path("engagements/<uuid:engagement_id>/results/", engagement_results, name="engagement-results"),
    path(
        "engagements/<uuid:engagement_id>/who-is-missing/",
        engagement_who_is_missing,
        name="engagement-who-is-missing",
    ),
]
