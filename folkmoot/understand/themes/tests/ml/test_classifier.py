"""The shipped model, through its commands, on real data (train.csv slices; test.csv only via evaluate)."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import last_json_line
from folkmoot.understand.themes.ml import classifier


def test_shipped_model_predicts_framework_codes_and_marks_what_it_cannot_read():
    model = classifier.load_default()
    codes = {code for code, _, _ in model.labels()}
    texts = [
        "The nurses were kind and caring",
        "",
        "   ",
        "😀😀😀",
        "x" * 100_000,
        "None",
        "Bardzo dobra opieka, dziękuję",
    ]
    predictions = model.predict(texts)
    assert "staff_manner" in predictions[0].labels and predictions[0].sentiment in (1, 2)
    assert predictions[1].flags == ["empty"] and predictions[1].labels == []
    assert predictions[2].flags == ["empty"]
    assert "emoji_only" in predictions[3].flags
    assert "too_long" in predictions[4].flags and predictions[4].labels
    assert predictions[5].labels  # "None" is a real answer and gets classified
    assert all(set(p.labels) <= codes for p in predictions)
    assert predictions[0].model_version.startswith("tfidf-svc-")


def test_predict_adds_labels_to_each_row_and_refuses_a_missing_column(tmp_path):
    path = tmp_path / "in.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["id", "comment"], ["1", "Waited four hours in A&E"], ["2", ""]])
    out = StringIO()
    call_command("themes", "predict", str(path), "--text-column", "comment", "--format", "jsonl", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "timeliness" in rows[0]["labels"] and rows[1]["flags"] == ["empty"]
    with pytest.raises(CommandError, match="has no column 'text'"):
        call_command("themes", "predict", str(path), "--text-column", "text")


def test_training_refuses_the_test_set(tmp_path):
    with pytest.raises(CommandError, match="test.csv is for measurement only"):
        call_command("themes", "train", "--data", "../shared/data/feedback/test.csv", "--out", str(tmp_path))


@pytest.mark.django_db
def test_evaluate_prints_scores_with_intervals_on_its_last_line(settings, tmp_path):
    # A 150-comment slice of train.csv keeps this quick; the real measurement is in MODEL_CARD.md.
    source = settings.SHARED_DIR / "data" / "feedback" / "train.csv"
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        rows = [next(reader)] + [row for _, row in zip(range(150), reader, strict=False)]
    slice_path = tmp_path / "slice.csv"
    with slice_path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    out = StringIO()
    call_command("themes", "evaluate", "--test", str(slice_path), "--format", "json", stdout=out)
    result = last_json_line(out.getvalue())
    assert result["n"] == 150
    for key in ("micro_f1", "macro_f1", "sentiment_accuracy", "sentiment_macro_f1"):
        low, high = result["intervals"][key]
        assert 0 <= low <= result[key] <= high <= 1
    assert set(result["per_label"]) == set(
        label.strip() for label in (settings.SHARED_DIR / "data/feedback/eval_labels.txt").read_text().split()
    )
