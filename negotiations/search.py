"""Site search over statements, terms, proposals, people and sources, returned as plain data."""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from negotiations.models import (
    Attestation,
    Condition,
    Proposal,
    ProposalPoint,
    ProposalVersion,
    Source,
    Statement,
)
from parties.models import Person, PersonName

MAX_QUERY_LENGTH = 200
GROUP_SIZE = 20
EXCERPT_LENGTH = 240
# The text search configuration of every vector and query: it must be the one the GIN indexes of
# migration 0002 are built with, or PostgreSQL will not use them.
CONFIG = "english"

WORD = re.compile(r"\w+")

TOO_LONG = f"A search can be at most {MAX_QUERY_LENGTH} characters long. Try fewer words."
NO_WORDS = "Type a word or a name to search for: punctuation alone finds nothing."


@dataclass(frozen=True)
class Hit:
    """One result. `heading`, `text` and `quote` are escaped HTML with <mark> around matches."""

    heading: str
    url: str | None
    text: str = ""
    quote: str = ""
    meta: str = ""
    draft: bool = False
    rank: float = 0.0


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    hits: list[Hit]
    more: bool = False


@dataclass(frozen=True)
class Results:
    query: str = ""
    terms: tuple[str, ...] = ()
    groups: list[Group] = field(default_factory=list)
    message: str = ""
    status: int = 200

    @property
    def total(self):
        return sum(len(group.hits) for group in self.groups)


def find(raw_query, user):
    """What `raw_query` finds that `user` may see, grouped by kind, best first in each group."""
    query = (raw_query or "").replace("\x00", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        return Results(message=TOO_LONG, status=400)
    if not query:
        return Results()
    terms = search_terms(query)
    if not terms:
        return Results(query=query, message=NO_WORDS)
    search = _Search(query, terms, user)
    groups = [
        _statements(search),
        _conditions(search),
        _proposals_and_points(search),
        _people(search),
        _sources(search),
    ]
    return Results(query=query, terms=terms, groups=groups)


def search_terms(query):
    """The words a search looks for, lower-cased, without websearch's 'or' and '-excluded' words."""
    terms = []
    for match in WORD.finditer(query):
        word, start = match.group().lower(), match.start()
        excluded = (
            start > 0 and query[start - 1] == "-" and (start < 2 or query[start - 2].isspace())
        )
        if word == "or" or excluded or word in terms:
            continue
        terms.append(word)
    return tuple(terms)


def highlight(text, terms):
    """`text` escaped, with every word that starts with one of `terms` wrapped in <mark>."""
    if not text:
        return ""
    pattern = _term_pattern(terms)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    # Every piece of `text` went through escape(); only our own <mark> tags are left raw.
    return mark_safe("".join(parts))  # noqa: S308


def excerpt(text, terms, length=EXCERPT_LENGTH):
    """The part of `text` around its first match, at most about `length` characters, highlighted."""
    if len(text) <= length:
        return highlight(text, terms)
    match = _term_pattern(terms).search(text)
    start = max(0, (match.start() if match else 0) - length // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{highlight(text[start:end], terms)}{suffix}")  # noqa: S308


def _term_pattern(terms):
    # Longest first, so that 'militar' never shadows 'military'; a match runs to the end of the
    # word, which also marks the stemmed forms PostgreSQL finds ('withdraw' in 'withdrawal').
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


class _Search:
    """One search: the query, its terms, who asks, and how this database matches and ranks."""

    def __init__(self, query, terms, user):
        self.query, self.terms, self.user = query, terms, user
        self.full_text = connection.vendor == "postgresql"
        if self.full_text:
            self.tsquery = SearchQuery(query, search_type="websearch", config=CONFIG)

    def vector(self, *fields):
        # The same expression as the index of migration 0002 on these columns, word for word.
        return SearchVector(*fields, config=CONFIG)

    def matching(self, queryset, *fields):
        """Rows of `queryset` that match on `fields`, annotated with a `rank`."""
        if self.full_text:
            vector = self.vector(*fields)
            return (
                queryset.alias(search_vector=vector)
                .filter(search_vector=self.tsquery)
                .annotate(rank=SearchRank(vector, self.tsquery))
            )
        found = queryset.filter(
            *[
                reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields))
                for term in self.terms
            ]
        )
        return found.annotate(
            rank=self.score(
                [Q(**{f"{name}__icontains": term}) for name in fields for term in self.terms]
            )
        )

    @staticmethod
    def score(conditions):
        """How many of `conditions` hold: the fallback's rank, so more matching fields rank higher."""
        return sum(
            (Case(When(condition, then=1), default=0) for condition in conditions),
            start=Value(0, output_field=IntegerField()),
        )

    def mark(self, text):
        return highlight(text, self.terms)

    def excerpt(self, *texts):
        """An excerpt of the first of `texts` that matches, or of the first one that is not blank."""
        pattern = _term_pattern(self.terms)
        texts = [text for text in texts if text]
        text = next((text for text in texts if pattern.search(text)), texts[0] if texts else "")
        return excerpt(text, self.terms)


def _capped(queryset):
    rows = list(queryset[: GROUP_SIZE + 1])
    return rows[:GROUP_SIZE], len(rows) > GROUP_SIZE


def _statements(search):
    attestations = Attestation.objects.visible_to(search.user)
    statements = Statement.objects.visible_to(search.user)
    if search.full_text:
        wording, summary = search.vector("wording"), search.vector("summary")
        worded = attestations.alias(search_vector=wording).filter(search_vector=search.tsquery)
        said = statements.alias(search_vector=summary).filter(search_vector=search.tsquery)
        best_wording = (
            worded.filter(statement=OuterRef("pk"))
            .annotate(rank=SearchRank(wording, search.tsquery))
            .order_by("-rank")
            .values("rank")[:1]
        )
        # A union of two index scans, rather than an OR across the join that PostgreSQL could
        # only answer by reading every statement.
        found = statements.filter(
            pk__in=said.order_by().values("pk").union(worded.order_by().values("statement_id"))
        ).annotate(
            rank=SearchRank(summary, search.tsquery)
            + Coalesce(Subquery(best_wording, output_field=FloatField()), Value(0.0))
        )
    else:

        def worded(term):
            return Exists(attestations.filter(statement=OuterRef("pk"), wording__icontains=term))

        found = statements.filter(
            *[Q(summary__icontains=term) | Q(worded(term)) for term in search.terms]
        ).annotate(
            rank=search.score(
                [Q(summary__icontains=term) for term in search.terms]
                + [Q(worded(term)) for term in search.terms]
            )
        )
    found = (
        found.select_related("party", "speaker")
        .prefetch_related(Prefetch("attestations", queryset=attestations))
        .order_by("-rank", "-said_on", "-id")
    )
    rows, more = _capped(found)
    hits = []
    for statement in rows:
        quote = search.excerpt(
            *(attestation.wording for attestation in statement.attestations.all())
        )
        if quote and statement.is_quote:
            quote = mark_safe(f"“{quote}”")  # noqa: S308 (already escaped)
        hits.append(
            Hit(
                heading=escape(f"{statement.attributed_to}, {statement.said_display}"),
                url=reverse("negotiations:statement", args=[statement.pk]),
                text=search.mark(statement.summary),
                quote=quote,
                meta=f"{statement.party.name} · {statement.get_mode_display()}",
                draft=not statement.is_published,
                rank=statement.rank,
            )
        )
    return Group("statements", "Statements", hits, more)


def _conditions(search):
    found = (
        search.matching(Condition.objects.visible_to(search.user), "summary", "details")
        .select_related("party", "topic")
        .order_by("-rank", "-valid_from", "-id")
    )
    rows, more = _capped(found)
    hits = [
        Hit(
            heading=search.mark(condition.summary),
            url=reverse("negotiations:topic", args=[condition.topic.slug]),
            text=search.excerpt(condition.details),
            meta=(
                f"{condition.party.name} · {condition.get_kind_display()} · {condition.topic.name}"
                f" · since {condition.valid_from_display}"
            ),
            draft=not condition.is_published,
            rank=condition.rank,
        )
        for condition in rows
    ]
    return Group("terms", "Terms", hits, more)


def _proposals_and_points(search):
    proposals, more_proposals = _capped(
        search.matching(Proposal.objects.all(), "title", "description")
        .select_related("party")
        .order_by("-rank", "title")
    )
    versions, more_versions = _capped(
        search.matching(ProposalVersion.objects.all(), "label", "summary", "changes")
        .select_related("proposal__party")
        .order_by("-rank", "proposal__title", "number")
    )
    points, more_points = _capped(
        search.matching(ProposalPoint.objects.all(), "text")
        .select_related("version__proposal__party")
        .order_by("-rank", "version__proposal__title", "version__number", "number", "id")
    )
    hits = [
        Hit(
            heading=search.mark(proposal.title),
            url=reverse("negotiations:proposal", args=[proposal.slug]),
            text=search.excerpt(proposal.description),
            meta=f"Proposal by {proposal.party.name}",
            rank=proposal.rank,
        )
        for proposal in proposals
    ]
    hits += [
        Hit(
            heading=mark_safe(f"{escape(version.proposal.title)}: {search.mark(version.label)}"),  # noqa: S308
            url=reverse("negotiations:proposal", args=[version.proposal.slug]),
            text=search.excerpt(version.summary, version.changes),
            meta=f"Version {version.number} of a proposal by {version.proposal.party.name}",
            rank=version.rank,
        )
        for version in versions
    ]
    hits += [
        Hit(
            heading=escape(
                f"{point.version.proposal.title}, {point.version.label}"
                + (f", point {point.number}" if point.number else "")
            ),
            url=reverse("negotiations:proposal", args=[point.version.proposal.slug]),
            text=search.excerpt(point.text),
            meta=f"Point of a proposal by {point.version.proposal.party.name}",
            rank=point.rank,
        )
        for point in points
    ]
    # A stable sort keeps proposals ahead of their versions, and versions ahead of their points,
    # when they rank the same.
    hits.sort(key=lambda hit: -hit.rank)
    more = more_proposals or more_versions or more_points or len(hits) > GROUP_SIZE
    return Group("proposals", "Proposals and points", hits[:GROUP_SIZE], more)


def _people(search):
    """People found by their name, then those found by another name reporters use."""
    by_name, more = _capped(
        search.matching(Person.objects.visible_to(search.user), "name")
        .select_related("party")
        .prefetch_related("other_names")
        .order_by("-rank", "name")
    )
    other_names = search.matching(PersonName.objects.all(), "name")
    by_other_name, more_others = _capped(
        Person.objects.visible_to(search.user)
        .filter(pk__in=other_names.values("person_id"))
        .exclude(pk__in=[person.pk for person in by_name])
        .select_related("party")
        .prefetch_related("other_names")
        .order_by("name")
    )
    hits = [
        Hit(
            heading=search.mark(person.name),
            url=reverse("negotiations:person", args=[person.slug]),
            text=search.mark(" · ".join(person.other_names_list)),
            meta=person.party.name,
            rank=getattr(person, "rank", 0),
        )
        for person in [*by_name, *by_other_name][:GROUP_SIZE]
    ]
    total = len(by_name) + len(by_other_name)
    return Group("people", "People", hits, more or more_others or total > GROUP_SIZE)


def _sources(search):
    first_citing = (
        Statement.objects.visible_to(search.user)
        .filter(attestations__source=OuterRef("pk"))
        .order_by("said_on", "id")
        .values("pk")[:1]
    )
    found = (
        search.matching(Source.objects.visible_to(search.user), "title", "publisher")
        .annotate(first_statement=Subquery(first_citing))
        .order_by("-rank", F("published_on").desc(nulls_last=True), "title")
    )
    rows, more = _capped(found)
    hits = [
        Hit(
            heading=search.mark(source.title),
            # Sources have no page of their own yet: the first statement citing one shows it.
            url=(
                reverse("negotiations:statement", args=[source.first_statement])
                if source.first_statement
                else None
            ),
            text=search.mark(source.publisher),
            meta=source.published_display,
            draft=not source.is_published,
            rank=source.rank,
        )
        for source in rows
    ]
    return Group("sources", "Sources", hits, more)
