"""A plan per engagement (one document, see schema.py), its sign-off history with snapshots, and
imported reports (e.g. Healthwatch) chunked for "Asked before?" search."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from folkmoot.core.models import Engagement, Organisation, PublicIdModel, TimeStamped


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"


class Plan(PublicIdModel):
    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="plan")
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=PlanStatus.values), name="plan_status_valid")
        ]

    def __str__(self) -> str:
        return f"Plan for {self.engagement}"

    @property
    def organisation(self) -> Organisation:
        return self.engagement.organisation

    # Contract fields (docs/contracts.md): read from the document.
    def _date(self, *path: str) -> dt.date | None:
        node = self.data
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return dt.date.fromisoformat(node) if isinstance(node, str) and node else None

    @property
    def feedback_due_on(self) -> dt.date | None:
        return self._date("feedback", "date")

    @property
    def decision_date(self) -> dt.date | None:
        return self._date("aims", "decision_date")

    @property
    def starts_on(self) -> dt.date | None:
        return self._date("timeline", "start")

    @property
    def ends_on(self) -> dt.date | None:
        return self._date("timeline", "end")

    @property
    def level(self) -> str:
        return self.data.get("level", "")

    @property
    def target_groups(self) -> list[dict]:
        return list(self.data.get("audiences", []))

    @property
    def methods(self) -> list[dict]:
        """The plan's methods, each the catalogue entry plus the plan's notes and partner."""
        from .catalogue import methods_by_id

        by_id = methods_by_id()
        return [{**by_id[m["method"]], **m} for m in self.data.get("methods", []) if m.get("method") in by_id]

    def _money(self, key: str) -> float:
        return float(self.data.get("budget", {}).get(key) or 0)

    @property
    def budget_total(self) -> float:
        return self._money("total")

    @property
    def budget_accessibility(self) -> float:
        return self._money("accessibility")

    @property
    def budget_partner_payments(self) -> float:
        return self._money("partner_payments")

    @property
    def budget_translation(self) -> float:
        return self._money("translation")

    @property
    def duties(self) -> dict[str, dict]:
        return dict(self.data.get("duties", {}))


class PlanEvent(TimeStamped):
    """A step in the sign-off lifecycle: who, when, and the checks and duty screening at that moment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=16, choices=PlanStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class ImportedReport(PublicIdModel):
    """An earlier report (e.g. from Healthwatch) uploaded so planners can see what people already said."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plan_reports")
    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    filename = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    findings = models.TextField(blank=True, help_text="The main findings, as the report gives them.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title


class ReportChunk(models.Model):
    report = models.ForeignKey(ImportedReport, on_delete=models.CASCADE, related_name="chunks")
    ordinal = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["report", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["report", "ordinal"], name="plan_chunk_unique")]

    def __str__(self) -> str:
        return f"{self.report} part {self.ordinal}"
