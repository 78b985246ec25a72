"""Sentence scoring and NB-scaled category SVMs: a comment's best sentence mixed into its margins, features
counted once per sentence, and the NB scaling folded into the weights."""

import numpy as np
from scipy import sparse

from folkmoot.understand.themes.ml.classifier import mix_sentences
from folkmoot.understand.themes.ml.features import pieces, sentences
from folkmoot.understand.themes.ml.training import _fit_labels, _svc, nb_scales

COMMENTS = [
    "The nurses were lovely. The food was cold and late!",
    "Nothing",
    "",
    "Kind staff?  Yes.\n\nBut the food   was cold",
    "Waited six hours",
]
TYPES = ["good", "improve", None, "why", "why"]


def dense(block):
    return block.toarray() if sparse.issparse(block) else block


def test_comments_are_cut_into_sentences_and_only_those_of_several_are_scored_again():
    found, owner = pieces(COMMENTS)
    assert found[:2] == ["The nurses were lovely.", "The food was cold and late!"]
    assert found[4:7] == ["Kind staff?", "Yes.", "But the food was cold"]
    assert found[3] == ""  # an empty comment is one empty piece
    assert owner.tolist() == [0, 0, 1, 2, 3, 3, 3, 4]
    several, several_owner = sentences(COMMENTS)
    assert several == found[:2] + found[4:7]
    assert several_owner.tolist() == [0, 0, 3, 3, 3]


def test_mix_sentences_mixes_each_comments_best_sentence_into_its_own_margins_only():
    margins = np.array([[0.0, -1.0], [2.0, 2.0], [-4.0, 0.0]], dtype=np.float32)
    by_sentence = np.array([[1.0, -3.0], [-1.0, -1.0], [2.0, 4.0], [0.0, -2.0]], dtype=np.float32)
    mix_sentences(margins, by_sentence, np.array([0, 0, 2, 2]), 0.5)
    assert margins.tolist() == [[0.5, -1.0], [2.0, 2.0], [-1.0, 2.0]]


def test_counting_by_sentence_gives_the_same_features_as_counting_whole_comments(real_classifier):
    featuriser = real_classifier.featuriser
    whole = featuriser.blocks(COMMENTS, TYPES)
    comments, by_sentence, owner = featuriser.sentence_blocks(COMMENTS, TYPES)
    assert len(comments) == len(whole)
    for got, want in zip(comments, whole, strict=True):
        assert np.abs(dense(got) - dense(want)).max() < 1e-5
    found, _ = sentences(COMMENTS)
    alone = featuriser.blocks(found, [TYPES[i] for i in owner])
    for got, want in zip(by_sentence, alone, strict=True):
        assert np.abs(dense(got) - dense(want)).max() < 1e-5


def test_a_comments_margins_mix_its_own_with_its_best_sentences(real_classifier):
    model = real_classifier
    assert model.sentence_mix == 0.5
    mixed, sentiment = model.margins(COMMENTS, TYPES)
    own, own_sentiment = model._linear(model.featuriser.blocks(COMMENTS, TYPES))
    found, owner = sentences(COMMENTS)
    each, _ = model._linear(model.featuriser.blocks(found, [TYPES[i] for i in owner]))
    first = each[owner == 0].max(axis=0)
    assert np.allclose(mixed[0], 0.5 * own[0] + 0.5 * first, atol=1e-4)
    assert np.allclose(mixed[[1, 2, 4]], own[[1, 2, 4]], atol=1e-5)  # one sentence (or none): unchanged
    assert np.allclose(sentiment, own_sentiment, atol=1e-5)  # sentiment reads the whole comment
    # The sentence about the food lifts food for the comment that praises the nurses first.
    food = model.codes.index("food_drink")
    assert mixed[0, food] > own[0, food]
    assert "food_drink" in model.predict(COMMENTS[:1], TYPES[:1])[0].labels


def test_nb_scales_favour_features_that_tell_a_category_apart():
    # Columns: only in the category's comments, in every comment, only in the others, a dense column.
    x = sparse.csr_matrix(
        np.array([[1, 1, 0, 5], [1, 1, 0, 5], [0, 1, 1, 5], [0, 1, 1, 5]], dtype=np.float32)
    )
    y = np.array([[1], [1], [0], [0]], dtype=np.float32)
    scales = nb_scales(x, y, np.ones_like(y), columns=3, alpha=1.0)
    assert scales.shape == (3, 1)
    assert scales[0, 0] > 3 * scales[1, 0] and scales[2, 0] > 3 * scales[1, 0]
    assert np.isclose(scales[0, 0], scales[2, 0])


def test_nb_scaling_is_folded_into_the_weights_of_each_category():
    rng = np.random.default_rng(0)
    x = sparse.random(60, 8, density=0.5, random_state=1, format="csr", dtype=np.float32)
    x = sparse.hstack([x, rng.normal(size=(60, 2)).astype(np.float32)], format="csr")
    y = (np.asarray(x[:, 0].toarray()).ravel() > 0.3).astype(np.int8)[:, None]
    weight = np.ones(y.shape, dtype=np.float32)
    coef, bias = _fit_labels(x, y, weight, nb_columns=8)
    scale = np.r_[nb_scales(x, y.astype(np.float32), weight, 8)[:, 0], np.ones(2)]
    svm = _svc(0.5, class_weight="balanced").fit(x @ sparse.diags(scale), y[:, 0])
    assert np.allclose(
        np.asarray(x @ coef).ravel() + bias[0], svm.decision_function(x @ sparse.diags(scale)), atol=1e-4
    )
