from __future__ import annotations

from rest_framework import serializers

from ..models import Engagement, EngagementStatus, Job, Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "slug", "type", "ods_code", "area_codes", "parent", "is_synthetic"]
        read_only_fields = fields


class EngagementSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", queryset=Organisation.objects.all())
    status = serializers.ChoiceField(choices=EngagementStatus.choices, required=False)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "organisation",
            "title",
            "slug",
            "summary",
            "status",
            "starts_on",
            "ends_on",
            "feedback_due_on",
            "area_codes",
            "is_synthetic",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "slug", "is_synthetic", "created_at", "updated_at"]


class JobSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_finished = serializers.BooleanField(read_only=True)
    percent = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "label",
            "status",
            "status_display",
            "is_finished",
            "progress_done",
            "progress_total",
            "percent",
            "message",
            "result",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields
