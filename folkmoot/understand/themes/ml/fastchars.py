"""Character n-gram TF-IDF in numpy: the same numbers as a fitted scikit-learn `TfidfVectorizer(analyzer="char_wb")`,
several times faster.

scikit-learn builds every n-gram of every word as a Python string, which was over half of the prediction time.
Here each comment's padded words are laid end to end as one array of code points, every n-gram is a 64-bit
polynomial hash computed for all positions at once, and the hashes are looked up in a hash table of the fitted
vocabulary (HashIndex). Only the fitted vocabulary matters at prediction time, so n-grams outside it are
dropped, as scikit-learn drops them. `tests/ml/test_fastchars.py` checks the output against scikit-learn's.
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


def gram_hashes(points: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The hash of each gram, all at once: `points` holds the grams laid end to end, `lengths` their lengths."""
    lengths = np.asarray(lengths, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    out = np.zeros(len(lengths), dtype=np.uint64)
    for n, hashes in _rolling(points, int(lengths.max(initial=1))):
        chosen = lengths == n
        out[chosen] = hashes[starts[chosen]]
    return out


class HashIndex:
    """The column of each vocabulary hash, in an open-addressing table four times the vocabulary's size, filled
    by linear probing. A lookup is one or two array reads for most queries, where a binary search of the sorted
    hashes made about sixteen (searchsorted was a third of the character n-gram time)."""

    def __init__(self, keys: np.ndarray, columns: np.ndarray):
        if len(np.unique(keys)) != len(keys):
            raise ValueError("two vocabulary n-grams share a hash")
        bits = max(4, int(np.ceil(np.log2(max(len(keys), 1) * 4))))
        self.shift = np.uint64(64 - bits)
        self.mask = (1 << bits) - 1
        self.keys = np.zeros(1 << bits, dtype=np.uint64)
        self.columns = np.full(1 << bits, -1, dtype=np.int32)
        slot = (keys >> self.shift).astype(np.int64)
        pending = np.arange(len(keys))
        self.probes = 0  # the most slots a lookup reads: a key sits at most probes - 1 after its home slot
        while len(pending):
            self.probes += 1
            home = slot[pending]
            free = self.columns[home] < 0
            claim, at = pending[free], home[free]
            _, first = np.unique(at, return_index=True)  # the first claimant of each free slot takes it
            won = claim[first]
            self.keys[at[first]] = keys[won]
            self.columns[at[first]] = columns[won]
            placed = np.zeros(len(keys), dtype=bool)
            placed[won] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & self.mask

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        """The column of each hash, -1 where it is not in the vocabulary."""
        out = np.full(len(hashes), -1, dtype=np.int32)
        slot = (hashes >> self.shift).astype(np.intp)
        asked = np.arange(len(hashes))
        for _ in range(self.probes):
            column = self.columns[slot]
            hit = (column >= 0) & (self.keys[slot] == hashes)
            out[asked[hit]] = column[hit]
            more = (column >= 0) & ~hit  # an occupied slot holding another key: try the next one
            if not more.any():
                break
            asked, slot, hashes = asked[more], (slot[more] + 1) & self.mask, hashes[more]
        return out


def gram_counts(
    points, end_at, row_at, shape: tuple[int, int], index: HashIndex, ngram_range
) -> sparse.csr_matrix:
    """How often each vocabulary n-gram occurs in each row (`shape`: rows x vocabulary): `points` are the rows'
    symbols laid end to end, `end_at` the end of the run each position is in (n-grams never cross it),
    `row_at` its row."""
    min_n, max_n = ngram_range
    position = np.arange(len(points), dtype=np.int64)
    rows, columns = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int32)]
    for n, hashes in _rolling(points, max_n):
        if n < min_n:
            continue
        valid = np.flatnonzero(position + n <= end_at)
        column = index.lookup(hashes[valid])
        found = column >= 0
        rows.append(row_at[valid[found]])
        columns.append(column[found])
    row, column = np.concatenate(rows), np.concatenate(columns)
    counts = sparse.csr_matrix((np.ones(len(row), dtype=np.float32), (row, column)), shape=shape)
    counts.sum_duplicates()
    return counts


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
        keys = gram_hashes(_codepoints("".join(gram for gram, _ in grams)), [len(gram) for gram, _ in grams])
        self.index = HashIndex(keys, np.asarray([column for _, column in grams], dtype=np.int32))

    def transform(self, texts) -> sparse.csr_matrix:
        return self.weigh(self.counts(texts))

    def counts(self, texts) -> sparse.csr_matrix:
        """How often each vocabulary n-gram occurs in each text (n-grams never cross a word, so a text's counts
        are the sums of its sentences' counts)."""
        # Each text's words, lowercased, each padded with a space either side (as char_wb pads them) and laid end
        # to end: a padded word starts at a space after a space (or at the start) and ends at a space after a
        # letter, so the words' bounds come from the array rather than from a Python loop over the words.
        padded = []
        for text in texts:
            words = text.lower().split()
            padded.append(" " + "  ".join(words) + " " if words else "")
        n_docs = len(texts)
        points = _codepoints("".join(padded))
        if not len(points):
            return sparse.csr_matrix((n_docs, self.n_features), dtype=self.dtype)
        doc_at = np.repeat(np.arange(n_docs), np.fromiter(map(len, padded), dtype=np.int64, count=n_docs))
        space = points == 32
        starts = space & np.r_[True, space[:-1]]
        word_end = np.flatnonzero(np.r_[False, space[1:] & ~space[:-1]]) + 1
        end_at = word_end[np.cumsum(starts) - 1]  # for every position: the end of its word
        shape = (n_docs, self.n_features)
        return gram_counts(points, end_at, doc_at, shape, self.index, (self.min_n, self.max_n))

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
