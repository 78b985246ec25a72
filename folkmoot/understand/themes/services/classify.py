"""Comments in, model labels out: collecting free text from every source and classifying it.

The classifier is the ML engineer's `ml.classifier.load_default()` (an object with `.predict(texts,
question_types=None)` and `.labels()`). It is loaded once per process.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from folkmoot.core.models import AuditAction, Engagement, Organisation, User
from folkmoot.core.pgcopy import ESCAPE, NULL, copy_in
from folkmoot.core.services import audit_record

from ..models import Comment, ModelAssignment, Source
from ..textcheck import classifiable, text_flags, text_for_model

BATCH = 500


@cache
def load_classifier() -> Any:
    """The shipped model. Raises a clear error if it is missing (the classify job then fails visibly)."""
    try:
        from ..ml.classifier import load_default
    except ImportError as exc:
        raise RuntimeError("The themes model is not installed (folkmoot.understand.themes.ml).") from exc
    return load_default()


def framework_labels() -> dict[str, tuple[str, str]]:
    """code -> (label, category) for the national framework the model predicts; empty if no model."""
    try:
        return {code: (label, category) for code, label, category in load_classifier().labels()}
    except (RuntimeError, OSError):  # no model installed or its files are missing: pages still work
        return {}


def _new_comment(
    *,
    organisation: Organisation,
    text: str,
    received_at: dt.datetime | None = None,
    engagement: Engagement | None = None,
    source: Source | str = Source.IMPORTED,
    source_ref: str = "",
    question_code: str = "",
    question_text: str = "",
    question_type: str = "",
    is_synthetic: bool = False,
    checked: bool = False,
) -> Comment:
    """A Comment, validated but not saved. `checked`: the caller holds the organisation and engagement and has
    made sure the source is new, so the checks that query the database are left to the database itself."""
    if engagement is not None and engagement.organisation_id != organisation.pk:
        raise ValidationError("The engagement belongs to another organisation.")
    text = text if isinstance(text, str) else ""
    comment = Comment(
        organisation=organisation,
        engagement=engagement,
        source=source,
        source_ref=str(source_ref),
        question_code=question_code[:80],
        question_text=question_text[:500],
        question_type=question_type,
        text=text,
        received_at=received_at or timezone.now(),
        flags=[str(f) for f in text_flags(text)],
        is_synthetic=is_synthetic,
    )
    if checked:
        comment.full_clean(
            exclude=["organisation", "engagement"], validate_unique=False, validate_constraints=False
        )
    else:
        comment.full_clean()
    return comment


@transaction.atomic
def comment_create(**fields) -> Comment:
    """Keep one piece of free text. Empty, emoji-only or very long text is kept too, with its flags.
    Takes the fields of `_new_comment` (organisation and text, then the optional ones)."""
    comment = _new_comment(**fields)
    comment.save()
    return comment


def _store_new(comments: list[Comment]) -> None:
    """Comments in one statement. One the database already holds (the same source, stored by a job running at
    the same time) is skipped."""
    if comments:
        Comment.objects.bulk_create(comments, ignore_conflicts=True)


def _question_type(question_text: str) -> str:
    lowered = question_text.lower()
    if "improve" in lowered or "better" in lowered:
        return "improve"
    if "good" in lowered or "well" in lowered:
        return "good"
    return "why"


def comments_sync_from_listen(*, engagement: Engagement) -> int:
    """Make a Comment for each free-text survey answer and each event's notes not yet seen. Returns how many."""
    try:
        from folkmoot.listen import selectors as listen_selectors

        answers = listen_selectors.free_text_answers(engagement=engagement)
    except (ImportError, AttributeError):
        return 0
    answered = Comment.objects.filter(engagement=engagement, source=Source.SURVEY_ANSWER)
    seen = set(answered.values_list("source_ref", flat=True))
    before = len(seen)
    new: list[Comment] = []
    for answer in answers.iterator(chunk_size=BATCH):
        if str(answer.id) in seen:
            continue
        new.append(
            _new_comment(
                organisation=engagement.organisation,
                engagement=engagement,
                source=Source.SURVEY_ANSWER,
                source_ref=str(answer.id),
                text=answer.text or "",
                received_at=answer.response.submitted_at or timezone.now(),
                question_code=answer.question.code,
                question_text=answer.question.text,
                question_type=_question_type(answer.question.text),
                is_synthetic=engagement.is_synthetic,
                checked=True,
            )
        )
        if len(new) == BATCH:
            _store_new(new)
            new = []
    _store_new(new)
    return answered.count() - before + _sync_event_notes(engagement, listen_selectors)


def _sync_event_notes(engagement: Engagement, listen_selectors: Any) -> int:
    """Notes of events and focus groups, one comment per event (kept as first recorded)."""
    events = getattr(listen_selectors, "events_for_engagement", None)
    if events is None:
        return 0
    seen = set(
        Comment.objects.filter(engagement=engagement, source=Source.EVENT_NOTE).values_list(
            "source_ref", flat=True
        )
    )
    created = 0
    tz = timezone.get_current_timezone()
    for event in events(engagement=engagement):
        if not event.notes.strip() or str(event.id) in seen:
            continue
        comment_create(
            organisation=engagement.organisation,
            engagement=engagement,
            source=Source.EVENT_NOTE,
            source_ref=str(event.id),
            text=event.notes,
            received_at=dt.datetime.combine(event.held_on, dt.time(12), tzinfo=tz),
            question_text=f"Notes: {event}"[:500],
            is_synthetic=engagement.is_synthetic,
        )
        created += 1
    return created


def _classify_batch(classifier: Any, comments: list[Comment]) -> list[ModelAssignment]:
    readable = [c for c in comments if classifiable(c.flags)]
    predictions = (
        classifier.predict(
            [text_for_model(c.text) for c in readable],
            question_types=[c.question_type or None for c in readable],
        )
        if readable
        else []
    )
    by_id = {c.pk: p for c, p in zip(readable, predictions, strict=True)}
    version = getattr(classifier, "model_version", "") or (
        predictions[0].model_version if predictions else ""
    )
    rows = []
    for comment in comments:
        prediction = by_id.get(comment.pk)
        if prediction is None:
            # Nothing to read: recorded as a model row with no labels, so "not classified" is explicit.
            rows.append(
                ModelAssignment(comment=comment, model_version=version or "none", flags=list(comment.flags))
            )
            continue
        rows.append(
            ModelAssignment(
                comment=comment,
                model_version=prediction.model_version,
                labels=list(prediction.labels),
                scores={k: round(float(v), 4) for k, v in prediction.scores.items()},
                sentiment=int(prediction.sentiment) if prediction.sentiment else None,
                sentiment_scores={str(k): round(float(v), 4) for k, v in prediction.sentiment_scores.items()},
                flags=sorted(set(comment.flags) | set(prediction.flags or [])),
            )
        )
    return rows


def _store_assignments(rows: list[ModelAssignment]) -> None:
    """A batch's model rows: one COPY on PostgreSQL (bulk_create spent most of its time in the driver, quoting
    every row's JSON into the statement in Python), bulk_create elsewhere. The database checks the rows'
    comment and sentiment either way."""
    if connection.vendor != "postgresql":
        ModelAssignment.objects.bulk_create(rows)
        return
    now = timezone.now()
    stamp = now.isoformat()
    lines = []
    for row in rows:
        row.created_at = row.updated_at = now
        cells = (
            str(row.id),
            str(row.comment_id),
            row.model_version.translate(ESCAPE),
            json.dumps(row.labels).translate(ESCAPE),
            json.dumps(row.scores).translate(ESCAPE),
            NULL if row.sentiment is None else str(int(row.sentiment)),
            json.dumps(row.sentiment_scores).translate(ESCAPE),
            json.dumps(row.flags).translate(ESCAPE),
        )
        lines.append(f"{stamp}\t{stamp}\t" + "\t".join(cells) + "\n")
    columns = "created_at, updated_at, id, comment_id, model_version, labels, scores, sentiment, sentiment_scores, flags"
    copy_in(ModelAssignment._meta.db_table, columns, lines)


def _classify_ids(ids: list, classifier: Any, progress: Callable[..., None]) -> dict:
    progress(done=0, total=len(ids), message=f"Classifying {len(ids)} comments")
    classified, flagged, version = 0, {}, ""
    for start in range(0, len(ids), BATCH):
        batch = list(Comment.objects.filter(pk__in=ids[start : start + BATCH]).order_by("received_at", "id"))
        rows = _classify_batch(classifier, batch)
        with transaction.atomic():
            _store_assignments(rows)
            # Each comment points at its newest row, just written: one UPDATE with a subquery (bulk_update's
            # CASE of 500 arms took longer to build than the rows took to write).
            newest = ModelAssignment.objects.filter(comment=OuterRef("pk")).order_by("-created_at", "-pk")
            Comment.objects.filter(pk__in=[c.pk for c in batch]).update(
                latest_model=Subquery(newest.values("pk")[:1])
            )
        for row in rows:
            classified += bool(row.labels)
            version = row.model_version if row.labels else version
            for flag in row.flags:
                flagged[flag] = flagged.get(flag, 0) + 1
        done = min(start + BATCH, len(ids))
        progress(done=done, message=f"Classified {done} of {len(ids)}")
    return {"comments": len(ids), "classified": classified, "flagged": flagged, "model_version": version}


def comments_classify(
    *,
    engagement: Engagement,
    actor: User | None,
    progress: Callable[..., None] | None = None,
    classifier: Any = None,
) -> dict:
    """Classify every free-text comment of an engagement (survey answers of open or closed surveys, notes).

    Collects new survey answers from Listen first. Each run adds ModelAssignment rows; earlier rows stay.
    Returns counts for the job page: comments, classified, flagged (by flag), model_version.
    """
    classifier = classifier or load_classifier()
    new = comments_sync_from_listen(engagement=engagement)
    ids = list(
        Comment.objects.filter(engagement=engagement)
        .order_by("received_at", "id")
        .values_list("pk", flat=True)
    )
    result = {
        "engagement": str(engagement.pk),
        "new_from_surveys": new,
        **_classify_ids(ids, classifier, progress or (lambda **_: None)),
    }
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=engagement,
            summary=f"Classified {len(ids)} free-text comments ({result['model_version'] or 'no model output'})",
            data=result,
        )
    return result


def feedback_classify(
    *,
    organisation: Organisation,
    actor: User | None,
    progress: Callable[..., None] | None = None,
    classifier: Any = None,
) -> dict:
    """Classify the organisation's feedback that belongs to no engagement and has no model labels yet."""
    classifier = classifier or load_classifier()
    ids = list(
        Comment.objects.filter(organisation=organisation, engagement__isnull=True, latest_model__isnull=True)
        .order_by("received_at", "id")
        .values_list("pk", flat=True)
    )
    result = {
        "organisation": organisation.slug,
        **_classify_ids(ids, classifier, progress or (lambda **_: None)),
    }
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            obj=organisation,
            summary=f"Classified {len(ids)} feedback comments",
            data=result,
        )
    return result
