"""Character n-gram TF-IDF in numpy: the same numbers as a fitted scikit-learn `TfidfVectorizer(analyzer="char_wb")`,
several times faster.

scikit-learn builds every n-gram of every word as a Python string, which was over half of the prediction time.
Here each comment's padded words are laid end to end as one array of code points, every n-gram is a 64-bit
polynomial hash computed for all positions at once, and the hashes are looked up in the sorted hashes of the
fitted vocabulary. Only the fitted vocabulary matters at prediction time, so n-grams outside it are dropped, as
scikit-learn drops them. `tests/ml/test_fastchars.py` checks the output against scikit-learn's.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

_BASE = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def _rolling(points: np.ndarray, max_n: int):
    """For n = 1..max_n, the hash of the n-gram starting at every position (positions too near the end of the
    array hash a shorter tail; callers mask them)."""
    h = np.zeros(len(points), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for n in range(1, max_n + 1):
            shifted = np.zeros(len(points), dtype=np.uint64)
            shifted[: len(points) - n + 1] = points[n - 1 :]
            h = h * _BASE + shifted + np.uint64(1)
            yield n, (h ^ np.uint64(n)) * _MIX


def _gram_hashes(grams: list[str]) -> np.ndarray:
    """The hash of each whole gram, all at once (the grams laid end to end)."""
    lengths = np.array([len(g) for g in grams], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    out = np.zeros(len(grams), dtype=np.uint64)
    for n, hashes in _rolling(_codepoints("".join(grams)), int(lengths.max(initial=1))):
        chosen = lengths == n
        out[chosen] = hashes[starts[chosen]]
    return out


class CharNgrams:
    """Transforms texts exactly as `vectorizer.transform` would, for a fitted char_wb TfidfVectorizer with
    lowercase=True, no accent stripping, sublinear_tf and l2 normalisation (the settings features.py uses)."""

    def __init__(self, vectorizer):
        if vectorizer.analyzer != "char_wb" or vectorizer.strip_accents or not vectorizer.lowercase:
            raise ValueError("CharNgrams mirrors only lowercase char_wb vectorisers without accent stripping")
        if vectorizer.norm != "l2" or not vectorizer.sublinear_tf or not vectorizer.use_idf:
            raise ValueError("CharNgrams mirrors only sublinear, idf-weighted, l2-normalised vectorisers")
        self.min_n, self.max_n = vectorizer.ngram_range
        self.n_features = len(vectorizer.vocabulary_)
        self.idf = vectorizer.idf_.astype(np.float32)
        self.dtype = vectorizer.dtype
        grams = sorted(vectorizer.vocabulary_.items(), key=lambda item: item[1])
        keys = _gram_hashes([gram for gram, _ in grams])
        if len(np.unique(keys)) != len(keys):
            raise ValueError("two vocabulary n-grams share a hash")
        order = np.argsort(keys)
        self.keys = keys[order]
        self.columns = order.astype(np.int32)

    def transform(self, texts) -> sparse.csr_matrix:
        return self.weigh(self.counts(texts))

    def counts(self, texts) -> sparse.csr_matrix:
        """How often each vocabulary n-gram occurs in each text (n-grams never cross a word, so a text's counts
        are the sums of its sentences' counts)."""
        padded, doc_of_word, word_lengths = [], [], []
        for d, text in enumerate(texts):
            words = text.lower().split()
            if words:
                padded.append(" " + "  ".join(words) + " ")
                doc_of_word.extend([d] * len(words))
                word_lengths.extend(len(w) + 2 for w in words)
        n_docs = len(texts)
        if not padded:
            return sparse.csr_matrix((n_docs, self.n_features), dtype=self.dtype)
        points = _codepoints("".join(padded))
        lengths = np.asarray(word_lengths, dtype=np.int64)
        word_end = np.cumsum(lengths)
        # For every position: the end of its word and its document.
        end_at = np.repeat(word_end, lengths)
        doc_at = np.repeat(np.asarray(doc_of_word, dtype=np.int64), lengths)
        position = np.arange(len(points), dtype=np.int64)
        docs, columns = [], []
        for n, hashes in _rolling(points, self.max_n):
            if n < self.min_n:
                continue
            valid = position + n <= end_at
            h = hashes[valid]
            at = np.searchsorted(self.keys, h)
            at[at == len(self.keys)] = 0
            found = self.keys[at] == h
            docs.append(doc_at[valid][found])
            columns.append(self.columns[at[found]])
        doc = np.concatenate(docs)
        column = np.concatenate(columns)
        counts = sparse.csr_matrix(
            (np.ones(len(doc), dtype=np.float32), (doc, column)), shape=(n_docs, self.n_features)
        )
        counts.sum_duplicates()
        return counts

    def weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        return tfidf(counts, self.idf, self.dtype)


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray, dtype) -> sparse.csr_matrix:
    """TF-IDF of counts as a fitted sublinear TfidfVectorizer computes it: log(count) + 1, times idf, each row
    scaled to unit length. `counts` is left as it was."""
    counts = counts.astype(np.float32, copy=True)
    counts.data = (np.log(counts.data) + 1.0) * idf[counts.indices]
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    counts.data /= np.repeat(norms, np.diff(counts.indptr)).astype(np.float32)
    return counts.astype(dtype)
