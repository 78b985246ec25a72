"""Answers have no database foreign keys (for import speed), so these tests hold the services to keeping them
pointing at real responses and questions."""

import pytest
from django.core.exceptions import ValidationError

from folkmoot.listen import services
from folkmoot.listen.models import Answer, Question, Response
from folkmoot.listen.services import submissions

pytestmark = pytest.mark.django_db


def _orphans() -> int:
    return (
        Answer.objects.exclude(question_id__in=Question.objects.values("id")).count()
        + Answer.objects.exclude(response_id__in=Response.objects.values("id")).count()
    )


@pytest.fixture
def survey(personas):
    survey = services.survey_create(actor=personas.lead, engagement=personas.engagement, title="Keys")
    services.question_add(survey=survey, type="text", code="story", text="Tell us")
    services.question_add(survey=survey, type="rating", code="score", text="Score")
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


@pytest.mark.sqlite
def test_deleting_a_response_or_a_question_through_django_deletes_their_answers(survey, personas):
    first = services.response_record(
        survey=survey, answers={"story": "One", "score": 3}, channel="paper", actor=personas.lead
    )
    services.response_record(
        survey=survey, answers={"story": "Two", "score": 7}, channel="paper", actor=personas.lead
    )
    assert Answer.objects.count() == 4
    first.delete()
    assert Answer.objects.count() == 2 and _orphans() == 0
    survey.questions.get(code="score").delete()
    assert list(Answer.objects.values_list("text", flat=True)) == ["Two"] and _orphans() == 0
    survey.delete()
    assert Answer.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # as in production: the statement commits by itself, so it can retry
def test_a_question_deleted_behind_a_cached_survey_never_leaves_an_orphan_answer(survey):
    services.response_send_public(slug=survey.slug, answers={"story": "Cached now", "score": 5})
    stale = submissions._plans[survey.slug]  # PostgreSQL's one-statement path caches the survey
    survey.questions.get(code="score").delete()  # clears the cache, as any edit does...
    submissions._plans[survey.slug] = stale  # ...but another process may still hold the old copy
    # The statement finds one answer's question gone and aborts; the retry reads the survey afresh, which no
    # longer asks "score", so the response is refused with a message rather than saved half or orphaned.
    with pytest.raises(ValidationError, match="score"):
        services.response_send_public(slug=survey.slug, answers={"story": "After", "score": 4})
    assert _orphans() == 0
    assert (
        not Answer.objects.filter(response__survey=survey, text="After")
        .exclude(question__code="story")
        .exists()
    )


@pytest.mark.django_db(transaction=True)
def test_an_edit_made_in_another_process_is_noticed_by_the_rules_version(survey):
    services.response_send_public(slug=survey.slug, answers={"story": "Before", "score": 5})
    stale = submissions._plans[survey.slug]
    question = survey.questions.get(code="story")
    question.required = True  # an edit that makes an earlier valid response invalid
    question.save()
    submissions._plans[survey.slug] = stale  # another process still holds the old rules
    with pytest.raises(ValidationError, match="story"):
        services.response_send_public(slug=survey.slug, answers={"score": 4})
    assert not Response.objects.filter(survey=survey).exclude(answers__text="Before").exists()


@pytest.mark.sqlite
def test_saving_a_stale_copy_of_a_survey_still_moves_its_rules_version_on(survey):
    stale_copy = type(survey).objects.get(pk=survey.pk)
    before = stale_copy.rules_version
    question = survey.questions.get(code="score")
    question.text = "Score out of ten"
    question.save()
    stale_copy.title = "Keys (renamed)"
    stale_copy.save()  # the copy still holds the version from before the question edit
    stale_copy.refresh_from_db()
    assert stale_copy.rules_version == before + 2
