"""Glue between Django forms and the NHS.UK Jinja macros (no package does this for NHS.UK).

`field(form["name"])` gives the parameters the nhsuk input/textarea/radios/select macros expect, with the
label, hint, error message and the value the user typed, so a form that fails validation keeps it.
"""

from __future__ import annotations

from typing import Any

from django import forms


def field(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    widget = bound.field.widget
    value = bound.value()
    params: dict[str, Any] = {
        "id": bound.id_for_label or bound.auto_id,
        "name": bound.html_name,
        "label": {"text": str(bound.label)},
    }
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    if bound.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in bound.errors)}
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.Select):
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        items = []
        for choice_value, choice_label in bound.field.choices:
            if isinstance(widget, forms.Select) and choice_value == "":
                items.append({"value": "", "text": str(choice_label)})
                continue
            items.append(
                {
                    "value": str(choice_value),
                    "text": str(choice_label),
                    "checked": str(choice_value) in selected,
                    "selected": str(choice_value) in selected,
                }
            )
        params["items"] = items
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            params["idPrefix"] = params.pop("id")
            params["fieldset"] = {"legend": {"text": str(bound.label), "size": "s"}}
            params.pop("label")
    else:
        params["value"] = "" if value is None else str(value)
        if isinstance(widget, forms.PasswordInput):
            params["type"] = "password"
            params["value"] = ""
        elif isinstance(widget, forms.EmailInput):
            params["type"] = "email"
            params["autocomplete"] = "email"
        elif isinstance(widget, forms.DateInput):
            params["type"] = "date"
    attrs = {k: v for k, v in widget.attrs.items() if k in ("autocomplete", "spellcheck", "inputmode")}
    if attrs.get("autocomplete"):
        params["autocomplete"] = attrs["autocomplete"]
    params.update(extra)
    return params


def error_summary(*forms_: forms.BaseForm | None) -> list[dict[str, str]]:
    """Links for the NHS error summary, each pointing at the field in error."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.errors:
            continue
        for name, errors in form.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS:
                items.extend({"text": str(e), "href": "#maincontent"} for e in errors)
                continue
            bound = form[name]
            anchor = bound.id_for_label or bound.auto_id
            if isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                anchor = f"{bound.auto_id}"
            items.extend({"text": str(e), "href": f"#{anchor}"} for e in errors)
    return items


def choices_items(choices, selected: str | None = None) -> list[dict[str, Any]]:
    return [{"value": str(v), "text": str(t), "selected": str(v) == str(selected)} for v, t in choices]
