import pytest

from folkmoot.core.demo import load_core_demo
from folkmoot.listen import demo, selectors
from folkmoot.listen.models import QuestionType


@pytest.mark.sqlite
@pytest.mark.django_db
def test_demo_survey_has_every_question_type_a_translation_easy_read_and_skewed_responses(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ctx = load_core_demo()
    demo.load(ctx)
    survey = ctx.extra["listen_survey"]
    assert {q.type for q in survey.questions.all()} == set(QuestionType.values)
    assert "ur" in survey.languages and survey.has_easy_read
    pictured = survey.questions.get(code="fft")
    assert pictured.easy_read_image_alt and (tmp_path / pictured.easy_read_image).stat().st_size > 0
    rows = selectors.respondent_rows(survey=survey)
    assert len(rows) == 300
    assert len({row["channel"] for row in rows}) == 4
    young = sum(1 for row in rows if row["age_band"] in ("15-19", "20-24"))
    assert young < 0.05 * len(rows)  # under-represented on purpose, so "who is missing" has something to show
    assert selectors.free_text_answers(survey=survey).count() >= 300
    assert selectors.contacts_for_feedback(engagement=survey.engagement).count() == 12
