"""Scores on a labelled file, with bootstrap 95% intervals (resampling comments)."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from . import data


def evaluate(
    model,
    labelled: data.Labelled,
    codes: list[str],
    resamples: int = 300,
    seed: int = 0,
    with_fft_score: bool = False,
) -> dict:
    """Headline scores use the text and question type only; with_fft_score=True also gives the model each
    comment's FFT score (reported separately, never as the headline)."""
    fft = labelled.fft_scores if with_fft_score else None
    predictions = model.predict(labelled.texts, labelled.question_types, fft)
    y_true = np.array([[1 if c in row else 0 for c in codes] for row in labelled.labels])
    y_pred = np.array([[1 if c in p.labels else 0 for c in codes] for p in predictions])
    known = np.array(
        [
            s is not None and p.sentiment is not None
            for s, p in zip(labelled.sentiment, predictions, strict=True)
        ]
    )
    s_true = np.array([s or 0 for s in labelled.sentiment])
    s_pred = np.array([p.sentiment or 0 for p in predictions])

    def scores(idx: np.ndarray) -> dict[str, float]:
        k = idx[known[idx]]
        return {
            "micro_f1": f1_score(y_true[idx], y_pred[idx], average="micro", zero_division=0),
            "macro_f1": f1_score(y_true[idx], y_pred[idx], average="macro", zero_division=0),
            "sentiment_accuracy": accuracy_score(s_true[k], s_pred[k]),
            "sentiment_macro_f1": f1_score(s_true[k], s_pred[k], average="macro", zero_division=0),
        }

    everything = np.arange(len(labelled.texts))
    point = scores(everything)
    rng = np.random.default_rng(seed)
    samples = [scores(rng.integers(0, len(everything), len(everything))) for _ in range(resamples)]
    intervals = {
        name: [
            round(float(np.percentile([s[name] for s in samples], 2.5)), 4),
            round(float(np.percentile([s[name] for s in samples], 97.5)), 4),
        ]
        for name in point
    }
    per_label = {
        code: {
            "f1": round(float(f1_score(y_true[:, j], y_pred[:, j], zero_division=0)), 4),
            "support": int(y_true[:, j].sum()),
        }
        for j, code in enumerate(codes)
    }
    return {
        "n": len(everything),
        "inputs": "text, question_type, fft_score" if with_fft_score else "text, question_type",
        **{k: round(float(v), 4) for k, v in point.items()},
        "per_label": per_label,
        "intervals": intervals,
    }
