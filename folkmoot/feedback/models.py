"""Feed back: what people said (findings), what was decided about each, and who was told.

A Finding is one "You said" item; its Decision is the "We did". Notifications are per-person delivery rows,
unique per engagement so nobody is told twice. Contacts live in Listen; we keep only their id here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from folkmoot.core.models import Engagement, Organisation, PublicIdModel, TimeStamped


class FindingSource(models.TextChoices):
    THEME = "theme", "A theme in what people wrote"
    QUESTION = "question", "A survey question"
    FREE_TEXT = "free_text", "Typed by staff"
    EVENT = "event", "An event or focus group"


class Finding(PublicIdModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="findings")
    said = models.TextField("You said")
    easy_read_said = models.TextField(blank=True)
    source = models.CharField(max_length=16, choices=FindingSource.choices, default=FindingSource.FREE_TEXT)
    # The theme code or question code the finding came from; empty when typed by staff.
    source_ref = models.CharField(max_length=100, blank=True)
    # The publishable count (already under disclosure control); None when hidden or not counted.
    count = models.PositiveIntegerField(null=True, blank=True)
    quotes = models.JSONField(default=list, blank=True)  # already redacted
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # {"pl": {"said": "...", "we_did": "...", "reason": "..."}}; staff enter these, English is the fallback.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "source", "source_ref"],
                condition=~Q(source_ref=""),
                name="finding_source_once_per_engagement",
                violation_error_message="There is already a finding from this source.",
            ),
        ]

    def __str__(self) -> str:
        return self.said[:80]


class Outcome(models.TextChoices):
    DID = "did", "We did this"
    PARTLY = "partly", "We partly did this"
    COULD_NOT = "could_not", "We could not do this"
    DECIDING = "deciding", "We are still deciding"


class Decision(PublicIdModel):
    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    we_did = models.TextField("We did")
    easy_read_we_did = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    decide_by = models.DateField(null=True, blank=True)
    owner_name = models.CharField(max_length=200)
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="could_not") | ~Q(reason=""),
                name="decision_could_not_has_reason",
                violation_error_message="Say why it could not be done.",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="deciding") | Q(decide_by__isnull=False),
                name="decision_deciding_has_date",
                violation_error_message="Give the date by which you will decide.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.we_did[:60]}"


class FeedbackPage(TimeStamped):
    """Per engagement: whether its "You said, we did" page is public, and a due date when there is no plan."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="feedback_page")
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    introduction = models.TextField(blank=True)


class Audience(models.TextChoices):
    PARTICIPANT = "participant", "Person who took part"
    PARTNER = "partner", "Partner organisation"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not sent"


class Notification(PublicIdModel):
    """One person or partner told (or being told) about one engagement's outcome."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="feedback_notifications"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.PARTICIPANT)
    contact_id = models.UUIDField(null=True, blank=True)  # listen Contact
    partner = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE)
    channel = models.CharField(max_length=16)  # email | sms | letter
    format = models.CharField(max_length=16, default="standard")
    language = models.CharField(max_length=12, default="en")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    via = models.CharField(max_length=16, blank=True)  # notify | smtp | file | letter_pdf
    attempts = models.PositiveSmallIntegerField(default=0)
    # A failure the next run may try again (the service was down), as opposed to a bad address.
    retryable = models.BooleanField(default=False)
    last_error = models.CharField(max_length=500, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "contact_id"],
                condition=Q(contact_id__isnull=False),
                name="notification_contact_told_once",
            ),
            models.UniqueConstraint(
                fields=["engagement", "partner"],
                condition=Q(partner__isnull=False),
                name="notification_partner_told_once",
            ),
            models.CheckConstraint(
                condition=Q(contact_id__isnull=False) | Q(partner__isnull=False),
                name="notification_has_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.get_status_display()}"


class Reminder(TimeStamped):
    """A reminder to an engagement's lead that feedback is overdue: at most one per due date."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="feedback_reminders")
    due_on = models.DateField()
    sent_to = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "due_on"], name="reminder_once_per_due_date"),
        ]
