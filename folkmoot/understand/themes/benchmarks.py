"""`folkmoot bench themes`: prediction speed of the shipped model on 2 cores, load time and size."""

from __future__ import annotations

import time

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


BENCHMARKS = {
    "themes": Benchmark(
        help="Comments per second for theme and sentiment prediction, load time and model size.",
        run=_themes,
        add_arguments=lambda p: (
            p.add_argument("--rows", type=int, default=100_000),
            p.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)"),
        ),
    ),
}
