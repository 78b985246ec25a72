"""The fast character and word n-grams give scikit-learn's numbers, and parallel prediction gives the
one-process answers."""

import csv

import numpy as np
import pytest
from django.conf import settings
from sklearn.feature_extraction.text import TfidfVectorizer

from folkmoot.understand.themes.ml import classifier, parallel
from folkmoot.understand.themes.ml.fastchars import CharNgrams
from folkmoot.understand.themes.ml.fastwords import WordNgrams

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


@pytest.mark.parametrize(
    "mirror,options",
    [
        (CharNgrams, {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 3}),
        (CharNgrams, {"analyzer": "char_wb", "ngram_range": (1, 3), "min_df": 1}),
        (CharNgrams, {"analyzer": "char_wb", "ngram_range": (3, 4), "min_df": 2}),
        (WordNgrams, {"ngram_range": (1, 2), "min_df": 2, "strip_accents": "unicode"}),
        (WordNgrams, {"ngram_range": (1, 3), "min_df": 1}),
        (WordNgrams, {"ngram_range": (2, 2), "min_df": 1, "strip_accents": "unicode"}),
    ],
)
def test_fast_ngrams_match_scikit_learn_on_real_and_odd_comments(mirror, options):
    texts = _comments()
    vectoriser = TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **options).fit(texts[:1500])
    unseen = texts[1500:] + ODD
    expected = vectoriser.transform(unseen)
    got = mirror(vectoriser).transform(unseen)
    assert got.shape == expected.shape
    assert got.nnz == expected.nnz
    assert abs(got - expected).max() < 1e-6


@pytest.mark.parametrize(
    "mirror,options,message",
    [
        (CharNgrams, {"analyzer": "char", "ngram_range": (2, 3)}, "char_wb"),
        (WordNgrams, {"stop_words": ["the"]}, "stop words"),
        (WordNgrams, {"strip_accents": "ascii"}, "unicode accent"),
    ],
)
def test_fast_ngrams_refuse_settings_they_do_not_mirror(mirror, options, message):
    vectoriser = TfidfVectorizer(**options).fit(["some text here", "and more text"])
    with pytest.raises(ValueError, match=message):
        mirror(vectoriser)


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
