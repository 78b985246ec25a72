"""What a valid answer is, per question type, and skip logic. Pure functions: pages, imports and the API share them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError

from .equality import PREFER_NOT
from .models import Question, QuestionType

LIKERT = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]
FFT = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]
FFT_TEXT = "Overall, how was your experience of our service?"
MAX_TEXT = 10_000
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def default_options(question_type: str) -> list[dict[str, str]]:
    if question_type == QuestionType.LIKERT:
        return [{"value": v, "label": v} for v in LIKERT]
    if question_type == QuestionType.FFT:
        return [{"value": v, "label": v} for v in FFT]
    return []


def option_values(question: Question) -> list[str]:
    values = [str(o["value"]) for o in (question.options or default_options(question.type))]
    if question.type == QuestionType.EQUALITY:
        values.append(PREFER_NOT)
    return values


def normalise_postcode(raw: str) -> str:
    compact = "".join(raw.upper().split())
    match = POSTCODE_RE.match(compact)
    if not match:
        raise ValidationError("Enter a real postcode, like LE1 5WW")
    return f"{match.group(1)} {match.group(2)}"


def clean_answer(question: Question, raw: Any) -> Any:
    """Turn what a person (or a file) gave into the stored value, or raise ValidationError with a plain message.

    Returns None for "no answer", which is allowed unless the question is required.
    """
    return compile_cleaner(question)(raw)


def compile_cleaner(question: Question) -> Callable[[Any], Any]:
    """clean_answer for one question, with its options worked out once: imports call it a million times."""
    required = question.required
    required_message = _required_message(question)
    kind = question.type
    allowed_list = option_values(question)
    allowed = frozenset(allowed_list)

    def check(raw: Any) -> Any:
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "" or raw == []:
            if required:
                raise ValidationError(required_message)
            return None
        return convert(raw)

    if kind in (QuestionType.SINGLE, QuestionType.LIKERT, QuestionType.FFT, QuestionType.EQUALITY):

        def convert(raw: Any) -> Any:
            value = str(raw)
            if value not in allowed:
                raise ValidationError("Select one of the options")
            return value

    elif kind == QuestionType.MULTIPLE:

        def convert(raw: Any) -> Any:
            values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if str(v).strip()]
            if any(v not in allowed for v in values):
                raise ValidationError("Select from the options shown")
            chosen = set(values)
            return [v for v in allowed_list if v in chosen]  # keep the survey's order

    elif kind == QuestionType.RATING:

        def convert(raw: Any) -> Any:
            try:
                number = int(str(raw))
            except ValueError:
                raise ValidationError("Enter a whole number from 0 to 10") from None
            if not 0 <= number <= 10:
                raise ValidationError("Enter a whole number from 0 to 10")
            return number

    elif kind == QuestionType.NUMBER:

        def convert(raw: Any) -> Any:
            try:
                number = float(str(raw).replace(",", ""))
            except ValueError:
                raise ValidationError("Enter a number, like 3") from None
            return int(number) if number.is_integer() else number

    elif kind == QuestionType.DATE:

        def convert(raw: Any) -> Any:
            try:
                return dt.date.fromisoformat(str(raw)).isoformat()
            except ValueError:
                raise ValidationError("Enter a real date, like 2026-11-25") from None

    elif kind == QuestionType.POSTCODE:

        def convert(raw: Any) -> Any:
            return normalise_postcode(str(raw))

    elif kind == QuestionType.TEXT:

        def convert(raw: Any) -> Any:
            text = str(raw)
            if len(text) > MAX_TEXT:
                raise ValidationError(f"Your answer must be {MAX_TEXT:,} characters or fewer")
            return text

    else:

        def convert(raw: Any) -> Any:
            raise ValidationError(f"Unknown question type {kind}")

    return check


def _required_message(question: Question) -> str:
    if question.type in (QuestionType.TEXT, QuestionType.NUMBER, QuestionType.POSTCODE, QuestionType.DATE):
        return "Enter an answer to this question"
    return "Select an answer to this question"


def is_visible(question: Question, answers_by_code: dict[str, Any]) -> bool:
    """Skip logic: a question with show_if is shown only when the earlier answer matches."""
    rule = question.show_if or {}
    if not rule.get("question"):
        return True
    given = answers_by_code.get(rule["question"])
    wanted = rule.get("equals")
    if isinstance(given, list):
        return wanted in given
    return given is not None and str(given) == str(wanted)


def display_value(question: Question, value: Any) -> str:
    if value is None:
        return "Not answered"
    labels = {str(o["value"]): o["label"] for o in (question.options or default_options(question.type))}
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(str(value), str(value))
