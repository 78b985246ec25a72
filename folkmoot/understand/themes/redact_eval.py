"""Measure redaction: plant synthetic personal details (seeded) in real comments and count what is found.

Real comments come from ../shared/data/feedback/train.csv (public NHS patient feedback, see its
PROVENANCE.md). Every planted detail is made up: phone numbers from Ofcom's drama ranges, NHS numbers
with valid check digits from the 999 synthetic range, example.* email domains, generated postcodes.

Recall per kind: planted details that a redaction covers. Precision per kind: redactions of that kind
that cover a planted detail. Precision is a lower bound for names, because the real comments contain
real staff first names ("Sarah was lovely") that redaction rightly hides but the planting did not put there.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import nhs_number
from django.conf import settings

from .redact import KINDS, STRUCTURED_KINDS, redact

TARGET_RECALL = 0.95

FIRST = ["Sarah", "David", "Priya", "Mohammed", "Emily", "Kevin", "Janet", "Oliver", "Aisha", "Gareth"]
SURNAMES = ["Smith", "Patel", "Jones", "Khan", "Williams", "Brown", "Taylor", "Begum", "Evans", "Walker"]
TITLES = ["Mr", "Mrs", "Ms", "Dr", "Miss", "Nurse"]
MONTHS = ["January", "March", "May", "July", "September", "November", "Feb", "Oct"]


def _phone(rng: random.Random) -> str:
    choice = rng.randrange(7)
    if choice == 4:
        return f"07700900{rng.randrange(1000):03d}"
    if choice == 5:
        return f"(0116) 496 0{rng.randrange(1000):03d}"
    if choice == 6:
        return f"0113-496-0{rng.randrange(1000):03d}"
    if choice == 0:
        return f"07700 900{rng.randrange(1000):03d}"
    if choice == 1:
        return f"0116 496 0{rng.randrange(1000):03d}"
    if choice == 2:
        return f"+44 7700 900{rng.randrange(1000):03d}"
    return f"020 7946 0{rng.randrange(1000):03d}"


def _nhs(rng: random.Random) -> str:
    while True:
        digits = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = nhs_number.calculate_checksum(digits)
        if check is not None and 0 <= int(check) <= 9:
            full = digits + str(check)
            if nhs_number.is_valid(full):
                return [f"{full[:3]} {full[3:6]} {full[6:]}", full, f"{full[:3]}-{full[3:6]}-{full[6:]}"][
                    rng.randrange(3)
                ]


def _postcode(rng: random.Random) -> str:
    area = rng.choice(["LE", "NG", "B", "M", "NE", "SW", "DE", "LS", "S", "CV"])
    outward = f"{area}{rng.randrange(1, 20)}"
    inward = f"{rng.randrange(10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    return f"{outward} {inward}" if rng.random() < 0.85 else f"{outward}{inward}".lower()


def _dob(rng: random.Random) -> str:
    year, month, day = rng.randrange(1930, 2008), rng.randrange(1, 13), rng.randrange(1, 29)
    return [
        f"{day:02d}/{month:02d}/{year}",
        f"{day} {rng.choice(MONTHS)} {year}",
        f"{day}.{month}.{year}",
        f"{rng.choice(MONTHS)} {day}, {year}",
        f"{day:02d}-{month:02d}-{year}",
        f"{day}/{month}/{str(year)[2:]}",
    ][rng.randrange(6)]


def _plant(kind: str, rng: random.Random) -> tuple[str, str]:
    """(sentence with a {} slot, the detail that goes into it)."""
    if kind == "name":
        name = f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
        options = [
            ("My name is {}.", name),
            ("Please pass my thanks to {}.", f"{rng.choice(TITLES)} {rng.choice(SURNAMES)}"),
            ("\nRegards, {}", name),
            ("{} looked after me.", rng.choice(FIRST)),
        ]
        return options[rng.randrange(len(options))]
    if kind == "phone":
        return rng.choice(["Call me on {}.", "My number is {} if you need it.", "Ring {}"]), _phone(rng)
    if kind == "email":
        user = f"{rng.choice(FIRST).lower()}.{rng.choice(SURNAMES).lower()}{rng.randrange(100)}"
        return rng.choice(
            ["Email me at {}.", "Contact: {}"]
        ), f"{user}@example.{rng.choice(['com', 'org', 'co.uk'])}"
    if kind == "nhs_number":
        return rng.choice(["My NHS number is {}.", "NHS no {}", "(ref {})"]), _nhs(rng)
    if kind == "postcode":
        return rng.choice(["I live in {}.", "Address postcode {}", "We are at {} so it is far."]), _postcode(
            rng
        )
    templates = [
        "My date of birth is {}.",
        "DOB {}",
        "I was born on {}.",
        "DOB:{}",
        "(d.o.b. {})",
        "my birthday is {}",
    ]
    return rng.choice(templates), _dob(rng)


def build_cases(n: int = 1000, seed: int = 20261125, path: Path | None = None) -> list[dict]:
    path = path or settings.SHARED_DIR / "data" / "feedback" / "train.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]
    rng = random.Random(seed)
    cases = []
    for text in rng.sample(texts, min(n, len(texts))):
        planted = []
        for kind in rng.sample(KINDS, rng.randrange(0, 3)):
            sentence, detail = _plant(kind, rng)
            prefix = sentence[: sentence.index("{}")]
            joiner = " " if not prefix.startswith("\n") else ""
            start = len(text) + len(joiner) + len(prefix)
            text = text + joiner + sentence.replace("{}", detail)
            planted.append((kind, start, start + len(detail)))
        cases.append({"text": text, "planted": planted})
    return cases


def evaluate(n: int = 1000, seed: int = 20261125, path: Path | None = None) -> dict:
    cases = build_cases(n=n, seed=seed, path=path)
    planted = {k: 0 for k in KINDS}
    recalled = {k: 0 for k in KINDS}
    flagged = {k: 0 for k in KINDS}
    correct = {k: 0 for k in KINDS}
    for case in cases:
        spans = redact(case["text"]).spans
        for kind, start, end in case["planted"]:
            planted[kind] += 1
            # Recalled when every character of the detail is hidden (by any kind of redaction).
            covered = sum(max(0, min(end, e) - max(start, s)) for _, s, e in spans)
            recalled[kind] += covered >= end - start
        for kind, start, end in spans:
            flagged[kind] += 1
            correct[kind] += any(s < end and start < e for _, s, e in case["planted"])
    per_kind = {
        kind: {
            "planted": planted[kind],
            "recall": round(recalled[kind] / planted[kind], 4) if planted[kind] else None,
            "redactions": flagged[kind],
            "precision": round(correct[kind] / flagged[kind], 4) if flagged[kind] else None,
        }
        for kind in KINDS
    }
    total_planted = sum(planted.values())
    structured = [per_kind[k]["recall"] for k in STRUCTURED_KINDS if per_kind[k]["recall"] is not None]
    return {
        "n": len(cases),
        "seed": seed,
        "planted": total_planted,
        "recall": round(sum(recalled.values()) / total_planted, 4) if total_planted else None,
        "per_kind": per_kind,
        "target_recall_structured": TARGET_RECALL,
        "target_met": bool(structured) and min(structured) >= TARGET_RECALL,
        "data": "feedback/train.csv (public NHS patient feedback, pxtextmining v6) with synthetic details",
    }
