"""Loads the seed negotiation (seeds/negotiation.toml over seeds/article.txt) in one transaction."""

import datetime
import tomllib
from collections import Counter
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from negotiations.models import (
    Attestation,
    Citation,
    Condition,
    Event,
    Fact,
    Participation,
    PeaceProcess,
    Proposal,
    ProposalPoint,
    ProposalVersion,
    PublishStatus,
    Region,
    RegionName,
    Source,
    Statement,
    Topic,
)
from parties.models import Party, Person, PersonName, Role


class SeedError(Exception):
    """A seed file that cannot be loaded: says which file, which entry, and why."""

    def __init__(self, path, entry, reason):
        self.path, self.entry, self.reason = path, entry, reason
        super().__init__(f"{path}: {entry}: {reason}")


class _Loader:
    def __init__(self, path):
        self.path = Path(path)
        self.created = Counter()
        self.entry = "(file)"

    def fail(self, reason):
        raise SeedError(self.path, self.entry, reason)

    # -- reading -------------------------------------------------------------------------------
    def read(self):
        try:
            with self.path.open("rb") as handle:
                return tomllib.load(handle)
        except FileNotFoundError:
            self.fail("the file does not exist")
        except OSError as error:
            self.fail(f"the file cannot be read: {error.strerror}")
        except tomllib.TOMLDecodeError as error:
            self.fail(f"not valid TOML: {error}")
        except UnicodeDecodeError as error:
            self.fail(f"not valid UTF-8: {error}")

    def field(self, data, name, kind=str, required=True, default=None):
        if name not in data:
            if required:
                self.fail(f"'{name}' is missing")
            return default
        value = data[name]
        if kind is datetime.date and isinstance(value, datetime.datetime):
            self.fail(f"'{name}' must be a date without a time, got {value!r}")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(f"'{name}' must be {kind.__name__}, got {type(value).__name__} {value!r}")
        return value

    def lookup(self, model, slug, what):
        if not isinstance(slug, str):
            self.fail(f"{what} must be a slug, got {slug!r}")
        try:
            return model.objects.get(slug=slug)
        except model.DoesNotExist:
            self.fail(f"unknown {what} '{slug}'")

    def check_sentence(self, data, name="sentence", required=True):
        sentence = self.field(data, name, required=required, default="")
        if sentence and sentence not in self.text:
            self.fail(f"'{name}' is not found verbatim in the article: {sentence[:120]!r}")
        return sentence

    # -- writing -------------------------------------------------------------------------------
    def get_or_create(self, model, lookup, defaults=None):
        found = model.objects.filter(**lookup).first()
        if found is not None:
            return found, False
        obj = model(**lookup, **(defaults or {}))
        self.save(obj)
        return obj, True

    def save(self, obj):
        try:
            obj.full_clean()
        except ValidationError as error:
            messages = "; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in error.message_dict.items()
            )
            self.fail(messages)
        obj.save()
        self.created[obj._meta.verbose_name_plural] += 1

    def entries(self, data, name):
        items = data.get(name, [])
        if not isinstance(items, list):
            self.fail(f"'{name}' must be a list of tables ([[{name}]])")
        for index, item in enumerate(items):
            self.entry = f"{name}[{index}]"
            if not isinstance(item, dict):
                self.fail("must be a table")
            label = item.get("key") or item.get("slug") or item.get("title") or item.get("summary")
            if label:
                self.entry += f" ({label})"
            yield item

    def tables(self, data, name):
        """A list of tables inside an entry (roles, versions, points, other names)."""
        items = self.field(data, name, list, required=False, default=[])
        for item in items:
            if not isinstance(item, dict):
                self.fail(f"each item of '{name}' must be a table, got {item!r}")
        return items

    def strings(self, data, name):
        items = self.field(data, name, list, required=False, default=[])
        for item in items:
            if not isinstance(item, str):
                self.fail(f"each item of '{name}' must be text, got {item!r}")
        return items

    # -- loading -------------------------------------------------------------------------------
    def load(self):
        data = self.read()
        self.entry = "notes"
        notes = self.field(data, "notes", dict, required=False)
        self.notes = self.load_source(notes) if notes else None
        self.entry = "source"
        source_data = self.field(data, "source", dict)
        self.source = self.load_source(source_data)
        self.text = self.source.text
        self.cite(self.source, source_data)
        self.entry = "process"
        self.process = self.load_process(self.field(data, "process", dict))
        for item in self.entries(data, "parties"):
            self.load_party(item)
        for item in self.entries(data, "people"):
            self.load_person(item)
        for item in self.entries(data, "topics"):
            self.load_topic(item)
        for item in self.entries(data, "regions"):
            self.load_region(item)
        for item in self.entries(data, "proposals"):
            self.load_proposal(item)
        self.statements = {}
        for item in self.entries(data, "statements"):
            self.load_statement(item)
        self.conditions = {}
        for item in self.entries(data, "conditions"):
            self.load_condition(item)
        for item in self.entries(data, "events"):
            self.load_event(item)
        for item in self.entries(data, "facts"):
            self.load_fact(item)
        return self.created

    def cite(self, record, data):
        """Store the entry's `background`: each detail with the rows of the notes that give it."""
        for item in self.tables(data, "background"):
            if self.notes is None:
                self.fail("'background' needs the background notes: add a [notes] table")
            rows = [self.notes_row(name) for name in self.strings(item, "rows")]
            if not rows:
                self.fail("'background' must name at least one row of the notes")
            excerpt = "\n".join(rows)
            if excerpt not in self.notes.text:
                self.fail("the rows of a 'background' entry must follow one another in the notes")
            self.get_or_create(
                Citation,
                {
                    "content_type": ContentType.objects.get_for_model(record),
                    "object_id": record.pk,
                    "detail": self.field(item, "detail"),
                },
                {"source": self.notes, "excerpt": excerpt},
            )

    def notes_row(self, name):
        """The line of the notes' table whose first cell is `name`, verbatim."""
        start = f"| {name} |"
        lines = [line for line in self.notes.text.splitlines() if line.startswith(start)]
        if len(lines) != 1:
            self.fail(f"the background notes have no single row for {name!r}")
        return lines[0]

    def load_source(self, data):
        article = self.path.parent / self.field(data, "file")
        try:
            text = article.read_bytes().decode("utf-8")
        except FileNotFoundError:
            self.fail(f"the source file {article.name} does not exist")
        except OSError as error:
            self.fail(f"the source file {article.name} cannot be read: {error.strerror}")
        except UnicodeDecodeError as error:
            self.fail(f"the source file {article.name} is not valid UTF-8: {error}")
        source, created = self.get_or_create(
            Source,
            {"publisher": self.field(data, "publisher"), "title": self.field(data, "title")},
            {
                "url": self.field(data, "url", required=False, default=""),
                "published_on": self.field(data, "published_on", datetime.date, required=False),
                "published_on_precision": self.field(
                    data, "published_on_precision", required=False, default="day"
                ),
                "language": self.field(data, "language", required=False, default=""),
                "note": self.field(data, "note", required=False, default=""),
                "text": text,
                "status": PublishStatus.PUBLISHED,
            },
        )
        if not created and source.text != text:
            self.fail("a source with this title is stored with a different text")
        return source

    def load_process(self, data):
        process, _ = self.get_or_create(
            PeaceProcess,
            {"slug": self.field(data, "slug")},
            {
                "name": self.field(data, "name"),
                "conflict": self.field(data, "conflict", required=False, default=""),
                "status": self.field(data, "status"),
                "summary": self.field(data, "summary", required=False, default=""),
                **self.evidence(data),
            },
        )
        return process

    def load_party(self, data):
        party, _ = self.get_or_create(
            Party,
            {"slug": self.field(data, "slug")},
            {
                "name": self.field(data, "name"),
                "short_name": self.field(data, "short_name", required=False, default=""),
                "description": self.field(data, "description", required=False, default=""),
                "sort_order": self.field(data, "sort_order", int, required=False, default=100),
            },
        )
        self.get_or_create(Participation, {"process": self.process, "party": party})

    def load_person(self, data):
        other_names = self.strings(data, "other_names")
        person, _ = self.get_or_create(
            Person,
            {"slug": self.field(data, "slug")},
            {
                "name": self.field(data, "name"),
                "party": self.lookup(Party, self.field(data, "party"), "party"),
                "description": self.field(data, "description", required=False, default=""),
            },
        )
        for name in other_names:
            self.get_or_create(PersonName, {"person": person, "name": name})
        for role_data in self.tables(data, "roles"):
            role, _ = self.get_or_create(
                Role,
                {"person": person, "title": self.field(role_data, "title")},
                {
                    "source_excerpt": self.check_sentence(role_data),
                    "started_on": self.field(role_data, "started_on", datetime.date, False),
                    "ended_on": self.field(role_data, "ended_on", datetime.date, False),
                },
            )
            self.cite(role, role_data)

    def load_topic(self, data):
        parent = data.get("parent")
        self.get_or_create(
            Topic,
            {"slug": self.field(data, "slug")},
            {
                "process": self.process,
                "name": self.field(data, "name"),
                "parent": self.lookup(Topic, parent, "parent topic") if parent else None,
                "description": self.field(data, "description", required=False, default=""),
                "sort_order": self.field(data, "sort_order", int, required=False, default=100),
            },
        )

    def load_region(self, data):
        self.check_sentence(data)
        region, _ = self.get_or_create(
            Region,
            {"slug": self.field(data, "slug")},
            {"name": self.field(data, "name")},
        )
        for other in self.tables(data, "other_names"):
            self.get_or_create(
                RegionName,
                {"region": region, "name": self.field(other, "name")},
                {"note": self.field(other, "note", required=False, default="")},
            )

    def evidence(self, data):
        return {"source": self.source, "source_excerpt": self.check_sentence(data)}

    def load_proposal(self, data):
        proposal, _ = self.get_or_create(
            Proposal,
            {"slug": self.field(data, "slug")},
            {
                "process": self.process,
                "title": self.field(data, "title"),
                "party": self.lookup(Party, self.field(data, "party"), "party"),
                "description": self.field(data, "description", required=False, default=""),
                **self.evidence(data),
            },
        )
        for version_data in self.tables(data, "versions"):
            version, _ = self.get_or_create(
                ProposalVersion,
                {"proposal": proposal, "number": self.field(version_data, "number", int)},
                {
                    "label": self.field(version_data, "label"),
                    "presented_on": self.field(
                        version_data, "presented_on", datetime.date, required=False
                    ),
                    "presented_on_precision": self.field(
                        version_data, "presented_on_precision", required=False, default="day"
                    ),
                    "point_count": self.field(version_data, "point_count", int, required=False),
                    "point_count_is_estimate": self.field(
                        version_data, "point_count_is_estimate", bool, required=False, default=False
                    ),
                    "summary": self.field(version_data, "summary", required=False, default=""),
                    "changes": self.field(version_data, "changes", required=False, default=""),
                    **self.evidence(version_data),
                },
            )
            self.cite(version, version_data)
            for point in self.tables(version_data, "points"):
                self.get_or_create(
                    ProposalPoint,
                    {"version": version, "text": self.field(point, "text")},
                    {
                        "number": self.field(point, "number", int, required=False, default=None),
                        **self.evidence(point),
                    },
                )

    def proposal_version(self, reference):
        if reference is None:
            return None
        slug, _, number = str(reference).partition("#")
        if not (number.isascii() and number.isdigit()):
            self.fail(f"proposal_version must look like 'slug#number', got {reference!r}")
        version = ProposalVersion.objects.filter(proposal__slug=slug, number=int(number)).first()
        if version is None:
            self.fail(f"unknown proposal version {reference!r}")
        return version

    def load_statement(self, data):
        key = self.field(data, "key")
        if key in self.statements:
            self.fail(f"the key '{key}' is used twice")
        speaker_slug = data.get("speaker")
        speaker = self.lookup(Person, speaker_slug, "speaker") if speaker_slug else None
        party_slug = data.get("party")
        party = self.lookup(Party, party_slug, "party") if party_slug else None
        if speaker is None and party is None:
            self.fail("name a 'speaker' or a 'party'")
        party = party or speaker.party
        wording = self.field(data, "wording")
        if wording not in self.text:
            self.fail(f"'wording' is not found verbatim in the article: {wording[:120]!r}")
        existing = Attestation.objects.filter(
            source=self.source, wording=wording, statement__party=party
        ).first()
        if existing is not None:
            self.statements[key] = existing.statement
            self.cite(existing.statement, data)
            return
        statement = Statement(
            party=party,
            speaker=speaker,
            said_on=self.field(data, "said_on", datetime.date),
            said_on_precision=self.field(data, "said_on_precision", required=False, default="day"),
            occasion=self.field(data, "occasion", required=False, default=""),
            place=self.field(data, "place", required=False, default=""),
            mode=self.field(data, "mode"),
            language=self.field(data, "language", required=False, default=""),
            summary=self.field(data, "summary", required=False, default=""),
            status=PublishStatus.PUBLISHED,
        )
        self.save(statement)
        self.save(
            Attestation(
                statement=statement,
                source=self.source,
                wording=wording,
                note=self.field(data, "note", required=False, default=""),
            )
        )
        self.statements[key] = statement
        self.cite(statement, data)

    def keyed(self, data, name, known, what):
        """The objects named by the keys listed under `name`, each defined earlier in the file."""
        keys = self.strings(data, name)
        unknown = [key for key in keys if key not in known]
        if unknown:
            self.fail(f"unknown {what} keys: {', '.join(map(str, unknown))}")
        return [known[key] for key in keys]

    def load_condition(self, data):
        key = self.field(data, "key", required=False, default=None)
        if key in self.conditions:
            self.fail(f"the key '{key}' is used twice")
        party = self.lookup(Party, self.field(data, "party"), "party")
        topic = self.lookup(Topic, self.field(data, "topic"), "topic")
        statements = self.keyed(data, "statements", self.statements, "statement")
        depends_on = self.keyed(data, "depends_on", self.conditions, "condition")
        addressed_to = data.get("addressed_to")
        regions = [
            self.lookup(Region, slug, "region")
            for slug in self.field(data, "regions", list, required=False, default=[])
        ]
        condition, created = self.get_or_create(
            Condition,
            {
                "party": party,
                "topic": topic,
                "kind": self.field(data, "kind"),
                "valid_from": self.field(data, "valid_from", datetime.date),
                "proposal_version": self.proposal_version(data.get("proposal_version")),
            },
            {
                "summary": self.field(data, "summary"),
                "details": self.field(data, "details", required=False, default=""),
                "valid_from_precision": self.field(
                    data, "valid_from_precision", required=False, default="day"
                ),
                "valid_until": self.field(data, "valid_until", datetime.date, required=False),
                "addressed_to": (
                    self.lookup(Party, addressed_to, "party") if addressed_to else None
                ),
                "regions_are_examples": self.field(
                    data, "regions_are_examples", bool, required=False, default=False
                ),
                "hedging": self.field(data, "hedging", required=False, default=""),
                "is_inferred": self.field(data, "inferred", bool, required=False, default=False),
                "inference_note": self.field(data, "inference_note", required=False, default=""),
                "status": PublishStatus.PUBLISHED,
                **self.evidence(data),
            },
        )
        if created:
            try:
                condition.check_links(statements, depends_on)
            except ValidationError as error:
                self.fail("; ".join(" ".join(errors) for errors in error.message_dict.values()))
            condition.regions.set(regions)
            condition.statements.set(statements)
            condition.depends_on.set(depends_on)
        if key:
            self.conditions[key] = condition
        self.cite(condition, data)

    def load_event(self, data):
        event, created = self.get_or_create(
            Event,
            {"title": self.field(data, "title")},
            {
                "process": self.process,
                "kind": self.field(data, "kind"),
                "status": self.field(data, "status"),
                "starts_on": self.field(data, "starts_on", datetime.date, required=False),
                "starts_on_precision": self.field(
                    data, "starts_on_precision", required=False, default="day"
                ),
                "place": self.field(data, "place", required=False, default=""),
                "description": self.field(data, "description", required=False, default=""),
                "proposal_version": self.proposal_version(data.get("proposal_version")),
                **self.evidence(data),
            },
        )
        self.cite(event, data)
        if created:
            event.participants.set(
                [
                    self.lookup(Person, slug, "participant")
                    for slug in self.field(data, "participants", list, required=False, default=[])
                ]
            )
            event.parties.set(
                [
                    self.lookup(Party, slug, "party")
                    for slug in self.field(data, "parties", list, required=False, default=[])
                ]
            )

    def load_fact(self, data):
        topic = data.get("topic")
        fact, _ = self.get_or_create(
            Fact,
            {"summary": self.field(data, "summary")},
            {
                "process": self.process,
                "as_of": self.field(data, "as_of", datetime.date, required=False),
                "as_of_precision": self.field(
                    data, "as_of_precision", required=False, default="day"
                ),
                "is_approximate": self.field(
                    data, "is_approximate", bool, required=False, default=False
                ),
                "topic": self.lookup(Topic, topic, "topic") if topic else None,
                **self.evidence(data),
            },
        )
        self.cite(fact, data)


def load_seed(path):
    """Load the seed file at `path`; returns what was created, by kind. All or nothing."""
    loader = _Loader(path)
    with transaction.atomic():
        return loader.load()
