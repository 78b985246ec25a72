"""The shipped theme and sentiment model: linear scores over TF-IDF and static-embedding features.

No torch and no model hub at prediction time: numpy, scipy, and the model2vec static embeddings in
../models_store/ read with tokenizers and safetensors (static.py). scikit-learn and model2vec are needed to
train, not to predict: a saved model holds its vectorisers' fitted vocabularies and idf (features.FittedVectoriser),
so a prediction worker starts in about 0.6 s. The model is a joblib file in ../models_store/default/
with its MODEL_CARD.md (training command, data version, scores). It is fitted by training.py, optionally
on a fine-tuned teacher's soft labels (tools/distill/); per-category thresholds come from cross-validation on
the training data only.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import joblib
import numpy as np

from .features import MAX_CHARS, Featuriser

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "models_store" / "default"
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
UNREADABLE = {"empty", "emoji_only", "no_words"}
# Common short words, to tell an English comment from one in another language written in Latin letters.
ENGLISH = set(
    "the a an and or but to of in on at for with was were is are be been it its this that they them their "
    "i me my we our you your he she his her very not no so all as from by have has had do did can could "
    "would should will just good great staff care nurse nurses doctor thank thanks".split()
)
FOREIGN = set(
    "und der die das sehr nicht ist war waren ich mit für auch wir sie bei "  # German
    "bardzo za się jest nie był była dobra dobrze dziękuję wszystko jak tak "  # Polish
    "el la los las muy que y es por con gracias una "  # Spanish
    "le les très est et une pour avec merci tout pas "  # French
    "foarte și este multumesc mulțumesc "  # Romanian
    "diolch yn iawn roedd "  # Welsh
    "molto grazie sono della ".split()  # Italian
)
DIACRITICS = set("ąęłżźśćńßäöüœñãõăâîșțçèêëìíòóùúű")


@dataclass
class Prediction:
    labels: list[str]
    scores: dict[str, float]
    sentiment: int | None
    sentiment_scores: dict[int, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    model_version: str = ""


NON_LATIN_RE = re.compile(r"[^\W\d_\x00-\u024f]+", re.UNICODE)  # letters beyond Latin Extended-B
DIACRITICS_RE = re.compile("[" + "".join(sorted(DIACRITICS)) + "]")


def flags_for(text: str | None) -> list[str]:
    """Inputs the model cannot read well are marked, never dropped. (Counted with regular expressions over
    the whole comment rather than a Python loop over its characters: this ran for every comment predicted.)"""
    stripped = (text or "").strip()
    if not stripped:
        return ["empty"]
    flags = []
    if len(stripped) > MAX_CHARS:
        flags.append("too_long")
    head = stripped[:MAX_CHARS]
    words = WORD_RE.findall(head)
    if not words:
        flags.append("emoji_only" if any(ord(ch) > 0x2000 for ch in stripped) else "no_words")
        return flags
    letters = sum(map(len, words))
    if sum(map(len, NON_LATIN_RE.findall(head))) / letters > 0.5:
        flags.append("non_english")
    elif len(words) >= 4:
        lowered = [w.lower() for w in words]
        english = sum(w in ENGLISH for w in lowered)
        foreign = sum(w in FOREIGN for w in lowered) + len(DIACRITICS_RE.findall(head.lower()))
        if foreign >= 2 and foreign > 2 * english:
            flags.append("non_english")
    return flags


def mix_sentences(margins: np.ndarray, sentence_margins: np.ndarray, owner: np.ndarray, mix: float) -> None:
    """A comment about two things often gives each its own sentence, and the whole comment's margin dilutes
    both: each category's margin becomes (1 - mix) x the whole comment's + mix x its best sentence's.
    `owner` (sorted) gives the row of `margins` each sentence came from; rows without sentences keep theirs."""
    if not len(owner):
        return
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    rows = owner[starts]
    best = np.maximum.reduceat(sentence_margins, starts, axis=0)
    margins[rows] = (1 - mix) * margins[rows] + mix * best


class Classifier:
    """Scores are linear: features @ weights + bias - threshold > 0 means the category applies (for a comment
    of several sentences, the features' margin mixed with its best sentence's: see mix_sentences)."""

    uses_fft_score = False  # set by training.fit when the FFT score was an input
    sentence_mix = 0.0  # set by training.fit (models saved before sentence scoring have none)

    def __init__(self, codes: list[str], framework: list[tuple[str, str, str]], featuriser: Featuriser):
        self.codes = codes
        self.framework = framework
        self.featuriser = featuriser
        self.model_version = ""
        self.weights = np.zeros((0, len(codes)), dtype=np.float32)
        self.bias = np.zeros(len(codes), dtype=np.float32)
        self.thresholds = np.zeros(len(codes), dtype=np.float32)
        self.sentiment_weights = np.zeros((0, 5), dtype=np.float32)
        self.sentiment_bias = np.zeros(5, dtype=np.float32)
        self.sentiment_classes = [1, 2, 3, 4, 5]

    def labels(self) -> list[tuple[str, str, str]]:
        return list(self.framework)

    def margins(self, texts, question_types=None, fft_scores=None) -> tuple[np.ndarray, np.ndarray]:
        """Category margins (above 0: applies) and sentiment margins, for readable texts."""
        if not self.sentence_mix:
            return self._linear(self.featuriser.blocks(texts, question_types, fft_scores))
        comments, by_sentence, owner = self.featuriser.sentence_blocks(texts, question_types, fft_scores)
        labels, sentiment = self._linear(comments)
        if len(owner):
            mix_sentences(labels, self._linear(by_sentence, sentiment=False)[0], owner, self.sentence_mix)
        return labels, sentiment

    def _linear(self, blocks: list, sentiment: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Category and sentiment margins of the features' blocks (sentiment=False leaves the sentiment ones at
        the bias): multiplying each block by its rows of the weights skips building one big sparse matrix."""
        n = blocks[0].shape[0]
        labels = np.zeros((n, len(self.codes)), dtype=np.float32) + (self.bias - self.thresholds)
        feeling = np.zeros((n, len(self.sentiment_classes)), dtype=np.float32) + self.sentiment_bias
        start = 0
        for block in blocks:
            end = start + block.shape[1]
            labels += np.asarray(block @ self.weights[start:end])
            if sentiment:
                feeling += np.asarray(block @ self.sentiment_weights[start:end])
            start = end
        return labels, feeling

    def predict(self, texts, question_types=None, fft_scores=None) -> list[Prediction]:
        """One Prediction per text. question_types ("why", "improve", "good") and fft_scores are optional,
        as a whole or per comment (None or "" where unknown)."""
        texts = ["" if t is None else str(t) for t in texts]
        if not texts:
            return []
        flags = [flags_for(t) for t in texts]
        out: list[Prediction | None] = [None] * len(texts)
        readable = []
        for i, f in enumerate(flags):
            if UNREADABLE.isdisjoint(f):
                readable.append(i)
            else:
                out[i] = Prediction([], {}, None, flags=f, model_version=self.model_version)
        if not readable:
            return out

        def pick(values):
            return [values[i] for i in readable] if values is not None else None

        margins, sentiment = self.margins(
            [texts[i] for i in readable], pick(question_types), pick(fft_scores)
        )
        # Rounded in numpy and turned into Python floats once: per-value round() was a fifth of the time.
        probabilities = np.round(1 / (1 + np.exp(-np.clip(margins.astype(np.float64), -30, 30))), 4).tolist()
        s_exp = np.exp((sentiment - sentiment.max(axis=1, keepdims=True)).astype(np.float64))
        s_prob = np.round(s_exp / s_exp.sum(axis=1, keepdims=True), 4).tolist()
        classes = [int(c) for c in self.sentiment_classes]
        best_sentiment = sentiment.argmax(axis=1).tolist()
        # Every readable comment gets at least its most likely category.
        chosen = margins > 0
        chosen[np.arange(len(margins)), margins.argmax(axis=1)] = True
        rows, columns = np.nonzero(chosen)
        names = [self.codes[j] for j in columns.tolist()]
        bounds = np.r_[0, np.cumsum(np.bincount(rows, minlength=len(margins)))].tolist()
        for row, i in enumerate(readable):
            out[i] = Prediction(
                labels=names[bounds[row] : bounds[row + 1]],
                scores=dict(zip(self.codes, probabilities[row], strict=True)),
                sentiment=classes[best_sentiment[row]],
                sentiment_scores=dict(zip(classes, s_prob[row], strict=True)),
                flags=flags[i],
                model_version=self.model_version,
            )
        return out

    def save(self, folder: Path, meta: dict) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, folder / "model.joblib", compress=3)
        (folder / "meta.json").write_text(json.dumps(meta, indent=2))


def load(folder: Path) -> Classifier:
    path = Path(folder) / "model.joblib"
    if not path.exists():
        raise OSError(f"No model at {path}; train one with `folkmoot themes train`")
    started = time.perf_counter()
    model: Classifier = joblib.load(path)
    model.load_seconds = time.perf_counter() - started
    return model


@lru_cache(maxsize=1)
def load_default() -> Classifier:
    """The shipped model, loaded once per process. Raises OSError if its files are missing."""
    return load(DEFAULT_DIR)


def labels() -> list[tuple[str, str, str]]:
    return load_default().labels()
