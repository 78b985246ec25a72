"""The 12 planning steps (seed 001, NHS Kent and Medway) as data: which fields each page shows and how a
POST becomes plan fields (step_fields.py renders them). Pages work without JavaScript:
lists are one item per line, repeated groups show the saved rows plus blank rows to add more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import schema

BLANK_ROWS = 2
YES_NO = [("yes", "Yes"), ("no", "No")]


@dataclass
class F:
    path: str  # "aims.why", or a sub-field name inside rows
    kind: (
        str  # text | textarea | date | money | int | bool | choice | lines | rows | methods | reach | duties
    )
    label: str
    hint: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    sub: list[F] = field(default_factory=list)  # for rows
    public: bool = False  # public text: show the plain-English report


@dataclass
class Step:
    number: int
    slug: str
    title: str
    intro: str
    fields: list[F]


LEVEL_CHOICES = list(schema.LEVEL_LABELS.items())
KIND_CHOICES = [("", "Choose a kind")] + list(schema.AUDIENCE_KINDS.items())

STEPS = [
    Step(
        1,
        "aims",
        "Aims and objectives",
        "Why you are engaging, which decision it informs and what people can change.",
        [
            F(
                "aims.why",
                "textarea",
                "Why do you need to engage?",
                "What is the goal, and what will change as a result?",
            ),
            F("aims.what_we_need_to_know", "textarea", "What do you need to know?"),
            F("aims.decision", "textarea", "Which decision will this inform?"),
            F("aims.decision_maker", "text", "Who makes the decision?", "For example, the ICB board."),
            F("aims.decision_date", "date", "When will the decision be made?"),
            F("scope.can_change", "lines", "What can people influence?", "One item per line."),
            F(
                "scope.cannot_change",
                "rows",
                "What is not up for change, and why?",
                sub=[F("item", "text", "What cannot change"), F("why", "textarea", "Why not")],
            ),
        ],
    ),
    Step(
        2,
        "who",
        "Who to engage",
        "Target groups, including people affected by inequalities, carers, staff and partners.",
        [
            F(
                "audiences",
                "rows",
                "Target groups",
                sub=[
                    F("name", "text", "Group"),
                    F("kind", "select", "Kind of group", choices=KIND_CHOICES),
                    F("how_reached", "textarea", "How will you reach them?"),
                ],
            ),
            F(
                "partners",
                "rows",
                "Partners (Healthwatch, voluntary and community groups)",
                sub=[
                    F("name", "text", "Partner"),
                    F("role", "text", "Their role"),
                    F("paid", "select", "Will they be paid?", choices=[("", "Choose"), *YES_NO]),
                    F("payment", "money", "Payment (£)"),
                ],
            ),
        ],
    ),
    Step(
        3,
        "level-and-methods",
        "Level and methods",
        "How much influence people have, and the methods you will use.",
        [
            F("level", "choice", "Level of involvement", choices=LEVEL_CHOICES),
            F(
                "substantial_change",
                "bool",
                "Is this a substantial development or variation of services?",
                "If yes, you must consult the council's health overview and scrutiny committee.",
            ),
            F(
                "methods",
                "methods",
                "Methods",
                "Choose from the catalogue. Mix online and offline ways to take part.",
            ),
        ],
    ),
    Step(
        4,
        "timeline",
        "Planning and timetable",
        "When the engagement runs, and the key dates.",
        [
            F("timeline.start", "date", "Start date"),
            F("timeline.end", "date", "End date"),
            F("timeline.extension_days", "int", "Extra days added for holidays or festivals"),
            F("timeline.extension_reason", "textarea", "Why the window is this long"),
            F(
                "timeline.key_dates",
                "rows",
                "Key dates",
                sub=[F("date", "date", "Date"), F("label", "text", "What happens")],
            ),
        ],
    ),
    Step(
        5,
        "budget",
        "Budget",
        "Cost, including staff, accessibility and paying partners.",
        [
            F("budget.total", "money", "Total budget (£)"),
            F(
                "budget.accessibility",
                "money",
                "Accessibility (£)",
                "Easy read, large print, BSL, accessible venues, travel.",
            ),
            F("budget.partner_payments", "money", "Partner payments (£)"),
            F("budget.translation", "money", "Translation and interpreting (£)"),
            F("budget.participant_payments", "money", "Participant payments and expenses (£)"),
            F("budget.notes", "textarea", "Notes"),
        ],
    ),
    Step(
        6,
        "evidence",
        "Existing data and knowledge",
        "What people have already told you. Has this been asked before?",
        [
            F(
                "evidence",
                "rows",
                "Evidence you will use",
                sub=[
                    F("title", "text", "Title"),
                    F("date", "date", "Date"),
                    F("summary", "textarea", "What it found"),
                ],
            ),
        ],
    ),
    Step(
        7,
        "gaps",
        "Gaps and reach",
        "Who needs extra effort, and which methods reach each group.",
        [
            F("gaps", "lines", "Gaps", "Groups or questions the evidence does not cover. One per line."),
            F("audiences", "reach", "Which methods reach each group?"),
        ],
    ),
    Step(
        8,
        "inclusion",
        "Inclusive processes",
        "Languages, formats, venues and times that let everyone take part.",
        [
            F("inclusion.languages", "lines", "Languages", "One per line."),
            F("inclusion.formats", "lines", "Formats", "For example easy read, large print, BSL video."),
            F("inclusion.venues", "lines", "Venues", "Step-free, on bus routes, familiar to the community."),
            F("inclusion.times", "lines", "Times", "For example evenings for carers and working people."),
        ],
    ),
    Step(
        9,
        "communications",
        "Communication and messages",
        "Clear, accessible words saying why you are asking.",
        [
            F(
                "aims.public_summary",
                "textarea",
                "Public summary",
                "Shown to the public. Aim for a reading age of 9 to 11.",
                public=True,
            ),
            F(
                "communications.invitation",
                "textarea",
                "Invitation",
                "What people will read first.",
                public=True,
            ),
            F("communications.channels", "lines", "Channels", "One per line."),
            F("communications.messages", "textarea", "Key messages"),
        ],
    ),
    Step(
        10,
        "delivery",
        "Delivery",
        "How you will run the engagement to plan and check who is taking part.",
        [
            F("delivery", "textarea", "Delivery plan"),
        ],
    ),
    Step(
        11,
        "evaluation-and-feedback",
        "Evaluation and feedback",
        "How people will hear back, and how you will learn.",
        [
            F("feedback.how", "textarea", "How will people hear what happened?"),
            F("feedback.date", "date", "By when?", "Within 12 weeks of the end."),
            F("evaluation.how", "textarea", "How will you evaluate the engagement?"),
            F("evaluation.participants_view", "bool", "Will you ask participants what worked?"),
        ],
    ),
    Step(
        12,
        "influence",
        "Influence decisions and legal duties",
        "How findings reach the decision, and which duties apply.",
        [
            F("influence.route", "textarea", "How will findings reach the decision-makers?"),
            F("scrutiny.consulted", "bool", "Has the health overview and scrutiny committee been consulted?"),
            F("scrutiny.consulted_on", "date", "When?"),
            F("scrutiny.notes", "textarea", "Notes on scrutiny"),
            F("duties", "duties", "Legal-duty screening"),
        ],
    ),
]
STEPS_BY_SLUG = {s.slug: s for s in STEPS}

DUTY_QUESTIONS = {
    "s13q": "Is NHS England making the decision about services it commissions directly?",
    "s14z45": "Is an ICB planning commissioning, or proposing a change to how or which services are delivered?",
    "s242_1b": "Is an NHS trust or foundation trust planning services or changing how they are provided, "
    "with an impact on how or which services people receive?",
    "equality_s149": "Could the decision affect people who share a protected characteristic differently? "
    "(Almost always yes for a public body: say how you will have due regard.)",
    "gp_ppg": "Is this a GP practice obtaining patient views, which it must do through its patient participation group?",
}


def name_of(path: str) -> str:
    """HTML name/id for a field path: 'timeline.end' -> 'timeline-end'; 'audiences[0].name' -> 'audiences-0-name'."""
    return re.sub(r"\[(\d+)\]\.?", r"-\1-", path).replace(".", "-").strip("-")


def _bool_to_str(value) -> str:
    return "" if value is None else ("yes" if value else "no")


def parse(step: Step, post, data: dict) -> dict:
    """Turn a step's POST into top-level plan fields (raw values; schema.validate cleans them)."""
    changes: dict = {}

    def put(path: str, value) -> None:
        top, _, rest = path.partition(".")
        if not rest:
            changes[top] = value
            return
        group = changes.setdefault(top, dict(data.get(top, {})))
        group[rest] = value

    for f in step.fields:
        key = name_of(f.path)
        if f.kind == "lines":
            put(f.path, [line.strip() for line in post.get(key, "").splitlines() if line.strip()])
        elif f.kind == "rows":
            rows, i = [], 0
            while f"{key}-{i}-{f.sub[0].path}" in post:
                row = {}
                for s in f.sub:
                    raw = post.get(f"{key}-{i}-{s.path}", "").strip()
                    if raw:
                        row[s.path] = raw
                if row:
                    existing = data.get(f.path, [])
                    keep = existing[i] if i < len(existing) and isinstance(existing[i], dict) else {}
                    # Keep fields the page does not show (e.g. an audience's methods and tags).
                    rows.append(
                        {**{k: v for k, v in keep.items() if k not in {s.path for s in f.sub}}, **row}
                    )
                i += 1
            put(f.path, rows)
        elif f.kind == "methods":
            chosen = post.getlist(key)
            old = {m["method"]: m for m in data.get("methods", [])}
            put("methods", [old.get(m, {"method": m}) for m in chosen])
        elif f.kind == "reach":
            audiences = [dict(a) for a in data.get("audiences", [])]
            for i, audience in enumerate(audiences):
                audience["methods"] = post.getlist(f"reach-{i}")
            put("audiences", audiences)
        elif f.kind == "duties":
            duties = {}
            for duty in schema.DUTIES:
                applies, why = (
                    post.get(f"duties-{duty}-applies", ""),
                    post.get(f"duties-{duty}-why", "").strip(),
                )
                answer = {}
                if applies:
                    answer["applies"] = applies
                if why:
                    answer["why"] = why
                if answer:
                    duties[duty] = answer
            put("duties", duties)
        else:
            raw = post.get(key, "").strip()
            if raw == "":
                top, _, rest = f.path.partition(".")
                if rest:
                    group = changes.setdefault(top, dict(data.get(top, {})))
                    group.pop(rest, None)
                else:
                    changes[top] = None
            else:
                put(f.path, raw)
    return changes
