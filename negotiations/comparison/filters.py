"""The comparison's filters: read from a GET query, checked, and written back as a query string."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from negotiations.models import ConditionKind

MAX_VALUES_PER_FILTER = 200


class FilterError(ValueError):
    """A filter value the comparison cannot take; its message is shown to the reader."""


@dataclass(frozen=True)
class Filters:
    parties: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    version: str = ""
    as_of: datetime.date | None = None

    def query_string(self, **overrides):
        """The filters as the query string that reproduces them (for links and exports)."""
        values = {
            "party": self.parties,
            "topic": self.topics,
            "kind": self.kinds,
            "version": self.version,
            "as_of": self.as_of.isoformat() if self.as_of else "",
        }
        values.update(overrides)
        pairs = []
        for name, value in values.items():
            if isinstance(value, tuple | list):
                pairs.extend((name, item) for item in value)
            elif value:
                pairs.append((name, value))
        return urlencode(pairs)

    @property
    def is_default(self):
        return self == Filters()


def _values(query, name):
    values = [value.strip() for value in query.getlist(name) if value.strip()]
    if len(values) > MAX_VALUES_PER_FILTER:
        raise FilterError(f"Too many values for '{name}': at most {MAX_VALUES_PER_FILTER}.")
    for value in values:
        if len(value) > 200:
            raise FilterError(f"A value for '{name}' is too long.")
    return tuple(dict.fromkeys(values))


def parse_filters(query):
    """Read and check the filters of a GET query; raises FilterError with a plain message."""
    parties = _values(query, "party")
    topics = _values(query, "topic")
    kinds = _values(query, "kind")
    unknown_kinds = [kind for kind in kinds if kind not in ConditionKind.values]
    if unknown_kinds:
        raise FilterError(f"Unknown kind of term: {', '.join(unknown_kinds)}.")
    version = query.get("version", "").strip()
    if len(version) > 200:
        raise FilterError("The proposal version is too long.")
    raw_day = query.get("as_of", "").strip()
    as_of = None
    if raw_day:
        try:
            as_of = datetime.date.fromisoformat(raw_day)
        except ValueError:
            raise FilterError(
                f"'{raw_day[:40]}' is not a date: write the 'as of' date as YYYY-MM-DD."
            ) from None
    return Filters(parties=parties, topics=topics, kinds=kinds, version=version, as_of=as_of)
