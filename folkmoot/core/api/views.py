"""REST API for organisations, engagements and jobs. Same services, selectors and permissions as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from .. import selectors, services
from ..models import Job, Organisation
from .serializers import EngagementSerializer, JobSerializer, OrganisationSerializer


def _drf_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations you are a member of."""

    serializer_class = OrganisationSerializer
    lookup_field = "slug"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Organisation.objects.none()
        return selectors.organisations_for(user=self.request.user)


class EngagementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Engagements you may see: all of your organisations' (staff roles) and those shared with you (partners)."""

    serializer_class = EngagementSerializer

    def get_queryset(self):
        return selectors.engagements_visible_to(user=self.request.user).order_by("title")

    def get_object(self):
        return selectors.engagement_get(user=self.request.user, engagement_id=self.kwargs["pk"])

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation: Organisation = data.pop("organisation")
        requested_status = data.pop("status", None)
        try:
            engagement = services.engagement_create(
                actor=self.request.user, organisation=organisation, **data
            )
            if requested_status and requested_status != engagement.status:
                raise DjangoValidationError({"status": "A new engagement starts as a draft."})
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from None
        serializer.instance = engagement

    def update(self, request, *args, **kwargs):
        engagement = self.get_object()
        serializer = self.get_serializer(engagement, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("organisation", None)
        new_status = data.pop("status", None)
        try:
            if data:
                engagement = services.engagement_update(actor=request.user, engagement=engagement, **data)
            if new_status and new_status != engagement.status:
                engagement = services.engagement_transition(
                    actor=request.user, engagement=engagement, to=new_status
                )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except DjangoValidationError as exc:
            raise _drf_errors(exc) from None
        return Response(self.get_serializer(engagement).data, status=status.HTTP_200_OK)


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Background jobs you started or may run, with progress."""

    serializer_class = JobSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Job.objects.none()
        return selectors.jobs_visible_to(user=self.request.user)

    @extend_schema(summary="A job's status and progress")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)
