"""Find and hide personal details in free text before a quote is published or exported.

`redact(text) -> RedactionResult(text, found, spans)`: `found` lists the kinds hidden (name, phone,
email, nhs_number, postcode, date_of_birth), `spans` where they were in the original text. Structured
details use maintained libraries where one exists (phonenumbers for UK numbers, nhs-number for the check
digit); names use patterns (a title before a name, "my name is", sign-offs) and a list of common first
names that ships with its provenance (data/first_names.txt). Measured by `folkmoot redaction evaluate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import nhs_number
import phonenumbers

PLACEHOLDERS = {
    "name": "[name]",
    "phone": "[phone number]",
    "email": "[email address]",
    "nhs_number": "[NHS number]",
    "postcode": "[postcode]",
    "date_of_birth": "[date of birth]",
}
KINDS = tuple(PLACEHOLDERS)
STRUCTURED_KINDS = ("phone", "email", "nhs_number", "postcode", "date_of_birth")


@dataclass(frozen=True)
class RedactionResult:
    text: str
    found: list[str] = field(default_factory=list)
    spans: list[tuple[str, int, int]] = field(default_factory=list)


EMAIL = re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")
NHS_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {MONTHS},? \d{{4}}"
    rf"|{MONTHS} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})\b",
    re.IGNORECASE,
)
DOB_CONTEXT = re.compile(r"(?:\bborn\b|\bd\.?o\.?b\b|date of birth|birthday|\bbirth\b)", re.IGNORECASE)
YEAR = re.compile(r"(\d{4}|\d{2})\b\s*$")
TITLE_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Doctor|Nurse|Sister|Prof|Professor|Dame|Sir)\.? "
    r"(?:[A-Z][a-z'’-]+|[A-Z]\.? ?[A-Z][a-z'’-]+)(?: [A-Z][a-z'’-]+){0,2}"
)
INTRODUCTION = re.compile(
    r"\b(?:my name is|my name's|i am called|i'm called|this is|signed|from|regards|thanks|cheers|sincerely)"
    r"[,:]?\s+([A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){0,2})",
    re.IGNORECASE,
)
SIGN_OFF_LINE = re.compile(r"(?m)^\s*[-–—]\s*([A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+)?)\s*$")
# A first name followed by one of these is a place ("James Cook Hospital", "Heather Close").
PLACE_WORDS = re.compile(
    r"\s+(?:hospital|close|road|street|avenue|lane|centre|center|ward|unit|house|surgery|practice|clinic|"
    r"court|way|drive|park|grove|crescent|building|wing|suite)\b",
    re.IGNORECASE,
)
CAPITALISED_RUN = re.compile(r"\b([A-Z][a-z'’-]+)((?:\s[A-Z][a-z'’-]+){0,2})")
# Capitalised words that follow an introduction phrase but are not names ("This is Outrageous").
NOT_NAMES = {
    "The",
    "A",
    "An",
    "It",
    "I",
    "We",
    "They",
    "He",
    "She",
    "You",
    "My",
    "Our",
    "Your",
    "This",
    "That",
    "Very",
    "Really",
    "Not",
    "So",
    "Just",
    "Thank",
    "Thanks",
    "Team",
    "Staff",
    "Everyone",
    "All",
    "Hospital",
    "Ambulance",
    "NHS",
    "Service",
    "Ward",
    "Doctors",
    "Nurses",
    "Outrageous",
    "Brilliant",
    "Great",
}


@cache
def first_names() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "first_names.txt"
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        words.update(line.split())
    return frozenset(words)


def _overlaps(spans: list[tuple[str, int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for _, s, e in spans)


def _add(spans: list[tuple[str, int, int]], kind: str, start: int, end: int) -> None:
    if end > start and not _overlaps(spans, start, end):
        spans.append((kind, start, end))


def _find_nhs_numbers(text: str, spans: list) -> None:
    for m in NHS_CANDIDATE.finditer(text):
        digits = "".join(m.groups())
        if nhs_number.is_valid(digits):
            _add(spans, "nhs_number", m.start(), m.end())


def _find_phones(text: str, spans: list) -> None:
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        number = match.number
        if number.country_code == 44 and len(str(number.national_number)) < 9:
            continue  # too short to be a UK number: a count or a reference, not a phone
        _add(spans, "phone", match.start, match.end)


def _find_dates_of_birth(text: str, spans: list) -> None:
    for m in DATE.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        year_match = YEAR.search(m.group(0))
        year = int(year_match.group(1)) if year_match else 0
        if year < 100:
            year += 1900 if year > 30 else 2000
        # A full date with a birth word nearby, or one so long ago it can only be a birth date.
        if DOB_CONTEXT.search(before) or 1900 <= year < 1990:
            _add(spans, "date_of_birth", m.start(), m.end())


def _name_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    words = text[start:end].split()
    while words and words[0].rstrip(".,") in NOT_NAMES:
        start += text[start:end].index(words[0]) + len(words[0])
        start += len(text[start:end]) - len(text[start:end].lstrip())
        words = words[1:]
    return (start, end) if words else None


def _find_names(text: str, spans: list) -> None:
    for m in TITLE_NAME.finditer(text):
        _add(spans, "name", m.start(), m.end())
    for m in INTRODUCTION.finditer(text):
        candidate = m.group(1)
        if candidate.split()[0] in first_names() or m.group(0).lower().startswith(
            ("my name", "i am c", "i'm c")
        ):
            found = _name_span(text, m.start(1), m.end(1))
            if found:
                _add(spans, "name", *found)
    for m in SIGN_OFF_LINE.finditer(text):
        _add(spans, "name", m.start(1), m.end(1))
    names = first_names()
    for m in CAPITALISED_RUN.finditer(text):
        if m.group(1) in names:
            end = m.end(2) if m.group(2) and m.group(2).split()[0] not in NOT_NAMES else m.end(1)
            if PLACE_WORDS.match(text, end) or PLACE_WORDS.search(m.group(0)):
                continue
            _add(spans, "name", m.start(1), end)


def redact(text: str) -> RedactionResult:
    """The text with personal details replaced by placeholders such as "[phone number]"."""
    if not text or not text.strip():
        return RedactionResult(text=text or "", found=[], spans=[])
    spans: list[tuple[str, int, int]] = []
    for m in EMAIL.finditer(text):
        _add(spans, "email", m.start(), m.end())
    _find_nhs_numbers(text, spans)
    _find_dates_of_birth(text, spans)
    _find_phones(text, spans)
    for m in POSTCODE.finditer(text):
        _add(spans, "postcode", m.start(), m.end())
    _find_names(text, spans)
    spans.sort(key=lambda s: s[1])
    out, last = [], 0
    for kind, start, end in spans:
        out.append(text[last:start])
        out.append(PLACEHOLDERS[kind])
        last = end
    out.append(text[last:])
    found = sorted({kind for kind, _, _ in spans}, key=KINDS.index)
    return RedactionResult(text="".join(out), found=found, spans=spans)
