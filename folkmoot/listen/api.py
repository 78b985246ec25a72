"""Listen's API: the survey builder for staff. Same services and permissions as the pages. The public
submission endpoint for kiosks, apps and partners' offline tools is a plain view in api_submit.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from folkmoot.core.selectors import engagement_get, engagements_visible_to

from . import selectors, services
from .models import QuestionType, Survey
from .yaml_io import survey_to_dict


def _errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


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
