"""Only a response still being filled in has a resume token; whole responses carry none (and so cost the
unique index nothing), on every path that writes them."""

import pytest

from folkmoot.listen import services
from folkmoot.listen.models import Response, ResponseStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas):
    survey = services.survey_create(actor=personas.lead, engagement=personas.engagement, title="Tokens")
    services.question_add(survey=survey, type="text", code="story", text="Tell us")
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


@pytest.mark.sqlite
def test_whole_responses_have_no_token_and_started_ones_each_have_their_own(survey, personas):
    services.response_record(
        survey=survey, answers={"story": "Paper one"}, channel="paper", actor=personas.lead
    )
    services.response_record(
        survey=survey, answers={"story": "Paper two"}, channel="phone", actor=personas.lead
    )
    services.response_send_public(slug=survey.slug, answers={"story": "From a kiosk"})
    started = [services.response_start(survey=survey, channel="online") for _ in range(3)]
    whole = Response.objects.filter(status=ResponseStatus.SUBMITTED)
    assert whole.count() == 3 and set(whole.values_list("resume_token", flat=True)) == {""}
    tokens = [r.resume_token for r in started]
    assert all(len(t) >= 20 for t in tokens) and len(set(tokens)) == 3
