"""Listen's API: the survey builder for staff, and a public submission endpoint for kiosks, apps and partners'
offline tools. Same services and permissions as the pages."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response as ApiResponse
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from folkmoot.core.selectors import engagement_get, engagements_visible_to

from . import selectors, services
from .models import Channel, QuestionType, Survey
from .yaml_io import survey_to_dict


def _errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class SubmitThrottle(BaseThrottle):
    """Per-IP limit per clock hour, kept as one counter: the same cost for the first request and the ten-thousandth.

    DRF's AnonRateThrottle keeps every request time of the last hour in one cache entry and rewrites the whole
    list on each request, so the busier the endpoint, the more each request costs."""

    def allow_request(self, request, view) -> bool:
        limit = getattr(settings, "FOLKMOOT_SUBMITS_PER_HOUR_PER_IP", 120)
        now = time.time()
        key = f"listen:rate:api-submit:{self.get_ident(request)}:{int(now // 3600)}"
        if cache.add(key, 1, timeout=3700):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # the entry expired between add and incr
                cache.set(key, 1, timeout=3700)
                count = 1
        self.seconds_left = 3600 - now % 3600
        return count <= limit

    def wait(self) -> float:
        return self.seconds_left


class SurveyCreateSerializer(serializers.Serializer):
    engagement = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    introduction = serializers.CharField(required=False, allow_blank=True)
    slug = serializers.SlugField(required=False)
    languages = serializers.ListField(child=serializers.CharField(max_length=12), required=False)


class QuestionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=QuestionType.choices)
    text = serializers.CharField()
    code = serializers.SlugField(required=False)
    hint = serializers.CharField(required=False, allow_blank=True)
    required = serializers.BooleanField(required=False)
    options = serializers.ListField(child=serializers.DictField(), required=False)
    show_if = serializers.DictField(required=False)
    section = serializers.CharField(required=False, allow_blank=True)


class SubmissionSerializer(serializers.Serializer):
    answers = serializers.DictField()
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.ONLINE)
    language = serializers.CharField(max_length=12, default="en")


class SurveyDocument(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    questions = serializers.ListField(child=serializers.DictField())


class SurveyListCreate(APIView):
    @extend_schema(responses=SurveyDocument(many=True), summary="Surveys of engagements you can see")
    def get(self, request):
        surveys = Survey.objects.filter(engagement__in=engagements_visible_to(user=request.user)).order_by(
            "title"
        )
        return ApiResponse([{"slug": s.slug, "title": s.title, "status": s.status} for s in surveys])

    @extend_schema(request=SurveyCreateSerializer, responses={201: SurveyDocument}, summary="Create a survey")
    def post(self, request):
        data = SurveyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        engagement = engagement_get(user=request.user, engagement_id=values.pop("engagement"))
        try:
            survey = services.survey_create(actor=request.user, engagement=engagement, **values)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise _errors(exc) from None
        return ApiResponse(survey_to_dict(survey), status=status.HTTP_201_CREATED)


class SurveyDetail(APIView):
    @extend_schema(responses=SurveyDocument, summary="A survey with its questions (the YAML format, as JSON)")
    def get(self, request, slug):
        return ApiResponse(survey_to_dict(selectors.survey_get(user=request.user, slug=slug)))


class QuestionCreate(APIView):
    @extend_schema(request=QuestionSerializer, responses={201: SurveyDocument}, summary="Add a question")
    def post(self, request, slug):
        from folkmoot.core.permissions import Perm

        survey = selectors.survey_get(user=request.user, slug=slug, perm=Perm.CHANGE_ENGAGEMENT)
        data = QuestionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.question_add(survey=survey, **data.validated_data)
        except DjangoValidationError as exc:
            raise _errors(exc) from None
        return ApiResponse(survey_to_dict(survey), status=status.HTTP_201_CREATED)


class Submit(APIView):
    """Send a whole response at once. The reference is returned only after the response is committed."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [SubmitThrottle]
    # JSON only: no form parsers or browsable-API rendering on the busiest endpoint.
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        request=SubmissionSerializer,
        responses={201: inline_serializer("Submitted", {"reference": serializers.CharField()})},
        summary="Submit a response to an open survey (no sign-in)",
    )
    def post(self, request, slug):
        data = SubmissionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            reference = services.response_send_public(
                slug=slug,
                answers=data.validated_data["answers"],
                channel=data.validated_data["channel"],
                language=data.validated_data["language"],
            )
        except services.SurveyNotOpen:
            raise Http404("No open survey here") from None
        except DjangoValidationError as exc:
            raise _errors(exc) from None
        return ApiResponse({"reference": reference}, status=status.HTTP_201_CREATED)
