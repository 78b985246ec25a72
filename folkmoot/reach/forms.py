"""Forms for Reach pages. They check shapes; the services check meaning and give the plain messages."""

from __future__ import annotations

from django import forms

from .models import (
    ContactKind,
    ContactPreference,
    LedgerStatus,
    PaymentKind,
    StakeholderCategory,
    StakeholderKind,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
SCALE = [
    (str(n), f"{n} ({label})")
    for n, label in ((1, "very low"), (2, "low"), (3, "medium"), (4, "high"), (5, "very high"))
]
DATE_HINT = "Use the format 2026-03-31."


class StakeholderForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter a name."})
    kind = forms.ChoiceField(
        label="Individual or organisation",
        choices=StakeholderKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose individual or organisation."},
    )
    category = forms.ChoiceField(label="Type", choices=StakeholderCategory.choices)
    email = forms.CharField(label="Email address (optional)", required=False, max_length=254)
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=40)
    communities = forms.CharField(
        label="Communities served or represented (optional)",
        required=False,
        help_text="Separate them with commas, like: Carers, Older people",
    )
    areas = forms.CharField(
        label="Areas served (optional)", required=False, help_text="Separate them with commas"
    )
    languages = forms.CharField(
        label="Languages (optional)", required=False, help_text="Separate them with commas"
    )
    accessibility_needs = forms.CharField(
        label="Accessibility needs (optional)", required=False, widget=forms.Textarea
    )
    contact_preference = forms.ChoiceField(
        label="How they prefer to be contacted", choices=ContactPreference.choices
    )
    consent_to_contact = forms.ChoiceField(
        label="Did they agree to be contacted?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they agreed to be contacted."},
    )


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of contact", choices=ContactKind.choices)
    on = forms.DateField(
        label="Date", help_text=DATE_HINT, error_messages={"invalid": "Enter a real date, like 2026-03-31."}
    )
    summary = forms.CharField(label="What it was about", max_length=300, required=False)
    told_back = forms.CharField(
        label="What they were told back afterwards (optional)", required=False, widget=forms.Textarea
    )
    told_back_on = forms.DateField(
        label="When they were told (optional)", required=False, help_text=DATE_HINT
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Register file",
        help_text="CSV (.csv) or Excel (.xlsx).",
        error_messages={"required": "Choose a CSV or Excel file to import."},
    )


def _who(stakeholders) -> list[tuple[str, str]]:
    return [("", "Choose someone")] + [(str(s.pk), s.name) for s in stakeholders]


class GridForm(forms.Form):
    stakeholder = forms.ChoiceField(label="Stakeholder", error_messages={"required": "Choose a stakeholder."})
    influence = forms.ChoiceField(label="Influence over decisions (power)", choices=SCALE)
    interest = forms.ChoiceField(label="Interest in, or impact from, this engagement", choices=SCALE)

    def __init__(self, *args, stakeholders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].choices = _who(stakeholders)


class AgreementForm(forms.Form):
    partner = forms.ChoiceField(label="Partner", error_messages={"required": "Choose the partner."})
    deliverables = forms.CharField(
        label="What they will deliver",
        widget=forms.Textarea,
        error_messages={"required": "Say what the partner will deliver."},
    )
    fee = forms.DecimalField(
        label="Fee in pounds",
        min_value=0,
        decimal_places=2,
        error_messages={"invalid": "Enter an amount in pounds, like 150 or 12.50."},
    )
    agreed_on = forms.DateField(label="Agreed on", help_text=DATE_HINT)

    def __init__(self, *args, stakeholders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _who(stakeholders)


class PaymentForm(forms.Form):
    payee = forms.ChoiceField(label="Who is paid", error_messages={"required": "Choose who is paid."})
    kind = forms.ChoiceField(label="Type of payment", choices=PaymentKind.choices, widget=forms.RadioSelect)
    rate = forms.ChoiceField(label="Rate (optional)", required=False)
    quantity = forms.DecimalField(label="How many (hours, sessions or miles)", initial=1, min_value=0)
    amount = forms.DecimalField(
        label="Amount in pounds (leave empty to use the rate)", required=False, min_value=0, decimal_places=2
    )
    description = forms.CharField(label="Description (optional)", required=False, max_length=300)
    agreed_on = forms.DateField(label="Agreed on", help_text=DATE_HINT)

    def __init__(self, *args, stakeholders=(), rates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payee"].choices = _who(stakeholders)
        self.fields["rate"].choices = [("", "No rate")] + [
            (str(r.pk), f"{r.label}: £{r.amount} {r.unit}") for r in rates
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=LedgerStatus.choices)
    on = forms.DateField()


class PPGMemberForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the member's name."}
    )
    age = forms.IntegerField(
        label="Age (optional)",
        required=False,
        min_value=16,
        max_value=120,
        error_messages={"invalid": "Enter the age as a whole number, like 67."},
    )
    sex = forms.CharField(label="Sex (optional)", required=False, max_length=40)
    ethnic_group = forms.CharField(label="Ethnic group (optional)", required=False, max_length=120)


class PPGMeetingForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the meeting",
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter a real date, like 2026-03-31.",
        },
    )
    attendees = forms.IntegerField(label="How many came", min_value=0, initial=0)
    minutes = forms.CharField(label="Minutes (optional)", required=False, widget=forms.Textarea)


def _options(empty: str, items) -> list[tuple[str, str]]:
    return [("", empty)] + [(str(key), label) for key, label in items]


def split_list(text: str) -> list[str]:
    return [
        part.strip() for part in (text or "").replace(";", ",").replace("\n", ",").split(",") if part.strip()
    ]


class PPGActionForm(forms.Form):
    meeting = forms.ChoiceField(
        label="Meeting it was agreed at",
        error_messages={"required": "Choose the meeting the action was agreed at."},
    )
    text = forms.CharField(
        label="What the action is", max_length=300, error_messages={"required": "Say what the action is."}
    )
    owner = forms.CharField(label="Who will do it (optional)", required=False, max_length=120)
    due_on = forms.DateField(
        label="Due by (optional)",
        required=False,
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter a real date, like 2026-03-31."},
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = _options(
            "Choose a meeting", ((m.pk, f"{m.held_on:%d %B %Y}") for m in meetings)
        )


class PPGMinutesForm(forms.Form):
    meeting = forms.ChoiceField(
        label="Meeting", error_messages={"required": "Choose the meeting whose minutes to change."}
    )
    minutes = forms.CharField(
        label="Minutes", widget=forms.Textarea, error_messages={"required": "Enter the minutes."}
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = _options(
            "Choose a meeting", ((m.pk, f"{m.held_on:%d %B %Y}") for m in meetings)
        )


class PPGActionDoneForm(forms.Form):
    action = forms.ChoiceField(
        label="Action that was done", error_messages={"required": "Choose the action that was done."}
    )
    done_on = forms.DateField(
        label="Done on",
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date the action was done.",
            "invalid": "Enter a real date, like 2026-03-31.",
        },
    )
    patients_told = forms.CharField(
        label="How patients were told",
        max_length=300,
        error_messages={"required": "Say how patients were told, like: Newsletter, April."},
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _options("Choose an action", ((a.pk, a.text) for a in actions))


class PanelMeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of meeting",
        widget=forms.RadioSelect,
        choices=[("quarterly", "Quarterly meeting"), ("annual_workshop", "Annual workshop")],
        error_messages={"required": "Choose a quarterly meeting or the annual workshop."},
    )
    held_on = forms.DateField(
        label="Date of the meeting",
        help_text=DATE_HINT,
        error_messages={
            "required": "Enter the date of the meeting.",
            "invalid": "Enter a real date, like 2026-03-31.",
        },
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)


class PanelIssueForm(forms.Form):
    meeting = forms.ChoiceField(
        label="Meeting it was raised at",
        error_messages={"required": "Choose the meeting the issue was raised at."},
    )
    title = forms.CharField(
        label="Issue", max_length=200, error_messages={"required": "Give the issue a short title."}
    )
    detail = forms.CharField(label="Detail (optional)", required=False, widget=forms.Textarea)
    communities = forms.CharField(
        label="Communities affected (optional)",
        required=False,
        help_text="Separate them with commas, like: Carers, Older people",
    )
    theme_codes = forms.CharField(
        label="Theme codes (optional)",
        required=False,
        help_text="Separate them with commas, like: access, access.language",
    )
    raised_by = forms.ChoiceField(label="Raised by (optional)", required=False)

    def __init__(self, *args, meetings=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = _options(
            "Choose a meeting", ((m.pk, f"{m.held_on:%d %B %Y}: {m.get_kind_display()}") for m in meetings)
        )
        self.fields["raised_by"].choices = _options("Not recorded", ((s.pk, s.name) for s in members))


class PanelIssueUpdateForm(forms.Form):
    issue = forms.ChoiceField(
        label="Issue to update", error_messages={"required": "Choose the issue to update."}
    )
    follow_up = forms.CharField(
        label="What was done to follow it up (optional)", required=False, widget=forms.Textarea
    )
    followed_up_on = forms.DateField(
        label="Followed up on (optional)",
        required=False,
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter a real date, like 2026-03-31."},
    )
    reported_back = forms.CharField(
        label="What the panel was told back (optional)", required=False, widget=forms.Textarea
    )
    reported_back_on = forms.DateField(
        label="Reported back on (optional)",
        required=False,
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter a real date, like 2026-03-31."},
    )

    def __init__(self, *args, issues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].choices = _options("Choose an issue", ((i.pk, i.title) for i in issues))

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("follow_up", "followed_up_on", "reported_back", "reported_back_on")):
            raise forms.ValidationError("Enter the follow-up or what was reported back.")
        if data.get("reported_back_on") and not data.get("reported_back"):
            self.add_error("reported_back", "Say what the panel was told back.")
        return data


class RateForm(forms.Form):
    code = forms.SlugField(
        label="Short code",
        max_length=40,
        help_text="Letters, numbers and hyphens, like "
        "involvement-hour. Using an existing code changes that rate.",
        error_messages={
            "required": "Enter a short code, like involvement-hour.",
            "invalid": "Use only letters, numbers, hyphens and underscores.",
        },
    )
    label = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter a name for the rate."}
    )
    kind = forms.ChoiceField(
        label="Type of payment",
        choices=PaymentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose involvement payment, expenses or voucher."},
    )
    amount = forms.DecimalField(
        label="Amount in pounds",
        min_value=0,
        decimal_places=2,
        max_digits=9,
        error_messages={
            "required": "Enter an amount in pounds, like 25 or 12.50.",
            "invalid": "Enter an amount in pounds, like 25 or 12.50.",
        },
    )
    unit = forms.CharField(
        label="Per",
        max_length=40,
        help_text="For example: per hour, per half day, per mile.",
        error_messages={"required": "Say what the amount is for, like per hour."},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=300)


class FatigueSettingsForm(forms.Form):
    fatigue_max_asks = forms.IntegerField(
        label="Warn at this many asks",
        min_value=1,
        max_value=100,
        error_messages={
            "required": "Enter how many asks to warn at.",
            "invalid": "Enter a whole number, like 3.",
        },
    )
    fatigue_window_days = forms.IntegerField(
        label="Within this many days",
        min_value=1,
        max_value=3650,
        error_messages={
            "required": "Enter the number of days to look back.",
            "invalid": "Enter a whole number of days, like 90.",
        },
    )
    fatigue_min_gap_days = forms.IntegerField(
        label="Warn if last asked fewer than this many days ago",
        min_value=0,
        max_value=3650,
        error_messages={
            "required": "Enter the minimum gap in days.",
            "invalid": "Enter a whole number of days, like 14.",
        },
    )
