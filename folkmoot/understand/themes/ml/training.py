"""Fitting the classifier: linear SVMs on the features, thresholds from cross-validation on the training data.

Every comment is used twice: once with its metadata (question type, FFT score) and once with the FFT score
blanked, so the model also works on text (and question type) alone. Optionally a teacher's soft labels for
noisy copies of the training comments (tools/distill/finetune_teacher.py) are added as extra, weighted rows.
The test set never reaches this module.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import LinearSVC

from . import data
from .classifier import Classifier, mix_sentences
from .features import Featuriser, sentences

LABEL_C = 0.5
SENTIMENT_C = 0.15
MIN_POSITIVES = 2
UNFITTED_BIAS = -9.0
MAX_ITER = 300
# A category's best-F1 threshold on out-of-fold margins is shrunk toward the SVM's own boundary (0) by
# n / (n + SHRINK) for n training positives: with few examples that threshold is mostly noise. Chosen by
# cross-validation on train.csv with thresholds picked on the other folds (micro/macro 0.693/0.542 against
# 0.684/0.519 for unshrunk thresholds with a floor of 0 for rare categories).
SHRINK = 10
# Each category's SVM sees the word and character TF-IDF scaled by how much more often each feature occurs in
# that category's comments than in the rest (|log-count ratio|, smoothed by NB_ALPHA: Wang and Manning's
# NB-SVM, 2012), and a comment's margin is mixed half and half with its best sentence's (SENTENCE_MIX).
# Cross-validated on train.csv with honest thresholds, micro/macro: 0.693/0.542 plain, 0.701/0.550 with the
# scaling, 0.709/0.562 with both. Alpha 0.5 gave 0.703/0.549 and 0.1, 2 or 5 less; mixes of 0.3 or 0.7 less.
NB_ALPHA = 1.0
SENTENCE_MIX = 0.5
# The teacher teaches the sentiment head with its soft labels: each noisy copy is an example of every class the
# teacher gives at least SOFT_FLOOR, weighted by that probability (times the teacher's weight). Honest 2-fold
# cross-validation with per-fold teachers (tools/distill/teacher.sh --cv-folds 2 --augment 4) on train.csv:
# 0.676 for the hardened label (its probability as weight) on 2 copies at weight 0.5, 0.684 for soft labels on
# 4 copies at weight 1 (0.679-0.684 for 2 copies or other weights from 0.25 to 2; 0.666 without a teacher).
SOFT_FLOOR = 0.02
JOBS = int(os.environ.get("FOLKMOOT_TRAIN_JOBS", "2"))


@dataclass
class Teacher:
    """Soft labels from a fine-tuned teacher for extra (augmented) comments."""

    texts: list[str]
    question_types: list[str]
    label_probs: np.ndarray  # rows x codes (the teacher's code order is mapped onto ours)
    sentiment_probs: np.ndarray  # rows x 5
    weight: float = 1.0
    per_copy: int = 0  # rows of train.csv per noisy copy (0: as many as the labelled data)
    # "sentiment": the teacher's rows teach only the sentiment head (cross-validation on train.csv showed its
    # hardened category labels lowering micro-F1: 0.686 against 0.697 without the teacher, and sentiment
    # accuracy rising, 0.698 against 0.684); "both": every head.
    heads: str = "sentiment"


def load_teacher(
    path, codes: list[str], weight: float = 1.0, rows: int | None = None, heads: str = "sentiment"
) -> Teacher:
    """The teacher's soft labels; `rows` keeps only the first rows (whole noisy copies of train.csv, which
    finetune_teacher.py writes one full copy after another)."""
    arrays = np.load(path, allow_pickle=True)
    if "aug_text" not in arrays:
        raise ValueError(f"{path} has no soft labels for noisy copies (run teacher.sh with --augment)")
    keep = slice(0, rows)
    teacher_codes = [str(c) for c in arrays["codes"]]
    texts = [str(t) for t in arrays["aug_text"][keep]]
    probs = np.zeros((len(texts), len(codes)), dtype=np.float32)
    for j, code in enumerate(codes):
        if code in teacher_codes:
            probs[:, j] = arrays["aug_labels"][keep, teacher_codes.index(code)]
    return Teacher(
        texts=texts,
        question_types=[str(q) for q in arrays["aug_question_type"][keep]],
        label_probs=probs,
        sentiment_probs=arrays["aug_sentiment"][keep].astype(np.float32),
        weight=weight,
        heads=heads,
    )


def fold_of(groups: list[str], folds: int) -> np.ndarray:
    """A stable fold per respondent (both of a person's answers in one fold)."""
    return np.array([int(hashlib.sha1(("cv" + g).encode()).hexdigest(), 16) % folds for g in groups])


def choose_thresholds(margins: np.ndarray, truth: np.ndarray, copies: int = 1) -> np.ndarray:
    """Per-category thresholds on out-of-fold margins: the best-F1 threshold shrunk toward 0 (see SHRINK);
    a category no threshold gives any F1 is never predicted. `copies`: how many times each comment appears."""
    best = np.array([best_threshold(margins[:, j], truth[:, j]) for j in range(truth.shape[1])])
    positives = truth.sum(axis=0) / copies
    shrunk = np.where(best > margins.max(axis=0, initial=0.0), best, best * positives / (positives + SHRINK))
    # A category too rare to fit in some fold has margins of UNFITTED_BIAS there: never predicted.
    return np.where(best <= UNFITTED_BIAS + 0.5, 1000.0, shrunk).astype(np.float32)


def best_threshold(margins: np.ndarray, truth: np.ndarray) -> float:
    """The margin threshold with the best F1 on out-of-fold margins (never predicted if no F1 is possible)."""
    never = float(margins.max()) + 1000.0
    if truth.sum() == 0:
        return never
    order = np.argsort(-margins)
    sorted_truth = truth[order]
    tp = np.cumsum(sorted_truth)
    predicted = np.arange(1, len(margins) + 1)
    f1 = 2 * tp / (predicted + truth.sum())
    k = int(np.argmax(f1))
    if f1[k] == 0:
        return never
    below = margins[order[k + 1]] if k + 1 < len(order) else margins[order[k]] - 1.0
    return float((margins[order[k]] + below) / 2)


class _Design:
    """The stacked training design: rows with metadata, the same rows with the FFT score blanked, extras."""

    def __init__(
        self,
        featuriser: Featuriser,
        labelled: data.Labelled,
        codes: list[str],
        teacher: Teacher | None,
        with_fft: bool = True,
    ):
        n = len(labelled.texts)
        text = featuriser.text_parts(labelled.texts, labelled.question_types, fit=True)
        blank = sparse.hstack([text, featuriser.meta(labelled.question_types, None, n)])
        blocks = [blank]
        self.names = ["text_and_question_only"]
        if with_fft:
            blocks.insert(
                0, sparse.hstack([text, featuriser.meta(labelled.question_types, labelled.fft_scores, n)])
            )
            self.names.insert(0, "with_metadata")
        copies = len(blocks)
        y = np.array([[1 if c in row else 0 for c in codes] for row in labelled.labels], dtype=np.int8)
        self.y = np.vstack([y] * copies)
        self.sentiment = np.concatenate([np.array([s or 0 for s in labelled.sentiment])] * copies)
        self.source = np.concatenate([np.arange(n)] * copies)  # which original comment a row came from
        self.label_weight = np.ones(self.y.shape, dtype=np.float32)
        self.sentiment_weight = np.ones(len(self.sentiment), dtype=np.float32)
        # The row of x each sentiment example reads: the labelled rows first, one each (as y's rows are).
        self.sentiment_row = np.arange(len(self.sentiment))
        self.n_original = n
        self.n_labelled = n * copies  # rows from the labelled data (the rest are the teacher's)
        if teacher is not None:
            m = len(teacher.texts)
            extra_text = featuriser.text_parts(teacher.texts, teacher.question_types)
            blocks.append(sparse.hstack([extra_text, featuriser.meta(teacher.question_types, None, m)]))
            self.y = np.vstack([self.y, (teacher.label_probs > 0.5).astype(np.int8)])
            self.label_weight = np.vstack(
                [self.label_weight, teacher.weight * np.abs(2 * teacher.label_probs - 1)]
            )
            row, label = np.nonzero(teacher.sentiment_probs >= SOFT_FLOOR)
            self.sentiment_row = np.concatenate([self.sentiment_row, len(self.sentiment) + row])
            self.sentiment = np.concatenate([self.sentiment, label + 1])
            self.sentiment_weight = np.concatenate(
                [self.sentiment_weight, teacher.weight * teacher.sentiment_probs[row, label]]
            )
            # Augmented copies are noisy copies of comment i mod n: keep them with their comment's fold.
            self.source = np.concatenate([self.source, np.arange(m) % (teacher.per_copy or n)])
        self.x = sparse.vstack(blocks, format="csr")
        # The sentences of the labelled comments of more than one sentence, copy by copy, and the row each
        # came from (for the sentence-mixed out-of-fold margins).
        found, owner = sentences(labelled.texts)
        copies_meta = ([[labelled.fft_scores[i] for i in owner]] if with_fft else []) + [None]
        self.sentence_owner = np.concatenate([owner + c * n for c in range(len(copies_meta))])
        self.sentence_x = sparse.csr_matrix((0, self.x.shape[1]), dtype=np.float32)
        if found:
            s_qt = [labelled.question_types[i] for i in owner]
            s_text = featuriser.text_parts(found, s_qt)
            self.sentence_x = sparse.vstack(
                [sparse.hstack([s_text, featuriser.meta(s_qt, fft, len(found))]) for fft in copies_meta],
                format="csr",
            )


def _svc(C, **kwargs):
    # A capped number of passes: the last passes barely move F1 but cost most of the training time.
    # Seeded: liblinear's coordinate descent visits rows in a random order, so unseeded fits differ.
    return LinearSVC(C=C, max_iter=MAX_ITER, tol=1e-3, random_state=0, **kwargs)


def nb_scales(x, y, weight, columns: int, alpha: float = NB_ALPHA) -> np.ndarray:
    """Per category (columns x categories): |log((p / |p|) / (q / |q|))| for the first `columns` features,
    where p and q are alpha plus the feature's summed (weighted) values in the category's comments and in
    the rest."""
    sparse_part = x[:, :columns].T.tocsr()
    p = alpha + np.asarray(sparse_part @ (y * weight))
    q = alpha + np.asarray(sparse_part @ ((1 - y) * weight))
    return np.abs(np.log(p / p.sum(axis=0)) - np.log(q / q.sum(axis=0))).astype(np.float32)


def _fit_one(x, y, weight, scale):
    """One category's SVM on the features scaled column by column; the scale is folded into its weights."""
    model = _svc(LABEL_C, class_weight="balanced").fit(x @ sparse.diags(scale), y, sample_weight=weight)
    return model.coef_[0] * scale, model.intercept_[0]


def _fit_labels(x, y, weight, skip: tuple[int, int] = (0, 0), nb_columns: int = 0):
    """One SVM per category, its first `nb_columns` features NB-scaled (see NB_ALPHA); the columns in `skip`
    (the sentiment head's own embedding, after the scaled ones) get zero weight."""
    coef = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    keep = np.r_[0 : skip[0], skip[1] : x.shape[1]] if skip[1] > skip[0] else slice(None)
    if skip[1] > skip[0]:
        x = x[:, keep]
    bias = np.full(y.shape[1], UNFITTED_BIAS, dtype=np.float32)
    fitted = [j for j in range(y.shape[1]) if y[:, j].sum() >= MIN_POSITIVES]
    scales = np.ones((x.shape[1], y.shape[1]), dtype=np.float32)
    scales[:nb_columns] = nb_scales(x, y.astype(np.float32), weight, nb_columns)
    # liblinear releases the GIL, so threads use every core without copying the design matrix.
    # The filter is process-wide, so set it here rather than inside each thread.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        results = Parallel(n_jobs=JOBS, prefer="threads")(
            delayed(_fit_one)(x, y[:, j], weight[:, j], scales[:, j]) for j in fitted
        )
    for j, (c, b) in zip(fitted, results, strict=True):
        coef[keep, j], bias[j] = c, b
    return coef, bias


def _fit_sentiment(x, sentiment, weight):
    known = sentiment > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = _svc(SENTIMENT_C).fit(x[known], sentiment[known], sample_weight=weight[known])
    return (
        model.coef_.T.astype(np.float32),
        model.intercept_.astype(np.float32),
        [int(c) for c in model.classes_],
    )


def fit(
    labelled: data.Labelled,
    codes: list[str],
    framework: list[tuple[str, str, str]],
    *,
    teacher: Teacher | None = None,
    folds: int = 4,
    with_fft: bool = True,
    embedding: str | None = "minilm-static",
    sentiment_embedding: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Classifier, dict]:
    """Fit on all of `labelled`, choosing per-category thresholds on out-of-fold margins.

    Returns the classifier and a report with the cross-validated scores (each fold judged with thresholds
    chosen on the other folds; the sentiment figure is optimistic with a teacher, which saw
    every training label).
    """
    say = progress or (lambda message: None)
    featuriser = Featuriser(embedding=embedding, sentiment_embedding=sentiment_embedding)
    design = _Design(featuriser, labelled, codes, teacher, with_fft=with_fft)
    groups = labelled.groups or [str(i) for i in range(design.n_original)]
    fold = fold_of(groups, folds)[design.source]
    is_original = np.arange(design.x.shape[0]) < design.n_labelled
    # The rows the category heads learn from: the labelled rows, plus the teacher's when it teaches them.
    label_rows = is_original | (teacher is not None and teacher.heads == "both")
    oof = np.zeros((design.n_labelled, len(codes)), dtype=np.float32)
    label_columns = (featuriser.sentiment_span, featuriser.n_sparse)
    oof_sentiment = np.zeros(design.n_labelled, dtype=np.int64)
    for k in range(folds):
        train = fold != k
        valid = (fold == k) & is_original
        fit_rows = train & label_rows
        coef, bias = _fit_labels(
            design.x[fit_rows], design.y[fit_rows], design.label_weight[fit_rows], *label_columns
        )
        held = valid[: design.n_labelled]  # the same rows, indexed in the labelled part only
        oof[held] = design.x[valid] @ coef + bias
        in_fold = held[design.sentence_owner]
        by_sentence = np.asarray(design.sentence_x[in_fold] @ coef) + bias
        mix_sentences(oof, by_sentence, design.sentence_owner[in_fold], SENTENCE_MIX)
        s_train = train[design.sentiment_row]
        s_coef, s_bias, classes = _fit_sentiment(
            design.x[design.sentiment_row[s_train]],
            design.sentiment[s_train],
            design.sentiment_weight[s_train],
        )
        oof_sentiment[held] = np.array(classes)[np.asarray(design.x[valid] @ s_coef + s_bias).argmax(1)]
        say(f"cross-validation fold {k + 1} of {folds}")
    y_original = design.y[: design.n_labelled]
    copies = len(design.names)
    thresholds = choose_thresholds(oof, y_original, copies)
    model = Classifier(codes, framework, featuriser)
    model.weights, model.bias = _fit_labels(
        design.x[label_rows], design.y[label_rows], design.label_weight[label_rows], *label_columns
    )
    # Too few examples to learn in the final fit: never predicted.
    thresholds[model.bias == UNFITTED_BIAS] = 1000.0
    model.thresholds = thresholds
    model.uses_fft_score = with_fft
    model.sentence_mix = SENTENCE_MIX
    model.sentiment_weights, model.sentiment_bias, model.sentiment_classes = _fit_sentiment(
        design.x[design.sentiment_row], design.sentiment, design.sentiment_weight
    )
    say("fitted on all training comments")
    report = {
        "rows": design.n_original,
        "teacher_rows": design.x.shape[0] - design.n_labelled,
        "fft_score_input": with_fft,
        "features": int(design.x.shape[1]),
        "cv": _cv_report(oof, oof_sentiment, design, codes, fold[: design.n_labelled], folds),
    }
    return model, report


def _cv_report(oof, oof_sentiment, design, codes, fold, folds) -> dict:
    """Cross-validated scores with honest thresholds: each fold's comments are judged with thresholds chosen
    on the other folds' out-of-fold margins only."""
    from sklearn.metrics import accuracy_score, f1_score

    n = design.n_original
    copies = len(design.names)
    y = design.y[: design.n_labelled]
    judged = np.zeros_like(oof)
    for k in range(folds):
        held = fold == k
        judged[held] = oof[held] - choose_thresholds(oof[~held], y[~held], copies)
    evaluated = [j for j, c in enumerate(codes) if c in set(data.eval_labels())]
    result = {}
    for i, name in enumerate(design.names):
        rows = slice(i * n, (i + 1) * n)
        margins = judged[rows]
        chosen = margins > 0
        none = ~chosen.any(axis=1)
        chosen[np.flatnonzero(none), margins[none].argmax(axis=1)] = True
        truth = y[rows]
        sentiment = design.sentiment[rows]
        known = sentiment > 0
        result[name] = {
            "micro_f1": round(
                float(f1_score(truth[:, evaluated], chosen[:, evaluated], average="micro", zero_division=0)),
                4,
            ),
            "macro_f1": round(
                float(f1_score(truth[:, evaluated], chosen[:, evaluated], average="macro", zero_division=0)),
                4,
            ),
            "sentiment_accuracy": round(
                float(accuracy_score(sentiment[known], oof_sentiment[rows][known])), 4
            ),
        }
    return result
