from django.urls import path

from .views import public, staff

app_name = "feedback"

urlpatterns = [
    path("o/<slug:org>/you-said-we-did/", public.organisation_list, name="public-list"),
    path("o/<slug:org>/you-said-we-did/<slug:slug>/", public.engagement_page, name="public"),
    path("feedback/engagements/<uuid:engagement_id>/", staff.findings, name="findings"),
    path("feedback/engagements/<uuid:engagement_id>/new/", staff.finding_new, name="finding-new"),
    path(
        "feedback/engagements/<uuid:engagement_id>/from-question/", staff.from_question, name="from-question"
    ),
    path("feedback/engagements/<uuid:engagement_id>/from-themes/", staff.from_themes, name="from-themes"),
    path("feedback/engagements/<uuid:engagement_id>/settings/", staff.page_settings, name="page-settings"),
    path("feedback/engagements/<uuid:engagement_id>/send/", staff.send, name="send"),
    path("feedback/engagements/<uuid:engagement_id>/letters.pdf", staff.letters_pdf, name="letters-pdf"),
    path("feedback/findings/<uuid:finding_id>/decision/", staff.decision, name="decision"),
    path("feedback/findings/<uuid:finding_id>/translate/<str:language>/", staff.translate, name="translate"),
]
