"""A small, real scikit-learn classifier with the shipped model's interface, for tests.

Trained in seconds on a slice of ../shared/data/feedback/train.csv (never test.csv). Used only while the
ML engineer's `ml.classifier.load_default()` is not installed; the tests prefer the real shipped model.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

LABELS = [
    "positive_experience",
    "staff_manner",
    "timeliness",
    "listening_involving",
    "not_assigned",
    "contacting_services",
    "transport",
    "info_from_staff",
    "appt_arrangements",
    "food_drink",
]


@dataclass
class Prediction:
    labels: list[str]
    scores: dict[str, float]
    sentiment: int
    sentiment_scores: dict[int, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    model_version: str = "tiny-test-tfidf-lr"


class TinyClassifier:
    model_version = "tiny-test-tfidf-lr"

    def __init__(self, rows: int = 2500) -> None:
        data = settings.SHARED_DIR / "data" / "feedback"
        with open(data / "train.csv", newline="", encoding="utf-8") as handle:
            train = [r for r in csv.DictReader(handle) if r["sentiment"]][:rows]
        with open(data / "framework.csv", newline="", encoding="utf-8") as handle:
            self._framework = [(r["code"], r["name"], r["group_v6"]) for r in csv.DictReader(handle)]
        texts = [r["text"] for r in train]
        self.vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        x = self.vectoriser.fit_transform(texts)
        y = np.array([[int(r[c]) for c in LABELS] for r in train])
        self.labeller = OneVsRestClassifier(LogisticRegression(C=8, max_iter=300)).fit(x, y)
        self.sentiment = LogisticRegression(C=4, max_iter=300).fit(x, [int(r["sentiment"]) for r in train])

    def labels(self) -> list[tuple[str, str, str]]:
        return list(self._framework)

    def predict(self, texts, question_types=None) -> list[Prediction]:
        if not texts:
            return []
        x = self.vectoriser.transform(list(texts))
        probabilities = self.labeller.predict_proba(x)
        sentiments = self.sentiment.predict_proba(x)
        out = []
        for row, sent in zip(probabilities, sentiments, strict=True):
            scores = {code: float(p) for code, p in zip(LABELS, row, strict=True)}
            chosen = [c for c, p in scores.items() if p >= 0.3] or [max(scores, key=scores.get)]
            classes = [int(c) for c in self.sentiment.classes_]
            out.append(
                Prediction(
                    labels=chosen,
                    scores=scores,
                    sentiment=classes[int(np.argmax(sent))],
                    sentiment_scores=dict(zip(classes, map(float, sent), strict=True)),
                )
            )
        return out
