"""REST API for Reach under /api/reach/: the register (with duplicate warnings), contact history and fatigue,
partnerships and payments, the methods catalogue and suggestions, what reached whom, and a PPG's profile.
The same services and selectors as the pages, so the same permissions and audit."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from folkmoot.core.permissions import Perm, has_perm, require
from folkmoot.core.selectors import engagement_get, organisation_get_for_member
from folkmoot.plan.api import MethodSerializer

from . import groups_read, insight, selectors, services
from .models import LedgerStatus, PartnerAgreement, PaymentKind, PaymentRate, Stakeholder, StakeholderKind


def _invalid(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError({k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()})
    return ValidationError({"detail": exc.messages})


class StakeholderSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.ChoiceField(choices=StakeholderKind.choices)
    category = serializers.CharField()
    name = serializers.CharField(max_length=200)
    email = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    communities = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    areas = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    languages = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    accessibility_needs = serializers.CharField(required=False, allow_blank=True, default="")
    contact_preference = serializers.CharField(required=False, default="email")
    consent_to_contact = serializers.BooleanField(required=False, default=False)
    possible_duplicate_of = serializers.UUIDField(
        source="possible_duplicate_of_id", read_only=True, allow_null=True
    )
    duplicate_reason = serializers.CharField(read_only=True)


class StakeholderUpdateSerializer(StakeholderSerializer):
    kind = serializers.ChoiceField(choices=StakeholderKind.choices, required=False)
    category = serializers.CharField(required=False)
    name = serializers.CharField(max_length=200, required=False)
    not_duplicate = serializers.BooleanField(required=False, help_text="Clear the possible-duplicate flag")


class HistorySerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    engagement = serializers.CharField(source="engagement.title", allow_null=True, default=None)
    asked_by = serializers.CharField()
    summary = serializers.CharField()
    told_back = serializers.CharField()
    told_back_on = serializers.DateField(allow_null=True)


class AgreementSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    partner = serializers.UUIDField(source="partner_id")
    deliverables = serializers.CharField()
    fee = serializers.DecimalField(max_digits=10, decimal_places=2)
    status = serializers.CharField(read_only=True)
    agreed_on = serializers.DateField(required=False)
    invoiced_on = serializers.DateField(read_only=True, allow_null=True)
    paid_on = serializers.DateField(read_only=True, allow_null=True)


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LedgerStatus.values)
    on = serializers.DateField(required=False)


class PaymentSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    payee = serializers.UUIDField(source="payee_id")
    agreement = serializers.UUIDField(source="agreement_id", required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=PaymentKind.choices)
    rate = serializers.CharField(
        required=False, allow_blank=True, help_text="A rate code of the organisation"
    )
    quantity = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, default=1)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    declined = serializers.BooleanField(required=False, default=False)
    status = serializers.CharField(read_only=True)
    agreed_on = serializers.DateField(required=False)


def _stakeholder(request, stakeholder_id, *, audit: bool = True) -> Stakeholder:
    return selectors.stakeholder_get(user=request.user, stakeholder_id=stakeholder_id, audit=audit)


class StakeholderListView(APIView):
    @extend_schema(
        responses=StakeholderSerializer(many=True),
        summary="The organisation's stakeholder register",
        parameters=[OpenApiParameter("q", str), OpenApiParameter("community", str)],
    )
    def get(self, request, slug):
        organisation = organisation_get_for_member(user=request.user, slug=slug)
        rows = selectors.stakeholders_for(
            user=request.user,
            organisation=organisation,
            q=request.query_params.get("q", ""),
            community=request.query_params.get("community", ""),
        )
        return Response(StakeholderSerializer(rows, many=True).data)

    @extend_schema(
        request=StakeholderSerializer,
        responses={201: StakeholderSerializer},
        summary="Add to the register (a possible duplicate is flagged, not refused)",
    )
    def post(self, request, slug):
        organisation = organisation_get_for_member(user=request.user, slug=slug)
        data = StakeholderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            stakeholder = services.stakeholder_create(
                organisation=organisation, actor=request.user, **data.validated_data
            )
        except DjangoValidationError as exc:
            raise _invalid(exc) from None
        return Response(StakeholderSerializer(stakeholder).data, status=status.HTTP_201_CREATED)


class StakeholderView(APIView):
    @extend_schema(responses=StakeholderSerializer, summary="One register entry (the viewing is audited)")
    def get(self, request, stakeholder_id):
        return Response(StakeholderSerializer(_stakeholder(request, stakeholder_id)).data)

    @extend_schema(request=StakeholderUpdateSerializer, responses=StakeholderSerializer)
    def patch(self, request, stakeholder_id):
        stakeholder = _stakeholder(request, stakeholder_id, audit=False)
        data = StakeholderUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            stakeholder = services.stakeholder_update(
                stakeholder=stakeholder, actor=request.user, **data.validated_data
            )
        except DjangoValidationError as exc:
            raise _invalid(exc) from None
        return Response(StakeholderSerializer(stakeholder).data)


class StakeholderHistoryView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Contact history and fatigue check")
    def get(self, request, stakeholder_id):
        stakeholder = _stakeholder(request, stakeholder_id)
        return Response(
            {
                "history": HistorySerializer(
                    selectors.contact_history(stakeholder=stakeholder), many=True
                ).data,
                "fatigue": selectors.fatigue(organisation=stakeholder.organisation, stakeholder=stakeholder),
            }
        )


class AgreementsView(APIView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT, summary="The engagement's partnerships, payments and totals"
    )
    def get(self, request, engagement_id):
        engagement = engagement_get(user=request.user, engagement_id=engagement_id)
        require(request.user, Perm.MANAGE_PARTNERS, engagement)
        ledger = selectors.ledger_for(user=request.user, engagement=engagement)
        totals = {k: (str(v) if hasattr(v, "quantize") else v) for k, v in ledger["totals"].items()}
        return Response(
            {
                "agreements": [
                    {
                        **AgreementSerializer(a).data,
                        "payments": PaymentSerializer(a.payments.all(), many=True).data,
                    }
                    for a in ledger["agreements"]
                ],
                "totals": totals,
            }
        )

    @extend_schema(request=AgreementSerializer, responses={201: AgreementSerializer})
    def post(self, request, engagement_id):
        engagement = engagement_get(user=request.user, engagement_id=engagement_id)
        data = AgreementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = Stakeholder.objects.filter(pk=data.validated_data["partner_id"]).first()
        if partner is None:
            raise ValidationError({"partner": ["No such register entry."]})
        try:
            agreement = services.agreement_create(
                engagement=engagement,
                partner=partner,
                deliverables=data.validated_data["deliverables"],
                fee=data.validated_data["fee"],
                agreed_on=data.validated_data.get("agreed_on") or dt.date.today(),
                actor=request.user,
            )
        except DjangoValidationError as exc:
            raise _invalid(exc) from None
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)


class AgreementStatusView(APIView):
    @extend_schema(
        request=StatusSerializer, responses=AgreementSerializer, summary="Agreed, invoiced or paid"
    )
    def post(self, request, agreement_id):
        agreement = get_object_or_404(PartnerAgreement.objects.select_related("engagement"), pk=agreement_id)
        engagement_get(user=request.user, engagement_id=agreement.engagement_id)  # 404 to outsiders
        data = StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.agreement_set_status(
            agreement=agreement,
            status=data.validated_data["status"],
            on=data.validated_data.get("on") or dt.date.today(),
            actor=request.user,
        )
        return Response(AgreementSerializer(agreement).data)


class PaymentsView(APIView):
    @extend_schema(
        request=PaymentSerializer,
        responses={201: PaymentSerializer},
        summary="An involvement payment or expenses (refused without an agreement)",
    )
    def post(self, request, engagement_id):
        engagement = engagement_get(user=request.user, engagement_id=engagement_id)
        data = PaymentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        payee = Stakeholder.objects.filter(
            pk=values["payee_id"], organisation=engagement.organisation
        ).first()
        if payee is None:
            raise ValidationError({"payee": ["No such register entry in this organisation."]})
        agreement = None
        if values.get("agreement_id"):
            agreement = PartnerAgreement.objects.filter(
                pk=values["agreement_id"], engagement=engagement
            ).first()
            if agreement is None:
                raise ValidationError({"agreement": ["No such agreement for this engagement."]})
        rate = None
        if values.get("rate"):
            rate = PaymentRate.objects.filter(
                organisation=engagement.organisation, code=values["rate"]
            ).first()
            if rate is None:
                raise ValidationError({"rate": ["No rate with that code in this organisation."]})
        try:
            payment = services.payment_record(
                engagement=engagement,
                payee=payee,
                kind=values["kind"],
                agreement=agreement,
                rate=rate,
                quantity=values.get("quantity", 1),
                amount=values.get("amount"),
                description=values.get("description", ""),
                declined=values.get("declined", False),
                agreed_on=values.get("agreed_on") or dt.date.today(),
                actor=request.user,
            )
        except DjangoValidationError as exc:
            raise _invalid(exc) from None
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class MethodsView(APIView):
    @extend_schema(
        responses=MethodSerializer(many=True),
        parameters=[
            OpenApiParameter("channel", str),
            OpenApiParameter("level", str),
            OpenApiParameter("group", str),
        ],
        summary="The methods catalogue (../shared/domain/methods.md as data), filtered",
    )
    def get(self, request):
        params = request.query_params
        return Response(
            insight.methods(
                channel=params.get("channel", ""),
                level=params.get("level", ""),
                group=params.get("group", ""),
            )
        )


class SuggestionsView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "Suggestion",
            {
                "group": serializers.CharField(),
                "tags": serializers.ListField(child=serializers.CharField()),
                "methods": MethodSerializer(many=True),
                "partners": serializers.ListField(child=serializers.DictField()),
            },
            many=True,
        ),
        summary="Methods and register partners for each target group of the engagement's plan",
    )
    def get(self, request, engagement_id):
        engagement = engagement_get(user=request.user, engagement_id=engagement_id)
        out = [
            {
                **s,
                "partners": [
                    {"id": str(p.pk), "name": p.name, "communities": p.communities}
                    for p in s["partners"]
                    if p.kind == "organisation" or has_perm(request.user, Perm.MANAGE_PARTNERS, engagement)
                ],
            }
            for s in insight.suggestions(engagement=engagement)
        ]
        return Response(out)


class ReachedView(APIView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("characteristic", str)],
        summary="What reached whom: closed engagements' responses by channel and group (suppressed)",
    )
    def get(self, request, slug):
        organisation = organisation_get_for_member(user=request.user, slug=slug)
        return Response(
            insight.reached(
                organisation=organisation,
                characteristic=request.query_params.get("characteristic", "age_band"),
            )
        )


class PpgProfileView(APIView):
    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        summary="A PPG's members against the practice's population (the who-is-missing measure)",
    )
    def get(self, request, group_id):
        group = groups_read.ppg_get(user=request.user, group_id=group_id)
        return Response(
            {"group": group.name, "practice": group.practice.name, **groups_read.ppg_profile(group=group)}
        )
