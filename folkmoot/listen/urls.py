from django.urls import path

from .views import builder, public, staff

app_name = "listen"

urlpatterns = [
    path("s/<slug:slug>/", public.start, name="start"),
    path("s/<slug:slug>/q/<slug:code>/", public.question, name="question"),
    path("s/<slug:slug>/check/", public.check, name="check"),
    path("s/<slug:slug>/done/<str:reference>/", public.done, name="done"),
    path("s/<slug:slug>/saved/", public.saved, name="saved"),
    path("s/<slug:slug>/resume/<str:token>/", public.resume, name="resume"),
    path("s/<slug:slug>/other-format/", public.other_format, name="other-format"),
    path("s/<slug:slug>/q/<slug:code>/picture/", public.easy_read_image, name="easy-read-image"),
    path("s/<slug:slug>/paper.pdf", staff.paper_pdf, name="paper-pdf"),
    path("listen/surveys/<slug:slug>/", staff.survey_detail, name="survey-detail"),
    path("listen/engagements/<uuid:engagement_id>/surveys/new/", builder.survey_new, name="survey-new"),
    path("listen/surveys/<slug:slug>/questions/new/", builder.question_new, name="question-new"),
    path(
        "listen/surveys/<slug:slug>/questions/<slug:code>/easy-read-picture/",
        builder.easy_read_image,
        name="easy-read-image-upload",
    ),
    path("listen/surveys/<slug:slug>/translate/<str:language>/", builder.translate, name="translate"),
    path("listen/surveys/<slug:slug>/status/", builder.survey_status, name="survey-status"),
    path("listen/surveys/<slug:slug>/enter/", staff.data_entry, name="data-entry"),
    path("listen/surveys/<slug:slug>/import/", staff.import_upload, name="import"),
    path("listen/engagements/<uuid:engagement_id>/events/new/", staff.event_new, name="event-new"),
]
