"""Bad input to `folkmoot missing` and `folkmoot rake`: each gets a clear message; nothing is dropped silently."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import last_json_line
from folkmoot.understand.population.baselines import DbBaselines
from folkmoot.understand.stats.raking import RakingError, rake
from folkmoot.understand.weights import weight_with_fallback

from .conftest import LEICESTER

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = StringIO()
    call_command(command, *args, "--format", "json", stdout=out, stderr=StringIO())
    return last_json_line(out.getvalue())


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_unknown_area_code_is_named(tmp_path, leicester):
    responses = write(tmp_path, "r.csv", "sex\nFemale\nMale\n")
    with pytest.raises(CommandError, match="E99999999 is not a local authority"):
        run("missing", "--responses", responses, "--area", f"{LEICESTER},E99999999")


def test_unmatched_categories_are_reported_and_zero_respondent_characteristics_explained(tmp_path, leicester):
    responses = write(
        tmp_path,
        "r.csv",
        "sex,ethnic_group,religion\nFemale,Martian,\nMale,White: Irish,\nfemale,Prefer not to say,\n,,\n",
    )
    report = run("missing", "--responses", responses, "--area", LEICESTER)
    by_name = {c["name"]: c for c in report["characteristics"]}
    assert by_name["ethnic_group"]["unmatched"] == [{"label": "Martian", "respondents": 1}]
    assert by_name["sex"]["n_answered"] == 3  # "female" is mapped, not dropped
    assert by_name["religion"]["status"] == "no_answers"
    assert "Nobody answered the religion question" in by_name["religion"]["message"]
    assert any("did not match a Census category" in s for s in report["summary"])


def test_margins_that_do_not_sum_to_one_are_refused(tmp_path):
    responses = write(tmp_path, "r.csv", "sex\nFemale\nMale\n")
    margins = write(tmp_path, "m.csv", "variable,category,share\nsex,Female,0.6\nsex,Male,0.6\n")
    with pytest.raises(CommandError, match="add up to 1.2000, not 1"):
        run("rake", "--responses", responses, "--margins", margins, "--out", str(tmp_path / "w.csv"))
    assert not (tmp_path / "w.csv").exists()


def test_an_empty_cell_cannot_be_weighted_up_and_says_what_to_do(tmp_path):
    responses = write(tmp_path, "r.csv", "sex\nFemale\nFemale\n")
    margins = write(tmp_path, "m.csv", "variable,category,share\nsex,Female,0.5\nsex,Male,0.5\n")
    with pytest.raises(CommandError, match="no respondents, so no weight can reach it"):
        run("rake", "--responses", responses, "--margins", margins, "--out", str(tmp_path / "w.csv"))


def test_rake_command_json_reports_convergence_design_effect_and_sample_size(tmp_path):
    responses = write(tmp_path, "r.csv", "sex,age\nFemale,young\nFemale,old\nMale,young\nFemale,young\n")
    margins = write(
        tmp_path,
        "m.csv",
        "variable,category,share\nsex,Female,0.5\nsex,Male,0.5\nage,young,0.6\nage,old,0.4\n",
    )
    report = run("rake", "--responses", responses, "--margins", margins, "--out", str(tmp_path / "w.csv"))
    assert report["converged"] is True
    assert report["design_effect"] > 1 and 0 < report["effective_sample_size"] < 4
    assert (tmp_path / "w.csv").read_text().splitlines()[0] == "sex,age,weight"


def test_raking_that_cannot_converge_says_so():
    # Everyone young is female and everyone old is male, but the targets want 90% female and 90% old.
    sex = np.array([0, 0, 1, 1])
    age = np.array([0, 0, 1, 1])
    with pytest.raises(RakingError, match="could not reach the margins") as caught:
        rake([sex, age], [np.array([0.9, 0.1]), np.array([0.1, 0.9])], names=["sex", "age"], max_iteration=50)
    assert "tied together" in str(caught.value) and "Weight by fewer variables" in str(caught.value)
    with pytest.raises(RakingError, match="no respondents"):
        rake([np.array([0, 0])], [np.array([0.5, 0.5])], names=["sex"], categories=[["Female", "Male"]])


def test_weighting_that_cannot_meet_every_margin_falls_back_to_fewer_variables_and_says_so(leicester):
    # Every man is Indian and every woman White British: sex and ethnic group margins fight each other.
    rows = [
        {
            "sex": "Male" if i < 30 else "Female",
            "age_band": ["20-24", "30-34", "40-44", "50-54", "60-64", "70-74"][i % 6],
            "ethnic_group": "Asian, Asian British or Asian Welsh: Indian"
            if i < 30
            else "White: English, Welsh, Scottish, Northern Irish or British",
        }
        for i in range(60)
    ]
    weighting = weight_with_fallback(pd.DataFrame(rows), DbBaselines(), [LEICESTER])
    assert weighting.ok and weighting.variables == ["age_band", "sex"]
    assert weighting.notes[0].startswith("Weighting by age, sex and ethnic group (5 groups) could not meet")
    assert any("Nobody chose 25-29" in note for note in weighting.notes)
