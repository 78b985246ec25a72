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
