from django.urls import path

from . import api

app_name = "plan-api"

urlpatterns = [
    path("methods/", api.MethodsView.as_view(), name="methods"),
    path("check/", api.CheckView.as_view(), name="check"),
    path("readability/", api.ReadabilityView.as_view(), name="readability"),
    path("engagements/<uuid:engagement_id>/", api.PlanView.as_view(), name="plan"),
    path("engagements/<uuid:engagement_id>/transition/", api.TransitionView.as_view(), name="transition"),
    path(
        "engagements/<uuid:engagement_id>/asked-before/", api.AskedBeforeView.as_view(), name="asked-before"
    ),
]
