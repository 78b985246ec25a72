import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from folkmoot.understand.themes.redact import redact
from folkmoot.understand.themes.redact_eval import evaluate

STRUCTURED = ("phone", "email", "nhs_number", "postcode", "date_of_birth")


@pytest.mark.parametrize(
    ("text", "kind", "hidden"),
    [
        ("Call me on 07700 900123 please", "phone", "07700 900123"),
        ("ring +44 116 496 0123", "phone", "496 0123"),
        ("write to jo.bloggs@example.co.uk", "email", "jo.bloggs"),
        ("NHS number 943 476 5919", "nhs_number", "5919"),
        ("I live at LE1 5WW now", "postcode", "LE1 5WW"),
        ("postcode ng7 2uh", "postcode", "ng7 2uh"),
        ("my date of birth is 12/03/1961", "date_of_birth", "1961"),
        ("born 3rd May 1950", "date_of_birth", "1950"),
        ("Dr Patel was lovely", "name", "Patel"),
        ("My name is Kevin Smith", "name", "Kevin Smith"),
        ("Sarah on reception was kind", "name", "Sarah"),
        ("Great care\n- Mary", "name", "Mary"),
    ],
)
def test_redact_hides_each_kind_of_personal_detail(text, kind, hidden):
    result = redact(text)
    assert kind in result.found
    assert hidden not in result.text


def test_places_named_after_people_and_the_pronoun_i_are_not_names():
    text = "Taken to James Cook Hospital, then to Heather Close; the Dr I saw was kind"
    assert redact(text).text == text


def test_nhs_number_with_a_wrong_check_digit_is_left_alone():
    result = redact("reference 943 476 5918 on the letter")
    assert "nhs_number" not in result.found


def test_dates_of_recent_visits_and_ordinary_numbers_are_not_redacted():
    text = "Seen on 12/03/2021 at 10:30 after waiting 45 minutes; 3 nurses were on shift"
    assert redact(text).text == text


def test_empty_and_whitespace_text_come_back_unchanged():
    assert redact("").text == ""
    assert redact("   ").found == []


def test_recall_on_planted_synthetic_details_is_at_least_095_for_structured_kinds():
    result = evaluate(n=600, seed=7)
    for kind in STRUCTURED:
        assert result["per_kind"][kind]["planted"] > 50
        assert result["per_kind"][kind]["recall"] >= 0.95, (kind, result["per_kind"][kind])
    assert result["per_kind"]["name"]["recall"] >= 0.9
    assert result["target_met"] is True


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_redact_never_fails_and_leaves_text_without_details_unchanged(text):
    result = redact(text)
    if not result.found:
        assert result.text == text
    assert all(kind in result.found for kind, _, _ in result.spans)


def test_long_text_of_100k_characters_is_redacted_whole():
    text = "The staff were lovely. " * 4000 + "Email me on a.person@example.com"
    result = redact(text)
    assert result.found == ["email"] and result.text.endswith("[email address]")
