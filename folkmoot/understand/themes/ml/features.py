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
from sklearn.feature_extraction.text import TfidfVectorizer

from .fastchars import CharNgrams

MAX_CHARS = 3000  # longer comments are classified on their first 3,000 characters (and flagged too_long)
QUESTION_TYPES = ("why", "improve", "good")
FFT_SCORES = ("0", "1", "2", "3", "4", "5", "6", "7")
STORE = Path(__file__).resolve().parent.parent / "models_store"
WHITESPACE = re.compile(r"\s+")
# Caps on the vocabularies keep the shipped model small (weights are features x categories) and fast.
WORD_FEATURES = 40_000
CHAR_FEATURES = 60_000
# The static embedding distilled from the fine-tuned teacher (tools/distill/) feeds the sentiment head only,
# at this weight (cross-validated with per-fold teachers on train.csv: see MODEL_CARD.md).
SENTIMENT_EMBEDDING_WEIGHT = 2.0


@lru_cache(maxsize=4)
def static_model(folder: str):
    """A model2vec static embedding model from models_store (numpy only at run time)."""
    from model2vec import StaticModel

    return StaticModel.from_pretrained(str(STORE / folder))


@lru_cache(maxsize=4)
def joint_model(folders: tuple[str, ...]):
    """Static embedding models that share one tokenizer, joined into one float32 table so that each comment
    is tokenised once (tokenising was half of the embedding time) and no float16 sums are needed. None if
    their tokenizers differ."""
    from model2vec import StaticModel

    models = [static_model(folder) for folder in folders]
    vocabulary = models[0].tokenizer.to_str()
    if any(m.tokenizer.to_str() != vocabulary for m in models[1:]):
        return None
    table = np.hstack([m.embedding.astype(np.float32) for m in models])
    return StaticModel(vectors=table, tokenizer=models[0].tokenizer, normalize=False)


def _question_token(question_type: str | None) -> str:
    return f"qq{question_type}" if question_type in QUESTION_TYPES else ""


class Featuriser:
    def __init__(
        self,
        embedding: str | None = "minilm-static",
        embedding_weight: float = 1.0,
        sentiment_embedding: str | None = None,
        sentiment_embedding_weight: float = SENTIMENT_EMBEDDING_WEIGHT,
    ):
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

    def _embeddings(self, texts) -> list[np.ndarray]:
        """The dense blocks: the shared static embedding, then the sentiment head's own (if any)."""
        used = [
            (folder, weight)
            for folder, weight in (
                (self.embedding, self.embedding_weight),
                (self.sentiment_embedding, self.sentiment_embedding_weight),
            )
            if folder
        ]
        joint = joint_model(tuple(folder for folder, _ in used)) if used else None
        if joint is None:
            return [
                static_model(folder).encode(texts, batch_size=2048).astype(np.float32) * weight
                for folder, weight in used
            ]
        # The same numbers as each model's own encode(): the mean of the token vectors, then (as each model
        # is set to) scaled to unit length.
        vectors = joint.encode(texts, batch_size=2048)
        out, start = [], 0
        for folder, weight in used:
            model = static_model(folder)
            part = vectors[:, start : start + model.dim]
            start += model.dim
            if model.normalize:
                part = part / (np.linalg.norm(part, axis=1, keepdims=True) + 1e-32)
            out.append(part * weight)
        return out

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_fast_chars", None)  # rebuilt from the fitted vocabulary on first use (milliseconds)
        return state

    def char_features(self, texts) -> sparse.csr_matrix:
        """The fitted character TF-IDF, computed by CharNgrams (the same numbers, several times faster)."""
        fast = self.__dict__.get("_fast_chars")
        if fast is None:
            fast = self._fast_chars = CharNgrams(self.chars)
        return fast.transform(texts)

    @property
    def n_meta(self) -> int:
        return len(QUESTION_TYPES) + len(FFT_SCORES)

    def _prepare(self, texts, question_types):
        texts = [WHITESPACE.sub(" ", t[:MAX_CHARS]).strip() for t in texts]
        qt = list(question_types) if question_types is not None else [None] * len(texts)
        # "Nothing" means something different after "what could we improve?" than after "what was good?".
        prefixed = [f"{_question_token(q)} {t}" for q, t in zip(qt, texts, strict=True)]
        return texts, qt, prefixed

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
            parts = [self.words.transform(prefixed), self.char_features(texts)]
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
        out = [self.words.transform(prefixed), self.char_features(texts_), *self._embeddings(texts_)]
        out.append(self.meta(question_types, fft_scores, len(texts)).toarray())
        return out

    def transform(self, texts, question_types=None, fft_scores=None, fit: bool = False) -> sparse.csr_matrix:
        text = self.text_parts(texts, question_types, fit=fit)
        return sparse.hstack([text, self.meta(question_types, fft_scores, len(texts))], format="csr")
