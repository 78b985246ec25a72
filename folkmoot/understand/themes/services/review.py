"""Analysts' decisions: review a comment's labels, keep a local codeframe, name groups of comments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from folkmoot.core.models import AuditAction, Engagement, Organisation, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import (
    Alert,
    AlertStatus,
    Cluster,
    ClusterStatus,
    Code,
    Comment,
    ReviewAction,
    ReviewAssignment,
)
from .classify import framework_labels


def valid_codes(*, organisation: Organisation) -> dict[str, str]:
    """code -> label for the framework and the organisation's own codes."""
    codes = {code: label for code, (label, _) in framework_labels().items()}
    codes.update(dict(Code.objects.filter(organisation=organisation).values_list("code", "label")))
    return codes


def _check_codes(organisation: Organisation, codes: list[str]) -> list[str]:
    known = valid_codes(organisation=organisation)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError({"codes": f"Unknown code: {', '.join(unknown)}"})
    return list(dict.fromkeys(codes))


@transaction.atomic
def comment_review(
    *,
    comment: Comment,
    actor: User,
    action: ReviewAction | str,
    codes: list[str] | None = None,
    sentiment: int | None = None,
    note: str = "",
) -> ReviewAssignment:
    """Record a decision on a comment's labels. accept: the model's labels as they are; relabel: exactly
    `codes`; add: the current labels plus `codes`. Earlier decisions and the model's row stay."""
    require(actor, Perm.REVIEW_THEMES, comment.engagement or comment.organisation)
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("latest_model", "latest_review")
        .get(pk=comment.pk)
    )
    codes = list(codes or [])
    if action == ReviewAction.ACCEPT:
        if comment.latest_model is None:
            raise ValidationError("There are no model labels to accept yet.")
        new_codes = list(comment.latest_model.labels)
        sentiment = sentiment or comment.latest_model.sentiment
    elif action == ReviewAction.RELABEL:
        if not codes:
            raise ValidationError({"codes": "Choose at least one label."})
        new_codes = _check_codes(comment.organisation, codes)
    elif action == ReviewAction.ADD:
        if not codes:
            raise ValidationError({"codes": "Choose a label to add."})
        new_codes = list(dict.fromkeys(comment.labels + _check_codes(comment.organisation, codes)))
    else:
        raise ValidationError("Choose accept, relabel or add.")
    if sentiment is None and comment.latest_review is not None:
        sentiment = comment.latest_review.sentiment
    review = ReviewAssignment(
        comment=comment,
        reviewer=actor,
        action=action,
        codes=new_codes,
        sentiment=sentiment,
        model_assignment=comment.latest_model,
        note=note[:500],
    )
    review.full_clean()
    review.save()
    Comment.objects.filter(pk=comment.pk).update(latest_review=review)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        obj=comment,
        summary=f"Reviewed themes: {ReviewAction(action).label.lower()} ({', '.join(new_codes) or 'none'})",
        data={"codes": new_codes, "sentiment": sentiment, "action": str(action)},
    )
    return review


@transaction.atomic
def code_create(
    *, organisation: Organisation, actor: User, label: str, description: str = "", code: str = ""
) -> Code:
    """Add a code to the organisation's local codeframe."""
    require(actor, Perm.REVIEW_THEMES, organisation)
    label = label.strip()
    code = slugify(code or label).replace("-", "_")[:60]
    if not label or not code:
        raise ValidationError({"label": "Enter a name for the code."})
    if code in framework_labels():
        raise ValidationError({"label": "The national framework already has a code with this name."})
    if Code.objects.filter(organisation=organisation, code=code).exists():
        raise ValidationError({"label": "Your organisation already has a code with this name."})
    obj = Code(organisation=organisation, code=code, label=label, description=description, created_by=actor)
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=obj, summary=f"Added local code {label}")
    return obj


@transaction.atomic
def cluster_name(*, cluster: Cluster, actor: User, label: str, code: Code | None = None) -> Cluster:
    """Name a group of comments: a new local code (or an existing one), added to every comment in it."""
    require(actor, Perm.REVIEW_THEMES, cluster.engagement or cluster.organisation)
    if cluster.status != ClusterStatus.SUGGESTED:
        raise ValidationError("This group has already been named or replaced.")
    code = code or code_create(organisation=cluster.organisation, actor=actor, label=label)
    for comment in cluster.comments.all():
        comment_review(comment=comment, actor=actor, action=ReviewAction.ADD, codes=[code.code])
    cluster.status, cluster.code, cluster.named_by = ClusterStatus.NAMED, code, actor
    cluster.save(update_fields=["status", "code", "named_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.CHANGE, obj=cluster, summary=f"Named a group: {code.label}")
    return cluster


@transaction.atomic
def cluster_dismiss(*, cluster: Cluster, actor: User) -> Cluster:
    require(actor, Perm.REVIEW_THEMES, cluster.engagement or cluster.organisation)
    cluster.status = ClusterStatus.DISMISSED
    cluster.save(update_fields=["status", "updated_at"])
    return cluster


@transaction.atomic
def alert_acknowledge(*, alert: Alert, actor: User) -> Alert:
    require(actor, Perm.REVIEW_THEMES, alert.organisation)
    alert.status, alert.acknowledged_by = AlertStatus.ACKNOWLEDGED, actor
    alert.save(update_fields=["status", "acknowledged_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.CHANGE, obj=alert, summary=f"Acknowledged alert: {alert}")
    return alert


@transaction.atomic
def themes_export(*, engagement: Engagement, actor: User) -> list[dict]:
    """Theme summary for publishing: suppressed and redacted whatever the actor may see, and audited."""
    from ..selectors import public_theme_summary

    rows = public_theme_summary(engagement=engagement, user=actor)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=engagement,
        summary=f"Exported {len(rows)} themes for publishing",
    )
    return rows
