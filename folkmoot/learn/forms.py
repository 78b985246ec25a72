from django import forms

from .models import Rating


class EvaluationForm(forms.Form):
    easy_to_take_part = forms.ChoiceField(
        label="Was it easy to take part?",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it was easy to take part"},
    )
    felt_listened_to = forms.ChoiceField(
        label="Did you feel listened to?",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you felt listened to"},
    )
    comment = forms.CharField(
        label="Anything else you want to tell us (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="Please do not write your name or other personal details.",
        error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
    )


class ReflectionForm(forms.Form):
    what_worked = forms.CharField(
        label="What worked",
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"required": "Enter what worked"},
    )
    what_to_change = forms.CharField(
        label="What we would change next time",
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"required": "Enter what you would change next time"},
    )
    who_we_missed = forms.CharField(
        label="Who we still missed",
        required=False,
        max_length=4000,
        widget=forms.Textarea,
        help_text="Groups we did not hear enough from, and why we think that was.",
    )
