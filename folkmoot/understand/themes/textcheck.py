"""Marks for free text the model cannot read well: empty, placeholders, emoji only, very long, not English.

Marked comments are kept and shown with their mark; they are never dropped silently (STYLE rule 21).
"""

from __future__ import annotations

import re
import unicodedata

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .models import Flag

MAX_CLASSIFY_CHARS = 5000
PLACEHOLDERS = {"did not answer", "not answered", "no answer given", "[no answer]"}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Function words of languages often spoken in England besides English (Latin script). A comment is marked
# non-English when it uses more of these than English function words: English comments without any
# function word ("Fast response, amazing paramedics") stay unmarked.
FOREIGN = set(
    # Spanish, Portuguese, Italian, French
    "el la los las que de del y en por para con una muy fue es está pero su sus se lo le al "
    "não os uma com foi muito mas às não é "
    "il gli che di della nel per con una molto è sono ma "
    "le les des est et une pour pas très avec ont été sont mais je nous vous "
    # Polish, Romanian, German
    "i w z na nie się jest było był była jestem bardzo że do ale jak po mnie "
    "și în cu nu este foarte am pe care la de "
    "der die das und ist nicht mit sehr war ich ein eine zu auf".split()
)
ENGLISH = set(ENGLISH_STOP_WORDS) | {"staff", "thank", "thanks", "good", "great", "nothing", "care"}


def text_flags(text: str | None) -> list[str]:
    text = text or ""
    if text == "":
        return [Flag.EMPTY]
    stripped = text.strip()
    if not stripped:
        return [Flag.WHITESPACE]
    if stripped.lower() in PLACEHOLDERS:
        return [Flag.PLACEHOLDER]
    flags = []
    if len(text) > MAX_CLASSIFY_CHARS:
        flags.append(Flag.TOO_LONG)
    words = WORD.findall(stripped[:MAX_CLASSIFY_CHARS])
    if not words:
        flags.append(Flag.NO_LETTERS)
        return flags
    latin = sum(1 for w in words if all("LATIN" in unicodedata.name(ch, "") for ch in w))
    if latin / len(words) < 0.5:
        flags.append(Flag.NON_ENGLISH)
    else:
        lowered = [w.lower() for w in words]
        foreign = sum(w in FOREIGN and w not in ENGLISH for w in lowered)
        english = sum(w in ENGLISH for w in lowered)
        if len(words) >= 3 and foreign >= 2 and foreign > english:
            flags.append(Flag.NON_ENGLISH)
    return flags


def classifiable(flags: list[str]) -> bool:
    """Whether the model is asked at all: there must be words to read."""
    return not ({Flag.EMPTY, Flag.WHITESPACE, Flag.PLACEHOLDER, Flag.NO_LETTERS} & set(flags))


def text_for_model(text: str) -> str:
    return text.strip()[:MAX_CLASSIFY_CHARS]
