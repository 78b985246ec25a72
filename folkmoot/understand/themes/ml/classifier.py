"""TF-IDF (words and character n-grams) with one linear model per category and one for sentiment.

No torch and no model hub at prediction time: the shipped model is a joblib file in ../models_store/default/
with its MODEL_CARD.md (training command, data version, scores). Per-category thresholds are chosen by
cross-validation on the training data only.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import joblib
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC

from . import data

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "models_store" / "default"
MAX_CHARS = 5000
QUESTION_TYPES = ["why", "improve", "good"]
WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@dataclass
class Prediction:
    labels: list[str]
    scores: dict[str, float]
    sentiment: int | None
    sentiment_scores: dict[int, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    model_version: str = ""


def flags_for(text: str) -> list[str]:
    """Inputs the model cannot read well are marked, never dropped."""
    stripped = (text or "").strip()
    if not stripped:
        return ["empty"]
    flags = []
    if len(stripped) > MAX_CHARS:
        flags.append("too_long")
    if not WORD_RE.search(stripped):
        flags.append("emoji_only" if any(ord(ch) > 0x2000 for ch in stripped) else "no_words")
    letters = [ch for ch in stripped if ch.isalpha()]
    if letters and sum(1 for ch in letters if ord(ch) > 0x24F) / len(letters) > 0.5:
        flags.append("non_english")
    return flags


class Classifier:
    def __init__(self, codes: list[str], framework: list[tuple[str, str, str]]):
        self.codes = codes
        self.framework = framework
        self.model_version = ""
        self.words = TfidfVectorizer(
            ngram_range=(1, 2), min_df=2, max_features=60000, sublinear_tf=True, strip_accents="unicode"
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=3,
            max_features=80000,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.models: list[LinearSVC | None] = []
        self.thresholds = np.zeros(len(codes))
        self.sentiment_model: LinearSVC | None = None

    def _features(self, texts: list[str], question_types: list[str] | None, fit: bool = False):
        texts = [t[:MAX_CHARS] for t in texts]
        qt = question_types or [""] * len(texts)
        extra = sparse.csr_matrix(
            np.array([[1.0 if q == k else 0.0 for k in QUESTION_TYPES] for q in qt], dtype=np.float32)
        )
        if fit:
            return sparse.hstack(
                [self.words.fit_transform(texts), self.chars.fit_transform(texts), extra]
            ).tocsr()
        return sparse.hstack([self.words.transform(texts), self.chars.transform(texts), extra]).tocsr()

    def fit(self, labelled: data.Labelled, folds: int = 3, progress=None) -> dict:
        x = self._features(labelled.texts, labelled.question_types, fit=True)
        y = np.array([[1 if c in row else 0 for c in self.codes] for row in labelled.labels])
        # Thresholds by cross-validation on the training data (never the test set).
        oof = np.zeros(y.shape, dtype=np.float32)
        for i, (train_idx, valid_idx) in enumerate(KFold(folds, shuffle=True, random_state=0).split(x)):
            for j in range(len(self.codes)):
                if y[train_idx, j].sum() < 2:
                    oof[valid_idx, j] = -1.0
                    continue
                model = LinearSVC(C=0.5, class_weight="balanced").fit(x[train_idx], y[train_idx, j])
                oof[valid_idx, j] = model.decision_function(x[valid_idx])
            if progress:
                progress(f"cross-validation fold {i + 1} of {folds}")
        for j in range(len(self.codes)):
            self.thresholds[j] = _best_threshold(oof[:, j], y[:, j])
        self.models = [
            LinearSVC(C=0.5, class_weight="balanced").fit(x, y[:, j]) if y[:, j].sum() >= 2 else None
            for j in range(len(self.codes))
        ]
        known = [i for i, s in enumerate(labelled.sentiment) if s is not None]
        self.sentiment_model = LinearSVC(C=0.3).fit(x[known], [labelled.sentiment[i] for i in known])
        return {"rows": len(labelled.texts), "features": x.shape[1]}

    def labels(self) -> list[tuple[str, str, str]]:
        return list(self.framework)

    def predict(self, texts: list[str], question_types: list[str] | None = None) -> list[Prediction]:
        texts = list(texts)
        if not texts:
            return []
        flags = [flags_for(t) for t in texts]
        readable = [i for i, f in enumerate(flags) if not {"empty", "emoji_only", "no_words"} & set(f)]
        out = [
            Prediction(labels=[], scores={}, sentiment=None, flags=f, model_version=self.model_version)
            for f in flags
        ]
        if not readable:
            return out
        qt = [question_types[i] for i in readable] if question_types else None
        x = self._features([texts[i] for i in readable], qt)
        margins = (
            np.column_stack(
                [m.decision_function(x) if m is not None else np.full(x.shape[0], -9.0) for m in self.models]
            )
            - self.thresholds
        )
        sentiment_margin = self.sentiment_model.decision_function(x)
        classes = [int(c) for c in self.sentiment_model.classes_]
        for row, i in enumerate(readable):
            chosen = [self.codes[j] for j in np.flatnonzero(margins[row] > 0)]
            if not chosen:
                chosen = [self.codes[int(np.argmax(margins[row]))]]
            exp = np.exp(sentiment_margin[row] - sentiment_margin[row].max())
            out[i] = Prediction(
                labels=chosen,
                scores={
                    c: round(float(1 / (1 + np.exp(-m))), 4)
                    for c, m in zip(self.codes, margins[row], strict=True)
                },
                sentiment=classes[int(np.argmax(sentiment_margin[row]))],
                sentiment_scores={
                    c: round(float(p), 4) for c, p in zip(classes, exp / exp.sum(), strict=True)
                },
                flags=flags[i],
                model_version=self.model_version,
            )
        return out

    def save(self, folder: Path, meta: dict) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, folder / "model.joblib", compress=3)
        (folder / "meta.json").write_text(json.dumps(meta, indent=2))


def _best_threshold(margins: np.ndarray, truth: np.ndarray) -> float:
    if truth.sum() == 0:
        return 0.0
    best, best_f1 = 0.0, -1.0
    for t in np.quantile(margins, np.linspace(0.5, 0.999, 120)):
        predicted = margins > t
        tp = float((predicted & (truth == 1)).sum())
        f1 = 2 * tp / (predicted.sum() + truth.sum()) if (predicted.sum() + truth.sum()) else 0.0
        if f1 > best_f1:
            best, best_f1 = float(t), f1
    return best


def load(folder: Path) -> Classifier:
    path = Path(folder) / "model.joblib"
    if not path.exists():
        raise OSError(f"No model at {path}; train one with `folkmoot themes train`")
    started = time.perf_counter()
    model: Classifier = joblib.load(path)
    model.load_seconds = time.perf_counter() - started
    return model


@lru_cache(maxsize=1)
def load_default() -> Classifier:
    """The shipped model, loaded once per process. Raises OSError if its files are missing."""
    return load(DEFAULT_DIR)


def labels() -> list[tuple[str, str, str]]:
    return load_default().labels()
