"""Marks for free text the model cannot read well: empty, placeholders, emoji only, very long, not English.

Marked comments are kept and shown with their mark; they are never dropped silently (STYLE rule 21).
"""

from __future__ import annotations

import re
import unicodedata

from .models import Flag

MAX_CLASSIFY_CHARS = 5000
PLACEHOLDERS = {"did not answer", "not answered", "no answer given", "[no answer]"}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Frequent English function words: a text of several words with none of them is probably not English.
ENGLISH = set(
    "the a an and or but to of in on at for with was were is are be been i we you they he she it my our "
    "me us them this that not no very so as by from have has had do did all staff good great nothing "
    "service care would could should more better time thank thanks".split()
)


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
    elif len(words) >= 4 and not any(w.lower() in ENGLISH for w in words):
        flags.append(Flag.NON_ENGLISH)
    return flags


def classifiable(flags: list[str]) -> bool:
    """Whether the model is asked at all: there must be words to read."""
    return not ({Flag.EMPTY, Flag.WHITESPACE, Flag.PLACEHOLDER, Flag.NO_LETTERS} & set(flags))


def text_for_model(text: str) -> str:
    return text.strip()[:MAX_CLASSIFY_CHARS]
