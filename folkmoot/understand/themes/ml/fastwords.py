"""Word n-gram TF-IDF with the same numbers as a fitted scikit-learn `TfidfVectorizer(analyzer="word")`, faster.

scikit-learn analyses each comment through a chain of small functions and counts its n-grams in a Python dict
before building the matrix; that was the largest part of the prediction time once the character n-grams were
fast (fastchars.py). Here each comment is lowercased, accent-stripped (as scikit-learn does), tokenised with the
vectoriser's own pattern, and its n-grams looked up in the fitted vocabulary in one list comprehension; the
counts are summed by scipy. `tests/ml/test_fastchars.py` checks the output against scikit-learn's.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import strip_accents_unicode

from .fastchars import tfidf


class WordNgrams:
    """Transforms texts as `vectorizer.transform` would, for a fitted word TfidfVectorizer with lowercase=True,
    no stop words, no custom analyser, sublinear_tf, idf and l2 normalisation (the settings features.py uses)."""

    def __init__(self, vectorizer):
        if vectorizer.analyzer != "word" or not vectorizer.lowercase or vectorizer.stop_words is not None:
            raise ValueError("WordNgrams mirrors only lowercase word vectorisers without stop words")
        if vectorizer.tokenizer is not None or vectorizer.preprocessor is not None:
            raise ValueError("WordNgrams mirrors only the default tokenizer and preprocessor")
        if vectorizer.strip_accents not in (None, "unicode"):
            raise ValueError("WordNgrams mirrors only unicode accent stripping")
        if vectorizer.norm != "l2" or not vectorizer.sublinear_tf or not vectorizer.use_idf:
            raise ValueError("WordNgrams mirrors only sublinear, idf-weighted, l2-normalised vectorisers")
        self.min_n, self.max_n = vectorizer.ngram_range
        self.strip = vectorizer.strip_accents == "unicode"
        self.token = re.compile(vectorizer.token_pattern)
        self.vocabulary = vectorizer.vocabulary_
        self.n_features = len(self.vocabulary)
        self.idf = vectorizer.idf_.astype(np.float32)
        self.dtype = vectorizer.dtype

    def _grams(self, tokens: list[str]) -> list[str]:
        grams = tokens if self.min_n == 1 else []
        for n in range(max(self.min_n, 2), self.max_n + 1):
            grams = grams + [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        return grams

    def transform(self, texts) -> sparse.csr_matrix:
        get = self.vocabulary.get
        columns: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for d, text in enumerate(texts):
            text = text.lower()
            if self.strip and not text.isascii():
                text = strip_accents_unicode(text)
            found = [c for c in map(get, self._grams(self.token.findall(text))) if c is not None]
            columns.extend(found)
            lengths[d] = len(found)
        counts = sparse.csr_matrix(
            (
                np.ones(len(columns), dtype=np.float32),
                np.asarray(columns, dtype=np.int64),
                np.r_[0, np.cumsum(lengths)],
            ),
            shape=(len(texts), self.n_features),
        )
        counts.sum_duplicates()
        return tfidf(counts, self.idf, self.dtype)
