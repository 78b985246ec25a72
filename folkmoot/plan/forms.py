from django import forms


class ReportUploadForm(forms.Form):
    file = forms.FileField(label="Report file", help_text="PDF, Word (.docx) or text, up to 20 MB.")
    title = forms.CharField(label="Title", required=False, max_length=300)
    author = forms.CharField(
        label="Who wrote it", required=False, max_length=200, help_text="For example, Healthwatch Shire."
    )
    published_on = forms.DateField(label="Date published", required=False, widget=forms.DateInput)
    findings = forms.CharField(
        label="Main findings",
        required=False,
        widget=forms.Textarea,
        help_text="Leave empty to take them from the report.",
    )


class YamlImportForm(forms.Form):
    file = forms.FileField(label="Plan file (YAML)", help_text="The format is described in the plan schema.")


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea,
        help_text="Required when returning a plan, or approving one with errors.",
    )


class ReadabilityForm(forms.Form):
    text = forms.CharField(label="Text to check", widget=forms.Textarea, max_length=20000)
