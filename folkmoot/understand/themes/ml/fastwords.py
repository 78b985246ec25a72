"""Word n-gram TF-IDF with the same numbers as a fitted scikit-learn `TfidfVectorizer(analyzer="word")`, faster.

scikit-learn analyses each comment through a chain of small functions and counts its n-grams in a Python dict
before building the matrix; that was the largest part of the prediction time once the character n-grams were
fast (fastchars.py). Here each comment is lowercased, accent-stripped (as scikit-learn does) and tokenised with
the vectoriser's own pattern; each token becomes the number of the vocabulary token it is (0 if none), and every
n-gram of those numbers is hashed at once and looked up in a hash table of the fitted vocabulary, as the
character n-grams are. Tokens never cross a space, so texts can also be tokenised in pieces and the pieces'
numbers joined (`Sequences`), as sentence scoring does. `tests/ml/test_fastchars.py` checks the output against
scikit-learn's.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import chain, repeat

import numpy as np
from scipy import sparse

from .fastchars import HashIndex, gram_counts, gram_hashes, tfidf


def strip_accents_unicode(text: str) -> str:
    """scikit-learn's strip_accents_unicode (as its 1.9 release has it), here so that prediction does not import
    scikit-learn: NFKD-normalised, combining characters dropped. Called on non-ASCII text only."""
    normalized = unicodedata.normalize("NFKD", text)
    return "".join([c for c in normalized if not unicodedata.combining(c)])


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
        self.n_features = len(vectorizer.vocabulary_)
        self.idf = vectorizer.idf_.astype(np.float32)
        self.dtype = vectorizer.dtype
        grams = [(gram.split(" "), column) for gram, column in vectorizer.vocabulary_.items()]
        self.numbers: dict[str, int] = {}  # every token of the vocabulary's n-grams, numbered from 1
        for tokens, _ in grams:
            for token in tokens:
                self.numbers.setdefault(token, len(self.numbers) + 1)
        ids = np.fromiter((self.numbers[token] for tokens, _ in grams for token in tokens), dtype=np.uint64)
        keys = gram_hashes(ids, [len(tokens) for tokens, _ in grams])
        self.index = HashIndex(keys, np.asarray([column for _, column in grams], dtype=np.int32))

    def tokenise(self, texts) -> Sequences:
        """Each text's tokens as vocabulary token numbers (0 for a token the vocabulary does not hold)."""
        token_lists = []
        for text in texts:
            text = text.lower()
            if self.strip and not text.isascii():
                text = strip_accents_unicode(text)
            token_lists.append(self.token.findall(text))
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        numbers = np.fromiter(
            map(self.numbers.get, chain.from_iterable(token_lists), repeat(0)),
            dtype=np.uint64,
            count=int(lengths.sum()),
        )
        return Sequences(numbers, lengths)

    def transform(self, texts) -> sparse.csr_matrix:
        return self.weigh(self.tokenise(texts))

    def weigh(self, sequences: Sequences) -> sparse.csr_matrix:
        """The TF-IDF rows of token sequences, one row per sequence."""
        n_rows = len(sequences.lengths)
        points = sequences.numbers
        end_at = np.repeat(np.cumsum(sequences.lengths), sequences.lengths)
        row_at = np.repeat(np.arange(n_rows), sequences.lengths)
        shape = (n_rows, self.n_features)
        counts = gram_counts(points, end_at, row_at, shape, self.index, (self.min_n, self.max_n))
        return tfidf(counts, self.idf, self.dtype)


class Sequences:
    """Token numbers laid end to end (`numbers`) and each sequence's length."""

    def __init__(self, numbers: np.ndarray, lengths: np.ndarray):
        self.numbers = numbers
        self.lengths = np.asarray(lengths, dtype=np.int64)

    def joined(self, order: np.ndarray, groups: np.ndarray) -> Sequences:
        """New sequences, each the given sequences joined in order: `order` lists sequences of this one and
        `groups` (non-decreasing, as long as `order`) the new sequence each goes to."""
        starts = np.r_[0, np.cumsum(self.lengths)[:-1]]
        lengths = self.lengths[order]
        total = int(lengths.sum())
        out_starts = np.r_[0, np.cumsum(lengths)[:-1]]
        at = np.arange(total) + np.repeat(starts[order] - out_starts, lengths)
        n_groups = int(groups[-1]) + 1 if len(groups) else 0
        return Sequences(self.numbers[at], np.bincount(groups, weights=lengths, minlength=n_groups))
