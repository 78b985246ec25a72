"""Turning comments into features: TF-IDF words (with the question type as a token), TF-IDF characters,
static sentence embeddings (model2vec, no torch) and the answer's metadata where the input gives it.

Metadata is optional by design: `question_types` and `fft_scores` may be None (or hold None) and the model
was trained on copies of every comment with that metadata blanked, so text alone still works.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from . import static
from .fastchars import CharNgrams
from .fastwords import WordNgrams
from .wordpieces import word_pieces

MAX_CHARS = 3000  # longer comments are classified on their first 3,000 characters (and flagged too_long)
QUESTION_TYPES = ("why", "improve", "good")
FFT_SCORES = ("0", "1", "2", "3", "4", "5", "6", "7")
STORE = Path(__file__).resolve().parent.parent / "models_store"
WHITESPACE = re.compile(r"\s+")
# Where one sentence ends and the next begins (splitting on "but" or ";" as well scored no better).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# Caps on the vocabularies keep the shipped model small (weights are features x categories) and fast.
WORD_FEATURES = 40_000
CHAR_FEATURES = 60_000
# The static embedding distilled from the fine-tuned teacher (tools/distill/) feeds the sentiment head only,
# at this weight (cross-validated with per-fold teachers on train.csv: see MODEL_CARD.md).
SENTIMENT_EMBEDDING_WEIGHT = 2.0


@lru_cache(maxsize=4)
def static_parts(folder: str) -> static.Static:
    """What prediction reads of a static embedding in models_store, loaded without model2vec (static.py)."""
    return static.read(STORE / folder)


@lru_cache(maxsize=4)
def joint_model(folders: tuple[str, ...]) -> static.Static | None:
    """Static embedding models that share one tokenizer, joined into one float32 table so that each comment
    is tokenised once (tokenising was half of the embedding time) and no float16 sums are needed (one model
    alone: its table in float32). None if their tokenizers differ."""
    models = [static_parts(folder) for folder in folders]
    if not static.same_tokenizer(models):
        return None
    first = models[0]
    table = np.empty((first.table.shape[0], sum(m.dim for m in models)), dtype=np.float32)
    start = 0
    for m in models:  # filled in place: no float32 copy of each table on the way
        table[:, start : start + m.dim] = m.table
        start += m.dim
    return static.Static(first.tokenizer, first.unk_token_id, table, False, first.tokenizer_file)


def pieces(texts) -> tuple[list[str], np.ndarray]:
    """Every comment (its first MAX_CHARS characters) cut into sentences with whitespace collapsed, and the
    comment each piece came from, in order. A comment of one sentence is one piece, an empty one "" ."""
    found, owner = [], []
    for i, text in enumerate(texts):
        parts = [WHITESPACE.sub(" ", part).strip() for part in SENTENCE_END.split(text[:MAX_CHARS])]
        parts = [part for part in parts if part] or [""]
        found.extend(parts)
        owner.extend([i] * len(parts))
    return found, np.asarray(owner, dtype=np.int64)


def sentences(texts) -> tuple[list[str], np.ndarray]:
    """The sentences of every comment that has more than one, in order, and the comment each came from.
    (A comment of one sentence is its own best sentence, so it needs no second pass.)"""
    found, owner = pieces(texts)
    several = np.flatnonzero(np.bincount(owner, minlength=len(texts))[owner] > 1)
    return [found[k] for k in several], owner[several]


def _question_token(question_type: str | None) -> str:
    return f"qq{question_type}" if question_type in QUESTION_TYPES else ""


def _prefixed(texts, question_types) -> list[str]:
    # "Nothing" means something different after "what could we improve?" than after "what was good?".
    return [f"{_question_token(q)} {t}" for q, t in zip(question_types, texts, strict=True)]


def _token_counts(model, vocabulary: int, texts) -> sparse.csr_matrix:
    """Token counts per text, tokenised as the model's own tokenize() does (no special tokens, truncated as
    its encode() truncates, the unknown token dropped), through the word-piece cache of wordpieces.py."""
    flat, lengths = word_pieces(model).ids(texts)
    counts = sparse.csr_matrix(
        (np.ones(len(flat), dtype=np.float32), flat, np.r_[0, np.cumsum(lengths)]),
        shape=(len(lengths), vocabulary),
    )
    counts.sum_duplicates()
    return counts


class FittedVectoriser:
    """What prediction reads of a fitted TfidfVectorizer: its settings, vocabulary and idf. A saved Featuriser
    holds these instead of scikit-learn's objects, so a model loads without importing scikit-learn (0.65 s of
    every prediction worker's start). Fitting uses scikit-learn's own vectorisers."""

    FIELDS = (
        "analyzer",
        "lowercase",
        "strip_accents",
        "stop_words",
        "tokenizer",
        "preprocessor",
        "token_pattern",
        "ngram_range",
        "norm",
        "use_idf",
        "sublinear_tf",
        "dtype",
        "vocabulary_",
        "idf_",
    )

    def __init__(self, vectoriser):
        for name in self.FIELDS:
            setattr(self, name, getattr(vectoriser, name))
        if not all(value is None for value in (self.stop_words, self.tokenizer, self.preprocessor)):
            raise ValueError("only vectorisers without stop words or custom analysis are saved this way")
        self.idf_ = np.asarray(self.idf_)


class Featuriser:
    def __init__(
        self,
        embedding: str | None = "minilm-static",
        embedding_weight: float = 1.0,
        sentiment_embedding: str | None = None,
        sentiment_embedding_weight: float = SENTIMENT_EMBEDDING_WEIGHT,
    ):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.words = TfidfVectorizer(
            ngram_range=(1, 2),
            min_df=2,
            max_features=WORD_FEATURES,
            sublinear_tf=True,
            strip_accents="unicode",
            dtype=np.float32,
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=3,
            max_features=CHAR_FEATURES,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.embedding = embedding
        self.embedding_weight = embedding_weight
        self.sentiment_embedding = sentiment_embedding
        self.sentiment_embedding_weight = sentiment_embedding_weight
        self.sentiment_span = (0, 0)  # the columns only the sentiment head reads (set when fitted)

    def __setstate__(self, state):
        state.setdefault("sentiment_embedding", None)  # models saved before the sentiment-only embedding
        state.setdefault("sentiment_span", (0, 0))
        self.__dict__.update(state)

    def _groups(self) -> list:
        """The static embeddings in use (the shared one, then the sentiment head's own), grouped by tokenizer:
        (joined model with its float32 table, [(folder, weight, its columns of the table)]). One group when
        they share MiniLM's tokenizer, so each text is tokenised once."""
        used = [
            (folder, weight)
            for folder, weight in (
                (self.embedding, self.embedding_weight),
                (self.sentiment_embedding, self.sentiment_embedding_weight),
            )
            if folder
        ]
        if not used:
            return []
        groups = [used] if joint_model(tuple(folder for folder, _ in used)) else [[one] for one in used]
        out = []
        for group in groups:
            parts, start = [], 0
            for folder, weight in group:
                dim = static_parts(folder).dim
                parts.append((folder, weight, slice(start, start + dim)))
                start += dim
            out.append((joint_model(tuple(folder for folder, _ in group)), parts))
        return out

    def token_counts(self, texts) -> list[sparse.csr_matrix]:
        """Per tokenizer group: how often each token occurs in each text (a text's counts are the sums of its
        sentences' counts, as the tokenizer splits at spaces and punctuation)."""
        return [_token_counts(model, model.table.shape[0], texts) for model, _ in self._groups()]

    def pooled(self, counts: list[sparse.csr_matrix]) -> list[np.ndarray]:
        """The dense blocks from token counts: each embedding's mean token vector, scaled to unit length where
        that model is set to (the numbers its own encode() gives)."""
        out = []
        for (model, parts), group in zip(self._groups(), counts, strict=True):
            tokens = np.asarray(group.sum(axis=1)).ravel()
            means = np.asarray(group @ model.table) / np.maximum(tokens, 1)[:, None]
            for folder, weight, columns in parts:
                part = means[:, columns]
                if static_parts(folder).normalize:
                    part = part / (np.linalg.norm(part, axis=1, keepdims=True) + 1e-32)
                out.append((part * weight).astype(np.float32))
        return out

    def _embeddings(self, texts) -> list[np.ndarray]:
        return self.pooled(self.token_counts(texts))

    def __getstate__(self):
        state = dict(self.__dict__)
        for name in ("words", "chars"):
            if hasattr(state[name], "vocabulary_") and not isinstance(state[name], FittedVectoriser):
                state[name] = FittedVectoriser(state[name])  # fitted: saved without scikit-learn
        state.pop("_fast_chars", None)  # rebuilt from the fitted vocabularies on first use (milliseconds)
        state.pop("_fast_words", None)
        return state

    def _char_ngrams(self) -> CharNgrams:
        fast = self.__dict__.get("_fast_chars")
        if fast is None:
            fast = self._fast_chars = CharNgrams(self.chars)
        return fast

    def _word_ngrams(self) -> WordNgrams:
        fast = self.__dict__.get("_fast_words")
        if fast is None:
            fast = self._fast_words = WordNgrams(self.words)
        return fast

    def word_features(self, prefixed) -> sparse.csr_matrix:
        """The fitted word TF-IDF, computed by WordNgrams (the same numbers, faster)."""
        return self._word_ngrams().transform(prefixed)

    def char_features(self, texts) -> sparse.csr_matrix:
        """The fitted character TF-IDF, computed by CharNgrams (the same numbers, several times faster)."""
        return self._char_ngrams().transform(texts)

    @property
    def n_sparse(self) -> int:
        """The leading columns that are word and character TF-IDF (the rest are dense)."""
        return len(self.words.vocabulary_) + len(self.chars.vocabulary_)

    @property
    def n_meta(self) -> int:
        return len(QUESTION_TYPES) + len(FFT_SCORES)

    def _prepare(self, texts, question_types):
        texts = [WHITESPACE.sub(" ", t[:MAX_CHARS]).strip() for t in texts]
        qt = list(question_types) if question_types is not None else [None] * len(texts)
        return texts, qt, _prefixed(texts, qt)

    def meta(self, question_types, fft_scores, n: int) -> sparse.csr_matrix:
        qt = list(question_types) if question_types is not None else [None] * n
        fft = (
            [str(f).strip() if f is not None else "" for f in fft_scores]
            if fft_scores is not None
            else [""] * n
        )
        m = np.zeros((n, self.n_meta), dtype=np.float32)
        for i, (q, f) in enumerate(zip(qt, fft, strict=True)):
            if q in QUESTION_TYPES:
                m[i, QUESTION_TYPES.index(q)] = 1.0
            if f in FFT_SCORES:
                m[i, len(QUESTION_TYPES) + FFT_SCORES.index(f)] = 1.0
        return sparse.csr_matrix(m)

    def text_parts(self, texts, question_types, fit: bool = False) -> sparse.csr_matrix:
        """The text features (no fft score): words, characters and the static embedding."""
        texts, qt, prefixed = self._prepare(texts, question_types)
        if fit:
            parts = [self.words.fit_transform(prefixed), self.chars.fit_transform(texts)]
        else:
            parts = [self.word_features(prefixed), self.char_features(texts)]
        dense = self._embeddings(texts)
        if fit and self.sentiment_embedding:
            end = sum(p.shape[1] for p in parts) + sum(d.shape[1] for d in dense)
            self.sentiment_span = (end - dense[-1].shape[1], end)
        parts.extend(sparse.csr_matrix(d) for d in dense)
        return sparse.hstack(parts, format="csr")

    def blocks(self, texts, question_types=None, fft_scores=None) -> list:
        """The same columns as transform(), as separate blocks (sparse words and characters, dense embedding
        and metadata): multiplying each by its rows of the weights skips building one big sparse matrix,
        which took over half of the prediction time."""
        texts_, _, prefixed = self._prepare(texts, question_types)
        out = [self.word_features(prefixed), self.char_features(texts_), *self._embeddings(texts_)]
        out.append(self.meta(question_types, fft_scores, len(texts)).toarray())
        return out

    def sentence_blocks(self, texts, question_types=None, fft_scores=None) -> tuple[list, list, np.ndarray]:
        """blocks() of the comments; blocks() of the sentences of every comment of more than one sentence
        (none if no comment has several); and the comment each of those sentences came from.

        Each sentence is read once. Character n-grams and embedding tokens are counted sentence by sentence,
        and a comment's counts are its sentences' sums: char_wb n-grams never cross a word and the tokenizer
        splits at spaces. Words are tokenised sentence by sentence, and a comment's word n-grams are those of
        its question token and its sentences' tokens joined (so its bigrams cross sentences, as in blocks()).
        The comments' blocks are the numbers blocks() gives (but for a comment over the embedding's 512
        tokens, truncated sentence by sentence here)."""
        n = len(texts)
        found, owner = pieces(texts)
        qt = list(question_types) if question_types is not None else [None] * n
        fft = list(fft_scores) if fft_scores is not None else None
        sizes = np.bincount(owner, minlength=n)
        several = np.flatnonzero(sizes[owner] > 1)
        s_owner = owner[several]
        whole = sparse.csr_matrix(
            (np.ones(len(owner), dtype=np.float32), (owner, np.arange(len(owner)))), shape=(n, len(owner))
        )
        starts = np.r_[0, np.cumsum(sizes)]
        fast = self._char_ngrams()
        chars = fast.counts(found)
        tokens = self.token_counts(found)
        # Word tokens of the n question tokens, then of the pieces. A comment is its question token followed
        # by its pieces; a sentence, its comment's question token followed by itself.
        words = self._word_ngrams()
        numbers = words.tokenise([_question_token(q) for q in qt] + found)
        p = len(found)
        order = np.empty(n + p, dtype=np.int64)
        order[starts[:-1] + np.arange(n)] = np.arange(n)
        order[np.arange(p) + owner + 1] = n + np.arange(p)
        comments = [
            words.weigh(numbers.joined(order, np.repeat(np.arange(n), sizes + 1))),
            fast.weigh(whole @ chars),
            *self.pooled([whole @ group for group in tokens]),
            self.meta(qt, fft, n).toarray(),
        ]
        if not len(several):
            return comments, [], s_owner
        s_qt = [qt[i] for i in s_owner]
        pairs = np.column_stack([s_owner, n + several]).ravel()
        by_sentence = [
            words.weigh(numbers.joined(pairs, np.repeat(np.arange(len(several)), 2))),
            fast.weigh(chars[several]),
            *self.pooled([group[several] for group in tokens]),
            self.meta(s_qt, None if fft is None else [fft[i] for i in s_owner], len(several)).toarray(),
        ]
        return comments, by_sentence, s_owner

    def transform(self, texts, question_types=None, fft_scores=None, fit: bool = False) -> sparse.csr_matrix:
        text = self.text_parts(texts, question_types, fit=fit)
        return sparse.hstack([text, self.meta(question_types, fft_scores, len(texts))], format="csr")
