"""Shared fixtures: the shipped Census 2021 data for Leicester only (fast), and a survey with responses."""

from __future__ import annotations

import pytest

from folkmoot.listen import services as listen
from folkmoot.understand.services import population_load

LEICESTER = "E06000016"
DISABLED = "Disabled under the Equality Act"
NOT_DISABLED = "Not disabled under the Equality Act"


@pytest.fixture
def leicester(db):
    """Leicester's Census 2021 counts from ../shared/data/population (no postcode lookup)."""
    return population_load(ltlas=[LEICESTER], postcodes=False)


def record(survey, answers: dict, *, channel: str = "online", partner=None):
    return listen.response_record(
        survey=survey, answers=answers, channel=channel, partner=partner, check_permission=False
    )


@pytest.fixture
def survey(personas):
    """A synthetic survey on the personas' engagement: an FFT question, free text, sex and disability."""
    survey = listen.survey_create(
        actor=personas.lead,
        engagement=personas.engagement,
        title="Synthetic urgent care survey",
        slug="synthetic-uc",
    )
    listen.question_add(survey=survey, type="fft", code="fft", text="Overall, how was the service?")
    listen.question_add(survey=survey, type="text", code="comment", text="Anything else?")
    listen.survey_add_equality_block(survey=survey, keys=["sex", "disability"])
    return survey


@pytest.fixture
def responses(survey, personas):
    """40 responses: 30 online, 10 from the partner; 5 disabled people (a small group), 3 'Very poor'."""
    rows = []
    for i in range(40):
        rows.append(
            record(
                survey,
                {
                    "fft": "Very poor" if i < 3 else ("Good" if i % 2 else "Very good"),
                    "comment": "Synthetic comment about waiting times" if i < 12 else None,
                    "eq-sex": "Female" if i < 22 else "Male",
                    "eq-disability": DISABLED if i < 5 else NOT_DISABLED,
                },
                channel="online" if i < 30 else "paper",
                partner=personas.vcse if i >= 30 else None,
            )
        )
    return rows
