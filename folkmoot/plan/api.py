"""REST API for plans: read and save a plan document, check any plan, sign-off, methods, readability,
'asked before?'. The same services and selectors as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from folkmoot.core.permissions import Perm

from . import selectors, services
from .models import PlanStatus


class PlanSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    engagement = serializers.UUIDField(source="engagement_id", read_only=True)
    status = serializers.CharField(read_only=True)
    data = serializers.JSONField(help_text="The plan document (see docs/plan-schema.md).")
    updated_at = serializers.DateTimeField(read_only=True)


class FindingSerializer(serializers.Serializer):
    principle = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning", "info"])
    field = serializers.CharField()
    message = serializers.CharField()


class CheckResultSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)
    summary = serializers.DictField()
    errors = serializers.IntegerField()
    warnings = serializers.IntegerField()
    principles_failing = serializers.ListField(child=serializers.CharField())


class PlanDataSerializer(serializers.Serializer):
    data = serializers.JSONField()


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.RETURNED])
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FlagSerializer(serializers.Serializer):
    term = serializers.CharField()
    found = serializers.CharField()
    say_instead = serializers.CharField()
    kind = serializers.CharField()
    note = serializers.CharField()


class ReadabilitySerializer(serializers.Serializer):
    words = serializers.IntegerField()
    sentences = serializers.IntegerField()
    flesch_reading_ease = serializers.FloatField(allow_null=True)
    flesch_kincaid_grade = serializers.FloatField(allow_null=True)
    smog = serializers.FloatField(allow_null=True)
    reading_age = serializers.FloatField(allow_null=True)
    target_reading_age = serializers.CharField()
    meets_target = serializers.BooleanField()
    long_sentences = serializers.ListField(child=serializers.CharField())
    flags = FlagSerializer(many=True)
    advice = serializers.ListField(child=serializers.CharField())
    limits = serializers.CharField()


class MethodSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    channel = serializers.ChoiceField(choices=["online", "offline", "both"])
    levels = serializers.ListField(child=serializers.CharField())
    kind = serializers.CharField()
    cost = serializers.CharField()
    reaches_well = serializers.CharField()
    reaches_well_tags = serializers.ListField(child=serializers.CharField())
    reaches_badly = serializers.CharField()
    reaches_badly_tags = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()


class EarlierWorkSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=["engagement", "report"])
    title = serializers.CharField()
    date = serializers.CharField()
    findings = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
    snippet = serializers.CharField()


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


def _errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


def _plan(request, engagement_id, perm=Perm.VIEW_ENGAGEMENT):
    engagement, plan = selectors.plan_get(user=request.user, engagement_id=engagement_id, perm=perm)
    return engagement, plan


class MethodsView(APIView):
    @extend_schema(
        summary="The engagement methods catalogue",
        responses={200: MethodSerializer(many=True)},
    )
    def get(self, request):
        return Response(selectors.methods_catalogue())


class CheckView(APIView):
    @extend_schema(
        summary="Check a plan document against the principles",
        request=PlanDataSerializer,
        responses={200: CheckResultSerializer},
    )
    def post(self, request):
        body = PlanDataSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            clean = services._validate(body.validated_data["data"])
        except DjangoValidationError as exc:
            raise _errors(exc) from None
        return Response(services.plan_check_result(clean))


class ReadabilityView(APIView):
    @extend_schema(
        summary="Plain-English report for a public text",
        request=TextSerializer,
        responses={200: ReadabilitySerializer},
    )
    def post(self, request):
        body = TextSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(services.readability_report(body.validated_data["text"]).as_dict())


class PlanView(APIView):
    @extend_schema(summary="An engagement's plan", responses={200: PlanSerializer})
    def get(self, request, engagement_id):
        _, plan = _plan(request, engagement_id)
        if plan is None:
            raise NotFound("This engagement has no plan yet.")
        return Response(PlanSerializer(plan).data)

    @extend_schema(
        summary="Replace an engagement's plan (creates it if needed)",
        request=PlanDataSerializer,
        responses={200: PlanSerializer},
    )
    def put(self, request, engagement_id):
        return self._save(request, engagement_id, replace=True)

    @extend_schema(
        summary="Change some top-level fields of a plan",
        request=PlanDataSerializer,
        responses={200: PlanSerializer},
    )
    def patch(self, request, engagement_id):
        return self._save(request, engagement_id, replace=False)

    @staticmethod
    def _save(request, engagement_id, replace: bool):
        """PUT replaces the plan's data, PATCH changes the top-level fields it is given."""
        engagement, _ = _plan(request, engagement_id, Perm.CHANGE_ENGAGEMENT)
        body = PlanDataSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            plan = services.plan_save(
                engagement=engagement,
                actor=request.user,
                data=body.validated_data["data"] or {},
                replace=replace,
            )
        except DjangoValidationError as exc:
            raise _errors(exc) from None
        return Response(PlanSerializer(plan).data)


class TransitionView(APIView):
    @extend_schema(
        summary="Submit, approve or return a plan",
        request=TransitionSerializer,
        responses={200: PlanSerializer},
    )
    def post(self, request, engagement_id):
        _, plan = _plan(request, engagement_id)
        if plan is None:
            raise NotFound("This engagement has no plan yet.")
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            plan = services.plan_transition(
                plan=plan, actor=request.user, to=body.validated_data["to"], note=body.validated_data["note"]
            )
        except DjangoValidationError as exc:
            raise _errors(exc) from None
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from None
        return Response(PlanSerializer(plan).data)


class AskedBeforeView(APIView):
    @extend_schema(
        summary="Earlier work closest to this plan's aims and groups",
        parameters=[
            OpenApiParameter("q", str, description="Search text (default: the plan's aims and groups)")
        ],
        responses={200: EarlierWorkSerializer(many=True)},
    )
    def get(self, request, engagement_id):
        engagement, plan = _plan(request, engagement_id)
        query = request.query_params.get("q") or selectors.asked_before_query(plan.data if plan else {})
        return Response(selectors.asked_before(user=request.user, engagement=engagement, query=query))
