from django.urls import path

from . import api, api_submit

app_name = "listen-api"

urlpatterns = [
    path("surveys/", api.SurveyListCreate.as_view(), name="surveys"),
    path("surveys/<slug:slug>/", api.SurveyDetail.as_view(), name="survey"),
    path("surveys/<slug:slug>/questions/", api.QuestionCreate.as_view(), name="questions"),
    path("surveys/<slug:slug>/responses/", api_submit.submit, name="submit"),
]
