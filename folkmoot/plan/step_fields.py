"""NHS.UK macro parameters for the fields of one planner step (see steps.py), keeping what the
planner typed when a field has an error."""

from __future__ import annotations

from . import catalogue, schema
from .steps import BLANK_ROWS, DUTY_QUESTIONS, YES_NO, Step, _bool_to_str, name_of


def _error(errors: dict, path: str) -> dict:
    message = errors.get(path)
    return {"errorMessage": {"text": message}} if message else {}


def _value(data: dict, path: str, posted=None, key: str = ""):
    if posted is not None and key in posted:
        return posted.get(key)
    return schema.get(data, path, "")


def render(step: Step, data: dict, errors: dict, posted=None) -> list[dict]:
    """Macro parameters for each field of the step (errors keyed by schema field path)."""
    out = []
    for f in step.fields:
        key = name_of(f.path)
        base = {"id": key, "name": key, "label": {"text": f.label, "size": "s"}, **_error(errors, f.path)}
        if f.hint:
            base["hint"] = {"text": f.hint}
        if f.kind in ("text", "date", "money", "int"):
            value = _value(data, f.path, posted, key)
            params = {**base, "value": "" if value in (None, "") else str(value)}
            if f.kind == "date":
                params["type"] = "date"
                params["classes"] = "nhsuk-input--width-10"
            elif f.kind in ("money", "int"):
                params["inputmode"] = "numeric"
                params["classes"] = "nhsuk-input--width-10"
            out.append({"type": "input", "params": params, "public": False})
        elif f.kind == "textarea":
            out.append(
                {
                    "type": "textarea",
                    "params": {**base, "value": _value(data, f.path, posted, key), "rows": 4},
                    "public": f.public,
                    "text": _value(data, f.path, posted, key),
                }
            )
        elif f.kind == "lines":
            value = (
                posted.get(key)
                if posted is not None and key in posted
                else "\n".join(schema.get(data, f.path, []))
            )
            out.append({"type": "textarea", "params": {**base, "value": value, "rows": 4}, "public": False})
        elif f.kind in ("bool", "choice"):
            current = (
                posted.get(key)
                if posted is not None and key in posted
                else (
                    _bool_to_str(schema.get(data, f.path))
                    if f.kind == "bool"
                    else schema.get(data, f.path, "")
                )
            )
            choices = YES_NO if f.kind == "bool" else f.choices
            params = {
                "idPrefix": key,
                "name": key,
                "fieldset": {"legend": {"text": f.label, "size": "s"}},
                "items": [{"value": v, "text": t, "checked": v == current} for v, t in choices],
                **_error(errors, f.path),
            }
            if f.hint:
                params["hint"] = {"text": f.hint}
            out.append({"type": "radios", "params": params})
        elif f.kind == "rows":
            rows = list(schema.get(data, f.path, []))
            groups = []
            for i in range(len(rows) + BLANK_ROWS):
                row = rows[i] if i < len(rows) else {}
                fields = []
                for s in f.sub:
                    sub_key = f"{key}-{i}-{s.path}"
                    path = f"{f.path}[{i}].{s.path}"
                    value = (
                        posted.get(sub_key, "")
                        if posted is not None and sub_key in posted
                        else row.get(s.path, "")
                    )
                    p = {"id": sub_key, "name": sub_key, "label": {"text": s.label}, **_error(errors, path)}
                    if s.kind == "select":
                        current = _bool_to_str(value) if isinstance(value, bool) else str(value or "")
                        p["items"] = [{"value": v, "text": t, "selected": v == current} for v, t in s.choices]
                        fields.append({"type": "select", "params": p})
                    elif s.kind == "textarea":
                        fields.append({"type": "textarea", "params": {**p, "value": value, "rows": 2}})
                    else:
                        p["value"] = "" if value is None else str(value)
                        if s.kind == "date":
                            p["type"] = "date"
                            p["classes"] = "nhsuk-input--width-10"
                        if s.kind == "money":
                            p["inputmode"] = "numeric"
                            p["classes"] = "nhsuk-input--width-10"
                        fields.append({"type": "input", "params": p})
                groups.append(
                    {
                        "legend": f"{f.label}: {'new ' if i >= len(rows) else ''}item {i + 1}",
                        "fields": fields,
                        "error": errors.get(f"{f.path}[{i}]"),
                    }
                )
            out.append({"type": "rows", "legend": f.label, "groups": groups, "error": errors.get(f.path)})
        elif f.kind == "methods":
            chosen = {m["method"] for m in data.get("methods", [])}
            if posted is not None and key in posted:
                chosen = set(posted.getlist(key))
            items = [
                {
                    "value": m["id"],
                    "text": m["name"],
                    "checked": m["id"] in chosen,
                    "hint": {
                        "text": f"{m['channel'].title()}. Reaches well: {m['reaches_well']}. Reaches badly: {m['reaches_badly']}."
                    },
                }
                for m in catalogue.methods()
            ]
            out.append(
                {
                    "type": "checkboxes",
                    "params": {
                        "idPrefix": key,
                        "name": key,
                        "items": items,
                        "fieldset": {"legend": {"text": f.label, "size": "s"}},
                        "hint": {"text": f.hint},
                        **_error(errors, "methods"),
                    },
                }
            )
        elif f.kind == "reach":
            by_id = catalogue.methods_by_id()
            chosen = [m["method"] for m in data.get("methods", []) if m.get("method") in by_id]
            for i, audience in enumerate(data.get("audiences", [])):
                picked = set(audience.get("methods", []))
                items = [{"value": m, "text": by_id[m]["name"], "checked": m in picked} for m in chosen]
                out.append(
                    {
                        "type": "checkboxes",
                        "params": {
                            "idPrefix": f"reach-{i}",
                            "name": f"reach-{i}",
                            "items": items,
                            "fieldset": {
                                "legend": {
                                    "text": f"Methods that reach: {audience.get('name', '')}",
                                    "size": "s",
                                }
                            },
                            **(
                                {"hint": {"text": "Choose methods on the 'Level and methods' step first."}}
                                if not items
                                else {}
                            ),
                            **_error(errors, f"audiences[{i}]"),
                        },
                        "empty": not items,
                    }
                )
            if not data.get("audiences"):
                out.append({"type": "note", "text": "Add target groups on the 'Who to engage' step first."})
        elif f.kind == "duties":
            duties = data.get("duties", {})
            for duty, label in schema.DUTIES.items():
                answer = duties.get(duty, {})
                current = (
                    posted.get(f"duties-{duty}-applies", "")
                    if posted is not None
                    else _bool_to_str(answer.get("applies"))
                )
                why = posted.get(f"duties-{duty}-why", "") if posted is not None else answer.get("why", "")
                out.append(
                    {
                        "type": "duty",
                        "label": label,
                        "question": DUTY_QUESTIONS[duty],
                        "radios": {
                            "idPrefix": f"duties-{duty}-applies",
                            "name": f"duties-{duty}-applies",
                            "fieldset": {"legend": {"text": f"{label}: does it apply?", "size": "s"}},
                            "hint": {"text": DUTY_QUESTIONS[duty]},
                            "items": [{"value": v, "text": t, "checked": v == current} for v, t in YES_NO],
                            "classes": "nhsuk-radios--inline",
                            **_error(errors, f"duties.{duty}.applies"),
                        },
                        "why": {
                            "id": f"duties-{duty}-why",
                            "name": f"duties-{duty}-why",
                            "label": {"text": "Why?"},
                            "value": why,
                            "rows": 2,
                            **_error(errors, f"duties.{duty}.why"),
                        },
                    }
                )
    return out
