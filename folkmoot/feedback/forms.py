"""Forms only parse what was typed; the rules are in services."""

from __future__ import annotations

from django import forms

from .models import Outcome


class FindingForm(forms.Form):
    source = forms.ChoiceField(
        label="Where this came from",
        choices=[("free_text", "What people said or wrote"), ("event", "An event or focus group")],
        widget=forms.RadioSelect,
        initial="free_text",
    )
    said = forms.CharField(
        label="What people said",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Say what people told you."},
    )
    easy_read_said = forms.CharField(
        label="The same in easy read (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Short sentences, one idea in each.",
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What was decided",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was decided."},
    )
    we_did = forms.CharField(
        label="We did",
        widget=forms.Textarea,
        help_text="What was done, or what happens next.",
        error_messages={"required": "Say what was done, or what will happen next."},
    )
    easy_read_we_did = forms.CharField(
        label="The same in easy read (optional)", required=False, widget=forms.Textarea
    )
    reason = forms.CharField(
        label="Why (needed if it could not be done)", required=False, widget=forms.Textarea
    )
    decide_by = forms.DateField(
        label="Decide by (needed if still deciding)",
        required=False,
        widget=forms.DateInput,
        error_messages={"invalid": "Enter a real date, like 2027-01-31."},
    )
    owner = forms.CharField(
        label="Who owns this decision",
        max_length=200,
        help_text="A name or a job title.",
        error_messages={"required": "Say who owns this decision."},
    )
    decided_on = forms.DateField(
        label="Date decided (optional, today if empty)",
        required=False,
        widget=forms.DateInput,
        error_messages={"invalid": "Enter a real date, like 2027-01-31."},
    )


class QuestionFindingForm(forms.Form):
    question = forms.ChoiceField(label="Survey question", error_messages={"required": "Choose a question."})

    def __init__(self, *args, questions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "Choose a question"), *questions]


class TranslationForm(forms.Form):
    said = forms.CharField(
        label="You said",
        widget=forms.Textarea,
        error_messages={"required": "Enter the translation of what people said."},
    )
    we_did = forms.CharField(label="We did", widget=forms.Textarea, required=False)
    reason = forms.CharField(label="Why", widget=forms.Textarea, required=False)


class PageSettingsForm(forms.Form):
    due_on = forms.DateField(
        label="Feedback due by",
        required=False,
        widget=forms.DateInput,
        help_text="Used when the plan does not set a date.",
        error_messages={"invalid": "Enter a real date, like 2027-01-31."},
    )
    introduction = forms.CharField(
        label="Introduction on the public page (optional)", required=False, widget=forms.Textarea
    )
    published = forms.ChoiceField(
        label="Public page", choices=[("no", "Not published"), ("yes", "Published")], widget=forms.RadioSelect
    )


def add_service_errors(form: forms.Form, exc) -> None:
    """Put a service's ValidationError on the form so the page shows it next to the field."""
    if hasattr(exc, "message_dict"):
        for name, messages in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
