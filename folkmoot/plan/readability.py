"""Plain-English check for any text meant for the public: readability scores (textstat 0.7.8), a
reading-age target, and NHS jargon and acronyms with plainer words (data/jargon.yaml).

Targets (../shared/domain/plain-english.md §1): public NHS text at a reading age of 9 to 11; up to 14
where medical content makes that hard. Reading age = Flesch-Kincaid grade + 5. Scores say nothing
about meaning; only testing with readers does.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cache

import textstat

from . import catalogue

TARGET_READING_AGE = (9, 11)
MAX_READING_AGE = 14
LONG_SENTENCE_WORDS = 20
# All-capital words that are not jargon (ordinary words in capitals, Roman numerals, units).
NOT_ACRONYMS = {"I", "OK", "TV", "UK", "NHS", "A", "II", "III", "IV", "AM", "PM", "FAQ"}
LIMITS = "A score says nothing about meaning: test the text with the people it is for."


@dataclass
class Flag:
    term: str
    found: str
    say_instead: str
    kind: str
    note: str = ""


@dataclass
class ReadabilityReport:
    words: int
    sentences: int
    flesch_reading_ease: float | None
    flesch_kincaid_grade: float | None
    smog: float | None
    reading_age: float | None
    target_reading_age: str
    meets_target: bool
    long_sentences: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    limits: str = LIMITS

    def as_dict(self) -> dict:
        return asdict(self)


def _variants(term: str) -> list[str]:
    """The spellings a jargon row stands for: 'BAME / BME' -> both; 'DNA (did not attend)' -> 'DNA'."""
    out = []
    for part in term.split(" / "):
        part = re.sub(r"\s*\(.*?\)\s*", " ", part).strip()
        part = part.replace("...", "").strip()
        if part:
            out.append(part)
    return out


@cache
def _patterns() -> list[tuple[re.Pattern, dict]]:
    patterns = []
    for row in catalogue.jargon():
        if row["term"] == row["say_instead"]:
            continue  # listed as fine as it is (e.g. A&E)
        for variant in _variants(row["term"]):
            is_acronym = variant.isupper() or row["kind"] == "Acr"
            escaped = re.escape(variant)
            # Whole words, with simple inflections for ordinary words (deliver, delivers, delivering).
            suffix = "" if is_acronym else r"(?:s|es|d|ed|ing)?"
            flags = 0 if is_acronym and variant.isupper() else re.IGNORECASE
            patterns.append((re.compile(rf"(?<![\w&]){escaped}{suffix}(?![\w&])", flags), row))
    return patterns


def jargon_flags(text: str) -> list[Flag]:
    flags: list[Flag] = []
    seen: set[str] = set()
    quoted = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text)]
    for pattern, row in _patterns():
        for match in pattern.finditer(text):
            # Never flag what participants said, in quotes.
            if any(a <= match.start() < b for a, b in quoted) or row["term"] in seen:
                continue
            seen.add(row["term"])
            flags.append(Flag(row["term"], match.group(0), row["say_instead"], row["kind"], row["note"]))
            break
    listed = {f.found.upper() for f in flags}
    for match in re.finditer(r"\b[A-Z]{2,6}s?\b", text):
        word = match.group(0).rstrip("s")
        spelled_out = re.search(rf"\([^)]*\b{re.escape(word)}\b[^)]*\)", text)
        if word in NOT_ACRONYMS or word in listed or word in seen or spelled_out:
            continue
        seen.add(word)
        flags.append(Flag(word, word, "Spell it out the first time you use it", "Acr", "unlisted acronym"))
    return flags


def readability_report(text: str) -> ReadabilityReport:
    """Scores and flags for one public text (a summary, an invitation, a survey question)."""
    text = (text or "").strip()
    words = textstat.lexicon_count(text) if text else 0
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    if not words:
        return ReadabilityReport(
            0, 0, None, None, None, None, "9 to 11", False, advice=["Write the text first."]
        )
    fre = round(textstat.flesch_reading_ease(text), 1)
    fk = round(textstat.flesch_kincaid_grade(text), 1)
    smog = round(textstat.smog_index(text), 1)
    reading_age = round(max(fk, 0) + 5, 1)
    long_sentences = [s for s in sentences if len(s.split()) > LONG_SENTENCE_WORDS]
    flags = jargon_flags(text)
    advice = []
    if reading_age > TARGET_READING_AGE[1]:
        advice.append(
            f"Reading age is about {reading_age:g}; aim for 9 to 11 (at most 14). Use shorter sentences and everyday words."
        )
    if long_sentences:
        advice.append(
            f"{len(long_sentences)} sentence(s) have more than {LONG_SENTENCE_WORDS} words: split them."
        )
    if flags:
        advice.append(
            "Replace or explain: " + "; ".join(f"{f.found} → {f.say_instead}" for f in flags[:8]) + "."
        )
    return ReadabilityReport(
        words=words,
        sentences=len(sentences),
        flesch_reading_ease=fre,
        flesch_kincaid_grade=fk,
        smog=smog,
        reading_age=reading_age,
        target_reading_age="9 to 11",
        meets_target=reading_age <= TARGET_READING_AGE[1] and not flags,
        long_sentences=long_sentences,
        flags=flags,
        advice=advice,
    )
