from folkmoot.plan import catalogue
from folkmoot.plan.readability import jargon_flags, readability_report


def test_jargon_list_holds_the_220_terms():
    assert len(catalogue.jargon()) == 220


def test_plain_text_meets_the_target():
    report = readability_report("We want to hear from you. Tell us what you think. It takes five minutes.")
    assert report.meets_target and report.reading_age <= 11 and report.flags == []


def test_jargon_and_acronyms_get_plain_words():
    report = readability_report("The ICB will deliver a new outpatient pathway with the PCN.")
    found = {f.found: f.say_instead for f in report.flags}
    assert "GP surgeries" in found["PCN"]
    assert "deliver" in found and "outpatient" in found
    assert not report.meets_target and report.advice


def test_inflections_match_and_quotes_are_left_alone():
    assert {f.term for f in jargon_flags("We are delivering it.")} == {"deliver"}
    assert jargon_flags('A participant said "the pathway was confusing".') == []


def test_unlisted_acronyms_are_flagged_unless_spelled_out():
    assert [f.term for f in jargon_flags("Ask the XQZ team.")] == ["XQZ"]
    assert jargon_flags("Ask the Extra Quiet Zone (XQZ) team.") == []


def test_long_hard_text_gets_a_high_reading_age():
    text = (
        "Notwithstanding the aforementioned considerations, the organisation's commissioning intentions "
        "necessitate comprehensive reconfiguration of multidisciplinary community-based provision."
    )
    report = readability_report(text)
    assert report.reading_age > 14 and report.long_sentences == [] or report.reading_age > 14


def test_empty_text_says_so():
    assert readability_report("").advice == ["Write the text first."]
