"""Survey answers from Listen become comments (by answer id, once) when an engagement is classified."""

import datetime as dt

import pytest

from folkmoot.listen.services import event_record, question_add, response_record, survey_create
from folkmoot.understand.themes.models import Comment, Source
from folkmoot.understand.themes.services import comments_classify

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_free_text_survey_answers_are_collected_once_and_classified(personas, classifier):
    survey = survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Urgent care", equality_monitoring=False
    )
    question_add(survey=survey, type="text", code="better", text="What could we do better?")
    for text in ["Answer the phone faster", "Shorter waits at the walk-in centre"]:
        response_record(survey=survey, answers={"better": text}, channel="paper", actor=personas.lead)
    first = comments_classify(engagement=personas.engagement, actor=personas.analyst)
    second = comments_classify(engagement=personas.engagement, actor=personas.analyst)
    assert first["new_from_surveys"] == 2 and second["new_from_surveys"] == 0
    comments = Comment.objects.filter(source=Source.SURVEY_ANSWER)
    assert comments.count() == 2
    phone = comments.get(text="Answer the phone faster")
    assert phone.question_type == "improve" and phone.question_code == "better" and phone.source_ref
    assert phone.latest_model.labels


def test_event_notes_become_comments_once(personas, classifier):
    event_record(
        actor=personas.lead,
        engagement=personas.engagement,
        kind="event",
        held_on=dt.date(2026, 2, 1),
        place="Synthetic community centre",
        notes="People said buses to the hospital stop too early in the evening.",
    )
    event_record(
        actor=personas.lead,
        engagement=personas.engagement,
        kind="event",
        held_on=dt.date(2026, 2, 2),
        place="Library",
    )
    assert comments_classify(engagement=personas.engagement, actor=None)["new_from_surveys"] == 1
    assert comments_classify(engagement=personas.engagement, actor=None)["new_from_surveys"] == 0
    note = Comment.objects.get(source=Source.EVENT_NOTE)
    assert note.received_at.date() == dt.date(2026, 2, 1) and note.latest_model.labels


@pytest.mark.sqlite
def test_answers_are_collected_in_batches_and_one_another_job_stored_is_skipped(
    personas, classifier, monkeypatch
):
    from folkmoot.understand.themes.services import classify

    monkeypatch.setattr(classify, "BATCH", 3)
    survey = survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Outpatients", equality_monitoring=False
    )
    question_add(survey=survey, type="text", code="why", text="Why did you give that score?")
    texts = [f"The clinic ran {n} minutes late" for n in range(7)]
    for text in texts:
        response_record(survey=survey, answers={"why": text}, channel="paper", actor=personas.lead)
    result = comments_classify(engagement=personas.engagement, actor=None)
    assert result["new_from_surveys"] == 7 and result["comments"] == 7
    stored = Comment.objects.filter(source=Source.SURVEY_ANSWER)
    assert sorted(stored.values_list("text", flat=True)) == sorted(texts)
    assert all(c.latest_model.labels for c in stored)
    # Another job running at the same time stored six of them first: the seventh is kept, none is doubled.
    refs = list(stored.values_list("source_ref", "text"))
    stored.filter(source_ref=refs[0][0]).delete()
    classify._store_new(
        [
            classify._new_comment(
                organisation=personas.engagement.organisation,
                engagement=personas.engagement,
                source=Source.SURVEY_ANSWER,
                source_ref=ref,
                text=text,
                checked=True,
            )
            for ref, text in refs
        ]
    )
    assert sorted(stored.values_list("source_ref", flat=True)) == sorted(ref for ref, _ in refs)
