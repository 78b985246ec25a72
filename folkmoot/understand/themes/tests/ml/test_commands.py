"""`folkmoot themes train | evaluate | predict` on real data (train.csv slices; test.csv only via refusal)."""

import csv
import json
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import last_json_line
from folkmoot.understand.themes.ml import classifier
from folkmoot.understand.themes.tests.factories import ReviewedCommentFactory


@pytest.fixture
def train_slice(settings, tmp_path):
    """The first 300 comments of train.csv, as a CSV file of the same shape."""
    source = settings.SHARED_DIR / "data" / "feedback" / "train.csv"
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        rows = [next(reader)] + [row for _, row in zip(range(300), reader, strict=False)]
    path = tmp_path / "slice.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_predict_jsonl_adds_labels_scores_sentiment_and_flags_to_each_row(tmp_path, real_classifier):
    path = _write(
        tmp_path / "in.csv",
        [["id", "comment"], ["1", "Waited four hours in A&E"], ["2", ""], ["3", "😡😡"], ["4", "None"]],
    )
    out = StringIO()
    call_command("themes", "predict", str(path), "--text-column", "comment", "--format", "jsonl", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert "timeliness" in rows[0]["labels"] and rows[0]["sentiment"] in (3, 4, 5)
    assert rows[0]["scores"]["timeliness"] > 0.5
    assert rows[1]["flags"] == ["empty"] and rows[1]["labels"] == []
    assert rows[2]["flags"] == ["emoji_only"]
    assert rows[3]["labels"] and rows[3]["comment"] == "None"


def test_predict_csv_writes_every_row_to_out_with_the_original_columns(tmp_path, real_classifier):
    path = _write(
        tmp_path / "in.csv",
        [
            ["id", "comment", "question_type"],
            ["1", "The nurses were lovely and kind to me", "good"],
            ["2", "x" * 200_000, ""],  # over the csv module's own 131,072-character field limit
        ],
    )
    target = tmp_path / "out.csv"
    call_command("themes", "predict", str(path), "--text-column", "comment", "--out", str(target))
    assert csv.field_size_limit() == 131_072  # the command put the csv module's limit back
    limit = csv.field_size_limit(1_000_000)
    try:
        with target.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    finally:
        csv.field_size_limit(limit)
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[1]["comment"] == "x" * 200_000
    assert "staff_manner" in rows[0]["labels"].split("|") and rows[0]["sentiment"] in ("1", "2")
    assert "too_long" in rows[1]["flags"]
    assert json.loads(rows[0]["scores"])["staff_manner"] > 0.5


def test_predict_refuses_a_csv_without_the_text_column_and_names_the_columns(tmp_path):
    path = _write(tmp_path / "in.csv", [["id", "comment"], ["1", "Fine"]])
    with pytest.raises(CommandError, match=r"has no column 'text'; its columns are: id, comment"):
        call_command("themes", "predict", str(path), "--text-column", "text")


def test_predict_streams_a_file_of_several_batches_in_order_on_two_workers(
    tmp_path, monkeypatch, real_classifier
):
    from folkmoot.understand.themes.ml import parallel

    monkeypatch.setattr(parallel, "BATCH", 40)  # 5 batches, shared between 2 worker processes
    monkeypatch.setenv("FOLKMOOT_PREDICT_JOBS", "2")
    texts = ["The nurses were kind", "Waited four hours", "", "Parking was awful"] * 48 + ["Last one"]
    path = _write(tmp_path / "in.csv", [["id", "comment"], *([str(i), t] for i, t in enumerate(texts))])
    target = tmp_path / "out.csv"
    call_command("themes", "predict", str(path), "--text-column", "comment", "--out", str(target))
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == [str(i) for i in range(len(texts))]
    expected = real_classifier.predict(texts)
    assert [r["labels"] for r in rows] == ["|".join(p.labels) for p in expected]
    assert [r["flags"] for r in rows] == ["|".join(p.flags) for p in expected]


def test_predict_writes_every_row_before_an_unreadable_line_and_says_where_it_stopped(tmp_path):
    good = [f"{i},The staff were kind and the ward was clean on day {i}\n" for i in range(400)]
    path = tmp_path / "in.csv"
    path.write_bytes(("id,comment\n" + "".join(good)).encode() + b"400,caf\xe9 latin-1\n401,After\n")
    target = tmp_path / "out.csv"
    with pytest.raises(CommandError, match=r"in.csv: the text after line \d+ is not UTF-8") as refused:
        call_command("themes", "predict", str(path), "--text-column", "comment", "--out", str(target))
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # The file is decoded in blocks: every row of the blocks before the bad one is written, and counted.
    assert f"The {len(rows)} rows before it were predicted and written" in str(refused.value)
    assert 100 < len(rows) < 400
    assert [r["id"] for r in rows] == [str(i) for i in range(len(rows))]
    assert all(r["labels"] for r in rows)


def test_training_refuses_the_test_set(tmp_path):
    with pytest.raises(CommandError, match="test.csv is for measurement only"):
        call_command("themes", "train", "--data", "../shared/data/feedback/test.csv", "--out", str(tmp_path))


def test_evaluate_prints_scores_with_intervals_on_its_last_line(settings, train_slice, real_classifier):
    out = StringIO()
    call_command("themes", "evaluate", "--test", str(train_slice), "--format", "json", stdout=out)
    result = last_json_line(out.getvalue())
    assert result["n"] == 300
    for key in ("micro_f1", "macro_f1", "sentiment_accuracy", "sentiment_macro_f1"):
        low, high = result["intervals"][key]
        assert 0 <= low <= result[key] <= high <= 1
    assert set(result["per_label"]) == set(
        (settings.SHARED_DIR / "data/feedback/eval_labels.txt").read_text().split()
    )
    # The headline uses text and question type only; the shipped model takes no FFT score at all.
    assert result["inputs"] == "text, question_type"
    assert (
        "with_fft_score" in result
        if classifier.load_default().uses_fft_score
        else "with_fft_score" not in result
    )


def _teacher_file(path, slice_path, copies=2):
    """Soft labels shaped like finetune_teacher.py's soft_train.npz: confident copies of the true labels."""
    with slice_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = [c for c in rows[0] if c in {code for code, _, _ in classifier.labels()}]
    aug = [r for _ in range(copies) for r in rows]
    labels = np.array([[0.9 if r[c] == "1" else 0.1 for c in codes] for r in aug], dtype=np.float32)
    sentiment = np.full((len(aug), 5), 0.05, dtype=np.float32)
    for i, r in enumerate(aug):
        sentiment[i, int(r["sentiment"] or 3) - 1] = 0.8
    np.savez_compressed(
        path,
        codes=np.array(codes),
        aug_text=np.array([r["text"] for r in aug], dtype=object),
        aug_question_type=np.array([r["question_type"] for r in aug], dtype=object),
        aug_labels=labels,
        aug_sentiment=sentiment,
    )
    return path


def test_train_with_a_teacher_adds_its_weighted_soft_labelled_rows(train_slice, tmp_path):
    teacher = _teacher_file(tmp_path / "soft_train.npz", train_slice)
    out = StringIO()
    folder = tmp_path / "student"
    call_command(
        "themes",
        "train",
        "--data",
        str(train_slice),
        "--out",
        str(folder),
        "--teacher",
        str(teacher),
        "--teacher-copies",
        "1",
        "--without-fft-score",
        "--format",
        "json",
        stdout=out,
        stderr=StringIO(),
    )
    meta = last_json_line(out.getvalue())
    assert meta["rows"] == 300 and meta["teacher_rows"] == 300
    assert meta["model_version"].startswith("svc-distilled-")
    assert set(meta["cv"]) == {"text_and_question_only"} and meta["fft_score_input"] is False
    [prediction] = classifier.load(folder).predict(["The staff were kind and helpful"])
    assert prediction.labels and prediction.sentiment in (1, 2, 3, 4, 5)


def test_train_refuses_a_missing_or_unusable_teacher_file(train_slice, tmp_path):
    with pytest.raises(CommandError, match="No teacher soft labels"):
        call_command(
            "themes", "train", "--data", str(train_slice), "--out", str(tmp_path), "--teacher", "nowhere.npz"
        )
    np.savez(tmp_path / "bad.npz", codes=np.array(["staff_manner"]))
    with pytest.raises(CommandError, match="no soft labels for noisy copies"):
        call_command(
            "themes",
            "train",
            "--data",
            str(train_slice),
            "--out",
            str(tmp_path / "m"),
            "--teacher",
            str(tmp_path / "bad.npz"),
        )


@pytest.mark.django_db
def test_train_with_reviewed_labels_writes_a_loadable_model_with_before_and_after_scores(
    personas, train_slice, tmp_path
):
    for _ in range(3):
        ReviewedCommentFactory(
            organisation=personas.organisation,
            text="Parking at the hospital cost a fortune",
            labels=["transport"],
            reviewed=["parking"],
        )
    out = StringIO()
    folder = tmp_path / "model"
    call_command(
        "themes",
        "train",
        "--data",
        str(train_slice),
        "--out",
        str(folder),
        "--include-reviewed",
        personas.organisation.slug,
        "--format",
        "json",
        stdout=out,
        stderr=StringIO(),
    )
    meta = last_json_line(out.getvalue())
    assert meta["rows"] == 303 and meta["reviewed_labels"] == 3
    assert meta["model_version"].endswith("-r3")
    assert set(meta["before_after"]) == {"before", "after"}
    model = classifier.load(folder)
    [prediction] = model.predict(["Parking at the hospital cost a fortune"])
    assert "parking" in prediction.labels
    # Trained with the FFT score as an input: evaluate reports those figures apart from the headline.
    out = StringIO()
    call_command(
        "themes",
        "evaluate",
        "--test",
        str(train_slice),
        "--model",
        str(folder),
        "--format",
        "json",
        stdout=out,
    )
    result = last_json_line(out.getvalue())
    assert result["inputs"] == "text, question_type"
    assert result["with_fft_score"]["inputs"] == "text, question_type, fft_score"
    assert result["with_fft_score"]["n"] == 300


@pytest.mark.parametrize(
    "option, message",
    [
        ("--include-reviewed", "No organisation 'nowhere'"),
        ("--sentiment-embedding", "No static embedding 'nowhere'"),
    ],
)
def test_train_refuses_an_unknown_organisation_or_sentiment_embedding(
    db, train_slice, tmp_path, option, message
):
    with pytest.raises(CommandError, match=message):
        call_command("themes", "train", "--data", str(train_slice), "--out", str(tmp_path), option, "nowhere")


def test_a_sentiment_only_teacher_leaves_the_category_heads_as_without_it(train_slice, tmp_path):
    from folkmoot.understand.themes.ml import data, training

    codes = [c for c, _, _ in data.framework()]
    labelled = data.read_labelled(train_slice, codes)
    path = _teacher_file(tmp_path / "soft.npz", train_slice, copies=1)
    # The teacher disagrees about sentiment, so its rows must move the sentiment head.
    arrays = dict(np.load(path, allow_pickle=True))
    arrays["aug_sentiment"] = arrays["aug_sentiment"][:, ::-1].copy()
    np.savez_compressed(path, **arrays)
    plain, _ = training.fit(labelled, codes, data.framework(), with_fft=False, folds=2)
    runs = {
        heads: training.fit(
            labelled,
            codes,
            data.framework(),
            teacher=training.load_teacher(path, codes, heads=heads),
            with_fft=False,
            folds=2,
        )[0]
        for heads in ("sentiment", "both")
    }
    # liblinear stops at a tolerance, so equal inputs give weights equal to about 1e-5, not bit for bit.
    same = np.abs(runs["sentiment"].weights - plain.weights).max()
    moved = np.abs(runs["both"].weights - plain.weights).max()
    assert same < 1e-3 and moved > 20 * same, (same, moved)
    assert np.abs(runs["sentiment"].sentiment_weights - plain.sentiment_weights).max() > 1e-2


def test_the_sentiment_embedding_is_read_by_the_sentiment_head_only(train_slice, tmp_path):
    from folkmoot.understand.themes.ml import data, training

    codes = [c for c, _, _ in data.framework()]
    labelled = data.read_labelled(train_slice, codes)
    plain, _ = training.fit(labelled, codes, data.framework(), with_fft=False, folds=2)
    model, _ = training.fit(
        labelled, codes, data.framework(), with_fft=False, folds=2, sentiment_embedding="themes-static"
    )
    start, end = model.featuriser.sentiment_span
    assert end - start == 256 and model.weights.shape[0] == plain.weights.shape[0] + 256
    assert not model.weights[start:end].any()
    assert np.abs(model.sentiment_weights[start:end]).max() > 1e-3
    # The category heads see the same columns as without it, so they learn the same weights.
    kept = np.r_[0:start, end : model.weights.shape[0]]
    assert np.abs(model.weights[kept] - plain.weights).max() < 1e-3
    [prediction] = model.predict(["The staff were rude and I waited hours"])
    assert prediction.sentiment in (1, 2, 3, 4, 5)


def test_classify_benchmark_reports_figures_and_leaves_nothing_behind(db, real_classifier):
    from folkmoot.listen.models import Response
    from folkmoot.understand.themes.models import Comment, ModelAssignment

    out = StringIO()
    call_command("bench", "classify", "--comments", "40", stdout=out, stderr=StringIO())
    result = last_json_line(out.getvalue())
    assert (result["comments"], result["collected"], result["stored"]) == (40, 40, 40)
    assert 30 <= result["classified"] <= 40 and result["comments_per_s"] > 0
    assert not Comment.objects.exists() and not ModelAssignment.objects.exists()
    assert not Response.objects.exists()
