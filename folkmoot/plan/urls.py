from django.urls import path

from .views import planner, tools

app_name = "plan"

urlpatterns = [
    path("engagements/<uuid:engagement_id>/plan/", planner.overview, name="overview"),
    path("engagements/<uuid:engagement_id>/plan/step/<slug:slug>/", planner.step, name="step"),
    path("engagements/<uuid:engagement_id>/plan/<str:to>/", planner.transition, name="transition"),
    path("engagements/<uuid:engagement_id>/plan.yaml", planner.export_yaml, name="export-yaml"),
    path("engagements/<uuid:engagement_id>/plan.pdf", planner.export_pdf, name="export-pdf"),
    path("engagements/<uuid:engagement_id>/plan-import/", planner.import_yaml, name="import-yaml"),
    path("dashboard/<slug:slug>/reports/", tools.reports, name="reports"),
    path("reports/<uuid:report_id>/", tools.report_detail, name="report-detail"),
    path("plain-english/", tools.readability, name="readability"),
    path("methods/", tools.methods, name="methods"),
]
