"""Right-to-left override characters in what editors and sources entered cannot reorder the page
around them: on every public page, each piece of user text is isolated (`<bdi>` or `dir`)."""

from html.parser import HTMLParser

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from negotiations.models import (
    Attestation,
    Citation,
    Condition,
    Event,
    Fact,
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

RLO = "\u202e"
MARKER = f"{RLO}evil\u202c"
# Plain-text isolates: the one way to isolate text where markup cannot go (a <title>, SVG text).
ISOLATE_OPENERS = {"\u2066", "\u2067", "\u2068"}
PDI = "\u2069"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Fields that hold codes or addresses rather than text a reader reads.
NOT_TEXT = {"slug", "url", "language"}

MARKED_MODELS = [
    Source,
    Citation,
    Topic,
    Region,
    RegionName,
    Proposal,
    ProposalVersion,
    ProposalPoint,
    Condition,
    Statement,
    Attestation,
    Event,
    Fact,
    Party,
    Person,
    PersonName,
    Role,
]


def mark_every_text_field():
    """Every row's every free-text field starts with the marker (and an empty one holds it)."""
    for model in MARKED_MODELS:
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not isinstance(f, models.SlugField | models.URLField)
            and f.name not in NOT_TEXT
        ]
        for row in model.objects.all():
            for field in fields:
                value = f"{MARKER} {getattr(row, field.name)}".rstrip()
                setattr(row, field.name, value[: field.max_length] if field.max_length else value)
            row.save()


def isolated_by_plain_text(text):
    """Every override in `text` lies between an isolate opener and its PDI."""
    depth = 0
    for char in text:
        if char in ISOLATE_OPENERS:
            depth += 1
        elif char == PDI and depth:
            depth -= 1
        elif char == RLO and not depth:
            return False
    return True


class Unisolated(HTMLParser):
    """Collects the text nodes holding an override that no `<bdi>` or `dir` encloses."""

    def __init__(self):
        super().__init__()
        self.open = []  # (tag, isolates) of each element the parser is inside
        self.found = []
        self.overrides = 0

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append((tag, tag == "bdi" or "dir" in dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        if RLO not in data:
            return
        self.overrides += data.count(RLO)
        if any(isolates for _, isolates in self.open):
            return
        tags = [tag for tag, _ in self.open]
        if ("title" in tags or "svg" in tags) and isolated_by_plain_text(data):
            return
        self.found.append(f"{'>'.join(tags[-3:])}: {data.strip()[:80]!r}")


def unisolated(html):
    parser = Unisolated()
    parser.feed(html)
    parser.close()
    return parser.overrides, parser.found


def public_pages():
    """Every public page that shows what was marked, as (name, address)."""
    yield (
        "comparison with a cell opened",
        reverse("negotiations:compare") + "?cell=territory:russia",
    )
    yield "cell", reverse("negotiations:cell", args=["territory", "russia"])
    for party in Party.objects.all():
        yield f"party {party.slug}", reverse("negotiations:party", args=[party.slug])
    for person in Person.objects.all():
        yield f"person {person.slug}", reverse("negotiations:person", args=[person.slug])
    for topic in Topic.objects.all():
        yield f"topic {topic.slug}", reverse("negotiations:topic", args=[topic.slug])
    for proposal in Proposal.objects.all():
        yield f"proposal {proposal.slug}", reverse("negotiations:proposal", args=[proposal.slug])
    for pk in Statement.objects.filter(status=PublishStatus.PUBLISHED).values_list("pk", flat=True):
        yield f"statement {pk}", reverse("negotiations:statement", args=[pk])
    yield "search", reverse("negotiations:search") + "?q=evil"
    yield "changes", reverse("negotiations:changes")


@pytest.fixture
def marked(seeded):
    mark_every_text_field()


def test_the_marker_is_stored_in_every_text_field_it_should_be(marked):
    assert Statement.objects.filter(occasion__startswith=MARKER).exists()
    assert Party.objects.exclude(name__startswith=MARKER).count() == 0
    assert Condition.objects.exclude(hedging__startswith=MARKER).count() == 0
    assert ProposalPoint.objects.exclude(text__startswith=MARKER).count() == 0


def test_no_page_prints_an_override_outside_an_isolate(marked):
    reader = Client()
    shown, failures = 0, {}
    kinds_shown = set()
    for name, url in public_pages():
        response = reader.get(url)
        if response.status_code == 404:  # a person named by nothing published: not public
            continue
        assert response.status_code == 200, (name, response.status_code)
        overrides, found = unisolated(response.content.decode())
        if overrides:
            shown += 1
            kinds_shown.add(name.split()[0])
        if found:
            failures[name] = found
    assert not failures, failures
    # The crawl saw the marker on every kind of page, so a page that stopped showing user text
    # does not pass by default.
    expected = {"comparison", "cell", "party", "person", "topic", "proposal", "statement"}
    assert expected | {"search", "changes"} <= kinds_shown, kinds_shown
    assert shown > 20


def test_the_checker_finds_an_override_left_bare():
    overrides, found = unisolated(f"<p>Said by {MARKER}, <bdi>{MARKER}</bdi></p>")
    assert overrides == 2
    assert len(found) == 1 and found[0].startswith("p: 'Said by")
    assert unisolated(f"<title>\u2068{MARKER}\u2069 · site</title>")[1] == []
    assert unisolated(f"<title>{MARKER} · site</title>")[1] != []
