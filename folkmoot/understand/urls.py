from django.urls import path

from . import views

app_name = "understand"

urlpatterns = [
    path("understand/engagements/<uuid:engagement_id>/results/", views.results, name="results"),
    path(
        "understand/engagements/<uuid:engagement_id>/who-is-missing/",
        views.who_is_missing,
        name="who-is-missing",
    ),
    path(
        "understand/engagements/<uuid:engagement_id>/disclosure/",
        views.disclosure_settings,
        name="disclosure-settings",
    ),
]
