"""The plan document: its fields, and validation with messages a planner can act on.

A plan is one JSON/YAML document (documented in docs/plan-schema.md). `validate(data)` returns
(clean_data, errors); errors are `{"field": "timeline.end", "message": "..."}`. Unknown fields, wrong
types and impossible dates are errors; missing fields are not (a draft may be incomplete; the checks
say what is missing).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

SCHEMA_VERSION = 1
LEVELS = ["inform", "consult", "involve", "collaborate", "co_produce"]
LEVEL_LABELS = {
    "inform": "Inform",
    "consult": "Consult",
    "involve": "Involve",
    "collaborate": "Collaborate",
    "co_produce": "Co-produce",
}
AUDIENCE_KINDS = {
    "protected_characteristic": "People who share a protected characteristic",
    "inclusion_health": "Inclusion health group",
    "carers": "Carers",
    "ppg": "Patient participation group (PPG)",
    "staff": "Staff",
    "vcse_partner": "Voluntary and community (VCSE) partner",
    "general_public": "General public",
    "other": "Other",
}
DUTIES = {
    "s13q": "NHS Act 2006 s13Q (NHS England: services it commissions)",
    "s14z45": "NHS Act 2006 s14Z45 (integrated care boards)",
    "s242_1b": "NHS Act 2006 s242(1B) (NHS trusts and foundation trusts)",
    "equality_s149": "Equality Act 2010 s149 (public sector equality duty)",
    "gp_ppg": "GP contract: patient participation group (PMS reg 20, GMS reg 26)",
}

# Field specs: type name, or a nested dict, or [spec] for a list.
STR, TEXT, DATE, BOOL, MONEY, INT = "str", "text", "date", "bool", "money", "int"
SPEC: dict[str, Any] = {
    "schema_version": INT,
    "aims": {
        "why": TEXT,
        "what_we_need_to_know": TEXT,
        "decision": TEXT,
        "decision_maker": STR,
        "decision_date": DATE,
        "public_summary": TEXT,
    },
    "scope": {
        "can_change": [STR],
        "cannot_change": [{"item": STR, "why": TEXT}],
    },
    "level": STR,
    "substantial_change": BOOL,
    "scrutiny": {"consulted": BOOL, "consulted_on": DATE, "notes": TEXT},
    "audiences": [
        {"name": STR, "kind": STR, "tags": [STR], "how_reached": TEXT, "methods": [STR]},
    ],
    "partners": [{"name": STR, "role": TEXT, "paid": BOOL, "payment": MONEY}],
    "methods": [{"method": STR, "notes": TEXT, "partner": STR}],
    "timeline": {
        "start": DATE,
        "end": DATE,
        "extension_days": INT,
        "extension_reason": TEXT,
        "key_dates": [{"date": DATE, "label": STR}],
    },
    "budget": {
        "total": MONEY,
        "accessibility": MONEY,
        "partner_payments": MONEY,
        "translation": MONEY,
        "participant_payments": MONEY,
        "notes": TEXT,
    },
    "evidence": [{"title": STR, "date": DATE, "summary": TEXT}],
    "gaps": [STR],
    "inclusion": {"languages": [STR], "formats": [STR], "venues": [STR], "times": [STR]},
    "communications": {"invitation": TEXT, "channels": [STR], "messages": TEXT},
    "delivery": TEXT,
    "evaluation": {"how": TEXT, "participants_view": BOOL},
    "feedback": {"how": TEXT, "date": DATE},
    "influence": {"route": TEXT},
    "duties": {key: {"applies": BOOL, "why": TEXT} for key in DUTIES},
}

TOP_LEVEL_FIELDS = list(SPEC)


def _path(prefix: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else key


def _clean(value: Any, spec: Any, field: str, errors: list[dict]) -> Any:
    if value is None:
        return None
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            errors.append({"field": field, "message": f"{field} must be a group of fields, not {value!r}."})
            return None
        out = {}
        for key, item in value.items():
            if key not in spec:
                allowed = ", ".join(spec)
                errors.append(
                    {
                        "field": _path(field, key),
                        "message": f"Unknown field '{_path(field, key)}'. Allowed here: {allowed}.",
                    }
                )
                continue
            cleaned = _clean(item, spec[key], _path(field, key), errors)
            if cleaned is not None:
                out[key] = cleaned
        return out
    if isinstance(spec, list):
        if not isinstance(value, list):
            errors.append({"field": field, "message": f"{field} must be a list (one '- ' line per item)."})
            return None
        return [
            c for i, v in enumerate(value) if (c := _clean(v, spec[0], _path(field, i), errors)) is not None
        ]
    if spec in (STR, TEXT):
        if isinstance(value, bool | dict | list):
            errors.append({"field": field, "message": f"{field} must be text."})
            return None
        return str(value).strip()
    if spec == DATE:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            errors.append(
                {
                    "field": field,
                    "message": f"{field}: '{value}' is not a date. Write it as YYYY-MM-DD, e.g. 2027-03-31.",
                }
            )
            return None
    if spec == BOOL:
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("yes", "true", "1"):
            return True
        if str(value).lower() in ("no", "false", "0"):
            return False
        errors.append({"field": field, "message": f"{field} must be yes or no, not '{value}'."})
        return None
    if spec in (MONEY, INT):
        try:
            number = float(str(value).replace("£", "").replace(",", "").strip())
        except ValueError:
            errors.append({"field": field, "message": f"{field} must be a number, not '{value}'."})
            return None
        if number < 0:
            errors.append({"field": field, "message": f"{field} cannot be negative."})
            return None
        return int(number) if spec == INT or number.is_integer() else round(number, 2)
    raise ValueError(f"unknown spec {spec!r}")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def validate(data: Any, *, method_ids: set[str] | None = None) -> tuple[dict, list[dict]]:
    """Clean a plan document. Returns (clean, errors); clean keeps every field that was valid."""
    errors: list[dict] = []
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [{"field": "", "message": "A plan must be a set of named fields (a YAML mapping)."}]
    clean = _clean(data, SPEC, "", errors) or {}
    level = clean.get("level")
    if level and level not in LEVELS:
        errors.append(
            {"field": "level", "message": f"level must be one of {', '.join(LEVELS)}, not '{level}'."}
        )
        clean.pop("level")
    for i, audience in enumerate(clean.get("audiences", [])):
        if audience.get("kind") and audience["kind"] not in AUDIENCE_KINDS:
            errors.append(
                {
                    "field": f"audiences[{i}].kind",
                    "message": f"audiences[{i}].kind must be one of {', '.join(AUDIENCE_KINDS)}.",
                }
            )
            audience.pop("kind")
    if method_ids is not None:
        for i, method in enumerate(clean.get("methods", [])):
            if method.get("method") not in method_ids:
                errors.append(
                    {
                        "field": f"methods[{i}].method",
                        "message": f"Method '{method.get('method')}' is not in the methods catalogue. "
                        "Use an id from docs/plan-schema.md (e.g. online_survey, vcse_outreach).",
                    }
                )
        if "methods" in clean:
            clean["methods"] = [m for m in clean["methods"] if m.get("method") in method_ids]
    timeline = clean.get("timeline", {})
    start, end = _date(timeline.get("start")), _date(timeline.get("end"))
    if start and end and end < start:
        errors.append(
            {
                "field": "timeline.end",
                "message": f"The end date ({end}) is before the start date ({start}). Put the end after the start.",
            }
        )
        timeline.pop("end")
    feedback = clean.get("feedback", {})
    fb = _date(feedback.get("date"))
    if fb and start and fb < start:
        errors.append(
            {
                "field": "feedback.date",
                "message": "The feedback date is before the engagement starts. Choose a date after the end.",
            }
        )
        feedback.pop("date")
    return clean, errors


def get(data: dict, path: str, default: Any = None) -> Any:
    """data['a']['b'] for path 'a.b', or default."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def date_at(data: dict, path: str) -> dt.date | None:
    value = get(data, path)
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
