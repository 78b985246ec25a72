"""Survey answers from Listen become comments (by answer id, once) when an engagement is classified."""

import pytest

from folkmoot.listen.services import question_add, response_record, survey_create
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
