from django.urls import path

from . import views

app_name = "themes"

urlpatterns = [
    path("engagements/<uuid:engagement_id>/themes/", views.theme_list, name="theme-list"),
    path("engagements/<uuid:engagement_id>/themes/classify/", views.classify_start, name="classify"),
    path("engagements/<uuid:engagement_id>/themes/export.csv", views.theme_export, name="export"),
    path("engagements/<uuid:engagement_id>/themes/unmatched/", views.clusters, name="clusters"),
    path("engagements/<uuid:engagement_id>/themes/<slug:code>/", views.theme_detail, name="theme-detail"),
    path("themes/comments/<uuid:comment_id>/", views.comment_review, name="comment-review"),
    path("themes/groups/<uuid:cluster_id>/name/", views.cluster_name, name="cluster-name"),
    path("themes/alerts/<uuid:alert_id>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("dashboard/<slug:slug>/codes/", views.codes, name="codes"),
    path("dashboard/<slug:slug>/themes/alerts/check/", views.alerts_check, name="alerts-check"),
    path("dashboard/<slug:slug>/feedback/import/", views.feedback_import, name="feedback-import"),
]
