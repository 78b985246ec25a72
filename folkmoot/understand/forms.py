from __future__ import annotations

from django import forms

ROUNDING = [(1, "Do not round"), (2, "Nearest 2"), (5, "Nearest 5 (recommended)"), (10, "Nearest 10")]


class DisclosureForm(forms.Form):
    suppress_below = forms.IntegerField(
        label="Hide counts smaller than",
        help_text="Counts from 1 up to this number minus 1 are shown as *. The recommended rule (NHS Digital) is 8.",
        min_value=3,
        max_value=50,
        error_messages={
            "required": "Enter the smallest count that may be shown",
            "min_value": "Hide at least counts of 1 and 2: enter 3 or more",
            "max_value": "Enter 50 or less",
            "invalid": "Enter a whole number, like 8",
        },
    )
    round_to = forms.TypedChoiceField(
        label="Round other counts to the",
        choices=ROUNDING,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to round counts"},
    )
