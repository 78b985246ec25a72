"""Reads for Understand, and the contract selectors other stages use (docs/contracts.md).

- `who_is_missing(*, engagement)`: the `folkmoot missing` report for the engagement's respondents against its
  area, under disclosure control (safe to publish).
- `results_summary(*, engagement, user)`: per survey and question, counts and percentages, suppressed unless
  the user holds Perm.VIEW_UNSUPPRESSED (then marked "unsuppressed" and audited).
"""

from __future__ import annotations

import pandas as pd

from folkmoot.core.models import Engagement, User
from folkmoot.core.permissions import Perm, has_perm, require

from . import results as R
from . import sources
from .disclosure import Rules, protect_total
from .population.baselines import UnknownArea, default_baselines
from .published import protect_missing_report
from .stats.missing import COLUMNS, Settings, analyse


def area_codes_for(engagement: Engagement) -> list[str]:
    """The engagement's own area, else its organisation's."""
    return engagement.effective_area_codes


def _asked_columns(engagement: Engagement) -> set[str]:
    """Equality keys (and postcode, age) that any of the engagement's surveys asks, answered or not."""
    asked: set[str] = set()
    for survey in sources.surveys(engagement):
        for question in sources.listen.questions_of(survey):
            if question.equality_key:
                asked.add(question.equality_key)
            elif question.type == "postcode":
                asked.add("postcode")
            elif question.code == "age":
                asked.add("age")
    return asked


def respondent_frame(engagement: Engagement) -> pd.DataFrame:
    """The respondents as the who-is-missing engine reads them: channel plus the asked equality columns."""
    frame = sources.respondents(engagement)
    asked = _asked_columns(engagement) | {c for c in COLUMNS if c in frame and frame[c].notna().any()}
    if "age" in asked and "age_band" in frame and frame["age_band"].notna().any():
        asked.discard("age")  # Listen already banded ages; one age column is enough
    keep = ["channel", *[c for c in COLUMNS if c in asked and c in frame]]
    return frame[keep]


def missing_report(engagement: Engagement, *, imd_edition: int = 2025, tolerance: float = 0.1) -> dict:
    """The raw (unsuppressed) report. Only for people holding Perm.VIEW_UNSUPPRESSED, or for protecting."""
    codes = area_codes_for(engagement)
    base = {
        "area": ",".join(codes),
        "area_name": "",
        "n": 0,
        "characteristics": [],
        "summary": [],
        "notes": [],
    }
    if not codes:
        message = (
            "This engagement has no area, so there is no population to compare with. Add its local authority "
            "codes to the engagement (or the organisation)."
        )
        return base | {"error": message, "summary": [message]}
    frame = respondent_frame(engagement)
    settings = Settings(
        tolerance=tolerance, imd_edition=imd_edition, age_bands=sources.offered_age_bands(engagement) or None
    )
    try:
        return analyse(frame, default_baselines(), codes, settings)
    except (UnknownArea, FileNotFoundError) as exc:
        return base | {"error": str(exc), "summary": [str(exc)]}


def who_is_missing(*, engagement: Engagement) -> dict:
    """Contract: the `folkmoot missing` JSON for this engagement, every number under disclosure control."""
    report = missing_report(engagement)
    if report.get("error"):
        return report | {"unsuppressed": False}
    return protect_missing_report(report, organisation=engagement.organisation)


def results_summary(*, engagement: Engagement, user: User | None) -> dict:
    """Contract: each survey's questions with counts and percentages as this user may see them.

    Raises PermissionDenied without Perm.VIEW_RESULTS. With Perm.VIEW_UNSUPPRESSED the raw counts are returned,
    marked `"unsuppressed": True`, and the viewing is audited.
    """
    require(user, Perm.VIEW_RESULTS, engagement)
    unsuppressed = has_perm(user, Perm.VIEW_UNSUPPRESSED, engagement)
    organisation = engagement.organisation
    rules = Rules.for_organisation(organisation)
    surveys = []
    total = 0
    for survey in sources.surveys(engagement):
        data = sources.answer_table(survey)
        mask = R.mask_for(data, R.Filters())
        total += len(data.answers)
        questions = R.survey_results(
            data, mask=mask, weights=None, organisation=organisation, unsuppressed=unsuppressed, chart=False
        )
        surveys.append(
            {
                "slug": data.slug,
                "title": data.title,
                "n_responses": protect_total(
                    len(data.answers), organisation=organisation, unsuppressed=unsuppressed
                ),
                "questions": questions,
            }
        )
    if unsuppressed:
        from .services import unsuppressed_view_record

        unsuppressed_view_record(user=user, engagement=engagement, what="results summary")
    return {
        "engagement": str(engagement.pk),
        "title": engagement.title,
        "unsuppressed": unsuppressed,
        "n_responses": protect_total(total, organisation=organisation, unsuppressed=unsuppressed),
        "disclosure": {
            "suppress_below": rules.suppress_below,
            "round_to": rules.round_to,
            "footnote": rules.footnote,
        },
        "surveys": surveys,
    }
