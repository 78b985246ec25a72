"""Prediction on every core: batches of comments shared among worker processes, results in input order.

Each worker loads the model once from its folder. Workers are started with "spawn", never "fork": a forked
child would inherit the parent's open database connections (Django, the job worker), and closing them there
breaks them for the parent. Used by `folkmoot themes predict` on large files and by `folkmoot bench themes`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .classifier import Classifier, Prediction, load

BATCH = 5000
_model: Classifier | None = None


def default_jobs() -> int:
    return max(1, min(int(os.environ.get("FOLKMOOT_PREDICT_JOBS", "0")) or (os.cpu_count() or 1), 8))


def _start(folder: str) -> None:
    global _model
    # Each worker is one core's share: the tokenizer's own thread pool in every worker would oversubscribe the
    # cores (bench themes with 2 workers: about 5,000 comments/s with it, about 6,000 without).
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    _model = load(Path(folder))


def _predict(args) -> list[Prediction]:
    texts, question_types, fft_scores = args
    if _model is None:
        raise RuntimeError("the worker's model did not load")
    return _model.predict(texts, question_types, fft_scores)


def predict_batches(
    folder: Path,
    texts: list,
    question_types: list | None = None,
    fft_scores: list | None = None,
    *,
    jobs: int | None = None,
    batch: int = BATCH,
    model: Classifier | None = None,
) -> Iterator[list[Prediction]]:
    """Predictions for `texts`, one list per batch of `batch` comments, in order.

    With one job (or one batch) this runs in this process, on `model` if given, else the model in `folder`."""
    jobs = default_jobs() if jobs is None else max(1, jobs)

    def part(values, start):
        return values[start : start + batch] if values is not None else None

    chunks = [
        (texts[i : i + batch], part(question_types, i), part(fft_scores, i))
        for i in range(0, len(texts), batch)
    ]
    if jobs == 1 or len(chunks) <= 1:
        local = model or load(Path(folder))
        for chunk in chunks:
            yield local.predict(*chunk)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(chunks)), mp_context=context, initializer=_start, initargs=(str(folder),)
    ) as pool:
        yield from pool.map(_predict, chunks)
