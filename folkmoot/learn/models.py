"""Learn: what participants thought of taking part, and what staff learned."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from folkmoot.core.models import Engagement, PublicIdModel


class Rating(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class EvaluationChannel(models.TextChoices):
    ONLINE = "online", "Online"
    PAPER = "paper", "Paper"


class Evaluation(PublicIdModel):
    """One participant's answers about taking part. Anonymous: no contact details are asked for."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="evaluations")
    easy_to_take_part = models.CharField(max_length=8, choices=Rating.choices)
    felt_listened_to = models.CharField(max_length=8, choices=Rating.choices)
    comment = models.TextField(blank=True, max_length=2000)
    channel = models.CharField(
        max_length=8, choices=EvaluationChannel.choices, default=EvaluationChannel.ONLINE
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(easy_to_take_part__in=Rating.values)
                & models.Q(felt_listened_to__in=Rating.values),
                name="learn_evaluation_rating_valid",
            )
        ]


class Reflection(PublicIdModel):
    """A staff member's look back at an engagement (Healthwatch principle 8, Learning)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reflections")
    what_worked = models.TextField(max_length=4000)
    what_to_change = models.TextField(max_length=4000)
    who_we_missed = models.TextField(max_length=4000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]


class EvidencePack(PublicIdModel):
    """A generated evidence pack PDF, kept so the person who asked can download it when the job ends."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="evidence_packs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    job_id = models.UUIDField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
