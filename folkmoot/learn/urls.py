from django.urls import path

from . import views

app_name = "learn"

urlpatterns = [
    path("evaluate/<uuid:engagement_id>/", views.evaluate, name="evaluate"),
    path("evaluate/<uuid:engagement_id>/thanks/", views.evaluate_thanks, name="evaluate-thanks"),
    path("learn/engagements/<uuid:engagement_id>/paper/", views.paper_entry, name="paper-entry"),
    path("learn/engagements/<uuid:engagement_id>/reflection/", views.reflection_new, name="reflection-new"),
    path("learn/engagements/<uuid:engagement_id>/evidence/", views.evidence_start, name="evidence-start"),
    path("learn/evidence/<uuid:pack_id>/", views.evidence_status, name="evidence-status"),
    path("learn/evidence/<uuid:pack_id>/pack.pdf", views.evidence_download, name="evidence-download"),
    path("learn/organisations/<slug:slug>/annual/", views.annual, name="annual"),
    path("learn/organisations/<slug:slug>/annual/report.pdf", views.annual_download, name="annual-download"),
]
