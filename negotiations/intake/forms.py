"""Forms of article intake: the pasted article, and one row per statement the engine proposes."""

from dataclasses import dataclass, field

from django import forms
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat

from negotiations.dates import Precision
from negotiations.intake import clean_text
from negotiations.models import Condition, PublishStatus, Source, Statement, StatementMode
from negotiations.rights import editable
from parties.models import Party, Person

# A long article is well under 1 MB of text; 3 MB is room for a transcript, not for a data dump.
MAX_TEXT_BYTES = 3 * 1024 * 1024


def too_large_message(limit=MAX_TEXT_BYTES):
    return f"This text is too large: paste at most {filesizeformat(limit)}. Nothing was stored."


class SourceForm(forms.ModelForm):
    """The pasted article and what is known of it; it is stored as cleaned text, as a draft."""

    required_css_class = "required"
    text = forms.CharField(
        label="Article text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        help_text=(
            "Paste the article as plain text or HTML: markup, odd spaces and invisible characters "
            "are cleaned away before it is stored."
        ),
    )
    url = forms.URLField(
        label="Address",
        required=False,
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text="Where it was published, if it is online.",
    )
    published_on = forms.DateField(
        label="Published on",
        required=False,
        widget=forms.DateInput(
            attrs={"class": "vDateField", "placeholder": "YYYY-MM-DD"}, format="%Y-%m-%d"
        ),
        help_text="Blank when not known.",
    )

    class Meta:
        model = Source
        fields = [
            "text",
            "publisher",
            "title",
            "url",
            "published_on",
            "published_on_precision",
            "language",
        ]
        labels = {"published_on_precision": "Precision of the date"}
        widgets = {
            "publisher": forms.TextInput(attrs={"class": "vTextField"}),
            "title": forms.TextInput(attrs={"class": "vTextField"}),
        }

    @classmethod
    def refused(cls, message):
        """An empty form saying why the last one was refused before it could even be read."""
        form = cls()
        form._errors = ErrorDict(text=form.error_class([message], renderer=form.renderer))
        return form

    def clean_text(self):
        raw = self.cleaned_data["text"]
        if len(raw) > MAX_TEXT_BYTES or len(raw.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
            raise forms.ValidationError(too_large_message(), code="too_large")
        text = clean_text(raw)
        if not text:
            raise forms.ValidationError(
                "Nothing is left of this text once cleaned: it holds only markup or blank space.",
                code="empty",
            )
        return text

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url:
            stored = Source.objects.filter(url=url).first()
            if stored is not None:
                raise forms.ValidationError(
                    f"This address is already stored, as “{stored}”.", code="duplicate"
                )
        return url


@dataclass
class RowChoices:
    """The people, parties and terms every row offers, loaded once for the whole page."""

    people: dict = field(default_factory=dict)
    parties: dict = field(default_factory=dict)
    conditions: dict = field(default_factory=dict)
    speaker_choices: list = field(default_factory=list)
    party_choices: list = field(default_factory=list)
    condition_choices: list = field(default_factory=list)

    @classmethod
    def load(cls, people, user=None):
        """`people` are the Person objects already loaded for the engine (party selected); the
        terms offered are those of the peace processes `user` may edit (`rights`)."""
        choices = cls()
        choices.parties = {party.pk: party for party in Party.objects.all()}
        choices.party_choices = [("", "—")] + [(p.pk, p.name) for p in choices.parties.values()]
        choices.people = {person.pk: person for person in people}
        by_party = {}
        for person in sorted(people, key=lambda p: (p.party.sort_order, p.party.name, p.name)):
            by_party.setdefault(person.party.name, []).append((person.pk, person.name))
        choices.speaker_choices = [("", "—")] + list(by_party.items())
        conditions = editable(Condition.objects.all(), user).select_related("party", "topic")
        conditions = conditions.order_by(
            "topic__sort_order", "topic__name", "party__sort_order", "-valid_from", "pk"
        )
        by_topic = {}
        for condition in conditions:
            choices.conditions[condition.pk] = condition
            by_topic.setdefault(condition.topic.name, []).append(
                (condition.pk, condition_label(condition))
            )
        choices.condition_choices = list(by_topic.items())
        return choices

    def party_for(self, country):
        """The party a country the engine suggests is (by name or short name), or None."""
        if not country:
            return None
        wanted = country.casefold()
        for party in self.parties.values():
            if wanted in (party.name.casefold(), party.short_name.casefold()):
                return party.pk
        return None


def condition_label(condition):
    label = f"{condition.party.label} · {condition.get_kind_display()}: {condition.summary}"
    if condition.valid_until:
        label += f" (until {condition.valid_until:%Y-%m-%d})"
    if condition.status != PublishStatus.PUBLISHED:
        label += " [draft]"
    return label


_wide = forms.TextInput(attrs={"class": "vTextField"})


class CandidateForm(forms.Form):
    """One proposed statement: accept it (and correct it), or leave it unticked to discard it."""

    accept = forms.BooleanField(required=False, label="Accept this statement")
    wording = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 90}),
        help_text="Trim it if you like: it must still stand verbatim in the source's text.",
    )
    speaker = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    new_person = forms.CharField(
        label="Or a new person",
        required=False,
        max_length=Person._meta.get_field("name").max_length,
        help_text="Someone not yet known: a new person is created in the party below.",
    )
    party = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        help_text=(
            "The new person's party; with no speaker, the party the statement is attributed to. "
            "Suggested from the words of the text where they point to one."
        ),
    )
    anonymous = forms.BooleanField(
        label="Anonymous or institutional source",
        required=False,
        help_text=(
            "The text names no person: an unnamed official, an institution, the press. The "
            "statement is then attributed to the party, in the words below, never to a person."
        ),
    )
    attribution = forms.CharField(
        label="Attributed to, in the text's words",
        required=False,
        max_length=Statement._meta.get_field("attribution").max_length,
        widget=_wide,
        help_text="e.g. 'a White House official', 'Russian media', 'the Kremlin'.",
    )
    mode = forms.ChoiceField(choices=StatementMode.choices)
    said_on = forms.DateField(
        label="Said on",
        required=False,
        widget=forms.DateInput(
            attrs={"class": "vDateField", "placeholder": "YYYY-MM-DD"}, format="%Y-%m-%d"
        ),
        help_text="Prefilled with the source's date: an article reports what was said by then.",
    )
    said_on_precision = forms.ChoiceField(label="Precision of the date", choices=Precision.choices)
    occasion = forms.CharField(required=False, max_length=300, widget=_wide)
    place = forms.CharField(required=False, max_length=200, widget=_wide)
    summary = forms.CharField(
        label="One-line summary", required=False, max_length=300, widget=_wide
    )
    conditions = forms.TypedMultipleChoiceField(
        label="Supports the terms",
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="The terms this statement supports, if any (hold Ctrl or ⌘ to pick several).",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["speaker"].choices = choices.speaker_choices
        self.fields["party"].choices = choices.party_choices
        self.fields["conditions"].choices = choices.condition_choices

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("accept"):
            # A discarded row creates nothing, so nothing in it can be wrong.
            self._errors = ErrorDict()
            self.cleaned_data = {"accept": False}

    def clean_wording(self):
        # Browsers send a textarea's line breaks as CRLF; the stored text has LF only.
        return self.cleaned_data["wording"].replace("\r\n", "\n").replace("\r", "\n")

    def clean(self):
        data = super().clean()
        if not data.get("accept"):
            return data
        if not data.get("wording"):
            self.add_error("wording", "Give the wording, exactly as the source prints it.")
        if data.get("said_on") is None and "said_on" not in self.errors:
            self.add_error("said_on", "Give the date it was said (with its precision).")
        speaker, new_person, party = (
            data.get("speaker"),
            data.get("new_person", "").strip(),
            data.get("party"),
        )
        data["new_person"] = " ".join(new_person.split())
        data["attribution"] = " ".join(data.get("attribution", "").split())
        if data.get("anonymous"):
            self._clean_anonymous(data)
            return data
        if speaker is not None and new_person:
            self.add_error(
                "new_person",
                "Choose a known speaker or name a new person, not both: clear one of them.",
            )
        elif new_person and party is None:
            self.add_error("party", "Choose the new person's party.")
        elif speaker is None and not new_person and party is None:
            self.add_error(
                "speaker",
                "Choose the speaker, name a new person, or choose the party it is attributed to.",
            )
        return data

    def _clean_anonymous(self, data):
        if data.get("speaker") is not None or data["new_person"]:
            self.add_error(
                "anonymous",
                "An anonymous source has no speaker: clear the speaker and the new person, or "
                "untick “anonymous”.",
            )
        if not data["attribution"]:
            self.add_error("attribution", "Say who the text attributes it to, in its words.")
        if data.get("party") is None:
            self.add_error("party", "Choose the party this source speaks for.")


CandidateFormSet = forms.formset_factory(CandidateForm, extra=0)
