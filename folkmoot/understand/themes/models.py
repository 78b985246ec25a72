"""Free text and what the model and people said about it, kept as separate facts (STYLE rule 7).

- Comment: one piece of free text from any source (a survey answer, event notes, imported feedback).
- ModelAssignment: what one model version said about one comment. A new run adds a row; none is changed.
- ReviewAssignment: what an analyst decided (accept, relabel, add). Each decision is a new row; the
  latest one is the comment's reviewed labels and overrides the model in every result.
- Code: an organisation's own codes beyond the framework (its local codeframe).
- Cluster: comments no code fits, grouped by similarity for an analyst to name.
- Alert: a theme rising faster than its baseline (early_warning.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from folkmoot.core.models import Engagement, Organisation, PublicIdModel


class Source(models.TextChoices):
    SURVEY_ANSWER = "survey_answer", "Survey answer"
    EVENT_NOTE = "event_note", "Event or focus group notes"
    IMPORTED = "imported", "Imported feedback"
    FEEDBACK = "feedback", "Other feedback"


class Flag(models.TextChoices):
    """Why a comment was not (fully) read by the model. Reported, never dropped silently."""

    EMPTY = "empty", "Empty"
    WHITESPACE = "whitespace_only", "Only spaces or line breaks"
    PLACEHOLDER = "placeholder", "A placeholder such as “Did not answer”"
    TOO_LONG = "too_long", "Very long: only the first part was classified"
    NO_LETTERS = "no_letters", "No words (for example emoji only)"
    NON_ENGLISH = "non_english", "Probably not in English"


class Comment(PublicIdModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="theme_comments")
    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.CASCADE, related_name="theme_comments"
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.IMPORTED)
    # Id of the row this text came from (a listen Answer's id, an import's row id); the text is not copied
    # anywhere else, and deleting the source answer should delete this comment with it.
    source_ref = models.CharField(max_length=64, blank=True)
    question_code = models.CharField(max_length=80, blank=True)
    question_text = models.CharField(max_length=500, blank=True)
    question_type = models.CharField(max_length=20, blank=True, help_text="why, improve or good")
    text = models.TextField(blank=True)
    received_at = models.DateTimeField(db_index=True)
    flags = models.JSONField(default=list, blank=True)
    is_synthetic = models.BooleanField(default=False)
    latest_model = models.ForeignKey(
        "ModelAssignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    latest_review = models.ForeignKey(
        "ReviewAssignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "source_ref"],
                condition=~Q(source_ref=""),
                name="themes_comment_source_once",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "received_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def labels(self) -> list[str]:
        """The labels results use: the latest review if there is one, else the latest model's."""
        if self.latest_review_id:
            return list(self.latest_review.codes)
        if self.latest_model_id:
            return list(self.latest_model.labels)
        return []

    @property
    def sentiment(self) -> int | None:
        if self.latest_review_id and self.latest_review.sentiment:
            return self.latest_review.sentiment
        return self.latest_model.sentiment if self.latest_model_id else None

    @property
    def is_reviewed(self) -> bool:
        return bool(self.latest_review_id)


class ModelAssignment(PublicIdModel):
    """What one model version said about one comment. Never updated."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="model_assignments")
    model_version = models.CharField(max_length=120)
    labels = models.JSONField(default=list, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    sentiment = models.PositiveSmallIntegerField(null=True, blank=True)
    sentiment_scores = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sentiment__isnull=True) | Q(sentiment__gte=1, sentiment__lte=5),
                name="themes_model_sentiment_1_to_5",
            ),
        ]


class ReviewAction(models.TextChoices):
    ACCEPT = "accept", "Accepted the model's labels"
    RELABEL = "relabel", "Relabelled"
    ADD = "add", "Added a label"


class ReviewAssignment(PublicIdModel):
    """An analyst's decision on one comment: the full set of labels after it. Never updated."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=10, choices=ReviewAction.choices)
    codes = models.JSONField(default=list, blank=True)
    sentiment = models.PositiveSmallIntegerField(null=True, blank=True)
    # The model row the reviewer saw, so "accepted" always says accepted what.
    model_assignment = models.ForeignKey(ModelAssignment, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sentiment__isnull=True) | Q(sentiment__gte=1, sentiment__lte=5),
                name="themes_review_sentiment_1_to_5",
            ),
        ]


class Code(PublicIdModel):
    """An organisation's own code, beyond the national framework."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="theme_codes")
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    description = models.CharField(max_length=500, blank=True)
    category = models.CharField(max_length=80, blank=True, default="Local codes")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="themes_code_unique_in_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ClusterStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    NAMED = "named", "Named"
    DISMISSED = "dismissed", "Dismissed"
    SUPERSEDED = "superseded", "Replaced by a newer grouping"


class Cluster(PublicIdModel):
    """Comments no code fits, grouped by similarity (a machine suggestion an analyst may name)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="theme_clusters")
    engagement = models.ForeignKey(Engagement, null=True, blank=True, on_delete=models.CASCADE)
    status = models.CharField(max_length=12, choices=ClusterStatus.choices, default=ClusterStatus.SUGGESTED)
    key_terms = models.JSONField(default=list, blank=True)
    comments = models.ManyToManyField(Comment, related_name="clusters")
    size = models.PositiveIntegerField(default=0)
    code = models.ForeignKey(Code, null=True, blank=True, on_delete=models.SET_NULL)
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-size", "created_at"]


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class Alert(PublicIdModel):
    """A theme whose share of comments in the latest period is significantly above its baseline."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="theme_alerts")
    code = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    period_start = models.DateField()
    period_end = models.DateField()
    observed = models.PositiveIntegerField()
    period_total = models.PositiveIntegerField()
    baseline_count = models.PositiveIntegerField()
    baseline_total = models.PositiveIntegerField()
    expected = models.FloatField()
    p_value = models.FloatField()
    q_value = models.FloatField(help_text="Benjamini-Hochberg adjusted p-value across themes")
    method = models.CharField(max_length=120)
    status = models.CharField(max_length=14, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-period_end", "q_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "period_end"], name="themes_alert_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} rising ({self.period_start} to {self.period_end})"

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected else float("inf")
