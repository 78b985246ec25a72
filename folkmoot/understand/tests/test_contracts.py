"""The contract selectors on the shipped Census 2021 data: who_is_missing and results_summary."""

from __future__ import annotations

import math
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from conftest import last_json_line
from folkmoot.core.models import AuditEvent
from folkmoot.understand.selectors import results_summary, who_is_missing

from .conftest import DISABLED, LEICESTER, NOT_DISABLED

pytestmark = pytest.mark.django_db
# Census 2021 TS038, Leicester (E06000016): 57,146 of 368,572 usual residents are disabled under the Equality Act.
LEICESTER_DISABLED = 57146 / 368572


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.mark.sqlite
def test_missing_command_matches_a_hand_computed_case_on_leicesters_census_figures(tmp_path, leicester):
    rows = [DISABLED] * 5 + [NOT_DISABLED] * 90 + ["Prefer not to say"] * 3 + [""] * 2
    path = tmp_path / "responses.csv"
    path.write_text("disability\n" + "".join(f'"{r}"\n' for r in rows))
    out = StringIO()
    call_command("missing", "--responses", str(path), "--area", LEICESTER, "--format", "json", stdout=out)
    report = last_json_line(out.getvalue())
    assert report["area"] == LEICESTER and report["n"] == 100
    (disability,) = report["characteristics"]
    assert disability["n_answered"] == 95
    assert disability["prefer_not_to_say"] == 3 and disability["not_answered"] == 2
    disabled = disability["categories"][0]
    assert disabled["category"] == DISABLED and disabled["respondents"] == 5
    assert disabled["share"] == pytest.approx(5 / 95, abs=1e-6)
    assert disabled["population_share"] == pytest.approx(LEICESTER_DISABLED, abs=1e-6)
    assert disabled["ratio"] == pytest.approx((5 / 95) / LEICESTER_DISABLED, abs=1e-6)
    low, high = wilson(5, 95)
    assert disabled["ci_low"] == pytest.approx(low / LEICESTER_DISABLED, abs=1e-6)
    assert disabled["ci_high"] == pytest.approx(high / LEICESTER_DISABLED, abs=1e-6)
    assert disabled["flag"] == "under"  # 0.76 < 1 - 0.1
    assert disability["categories"][1]["flag"] == "ok"
    assert any("Disabled people are about a third as likely" in s for s in report["summary"])


@pytest.mark.sqlite
def test_who_is_missing_uses_the_engagements_area_and_publishes_no_small_numbers(
    leicester, responses, personas
):
    report = who_is_missing(engagement=personas.engagement)
    assert report["area"] == LEICESTER and report["area_name"] == "Leicester"
    assert report["n"] == 40 and report["unsuppressed"] is False
    by_name = {c["name"]: c for c in report["characteristics"]}
    disabled = by_name["disability"]["categories"][0]
    # 5 disabled respondents is a small number: hidden, with no share or ratio that could reveal it
    assert disabled["respondents"] == "*" and disabled["share"] is None and disabled["ratio"] is None
    assert disabled["population_share"] == pytest.approx(LEICESTER_DISABLED, abs=1e-6)
    not_disabled = by_name["disability"]["categories"][1]
    # secondary suppression: with one of two cells hidden the other would give it away from the total
    assert not_disabled["respondents"] == "*"
    sexes = {c["category"]: c["respondents"] for c in by_name["sex"]["categories"]}
    assert sexes == {"Female": 20, "Male": 20}  # 22 and 18, rounded to the nearest 5
    for text in report["summary"]:
        assert " 5 " not in text and " 22 " not in text


def test_who_is_missing_says_clearly_when_the_engagement_has_no_area(leicester, responses, personas):
    personas.organisation.area_codes = []
    personas.organisation.save()
    report = who_is_missing(engagement=personas.engagement)
    assert "no area" in report["error"] and report["characteristics"] == []


def test_who_is_missing_names_an_unknown_area_code(leicester, responses, personas):
    personas.engagement.area_codes = ["E06999999"]
    personas.engagement.save()
    report = who_is_missing(engagement=personas.engagement)
    assert "E06999999" in report["error"]


def test_results_summary_is_suppressed_for_a_viewer(responses, personas):
    summary = results_summary(engagement=personas.engagement, user=personas.viewer)
    assert summary["unsuppressed"] is False and summary["n_responses"] == 40
    (survey,) = summary["surveys"]
    fft = next(q for q in survey["questions"] if q["code"] == "fft")
    counts = {o["value"]: o["count"] for o in fft["options"]}
    assert counts["Very poor"] == "*"  # 3 people
    assert (
        counts["Good"] == 20 and counts["Very good"] == "*"
    )  # 18 would give the 3 away from the total of 40
    assert fft["n_answered"] == 40
    assert not AuditEvent.objects.filter(summary__contains="unsuppressed").exists()


def test_partner_sees_only_suppressed_results(responses, personas):
    summary = results_summary(engagement=personas.engagement, user=personas.partner)
    assert summary["unsuppressed"] is False


def test_analyst_sees_raw_counts_marked_unsuppressed_and_the_viewing_is_audited(responses, personas):
    summary = results_summary(engagement=personas.engagement, user=personas.analyst)
    assert summary["unsuppressed"] is True
    fft = next(q for q in summary["surveys"][0]["questions"] if q["code"] == "fft")
    assert {o["value"]: o["count"] for o in fft["options"]}["Very poor"] == 3
    event = AuditEvent.objects.get(summary="Viewed unsuppressed results summary")
    assert event.actor == personas.analyst


def test_outsider_cannot_read_the_results_summary(responses, personas):
    with pytest.raises(PermissionDenied):
        results_summary(engagement=personas.engagement, user=personas.outsider)
