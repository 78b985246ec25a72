from django.urls import path

from . import api

app_name = "reach-api"

urlpatterns = [
    path("organisations/<slug:slug>/stakeholders/", api.StakeholderListView.as_view(), name="stakeholders"),
    path("organisations/<slug:slug>/reached/", api.ReachedView.as_view(), name="reached"),
    path("stakeholders/<uuid:stakeholder_id>/", api.StakeholderView.as_view(), name="stakeholder"),
    path("stakeholders/<uuid:stakeholder_id>/history/", api.StakeholderHistoryView.as_view(), name="history"),
    path("engagements/<uuid:engagement_id>/agreements/", api.AgreementsView.as_view(), name="agreements"),
    path("engagements/<uuid:engagement_id>/payments/", api.PaymentsView.as_view(), name="payments"),
    path("engagements/<uuid:engagement_id>/suggestions/", api.SuggestionsView.as_view(), name="suggestions"),
    path(
        "agreements/<uuid:agreement_id>/status/", api.AgreementStatusView.as_view(), name="agreement-status"
    ),
    path("methods/", api.MethodsView.as_view(), name="methods"),
    path("ppgs/<uuid:group_id>/profile/", api.PpgProfileView.as_view(), name="ppg-profile"),
]
