"""The fast character and word n-grams give scikit-learn's numbers, the word-piece cache gives the tokenizer's
ids, and parallel prediction gives the one-process answers."""

import csv

import numpy as np
import pytest
from django.conf import settings
from sklearn.feature_extraction.text import TfidfVectorizer

from folkmoot.understand.themes.ml import classifier, features, parallel
from folkmoot.understand.themes.ml.fastchars import CharNgrams, HashIndex
from folkmoot.understand.themes.ml.fastwords import WordNgrams
from folkmoot.understand.themes.ml.wordpieces import WordPieces

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


TOKENIZER_EDGES = [
    "don't e-mail me at A&E, 50% of the time!!",
    "[UNK] and [PAD] are the tokenizer's own tokens",
    "a\x01b control\x7fcharacters",
    "Tab\tand\nnew line",
    "医院很好 hospital",
    "café İstanbul naïve",
    "word " * 700,  # over the tokenizer's 512 tokens: truncated
    "supercalifragilisticexpialidocious" * 4,  # over 100 characters: the unknown token, dropped
    "~`^|\\{}<>",
]


def test_the_word_piece_cache_gives_the_tokenizers_own_ids():
    model = features.static_parts("minilm-static")
    texts = _comments() + ODD + TOKENIZER_EDGES
    expected = [
        [i for i in e.ids if i != model.unk_token_id]
        for e in model.tokenizer.encode_batch_fast(texts, add_special_tokens=False)
    ]
    pieces = WordPieces(model)
    for _ in range(2):  # a cold cache, then a warm one
        flat, lengths = pieces.ids(texts)
        assert lengths.tolist() == [len(ids) for ids in expected]
        assert flat.tolist() == [i for ids in expected for i in ids]
    assert len(pieces.known) > 1000  # real comments went through the cache, not the tokenizer whole
    assert max(lengths) == 512


def test_the_hash_index_finds_keys_that_share_a_home_slot_and_nothing_else():
    rng = np.random.default_rng(7)
    keys = rng.integers(1, 2**63, size=5000, dtype=np.uint64)
    # Twenty keys with the same top bits all want the same slot: they are found by probing past each other.
    crowd = (np.uint64(12345) << np.uint64(50)) + np.arange(1, 21, dtype=np.uint64)
    keys = np.concatenate([keys, crowd])
    index = HashIndex(keys, np.arange(len(keys), dtype=np.int32))
    assert index.probes >= 20
    assert index.lookup(keys).tolist() == list(range(len(keys)))
    others = np.setdiff1d(rng.integers(1, 2**63, size=5000, dtype=np.uint64), keys)
    assert (index.lookup(others) == -1).all()
    assert (index.lookup(crowd + np.uint64(100)) == -1).all()
    with pytest.raises(ValueError, match="share a hash"):
        HashIndex(np.array([5, 5], dtype=np.uint64), np.array([0, 1], dtype=np.int32))


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
