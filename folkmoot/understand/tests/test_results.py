"""Per-question results: the same counts as Listen's contracted selector, filters, weights, demo data."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from folkmoot.core.demo import DEMO_AREAS
from folkmoot.listen import selectors as listen
from folkmoot.understand import demo, sources
from folkmoot.understand import results as R
from folkmoot.understand.benchmarks import bench_missing
from folkmoot.understand.models import PopulationCount, PostcodeArea
from folkmoot.understand.population.baselines import DbBaselines
from folkmoot.understand.weights import weight_respondents

from .conftest import DISABLED, LEICESTER

pytestmark = pytest.mark.django_db


def test_answer_table_counts_agree_with_listens_contracted_question_results(survey, responses):
    data = sources.answer_table(survey)
    contracted = {
        q["code"]: {o["value"]: o["count"] for o in q["options"]}
        for q in listen.question_results(survey=survey)
    }
    fft = next(q for q in data.questions if q.code == "fft")
    ours = R.question_result(
        fft,
        data.answers["fft"],
        None,
        organisation=survey.engagement.organisation,
        unsuppressed=True,
        chart=False,
    )
    assert {o["value"]: o["count"] for o in ours["options"] if o["count"]} == {
        k: v for k, v in contracted["fft"].items() if v
    }


def test_filters_by_channel_partner_and_equality_group_select_the_right_rows(survey, responses, personas):
    data = sources.answer_table(survey)
    assert R.mask_for(data, R.Filters(channel="paper")).sum() == 10
    assert R.mask_for(data, R.Filters(partner=personas.vcse.slug)).sum() == 10
    assert R.mask_for(data, R.Filters(group=f"disability={DISABLED}")).sum() == 5
    assert R.mask_for(data, R.Filters(group="sex=Female", channel="online")).sum() == 22
    options = R.filter_options([data], {personas.vcse.slug: personas.vcse.name})
    assert options["partners"] == [{"value": personas.vcse.slug, "text": personas.vcse.name}]
    assert {"value": "sex=Female", "text": "Sex: Female"} in options["groups"]


def test_weighting_to_leicester_moves_the_sample_to_the_census_sex_split(
    survey, responses, leicester, personas
):
    data = sources.answer_table(survey)
    frame = data.answers.rename(columns={code: key for key, code in data.equality_columns.items()})
    weighting = weight_respondents(frame, DbBaselines(), [LEICESTER], variables=["sex", "disability"])
    assert weighting.ok, weighting.error
    female = (frame["sex"] == "Female").to_numpy()
    # Census 2021 TS009, Leicester: 186,466 female of 368,581 usual residents (all ages)
    assert weighting.weights[female].sum() / weighting.weights.sum() == pytest.approx(
        186466 / (186466 + 182115), abs=1e-4
    )
    assert weighting.result.design_effect > 1
    assert np.isclose(weighting.weights.sum(), 40)


def test_demo_loader_loads_only_the_demo_areas_and_their_postcodes():
    demo.load(SimpleNamespace(extra={}))  # the loader only uses ctx.extra
    assert set(PopulationCount.objects.values_list("ltla", flat=True).distinct()) == set(DEMO_AREAS)
    assert PostcodeArea.objects.filter(code="LE1 5").exists()
    assert not PostcodeArea.objects.filter(code__startswith="CV1").exists()
    demo.load(SimpleNamespace(extra={}))  # a second run changes nothing
    assert PostcodeArea.objects.filter(code="LE1 5").exists()


def test_missing_benchmark_runs_on_synthetic_respondents():
    result = bench_missing({"rows": 500, "area": LEICESTER})
    assert result["rows"] == 500 and result["characteristics"] >= 4
    assert set(result) >= {"seconds", "target", "target_met"}


def test_combined_filters_are_refused_when_they_differ_from_a_wider_view_by_a_few_people(survey, responses):
    data = sources.answer_table(survey)
    rules = R.Rules.for_organisation(survey.engagement.organisation)
    # 22 women, all online; 30 online, 10 on paper. Women online vs women: no difference, allowed.
    assert R.differencing_problem(data, R.Filters(group="sex=Female", channel="online"), rules, False) == ""
    # Men online (8) vs men (18): 10 men on paper, allowed; vs everyone online (30): 22 women, allowed.
    assert R.differencing_problem(data, R.Filters(group="sex=Male", channel="online"), rules, False) == ""
    # Disabled and online: 5 people, refused outright.
    assert "Fewer than 8" in R.differencing_problem(
        data, R.Filters(group=f"disability={DISABLED}", channel="online"), rules, False
    )
    # Not disabled and online (25) vs online (30): 5 disabled people online would show by differencing.
    problem = R.differencing_problem(
        data,
        R.Filters(group="disability=Not disabled under the Equality Act", channel="online"),
        rules,
        False,
    )
    assert "without the group filter" in problem
    assert (
        R.differencing_problem(
            data,
            R.Filters(group="disability=Not disabled under the Equality Act", channel="online"),
            rules,
            True,
        )
        == ""
    )


def test_population_load_is_idempotent_but_refills_counts_that_were_deleted(leicester):
    from folkmoot.understand.services import population_load

    again = population_load(ltlas=[LEICESTER], postcodes=False)
    assert again["changed"] is False
    PopulationCount.objects.all().delete()
    refilled = population_load(ltlas=[LEICESTER], postcodes=False)
    assert (
        refilled["parts"]["counts"]["loaded"] > 0 and PopulationCount.objects.filter(ltla=LEICESTER).exists()
    )
