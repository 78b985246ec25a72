"""Forms for the review pages. They parse input only; the rules are in services."""

from __future__ import annotations

from django import forms

from .models import ReviewAction
from .selectors import SENTIMENTS


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        label="What do you want to do?",
        choices=ReviewAction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to accept, relabel or add a label"},
    )
    codes = forms.MultipleChoiceField(
        label="Labels",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For relabel: the full set of labels. For add: the labels to add.",
    )
    sentiment = forms.TypedChoiceField(
        label="Sentiment",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Keep as it is"), *SENTIMENTS.items()],
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=500)

    def __init__(self, *args, codes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = sorted(codes.items(), key=lambda item: item[1])


class CodeForm(forms.Form):
    label = forms.CharField(
        label="Name of the new code",
        max_length=120,
        error_messages={"required": "Enter a name for the code"},
    )
    description = forms.CharField(label="What it covers (optional)", required=False, max_length=500)


class ClusterNameForm(forms.Form):
    label = forms.CharField(
        label="Name for this group",
        max_length=120,
        help_text="A new local code with this name is added to every comment in the group.",
        error_messages={"required": "Enter a name for the group"},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header row. Every row becomes a comment, including empty ones (marked).",
        error_messages={"required": "Choose a CSV file"},
    )
    text_column = forms.CharField(
        label="Column with the comment text",
        initial="text",
        error_messages={"required": "Enter the column name"},
    )
    date_column = forms.CharField(label="Column with the date (optional)", required=False)
    id_column = forms.CharField(
        label="Column with a unique id (optional)",
        required=False,
        help_text="Rows whose id was imported before are skipped, so the same file can be imported again.",
    )
