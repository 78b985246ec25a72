"""The data files: festivals and holidays 2024-2030 with sources, and the methods catalogue."""

import datetime as dt

import pytest

from folkmoot.plan import catalogue

FESTIVALS = ["Ramadan", "Eid al-Fitr", "Eid al-Adha", "Diwali", "Passover", "Easter", "Vaisakhi", "Christmas"]


@pytest.mark.parametrize("year", range(2024, 2031))
def test_every_year_has_each_festival_and_the_school_holidays(year):
    names = {p["name"] for p in catalogue.periods() if p["start"].year == year}
    for festival in FESTIVALS:
        assert any(name.startswith(festival) for name in names), (year, festival)
    assert any("Summer school holidays" in name for name in names)


def test_every_period_has_a_source_and_ends_after_it_starts():
    for period in catalogue.periods():
        assert period["source"] and period["end"] >= period["start"]
        assert period["kind"] in {"religious", "school", "christmas"}


def test_known_dates_are_right():
    easter_2026 = next(
        p for p in catalogue.periods() if p["name"].startswith("Easter (") and p["start"].year == 2026
    )
    assert easter_2026["start"] == dt.date(2026, 4, 3)  # Good Friday
    overlaps = catalogue.periods_overlapping(dt.date(2026, 12, 24), dt.date(2026, 12, 26))
    assert [p["days"] for p in overlaps if p["kind"] == "christmas"] == [3]


def test_every_method_reach_tag_is_from_the_vocabulary():
    vocabulary = {
        "digitally_excluded",
        "older_people",
        "young_people",
        "children",
        "working_age",
        "ethnic_minorities",
        "non_english_speakers",
        "disabled_people",
        "deaf_people",
        "visually_impaired",
        "learning_disability",
        "low_literacy",
        "carers",
        "inclusion_health",
        "staff",
        "patients",
        "non_users",
        "general_public",
        "vcse",
        "ppg",
        "housebound",
        "shift_workers",
    }
    for method in catalogue.methods():
        assert set(method["reaches_well_tags"]) | set(method["reaches_badly_tags"]) <= vocabulary, method[
            "id"
        ]
