"""Reading the labelled feedback data (../shared/data/feedback/) so that "None" and "N/A" stay text."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

FEEDBACK_DIR_PARTS = ("data", "feedback")


def feedback_dir() -> Path:
    return Path(settings.SHARED_DIR).joinpath(*FEEDBACK_DIR_PARTS)


def framework(path: Path | None = None) -> list[tuple[str, str, str]]:
    path = path or feedback_dir() / "framework.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return [(r["code"], r["name"], r["group_v6"]) for r in csv.DictReader(handle)]


def eval_labels(path: Path | None = None) -> list[str]:
    path = path or feedback_dir() / "eval_labels.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class Labelled:
    texts: list[str]
    question_types: list[str]
    labels: list[list[str]]
    sentiment: list[int | None]
    # The FFT score the respondent gave ("1".."5" or "" when unknown): an optional input, never a label.
    fft_scores: list[str] = field(default_factory=list)
    # Who wrote each comment (respondent id): cross-validation keeps a person's answers in one fold.
    groups: list[str] = field(default_factory=list)


def read_labelled(path: str | Path, codes: list[str]) -> Labelled:
    """Read a labelled CSV with the csv module (never pandas' NA guessing: "None" is a real comment)."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"text", "sentiment"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name} has no column(s) {', '.join(sorted(missing))}")
        rows = list(reader)
    return Labelled(
        texts=[r["text"] for r in rows],
        question_types=[r.get("question_type", "") for r in rows],
        labels=[[c for c in codes if r.get(c) == "1"] for r in rows],
        sentiment=[int(r["sentiment"]) if r["sentiment"].strip() else None for r in rows],
        fft_scores=[(r.get("fft_score") or "").strip() for r in rows],
        groups=[r.get("respondent_id") or r.get("comment_id") or f"row-{i}" for i, r in enumerate(rows)],
    )
