"""What a reader asked the comparison for: read from a GET query by a Django form, checked, and
written back as the shortest query string that reproduces it (no empty parameters)."""

import datetime
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django import forms

from negotiations.models import ConditionKind

MAX_VALUES_PER_FILTER = 200
MAX_VALUE_LENGTH = 200


class FilterError(ValueError):
    """A filter value the comparison cannot take; its message is shown to the reader."""


@dataclass(frozen=True)
class Filters:
    """The state of the comparison page, all of it in its address.

    `process` (a peace process's slug; the first process when empty), `parties`, `topics`,
    `kinds`, `version`, `as_of` and `since` decide what is computed;
    `open` (topics whose sub-topics are shown) and `cell` ("topic:party", the cell opened under
    its row) only decide what is shown of it.
    """

    process: str = ""
    parties: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    version: str = ""
    as_of: datetime.date | None = None
    since: datetime.date | None = None
    open: tuple[str, ...] = ()
    cell: str = ""

    def pairs(self, **overrides):
        values = {
            "process": self.process,
            "party": self.parties,
            "topic": self.topics,
            "kind": self.kinds,
            "version": self.version,
            "as_of": self.as_of,
            "since": self.since,
            "open": self.open,
            "cell": self.cell,
        }
        values.update(overrides)
        pairs = []
        for name, value in values.items():
            if isinstance(value, tuple | list):
                pairs.extend((name, item) for item in value)
            elif isinstance(value, datetime.date):
                pairs.append((name, value.isoformat()))
            elif value:
                pairs.append((name, value))
        return pairs

    def query_string(self, **overrides):
        """The query string that reproduces this state, with `overrides` applied."""
        return urlencode(self.pairs(**overrides))

    @property
    def computed(self):
        """Only what decides the computation (not what is opened on screen)."""
        return replace(self, open=(), cell="")

    @property
    def is_default(self):
        return self.computed == Filters()

    @property
    def cell_slugs(self):
        topic, _, party = self.cell.partition(":")
        return (topic, party) if self.cell else (None, None)

    def toggled_open(self, slug):
        if slug in self.open:
            return tuple(item for item in self.open if item != slug)
        return (*self.open, slug)

    def toggled_cell(self, topic, party):
        cell = f"{topic}:{party}"
        return "" if self.cell == cell else cell


class SlugListField(forms.Field):
    """Every value of a repeated parameter, blanks and repeats dropped, bounded in count and size."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [item.strip() for item in value or [] if item and item.strip()]
        if len(values) > MAX_VALUES_PER_FILTER:
            raise forms.ValidationError(
                f"Too many values for '{self.label}': at most {MAX_VALUES_PER_FILTER}."
            )
        if any(len(item) > MAX_VALUE_LENGTH for item in values):
            raise forms.ValidationError(f"A value for '{self.label}' is too long.")
        return tuple(dict.fromkeys(values))


class DayField(forms.DateField):
    """A date written as YYYY-MM-DD, the way the date inputs and the addresses write it."""

    input_formats = ["%Y-%m-%d"]

    def __init__(self, *, what, **kwargs):
        super().__init__(required=False, **kwargs)
        self.error_messages["invalid"] = f"%(value)s is not a date: write {what} as YYYY-MM-DD."

    def to_python(self, value):
        value = (value or "").strip()
        # Quote the value back only when it is short and printable: a reader sees it as typed.
        shown = f"'{value}'" if len(value) <= 40 and value.isprintable() else "This"
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": shown}
            ) from error


class FilterForm(forms.Form):
    """The comparison's GET parameters. Whether a party, topic or version exists is checked
    against the data by the computation, which has them loaded anyway."""

    process = forms.SlugField(
        required=False,
        max_length=MAX_VALUE_LENGTH,
        error_messages={"invalid": "Choose a peace process from the list."},
    )
    party = SlugListField(required=False, label="party")
    topic = SlugListField(required=False, label="topic")
    kind = SlugListField(required=False, label="kind")
    version = forms.CharField(required=False, max_length=MAX_VALUE_LENGTH)
    as_of = DayField(what="the 'as of' date")
    since = DayField(what="the 'changes since' date")
    open = SlugListField(required=False, label="open")
    cell = forms.CharField(required=False, max_length=2 * MAX_VALUE_LENGTH + 1)

    def clean_kind(self):
        kinds = self.cleaned_data["kind"]
        unknown = [kind for kind in kinds if kind not in ConditionKind.values]
        if unknown:
            raise forms.ValidationError(f"Unknown kind of term: {', '.join(unknown)}.")
        return kinds

    def clean_version(self):
        version = self.cleaned_data["version"]
        if version:
            _, _, number = version.partition(":")
            if not (number.isascii() and number.isdigit()):
                raise forms.ValidationError("Choose a proposal version from the list.")
        return version

    def clean_cell(self):
        cell = self.cleaned_data["cell"]
        if cell and not all(cell.partition(":")[::2]):
            raise forms.ValidationError("Open a cell from the table: 'topic:party'.")
        return cell

    def clean(self):
        cleaned = super().clean()
        as_of, since = cleaned.get("as_of"), cleaned.get("since")
        if as_of and since and since > as_of:
            raise forms.ValidationError("'Changes since' must be on or before the 'as of' date.")
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return Filters(
            process=data["process"],
            parties=data["party"],
            topics=data["topic"],
            kinds=data["kind"],
            version=data["version"],
            as_of=data["as_of"],
            since=data["since"],
            open=data["open"],
            cell=data["cell"],
        )

    def first_error(self):
        for errors in self.errors.values():
            return errors[0]
        return ""


def parse_filters(query):
    """The filters of a GET query; raises FilterError with a plain message for the reader."""
    form = FilterForm(query)
    if not form.is_valid():
        raise FilterError(form.first_error())
    return form.filters()
