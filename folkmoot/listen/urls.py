from django.urls import path

from .views import public

app_name = "listen"

urlpatterns = [
    path("s/<slug:slug>/", public.start, name="start"),
    path("s/<slug:slug>/q/<slug:code>/", public.question, name="question"),
    path("s/<slug:slug>/check/", public.check, name="check"),
    path("s/<slug:slug>/done/<str:reference>/", public.done, name="done"),
    path("s/<slug:slug>/saved/", public.saved, name="saved"),
    path("s/<slug:slug>/resume/<str:token>/", public.resume, name="resume"),
    path("s/<slug:slug>/other-format/", public.other_format, name="other-format"),
]
