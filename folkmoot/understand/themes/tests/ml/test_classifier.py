"""The shipped model through its Python API: framework codes, sentiment, and inputs it cannot read well."""

import numpy as np
import pytest

from folkmoot.understand.themes.ml import classifier
from folkmoot.understand.themes.ml.classifier import flags_for
from folkmoot.understand.themes.ml.training import SHRINK, UNFITTED_BIAS, best_threshold, choose_thresholds


def test_shipped_model_finds_staff_manner_and_positive_sentiment_in_praise(real_classifier):
    [prediction] = real_classifier.predict(["The nurses were kind and caring, thank you all"])
    assert "staff_manner" in prediction.labels
    assert prediction.sentiment in (1, 2)
    assert set(prediction.sentiment_scores) == {1, 2, 3, 4, 5}
    assert abs(sum(prediction.sentiment_scores.values()) - 1) < 0.01
    assert prediction.model_version.startswith("svc")


def test_shipped_model_finds_timeliness_and_negative_sentiment_in_a_long_wait(real_classifier):
    [prediction] = real_classifier.predict(
        ["Waited six hours for the ambulance, absolutely disgraceful"], ["why"]
    )
    assert "timeliness" in prediction.labels
    assert prediction.sentiment in (4, 5)


def test_every_code_predicted_comes_from_the_framework_and_every_comment_gets_one(real_classifier):
    codes = {code for code, _, _ in classifier.labels()}
    texts = ["Nothing", "Parking was a nightmare", "Food was cold", "Could not get through on the phone"]
    for prediction in real_classifier.predict(texts):
        assert prediction.labels and set(prediction.labels) <= codes
        assert set(prediction.scores) <= codes
        passed = {c for c, s in prediction.scores.items() if s > 0.5}
        assert passed <= set(prediction.labels)


def test_labels_gives_code_label_text_and_category():
    found = {code: (label, category) for code, label, category in classifier.labels()}
    assert found["staff_manner"][0] and found["staff_manner"][1]
    assert "timeliness" in found


def test_unreadable_comments_are_flagged_not_labelled(real_classifier):
    empty, blank, emoji, digits = real_classifier.predict(["", "   \n\t", "😀😀👍", "12345"])
    assert empty.flags == ["empty"] and empty.labels == [] and empty.sentiment is None
    assert blank.flags == ["empty"] and blank.labels == []
    assert emoji.flags == ["emoji_only"] and emoji.labels == [] and emoji.sentiment is None
    assert digits.flags == ["no_words"] and digits.labels == []


def test_a_100k_character_comment_is_classified_on_its_start_and_flagged(real_classifier):
    [prediction] = real_classifier.predict(["The staff were kind and caring. " * 4400])
    assert "too_long" in prediction.flags
    assert "staff_manner" in prediction.labels


def test_non_english_comments_are_classified_but_flagged(real_classifier):
    polish, arabic, english = real_classifier.predict(
        ["Bardzo dobra opieka, dziękuję bardzo za wszystko", "الموظفون كانوا لطفاء جدا", "Very good care"]
    )
    assert "non_english" in polish.flags and polish.labels
    assert "non_english" in arabic.flags
    assert english.flags == []


def test_none_and_n_a_are_real_answers_that_get_classified(real_classifier):
    for prediction in real_classifier.predict(["None", "N/A"], ["improve", "improve"]):
        assert prediction.flags == [] and prediction.labels


def test_question_types_and_fft_scores_are_optional_per_comment(real_classifier):
    texts = ["Staff were rude", "Staff were rude", "Staff were rude"]
    with_hints = real_classifier.predict(texts, ["why", None, ""], [5, None, "7"])
    text_only = real_classifier.predict(texts)
    assert len(with_hints) == len(text_only) == 3
    assert all(p.sentiment in (4, 5) for p in with_hints + text_only)


def test_an_empty_batch_gives_no_predictions(real_classifier):
    assert real_classifier.predict([]) == []


def test_flags_for_marks_each_kind_of_bad_input():
    assert flags_for(None) == ["empty"]
    assert flags_for("a" * 3001 + " staff") == ["too_long"]
    assert flags_for("🙂") == ["emoji_only"]
    assert flags_for("Молодцы, спасибо") == ["non_english"]
    assert flags_for("Die Krankenschwestern waren sehr freundlich und hilfsbereit") == ["non_english"]
    assert flags_for("The nurses were very friendly") == []


def test_best_threshold_separates_positives_and_never_predicts_without_them():
    margins = np.array([-2.0, -1.0, 0.5, 1.5, 2.0])
    truth = np.array([0, 0, 1, 1, 1])
    threshold = best_threshold(margins, truth)
    assert -1.0 < threshold < 0.5
    assert best_threshold(margins, np.zeros(5, dtype=int)) > margins.max()


def test_thresholds_shrink_toward_the_boundary_with_few_positives_and_stay_never_without_any():
    rng = np.random.default_rng(0)
    # Category 0: 200 positives, best threshold near -0.5. Category 1: the same margins, 4 positives.
    # Category 2: no positives. Category 3: 3 positives but unfitted in a fold (margins at UNFITTED_BIAS).
    n = 1000
    truth = np.zeros((n, 4), dtype=np.int8)
    truth[:200, 0] = 1
    truth[:4, 1] = 1
    truth[:3, 3] = 1
    margins = np.zeros((n, 4), dtype=np.float32)
    margins[:, 0] = np.where(truth[:, 0] == 1, -0.2, -0.8) + rng.normal(0, 0.05, n)
    margins[:, 1] = np.where(truth[:, 1] == 1, -0.2, -0.8) + rng.normal(0, 0.05, n)
    margins[:, 2] = rng.normal(0, 1, n)
    margins[:, 3] = UNFITTED_BIAS
    thresholds = choose_thresholds(margins, truth)
    best = best_threshold(margins[:, 1], truth[:, 1])
    assert -0.6 < thresholds[0] < -0.4
    assert thresholds[1] == np.float32(best * 4 / (4 + SHRINK))
    assert thresholds[2] > margins[:, 2].max()
    assert thresholds[3] == 1000.0
    # Two copies of every comment count each positive once.
    doubled = choose_thresholds(np.vstack([margins, margins]), np.vstack([truth, truth]), copies=2)
    assert (
        abs(
            doubled[1]
            - best_threshold(np.concatenate([margins[:, 1]] * 2), np.concatenate([truth[:, 1]] * 2))
            * 4
            / (4 + SHRINK)
        )
        < 1e-6
    )


def _model2vec(folder):
    from model2vec import StaticModel

    from folkmoot.understand.themes.ml.features import STORE

    return StaticModel.from_pretrained(str(STORE / folder))


@pytest.mark.parametrize("folder", ["minilm-static", "themes-static"])
def test_static_embeddings_read_without_model2vec_give_model2vecs_own_parts(folder):
    from folkmoot.understand.themes.ml.features import STORE
    from folkmoot.understand.themes.ml.static import read

    own, theirs = read(STORE / folder), _model2vec(folder)
    assert own.tokenizer_file is not None  # read directly, not through model2vec
    assert np.array_equal(own.table, theirs.embedding.astype(np.float32))
    assert (own.unk_token_id, own.normalize, own.dim) == (theirs.unk_token_id, theirs.normalize, theirs.dim)
    texts = ["The nurses were kind", "Waited four hours!", "x" * 5000, "word " * 600]
    assert [e.ids for e in own.tokenizer.encode_batch_fast(texts, add_special_tokens=False)] == [
        e.ids for e in theirs.tokenizer.encode_batch_fast(texts, add_special_tokens=False)
    ]


def test_a_quantised_static_vocabulary_is_refused(tmp_path):
    from safetensors.numpy import load_file, save_file

    from folkmoot.understand.themes.ml.features import STORE
    from folkmoot.understand.themes.ml.static import read

    for name in ("config.json", "tokenizer.json"):
        (tmp_path / name).write_bytes((STORE / "minilm-static" / name).read_bytes())
    tensors = load_file(str(STORE / "minilm-static" / "model.safetensors"))
    tensors["mapping"] = np.arange(len(tensors["embeddings"]), dtype=np.int64)
    save_file(tensors, str(tmp_path / "model.safetensors"))
    with pytest.raises(ValueError, match="quantised"):
        read(tmp_path)


def test_joined_embeddings_give_each_static_models_own_vectors():
    from folkmoot.understand.themes.ml.features import Featuriser

    texts = ["The nurses were kind", "Waited four hours for an ambulance!", "", "🙂", "x" * 5000]
    featuriser = Featuriser(embedding="minilm-static", sentiment_embedding="themes-static")
    shared, sentiment = featuriser._embeddings(texts)
    for folder, got, weight in (
        ("minilm-static", shared, 1.0),
        ("themes-static", sentiment, featuriser.sentiment_embedding_weight),
    ):
        own = _model2vec(folder).encode(texts).astype(np.float32) * weight
        assert got.shape == own.shape
        assert np.abs(got - own).max() < 2e-3 * weight


def test_the_shipped_model_loads_and_predicts_without_scikit_learn_or_model2vec():
    # Every prediction worker starts by loading the model: importing these was over a second of it.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from folkmoot.understand.themes.ml import classifier\n"
        "model = classifier.load(classifier.DEFAULT_DIR)\n"
        "got = model.predict(['The nurses were lovely. The food was cold.', ''], ['good', None])\n"
        "assert got[0].labels and got[1].flags == ['empty']\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'model2vec', 'huggingface_hub'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_fitted_featuriser_is_saved_without_scikit_learn_and_gives_the_same_features(real_classifier):
    import pickle

    from folkmoot.understand.themes.ml.features import Featuriser, FittedVectoriser

    texts = [
        f"The {w} was {v} on ward {i}" for i, (w, v) in enumerate([("food", "cold"), ("nurse", "kind")] * 50)
    ]
    featuriser = Featuriser(embedding="minilm-static")
    featuriser.text_parts(texts, None, fit=True)
    saved = pickle.dumps(featuriser)
    assert b"sklearn" not in saved
    loaded = pickle.loads(saved)
    assert isinstance(loaded.words, FittedVectoriser) and isinstance(loaded.chars, FittedVectoriser)
    unseen = ["The food was cold", "Kind nurse. Cold food!", ""]
    for got, want in zip(loaded.blocks(unseen), featuriser.blocks(unseen), strict=True):
        got, want = (b.toarray() if hasattr(b, "toarray") else b for b in (got, want))
        assert np.array_equal(got, want)
    assert b"sklearn" not in pickle.dumps(real_classifier)
