"""Prediction on every core: batches of comments shared among worker processes, results in input order.

Each worker loads the model once from its folder. Workers are started with "spawn", never "fork": a forked
child would inherit the parent's open database connections (Django, the job worker), and closing them there
breaks them for the parent. Used by `folkmoot themes predict` on large files and by `folkmoot bench themes`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import chain
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


def predict_stream(
    folder: Path,
    chunks: Iterable[tuple],
    *,
    jobs: int | None = None,
    model: Classifier | None = None,
    window: int | None = None,
) -> Iterator[tuple[object, list[Prediction]]]:
    """(payload, predictions) for each (payload, texts, question_types, fft_scores) of `chunks`, in order.

    At most `window` batches (default two per worker) are read ahead and in flight, so a large file is read,
    predicted and written batch by batch in constant memory, and writing one batch overlaps predicting the
    next. Payloads stay in this process. With one job (or one batch) this runs here, on `model` if given,
    else the model in `folder`."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    chunks = iter(chunks)
    ahead = [chunk for chunk in (next(chunks, None), next(chunks, None)) if chunk is not None]
    if jobs == 1 or len(ahead) <= 1:
        local = model or load(Path(folder))
        for payload, *args in chain(ahead, chunks):
            yield payload, local.predict(*args)
        return
    window = window or 2 * jobs
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start, initargs=(str(folder),)
    ) as pool:
        pending: deque = deque()
        for payload, *args in chain(ahead, chunks):
            pending.append((payload, pool.submit(_predict, tuple(args))))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


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
    """Predictions for `texts`, one list per batch of `batch` comments, in order (predict_stream)."""

    def part(values, start):
        return values[start : start + batch] if values is not None else None

    chunks = (
        (None, texts[i : i + batch], part(question_types, i), part(fft_scores, i))
        for i in range(0, len(texts), batch)
    )
    for _, predictions in predict_stream(folder, chunks, jobs=jobs, model=model):
        yield predictions
