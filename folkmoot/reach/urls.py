from django.urls import path

from .views import engagement, groups, methods, register, settings

app_name = "reach"

urlpatterns = [
    path("dashboard/<slug:slug>/stakeholders/", register.register, name="register"),
    path("dashboard/<slug:slug>/stakeholders/import/", register.import_file, name="import"),
    path("dashboard/<slug:slug>/fatigue/", register.fatigue, name="fatigue"),
    path("dashboard/<slug:slug>/reach-settings/", settings.reach_settings, name="settings"),
    path(
        "dashboard/<slug:slug>/reach-settings/rates/<int:rate_id>/remove/",
        settings.rate_remove,
        name="rate-remove",
    ),
    path("stakeholders/<uuid:stakeholder_id>/", register.stakeholder, name="stakeholder"),
    path("engagements/<uuid:engagement_id>/reach/grid/", engagement.grid, name="grid"),
    path("engagements/<uuid:engagement_id>/reach/ledger/", engagement.ledger, name="ledger"),
    path(
        "engagements/<uuid:engagement_id>/reach/ledger/<str:kind>/<uuid:item_id>/",
        engagement.ledger_status,
        name="ledger-status",
    ),
    path(
        "engagements/<uuid:engagement_id>/reach/finance.<str:fmt>",
        engagement.ledger_export,
        name="ledger-export",
    ),
    path("dashboard/<slug:slug>/methods/", methods.catalogue, name="methods"),
    path("engagements/<uuid:engagement_id>/reach/suggestions/", methods.suggestions, name="suggestions"),
    path("panels/<uuid:panel_id>/", groups.panel, name="panel"),
    path("patient-groups/<uuid:group_id>/", groups.ppg, name="ppg"),
]
