"""The form every tracker admin page uses: text saved exactly as typed, whatever the browser sends.

Browsers submit the text of every textarea with CRLF line endings. Stored as they come, a source's
text would grow with each save and every attestation's offsets into it would drift; a person's
other names would change on an unchanged save. Line endings are therefore normalised to LF in
every text value before any other check runs, and the text of a textarea is kept whole: a
source's text ends as it was stored, without its final newline stripped.
"""

from django import forms


def normalise_line_endings(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TrackerForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea):
                field.strip = False

    def _clean_fields(self):
        super()._clean_fields()
        for name, value in self.cleaned_data.items():
            if isinstance(value, str) and "\r" in value:
                self.cleaned_data[name] = normalise_line_endings(value)
