"""`folkmoot bench themes`: prediction speed of the shipped model on 2 cores, load time and size.
`folkmoot bench classify`: the product's own classify job on a synthetic survey of real comments."""

from __future__ import annotations

import time
from pathlib import Path

from folkmoot.core.bench import Benchmark, peak_rss_mb


def _themes(options: dict) -> dict:
    from .ml import classifier, data, parallel
    from .ml.features import STORE

    started = time.perf_counter()
    model = classifier.load(classifier.DEFAULT_DIR)
    load_seconds = time.perf_counter() - started
    # Real comments (train.csv, repeated to --rows), with their question types as the product passes them.
    labelled = data.read_labelled(data.feedback_dir() / "train.csv", model.codes)
    texts, question_types = labelled.texts, labelled.question_types
    rows = options["rows"]
    repeat = rows // len(texts) + 1
    batch, batch_types = (texts * repeat)[:rows], (question_types * repeat)[:rows]
    jobs = options["jobs"] or parallel.default_jobs()
    # One process first (the figure for a single core), then the product's own parallel path, which
    # `folkmoot themes predict` uses: worker start-up and model loading are inside the timed part.
    one = min(rows, 20_000)
    started = time.perf_counter()
    for _ in parallel.predict_batches(
        classifier.DEFAULT_DIR, batch[:one], batch_types[:one], jobs=1, model=model
    ):
        pass
    one_rate = one / (time.perf_counter() - started)
    started = time.perf_counter()
    predicted = 0
    for part in parallel.predict_batches(classifier.DEFAULT_DIR, batch, batch_types, jobs=jobs, model=model):
        predicted += len(part)
    seconds = time.perf_counter() - started
    # The model folder plus the static embedding models it reads (all are needed to predict).
    folders = [classifier.DEFAULT_DIR]
    for folder in (model.featuriser.embedding, model.featuriser.sentiment_embedding):
        if folder:
            folders.append(STORE / folder)
    size_mb = sum(p.stat().st_size for folder in folders for p in folder.iterdir() if p.is_file()) / 1e6
    rate = rows / seconds
    return {
        "rows": rows,
        "comments_per_s": round(rate),
        "jobs": jobs,
        "predicted": predicted,
        "comments_per_s_one_process": round(one_rate),
        "seconds": round(seconds, 2),
        "load_seconds": round(load_seconds, 2),
        "model_mb": round(size_mb, 1),
        "peak_rss_mb": peak_rss_mb(),
        "model_version": model.model_version,
        "target": ">= 5,000 comments/s (stretch 10,000)",
        "met": rate >= 5000,
    }


def _classify(options: dict) -> dict:
    """A synthetic survey whose free-text answers are real comments (train.csv), imported as responses; then
    the classify job's service: collecting the answers as comments, then classifying and storing them.
    Everything it creates is deleted at the end."""
    import csv
    import uuid

    from django.conf import settings
    from django.db import connection

    from folkmoot.listen.benchmarks import _bench_survey, _cleanup
    from folkmoot.listen.imports import Mapping, responses_import

    from .ml import data
    from .models import Comment, ModelAssignment
    from .services import classify

    n = options["comments"]
    texts = data.read_labelled(data.feedback_dir() / "train.csv", []).texts
    folder = Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path, errors = folder / f"classify-{n}.csv", folder / "classify.errors.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "fft", "comment"])
        writer.writerows([f"r{i}", "Good", texts[i % len(texts)]] for i in range(n))
    survey = _bench_survey(uuid.uuid4().hex[:8])
    engagement = survey.engagement
    model = classify.load_classifier()
    try:
        responses_import(survey=survey, path=path, mapping=Mapping(source_id="id"), errors_path=errors)
        started = time.perf_counter()
        collected = classify.comments_sync_from_listen(engagement=engagement)
        sync_seconds = time.perf_counter() - started
        started = time.perf_counter()
        result = classify.comments_classify(engagement=engagement, actor=None, classifier=model)
        classify_seconds = time.perf_counter() - started
        stored = ModelAssignment.objects.filter(comment__engagement=engagement).count()
    finally:
        with connection.cursor() as cursor:
            comments = f"SELECT id FROM {Comment._meta.db_table} WHERE engagement_id = %s"
            key = engagement.pk if connection.vendor == "postgresql" else engagement.pk.hex
            cursor.execute(
                f"UPDATE {Comment._meta.db_table} SET latest_model_id = NULL WHERE engagement_id = %s", [key]
            )
            cursor.execute(
                f"DELETE FROM {ModelAssignment._meta.db_table} WHERE comment_id IN ({comments})", [key]
            )
            cursor.execute(f"DELETE FROM {Comment._meta.db_table} WHERE engagement_id = %s", [key])
        _cleanup(survey)
        path.unlink(missing_ok=True)
        errors.unlink(missing_ok=True)
    seconds = sync_seconds + classify_seconds
    return {
        "comments": n,
        "database": connection.vendor,
        "collected": collected,
        "classified": result["classified"],
        "stored": stored,
        "collect_seconds": round(sync_seconds, 2),
        "classify_seconds": round(classify_seconds, 2),
        "comments_per_s": round(n / seconds),
        "peak_rss_mb": peak_rss_mb(),
        "model_version": result["model_version"],
    }


BENCHMARKS = {
    "themes": Benchmark(
        help="Comments per second for theme and sentiment prediction, load time and model size.",
        run=_themes,
        add_arguments=lambda p: (
            p.add_argument("--rows", type=int, default=100_000),
            p.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)"),
        ),
    ),
    "classify": Benchmark(
        help="The classify job on a synthetic survey of real comments: collected and classified per second.",
        run=_classify,
        add_arguments=lambda p: p.add_argument("--comments", type=int, default=20_000),
    ),
}
