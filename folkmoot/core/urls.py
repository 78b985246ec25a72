from django.urls import path

from .views import auth, public, staff

app_name = "core"

urlpatterns = [
    path("", public.home, name="home"),
    path("o/<slug:slug>/", public.organisation_public, name="organisation-public"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("about/data/", public.about_data, name="about-data"),
    path("accounts/sign-in/", auth.SignInView.as_view(), name="sign-in"),
    path("accounts/sign-out/", auth.sign_out_confirm, name="sign-out"),
    path("accounts/sign-out/confirm/", auth.SignOutView.as_view(), name="sign-out-confirm"),
    path("dashboard/", staff.dashboard, name="dashboard"),
    path("dashboard/<slug:slug>/", staff.organisation_dashboard, name="organisation-dashboard"),
    path("dashboard/<slug:slug>/statistics/", staff.statistics_rebuild, name="statistics-rebuild"),
    path("dashboard/<slug:slug>/engagements/new/", staff.engagement_create, name="engagement-create"),
    path("engagements/", staff.engagement_list, name="engagement-list"),
    path("engagements/<uuid:engagement_id>/", staff.engagement_detail, name="engagement-detail"),
    path("engagements/<uuid:engagement_id>/edit/", staff.engagement_edit, name="engagement-edit"),
    path("engagements/<uuid:engagement_id>/status/", staff.engagement_status, name="engagement-status"),
    path("dashboard/<slug:slug>/audit/", staff.audit_log, name="audit-log"),
    path("jobs/", staff.job_list, name="job-list"),
    path("jobs/<uuid:job_id>/", staff.job_detail, name="job-detail"),
]
