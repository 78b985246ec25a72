from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import Engagement


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case sensitive.",
        "inactive": "This account is inactive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class EngagementForm(forms.ModelForm):
    area_codes = forms.CharField(
        label="Local authority codes",
        required=False,
        help_text="ONS codes of the areas this engagement covers, separated by commas, for example E06000001. "
        "Leave empty to use your organisation's areas.",
    )

    class Meta:
        model = Engagement
        fields = ["title", "summary", "starts_on", "ends_on", "feedback_due_on"]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "starts_on": "Start date",
            "ends_on": "End date",
            "feedback_due_on": "Date people will hear what happened",
        }
        help_texts = {
            "title": "Use words the public will understand.",
            "summary": "Why you are asking and what people can influence.",
            "starts_on": "For example 2026-12-01",
            "ends_on": "For example 2027-01-31",
            "feedback_due_on": "When you will tell people what you did with their views.",
        }
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "feedback_due_on": forms.DateInput(attrs={"type": "date"}),
        }
        error_messages = {"title": {"required": "Enter a title"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["area_codes"] = ", ".join(self.instance.area_codes or [])

    def clean_area_codes(self) -> list[str]:
        raw = self.cleaned_data.get("area_codes") or ""
        codes = [c.strip().upper() for c in raw.replace(";", ",").split(",") if c.strip()]
        bad = [c for c in codes if not (len(c) == 9 and c[0] in "EWSN" and c[1:].isdigit())]
        if bad:
            raise forms.ValidationError(
                f"Enter local authority codes like E06000001; these are not valid: {', '.join(bad)}"
            )
        return codes

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        due = cleaned.get("feedback_due_on")
        if due and ends and due < ends:
            self.add_error("feedback_due_on", "The feedback date must be the same as or after the end date")
        return cleaned

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["area_codes"] = self.cleaned_data.get("area_codes") or []
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[])

    def __init__(self, *args, allowed: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = allowed
