"""The numpy character n-grams give scikit-learn's numbers, and parallel prediction gives the one-process answers."""

import csv

import numpy as np
import pytest
from django.conf import settings
from sklearn.feature_extraction.text import TfidfVectorizer

from folkmoot.understand.themes.ml import classifier, parallel
from folkmoot.understand.themes.ml.fastchars import CharNgrams

ODD = [
    "",
    "   ",
    "😀😀 👍",
    "Ünïcödé  straße ÉCOLE İstanbul",
    "a",
    "ab c",
    "\u00a0hi\u2003there\ttab\nnew line",
    "مرحبا بكم في المستشفى",
    "Bardzo dobra opieka, dziękuję!!!",
    "x" * 5000,
]


def _comments(n=2000):
    path = settings.SHARED_DIR / "data/feedback/train.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        return [row["text"] for _, row in zip(range(n), csv.DictReader(handle), strict=False)]


@pytest.mark.parametrize("ngram_range,min_df", [((2, 5), 3), ((1, 3), 1), ((3, 4), 2)])
def test_char_ngrams_match_scikit_learn_on_real_and_odd_comments(ngram_range, min_df):
    texts = _comments()
    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=ngram_range, min_df=min_df, sublinear_tf=True, dtype=np.float32
    ).fit(texts[:1500])
    unseen = texts[1500:] + ODD
    expected = vectoriser.transform(unseen)
    got = CharNgrams(vectoriser).transform(unseen)
    assert got.shape == expected.shape
    assert got.nnz == expected.nnz
    assert abs(got - expected).max() < 1e-6


def test_char_ngrams_refuse_settings_they_do_not_mirror():
    vectoriser = TfidfVectorizer(analyzer="char", ngram_range=(2, 3)).fit(["some text here"])
    with pytest.raises(ValueError, match="char_wb"):
        CharNgrams(vectoriser)


def test_an_empty_batch_gives_empty_rows():
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True).fit(
        ["hello there"]
    )
    assert CharNgrams(vectoriser).transform(["", "  "]).nnz == 0


def test_parallel_prediction_matches_one_process_in_order(real_classifier):
    texts = _comments(3000) + ODD
    types = (["why", "improve", "good"] * len(texts))[: len(texts)]
    one = [
        p
        for part in parallel.predict_batches(
            classifier.DEFAULT_DIR, texts, types, jobs=1, batch=700, model=real_classifier
        )
        for p in part
    ]
    two = [
        p
        for part in parallel.predict_batches(classifier.DEFAULT_DIR, texts, types, jobs=2, batch=700)
        for p in part
    ]
    assert len(one) == len(two) == len(texts)
    assert [p.labels for p in one] == [p.labels for p in two]
    assert [p.sentiment for p in one] == [p.sentiment for p in two]
    assert [p.flags for p in one] == [p.flags for p in two]
