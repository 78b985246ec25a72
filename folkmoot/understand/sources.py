"""The one place Understand reads Listen's data, through Listen's selectors (docs/contracts.md).

Contracted: `surveys_for_engagement`, `questions_of`, `respondent_rows`, `question_results`, `free_text_answers`.

Not yet contracted: filtering each question's counts by channel, partner or equality group, and weighting them,
needs every response's answers side by side. No contracted selector gives that, so `answer_table` reads Listen's
own read-only export rows (`listen.exports.rows`, which Listen uses for its CSV/XLSX exports) and is checked by
a test against the contracted `question_results`. When Listen adds a selector for it (asked for in the
Understand report), only `answer_table` changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from folkmoot.core.models import Engagement
from folkmoot.listen import selectors as listen

from .stats.ages import POPULATION_LABELS

EQUALITY_KEYS = [
    "sex",
    "age_band",
    "ethnic_group",
    "religion",
    "disability",
    "sexual_orientation",
    "main_language",
    "unpaid_care",
]


@dataclass
class Question:
    code: str
    text: str
    type: str
    options: list[dict[str, str]]
    equality_key: str = ""
    section: str = ""


@dataclass
class SurveyData:
    slug: str
    title: str
    status: str
    questions: list[Question]
    answers: pd.DataFrame  # one row per response: channel, partner, one column per question code
    equality_columns: dict[str, str] = field(default_factory=dict)  # equality key -> question code


def surveys(engagement: Engagement) -> list[Any]:
    return list(listen.surveys_for_engagement(engagement=engagement).order_by("title"))


def _questions(survey) -> list[Question]:
    out = []
    for q in listen.questions_of(survey):
        options = q.options or []
        out.append(
            Question(
                code=q.code,
                text=q.text,
                type=q.type,
                options=[
                    {"value": str(o["value"]), "label": str(o.get("label", o["value"]))} for o in options
                ],
                equality_key=q.equality_key or "",
                section=q.section or "",
            )
        )
    return out


def answer_table(survey) -> SurveyData:
    """Every submitted response of the survey, one row each, with its channel, partner and answers."""
    from folkmoot.listen.exports import rows  # see the module docstring

    header, generator = rows(survey, True)
    frame = pd.DataFrame(list(generator), columns=header)
    questions = _questions(survey)
    equality = {q.equality_key: q.code for q in questions if q.equality_key}
    age = next((q.code for q in questions if q.code == "age" and q.type == "number"), None)
    if "age_band" not in equality and age and age in frame:
        years = pd.to_numeric(frame[age], errors="coerce")
        frame["__age_band"] = [
            None if pd.isna(y) or y < 0 or y >= 120 else POPULATION_LABELS[min(int(y) // 5, 18)]
            for y in years
        ]
        equality["age_band"] = "__age_band"
    frame = frame.replace({"": None})
    return SurveyData(
        slug=survey.slug,
        title=survey.title,
        status=getattr(survey, "status", ""),
        questions=questions,
        answers=frame,
        equality_columns=equality,
    )


def respondents(engagement: Engagement) -> pd.DataFrame:
    """The contracted anonymous respondent rows (equality answers with Census labels) as a table."""
    rows = listen.respondent_rows(engagement=engagement)
    columns = [
        "response_id",
        "survey",
        "channel",
        "partner",
        "submitted_at",
        "age",
        "postcode",
        *EQUALITY_KEYS,
    ]
    frame = pd.DataFrame(rows, columns=list(dict.fromkeys(columns + (list(rows[0]) if rows else []))))
    return frame


def offered_age_bands(engagement: Engagement) -> list[str]:
    """The age bands the engagement's surveys offered (so bands nobody chose still count)."""
    offered: list[str] = []
    for survey in listen.surveys_for_engagement(engagement=engagement):
        for q in listen.questions_of(survey):
            if q.equality_key == "age_band":
                offered += [str(o["value"]) for o in q.options or []]
    return list(dict.fromkeys(offered))


def question_counts(survey) -> list[dict]:
    return listen.question_results(survey=survey)


def free_text(engagement: Engagement):
    return listen.free_text_answers(engagement=engagement)
