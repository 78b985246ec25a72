"""Listen: surveys on every channel, one record per response, equality monitoring and consent.

Contact details live in Contact, apart from answers, so that answers stay anonymous and contact details can
be deleted on request or at the survey's retention date without touching what people said.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from folkmoot.core.models import Engagement, Organisation, PublicIdModel, TimeStamped


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Survey(PublicIdModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="surveys")
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    easy_read_introduction = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    # Language codes with translations (English is always there); text per language sits on each question.
    languages = models.JSONField(default=list, blank=True)
    translations = models.JSONField(default=dict, blank=True)  # {"pl": {"title": ..., "introduction": ...}}
    has_easy_read = models.BooleanField(default=False)
    equality_monitoring = models.BooleanField(default=True)
    ask_for_contact = models.BooleanField(default=True)
    contact_retention_days = models.PositiveIntegerField(default=365)
    is_synthetic = models.BooleanField(default=False)
    # Goes up on every change to the survey or its questions (services.submissions keeps it so). A process
    # that keeps a survey's rules in memory sends the version it validated against with each response, and
    # the insert checks it: a response is never judged by rules older than the last edit.
    rules_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class QuestionType(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    LIKERT = "likert", "Likert scale"
    RATING = "rating", "Rating 0 to 10"
    TEXT = "text", "Free text"
    NUMBER = "number", "Number"
    DATE = "date", "Date"
    POSTCODE = "postcode", "Postcode"
    FFT = "fft", "Friends and Family Test"
    EQUALITY = "equality", "Equality monitoring"


class Question(TimeStamped):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=60)
    order = models.PositiveIntegerField(default=0)
    section = models.CharField(max_length=200, blank=True)
    type = models.CharField(max_length=16, choices=QuestionType.choices)
    text = models.TextField()
    hint = models.TextField(blank=True)
    easy_read_text = models.TextField(blank=True)
    easy_read_image = models.CharField(
        max_length=200, blank=True, help_text="Storage name of the uploaded easy-read image."
    )
    easy_read_image_alt = models.CharField(
        max_length=300, blank=True, help_text="What the easy-read image shows, for people who cannot see it."
    )
    required = models.BooleanField(default=False)
    options = models.JSONField(default=list, blank=True)  # [{"value": "...", "label": "..."}]
    # Skip logic: show only if the answer to question `code` equals (or, for multiple choice, includes) value.
    show_if = models.JSONField(default=dict, blank=True)  # {"question": "code", "equals": "value"}
    translations = models.JSONField(
        default=dict, blank=True
    )  # {"pl": {"text", "hint", "options": {value: label}}}
    equality_key = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="question_code_unique_in_survey")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Channel(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper"
    PHONE = "phone", "Phone"
    EVENT = "event", "Event or focus group"
    IMPORT = "import", "Imported"


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


def _reference() -> str:
    # Short, unambiguous, no vowels (no words): a person can read it over the phone.
    alphabet = "BCDFGHJKLMNPQRSTVWXZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Indexes here are only the ones queries use: each one costs every insert (a million-row import).
    # (survey, status) and the two unique constraints below start with survey, so survey needs no index of its own.
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", db_index=False)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    partner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collected_responses",
        help_text="The community partner who collected this response.",
        db_index=False,
    )
    status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    # Unique by constraints in Meta: unique=True would add a second LIKE index that nothing uses.
    reference = models.CharField(max_length=12, default=_reference)
    resume_token = models.CharField(max_length=64, default=secrets.token_urlsafe)
    language = models.CharField(max_length=12, default="en")
    easy_read = models.BooleanField(default=False)
    source_id = models.CharField(
        max_length=200, blank=True, help_text="ID in the system it was imported from."
    )
    content_hash = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_index=False
    )
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="response_reference_unique"),
            # Only a response still being filled in has a resume link. Whole responses (imports, the API, staff
            # entry of paper and phone answers) are born sent and carry no token, so they skip this index:
            # checking a random 32-character token for uniqueness was a third of the database's work per row.
            models.UniqueConstraint(
                fields=["resume_token"], condition=~Q(resume_token=""), name="response_resume_token_unique"
            ),
            models.UniqueConstraint(
                fields=["survey", "source_id"], condition=~Q(source_id=""), name="response_source_id_once"
            ),
            models.UniqueConstraint(
                fields=["survey", "content_hash"], condition=~Q(content_hash=""), name="response_content_once"
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "status"]),
            # Most responses have no partner or staff member: partial indexes skip them.
            models.Index(fields=["partner"], condition=Q(partner__isnull=False), name="response_partner_idx"),
            models.Index(
                fields=["entered_by"], condition=Q(entered_by__isnull=False), name="response_entered_by_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Answer(models.Model):
    id = models.BigAutoField(primary_key=True)
    # answer_once_per_question (response, question) already serves look-ups by response.
    # No database foreign keys here (db_constraint=False): checking two deferred keys for every answer was 40%
    # of the database's work in a million-row import. Answers are written only by Listen's services, with the
    # id of the response they have just created and the ids of that survey's questions (the public path checks
    # them in the same statement); deleting a response or question through Django still deletes its answers.
    # tests/test_answer_integrity.py holds this to account.
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", db_index=False, db_constraint=False
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", db_constraint=False
    )
    value = models.JSONField(null=True, blank=True)  # str, list of str, number, ISO date
    text = models.TextField(blank=True)  # free text, kept searchable

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"


class ContactChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"
    NONE = "none", "Do not contact me"


class ContactFormat(models.TextChoices):
    STANDARD = "standard", "Standard"
    EASY_READ = "easy_read", "Easy read"
    LARGE_PRINT = "large_print", "Large print"
    LANGUAGE = "language", "Another language"


class Contact(PublicIdModel):
    """Someone who asked to hear what happened. Kept apart from answers; deleted on request or at retention."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    address = models.TextField(blank=True)
    channel = models.CharField(max_length=16, choices=ContactChannel.choices)
    format = models.CharField(max_length=16, choices=ContactFormat.choices, default=ContactFormat.STANDARD)
    language = models.CharField(max_length=12, default="en")
    consented_at = models.DateTimeField()
    retain_until = models.DateField()
    forgotten_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Contact {self.pk} ({self.channel})"


class EventKind(models.TextChoices):
    EVENT = "event", "Public event"
    FOCUS_GROUP = "focus_group", "Focus group"
    DROP_IN = "drop_in", "Drop-in"
    OUTREACH = "outreach", "Outreach visit"


class EventRecord(PublicIdModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices, default=EventKind.EVENT)
    held_on = models.DateField()
    place = models.CharField(max_length=200)
    partner = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    attendance = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.place} on {self.held_on}"


class FormatRequest(PublicIdModel):
    class Format(models.TextChoices):
        LARGE_PRINT = "large_print", "Large print"
        BSL = "bsl", "British Sign Language"
        INTERPRETER = "interpreter", "An interpreter"
        PAPER = "paper", "A paper copy"
        EASY_READ = "easy_read", "Easy read"
        OTHER = "other", "Something else"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="format_requests")
    format = models.CharField(max_length=16, choices=Format.choices)
    details = models.TextField(blank=True)
    contact = models.TextField(help_text="How to reach the person: kept only to answer the request.")
    handled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_format_display()} for {self.survey}"
