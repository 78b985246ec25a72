"""Core model: organisations, people and their roles, engagements, the audit log and background jobs.

Stage apps (plan, reach, listen, understand, feedback, learn) hang their own models off Organisation and
Engagement. Core imports no stage.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(TimeStamped):
    """Rows whose ids reach URLs use UUIDs, so ids say nothing about volume or order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class User(AbstractUser):
    """A member of staff or a partner who signs in. Members of the public never need an account."""

    display_name = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class OrganisationType(models.TextChoices):
    NHS_TRUST = "nhs_trust", "NHS trust or foundation trust"
    ICB = "icb", "Integrated care board"
    PCN = "pcn", "Primary care network"
    GP_PRACTICE = "gp_practice", "GP practice"
    HEALTHWATCH = "healthwatch", "Local Healthwatch"
    VCSE = "vcse", "Voluntary, community or social enterprise organisation"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class Organisation(PublicIdModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    type = models.CharField(max_length=32, choices=OrganisationType.choices)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    # ONS codes of the local authorities this organisation serves (e.g. E06000001); the population
    # baselines for "who is missing" are the sums of these areas.
    area_codes = models.JSONField(default=list, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="For example the ICB a GP practice or trust belongs to.",
    )
    description = models.TextField(blank=True)
    is_synthetic = models.BooleanField(default=False, help_text="Demo data made up for illustration.")
    # Disclosure control for published numbers (equality-monitoring.md): counts below
    # suppress_below are hidden, others are rounded to the nearest round_to.
    suppress_below = models.PositiveSmallIntegerField(default=settings.FOLKMOOT_SUPPRESS_BELOW)
    round_to = models.PositiveSmallIntegerField(default=settings.FOLKMOOT_ROUND_TO)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(round_to__gte=1), name="organisation_round_to_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    LEAD = "lead", "Engagement lead"
    ANALYST = "analyst", "Analyst"
    PARTNER = "partner", "Partner"
    VIEWER = "viewer", "Viewer"


class Membership(TimeStamped):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_role_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


class EngagementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    REPORTED = "reported", "Reported"


class Engagement(PublicIdModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="engagements")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    summary = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_engagements",
    )
    status = models.CharField(max_length=16, choices=EngagementStatus.choices, default=EngagementStatus.DRAFT)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    feedback_due_on = models.DateField(null=True, blank=True)
    # Local authority codes for this engagement's population baseline; empty means the organisation's.
    area_codes = models.JSONField(default=list, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="engagement_slug_unique_in_organisation"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="engagement_ends_after_it_starts",
                violation_error_message="The end date must be the same as or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def effective_area_codes(self) -> list[str]:
        return list(self.area_codes or self.organisation.area_codes or [])


class EngagementShare(TimeStamped):
    """An engagement shared with a partner: a named user, or every member of a partner organisation."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(organisation__isnull=True))
                | (Q(user__isnull=True) & Q(organisation__isnull=False)),
                name="share_with_exactly_one_user_or_organisation",
            ),
            models.UniqueConstraint(fields=["engagement", "user"], name="share_user_once"),
            models.UniqueConstraint(fields=["engagement", "organisation"], name="share_organisation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement} shared with {self.user or self.organisation}"


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"


class AuditEvent(models.Model):
    """Who saw or changed what. Written by the service that does the work, in the same transaction."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    personal_data = models.BooleanField(default=False)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type} {self.object_id}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class Job(PublicIdModel):
    """A background job as the person who started it sees it: what, progress, outcome."""

    task_name = models.CharField(max_length=200)
    label = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    task_result_id = models.CharField(max_length=64, blank=True)
    arguments = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return 100 if self.status == JobStatus.SUCCEEDED else None
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class ScheduledRun(TimeStamped):
    """One run of a periodic job for one period (a day, an ISO week). The unique constraint is what stops two
    schedulers, or one restarted, from queueing the same run twice."""

    name = models.CharField(max_length=100)
    period = models.CharField(
        max_length=20, help_text="2026-12-02 for a daily job, 2026-W49 for a weekly one"
    )
    job = models.ForeignKey("Job", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "period"], name="scheduled_run_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period}"
