import pytest

from folkmoot.understand.themes.textcheck import MAX_CLASSIFY_CHARS, classifiable, text_flags, text_for_model


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("", "empty"),
        ("  \n\t ", "whitespace_only"),
        ("Did not answer", "placeholder"),
        ("😀😀👍", "no_letters"),
        ("Очень хорошее обслуживание", "non_english"),
        ("El personal fue muy amable conmigo", "non_english"),
        ("Personel był bardzo miły i pomocny", "non_english"),
        ("Le personnel était très gentil avec moi", "non_english"),
        ("عملہ بہت اچھا تھا", "non_english"),
        ("x " * 50_000, "too_long"),
    ],
)
def test_bad_input_is_marked(text, flag):
    assert flag in text_flags(text)


def test_real_short_answers_such_as_none_and_na_are_ordinary_text():
    assert text_flags("None") == []
    assert text_flags("N/A") == []
    assert classifiable(text_flags("Nothing"))


def test_only_text_with_words_goes_to_the_model_and_long_text_is_cut():
    assert not classifiable(text_flags("🙂"))
    assert classifiable(text_flags("y" * 100_000))
    assert len(text_for_model("word " * 30_000)) == MAX_CLASSIFY_CHARS


def test_real_english_feedback_is_almost_never_marked_non_english(settings):
    import csv

    with open(
        settings.SHARED_DIR / "data" / "feedback" / "train.csv", newline="", encoding="utf-8"
    ) as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    marked = [t for t in texts if "non_english" in text_flags(t)]
    assert len(marked) / len(texts) < 0.005, marked[:5]
