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
    ConditionKind,
    PeaceProcess,
    Proposal,
    ProposalPoint,
    ProposalVersion,
    PublishStatus,
    Region,
    Source,
    Statement,
    Topic,
)
from negotiations.visibility import people_visible_to, sees_drafts, statements_visible_to
from parties.models import Party, Person, PersonName

MAX_QUERY_LENGTH = 200
GROUP_SIZE = 20
# Statements and terms are ranked among at most this many matches, the most recent ones: a
# common word matches a large share of the data, and ranking every match would make readers wait.
CANDIDATES = 500
EXCERPT_LENGTH = 240
# The text search configuration of every vector and query: it must be the one the GIN indexes of
# migration 0002 are built with, or PostgreSQL will not use them.
CONFIG = "english"

WORD = re.compile(r"\w+")

TOO_LONG = f"A search can be at most {MAX_QUERY_LENGTH} characters long. Try fewer words."
NO_WORDS = "Type a word or a name to search for: punctuation alone finds nothing."
UNKNOWN_PROCESS = "No such peace process: choose one from the list, or search them all."


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
    # How many of the most recent matches were ranked, when there were more (else 0).
    ranked_among: int = 0


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

    @property
    def ranked_among(self):
        """How many of the most recent matches a group was ranked among, when one had more."""
        return max((group.ranked_among for group in self.groups), default=0)


def find(raw_query, user, process=""):
    """What `raw_query` finds that `user` may see, grouped by kind, best first in each group;
    with `process` (a peace process's slug), only its terms, proposals and the statements behind
    its terms (people and sources belong to no process and are all searched).

    Every word (or quoted phrase) of the query must be found somewhere in a record, in any of
    its fields: 'Putin territory' finds Putin's statements about territory. A region's other
    names stand for it ('Luhansk' finds 'Lugansk'), and 'or' between words accepts either.
    """
    query = (raw_query or "").replace("\x00", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        return Results(message=TOO_LONG, status=400)
    scope = None
    if process:
        scope = PeaceProcess.objects.filter(slug=process[:MAX_QUERY_LENGTH]).first()
        if scope is None:
            return Results(query=query, message=UNKNOWN_PROCESS, status=400)
    if not query:
        return Results()
    units, excluded = parse_query(query)
    if not units:
        return Results(query=query, message=NO_WORDS)
    search = _Search(query, units, excluded, user, scope)
    if not search.units:
        # Only words too common to search for ('the'): nothing can match them.
        return Results(query=query, terms=search.terms)
    groups = [
        _statements(search),
        _conditions(search),
        _proposals_and_points(search),
        _people(search),
        _sources(search),
    ]
    return Results(query=query, terms=search.terms, groups=groups)


@dataclass(frozen=True)
class Unit:
    """One thing a query asks for: a word or a quoted phrase, with what may stand for it (the
    other side of an 'or', a region's other names)."""

    alternatives: tuple[str, ...]

    def words(self):
        return [word.lower() for text in self.alternatives for word in WORD.findall(text)]


TOKEN = re.compile(r'(?:(?<=\s)|^)(-?)"([^"]*)"?|(\S+)')


def parse_query(query):
    """The units a query asks for, and those it excludes ('-word'), in order."""
    units, excluded, join_next = [], [], False
    for match in TOKEN.finditer(query):
        minus, phrase, bare = match.groups()
        if bare is not None:
            minus, text = ("-", bare[1:]) if bare.startswith("-") and len(bare) > 1 else ("", bare)
            if not minus and text.lower() == "or":
                join_next = bool(units)
                continue
            found = [Unit((word,)) for word in WORD.findall(text)]
        else:
            words = " ".join(WORD.findall(phrase))
            found = [Unit((words,))] if words else []
        if minus:
            excluded.extend(found)
            continue
        if join_next and found:
            units[-1] = Unit(units[-1].alternatives + found[0].alternatives)
            found = found[1:]
        join_next = False
        units.extend(found)
    return units, excluded


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
    """One search: its units, who asks, and how this database matches and ranks them."""

    def __init__(self, query, units, excluded, user, process=None):
        self.query, self.user, self.process = query, user, process
        self.full_text = connection.vendor == "postgresql"
        self.regions, self.region_pks = _region_names()
        units = [self.with_region_names(unit) for unit in units]
        excluded = [self.with_region_names(unit) for unit in excluded]
        if self.full_text:
            units, excluded = self.searchable(units), self.searchable(excluded)
        self.units, self.excluded = units, excluded
        self.terms = tuple(dict.fromkeys(word for unit in units for word in unit.words()))
        if self.full_text and units:
            self.tsquery = reduce(or_, (self.unit_query(unit) for unit in units))

    def with_region_names(self, unit):
        """The unit with every other name of a region it names: Luhansk brings Lugansk."""
        names = list(unit.alternatives)
        for text in unit.alternatives:
            names += self.regions.get(text.casefold(), ())
        return Unit(tuple(dict.fromkeys(names, None).keys()))

    def searchable(self, units):
        """Units without the alternatives PostgreSQL drops as too common ('the'), which would
        match nothing: one query for all of them."""
        texts = [text for unit in units for text in unit.alternatives]
        if not texts:
            return units
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT "
                + ", ".join(["numnode(phraseto_tsquery(%s::regconfig, %s))"] * len(texts)),
                [value for text in texts for value in (CONFIG, text)],
            )
            kept = {text for text, nodes in zip(texts, cursor.fetchone(), strict=True) if nodes}
        units = [Unit(tuple(t for t in unit.alternatives if t in kept)) for unit in units]
        return [unit for unit in units if unit.alternatives]

    def unit_query(self, unit):
        return reduce(
            or_,
            (SearchQuery(text, search_type="phrase", config=CONFIG) for text in unit.alternatives),
        )

    def vector(self, *fields):
        # The same expression as the index of migration 0002 or 0008 on these columns.
        return SearchVector(*fields, config=CONFIG)

    def ids(self, queryset, unit, fields, id_field="pk"):
        """The `id_field` of the rows of `queryset` whose `fields` hold the unit (a subquery)."""
        if self.full_text:
            found = queryset.alias(search_vector=self.vector(*fields)).filter(
                search_vector=self.unit_query(unit)
            )
        else:
            found = queryset.filter(
                reduce(
                    or_,
                    (
                        Q(**{f"{name}__icontains": _fallback_stem(text)})
                        for name in fields
                        for text in unit.alternatives
                    ),
                )
            )
        return found.order_by().values(id_field)

    def scoped(self, queryset, path):
        """`queryset` limited to the searched peace process along `path`, if one is searched."""
        return queryset if self.process is None else queryset.filter(**{path: self.process})

    def people(self, unit):
        """The people the unit names, by their name or another name reporters use."""
        named = self.ids(Person.objects.all(), unit, ("name",))
        other = self.ids(PersonName.objects.all(), unit, ("name",), "person_id")
        return Person.objects.filter(Q(pk__in=named) | Q(pk__in=other)).values("pk")

    def parties(self, unit):
        return self.ids(Party.objects.all(), unit, ("name", "short_name"))

    def kinds(self, unit):
        """The kinds of term whose name the unit gives: 'red line', 'line', 'demands'."""
        return [
            kind
            for kind in ConditionKind
            if any(_words_match(text, kind.label) for text in unit.alternatives)
        ]

    def region_ids(self, unit):
        return {pk for text in unit.alternatives for pk in self.region_pks.get(text.casefold(), ())}

    def select(self, queryset, unit_filter):
        """The rows that hold every unit and none of the excluded ones."""
        queryset = queryset.filter(*[unit_filter(unit) for unit in self.units])
        for unit in self.excluded:
            queryset = queryset.exclude(unit_filter(unit))
        return queryset

    def rank(self, *fields):
        """How well the rows' own text matches: the fallback counts the matching fields."""
        if self.full_text:
            return SearchRank(self.vector(*fields), self.tsquery)
        return sum(
            (
                Case(When(Q(**{f"{name}__icontains": text}), then=1), default=0)
                for name in fields
                for unit in self.units
                for text in unit.alternatives
            ),
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


def _region_names():
    """One query: every name of every region, casefolded, to all the names of its region, and
    to the region's id; so that any name stands for all of them."""
    by_region = {}
    for pk, name, other in Region.objects.values_list("pk", "name", "other_names__name"):
        by_region.setdefault(pk, {name})
        if other:
            by_region[pk].add(other)
    names, ids = {}, {}
    for pk, all_names in by_region.items():
        for name in all_names:
            names.setdefault(name.casefold(), []).extend(sorted(all_names))
            ids.setdefault(name.casefold(), set()).add(pk)
    return names, ids


def _fallback_stem(text):
    """Without PostgreSQL's stemming, a word's plural or '-y' ending is left off so that
    'territory' still finds 'territories' (SQLite, for development)."""
    if len(text) > 4 and text[-1] in "ysYS" and " " not in text:
        return text[:-1]
    return text


def _words_match(text, label):
    """True when every word of `text` is a word of `label`, allowing an ending ('demands')."""
    label_words = WORD.findall(label.lower())
    words = WORD.findall(text.lower())
    return bool(words) and all(
        any(_same_word(word, other) for other in label_words) for word in words
    )


def _same_word(a, b):
    short, long = sorted((a, b), key=len)
    return long == short or (len(short) >= 4 and long.startswith(short))


def _candidates(found, visible, newest_first):
    """The most recent CANDIDATES rows of `found` (a selection of `visible`), to be ranked, and
    CANDIDATES when there were more matches than that (0 when every match is ranked)."""
    pks = list(found.order_by(newest_first, "-id").values_list("pk", flat=True)[: CANDIDATES + 1])
    bounded = CANDIDATES if len(pks) > CANDIDATES else 0
    return visible.filter(pk__in=pks[:CANDIDATES]), bounded


def _capped(queryset):
    rows = list(queryset[: GROUP_SIZE + 1])
    return rows[:GROUP_SIZE], len(rows) > GROUP_SIZE


def _statements(search):
    attestations = Attestation.objects.visible_to(search.user)
    statements = statements_visible_to(search.user)
    if search.process is not None:
        statements = statements.bearing_on(search.process)
    text_fields = ("summary", "occasion", "place")

    # The statement's own visibility is the outer query's; the subqueries only match text (a
    # wording still counts only from a source the viewer may see).
    worded = (
        Attestation.objects.all()
        if sees_drafts(search.user)
        else Attestation.objects.filter(source__status=PublishStatus.PUBLISHED)
    )

    def holds(unit):
        return (
            Q(pk__in=search.ids(Statement.objects.all(), unit, text_fields))
            | Q(pk__in=search.ids(worded, unit, ("wording",), "statement_id"))
            | Q(speaker__in=search.people(unit))
            | Q(party__in=search.parties(unit))
        )

    found, bounded = _candidates(search.select(statements, holds), statements, "-said_on")
    if search.full_text:
        wording = search.vector("wording")
        best_wording = (
            attestations.filter(statement=OuterRef("pk"))
            .annotate(rank=SearchRank(wording, search.tsquery))
            .order_by("-rank")
            .values("rank")[:1]
        )
        rank = search.rank(*text_fields) + Coalesce(
            Subquery(best_wording, output_field=FloatField()), Value(0.0)
        )
    else:

        def worded(text):
            return Exists(attestations.filter(statement=OuterRef("pk"), wording__icontains=text))

        rank = search.rank(*text_fields) + sum(
            (
                Case(When(worded(text), then=1), default=0)
                for unit in search.units
                for text in unit.alternatives
            ),
            start=Value(0, output_field=IntegerField()),
        )
    found = (
        found.annotate(rank=rank)
        .select_related("party", "speaker")
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
                heading=search.mark(f"{statement.attributed_to}, {statement.said_display}"),
                url=reverse("negotiations:statement", args=[statement.pk]),
                text=search.mark(statement.summary),
                quote=quote,
                meta=search.mark(
                    " · ".join(
                        part
                        for part in (
                            statement.party.name,
                            statement.get_mode_display(),
                            statement.occasion,
                            statement.place,
                        )
                        if part
                    )
                ),
                # A reader sees neither a draft nor a statement no published source reports.
                draft=not statement.is_public,
                rank=statement.rank,
            )
        )
    return Group("statements", "Statements", hits, more, bounded)


def _conditions(search):
    conditions = search.scoped(Condition.objects.visible_to(search.user), "topic__process")
    links = Condition.regions.through.objects.all()

    def holds(unit):
        return (
            Q(pk__in=search.ids(conditions, unit, ("summary", "details")))
            | Q(kind__in=search.kinds(unit))
            | Q(pk__in=links.filter(region__in=search.region_ids(unit)).values("condition_id"))
            | Q(party__in=search.parties(unit))
            | Q(topic__in=search.ids(Topic.objects.all(), unit, ("name",)))
        )

    found, bounded = _candidates(search.select(conditions, holds), conditions, "-valid_from")
    found = (
        found.annotate(rank=search.rank("summary", "details"))
        .select_related("party", "topic")
        .prefetch_related("regions", "depends_on")
        .order_by("-rank", "-valid_from", "-id")
    )
    rows, more = _capped(found)
    hits = [
        Hit(
            heading=search.mark(condition.summary),
            url=reverse("negotiations:topic", args=[condition.topic.slug]),
            text=search.excerpt(condition.details),
            meta=search.mark(_term_meta(condition)),
            draft=not condition.is_published,
            rank=condition.rank,
        )
        for condition in rows
    ]
    return Group("terms", "Terms", hits, more, bounded)


def _term_meta(condition):
    """Who, which kind, how qualified, on which topic and regions, since when."""
    kind = condition.get_kind_display()
    if condition.hedging:
        kind += f" (“{condition.hedging}”)"
    parts = [condition.party.name, kind, condition.topic.name]
    regions = [region.name for region in condition.regions.all()]
    if regions:
        parts.append(
            ", ".join(regions) + (", among others" if condition.regions_are_examples else "")
        )
    required = [term.summary for term in condition.depends_on.all()]
    if required:
        parts.append("if: " + "; ".join(required))
    if condition.is_inferred:
        parts.append(condition.basis_label)
    parts.append(f"dated {condition.valid_from_display}")
    return " · ".join(parts)


def _proposals_and_points(search):
    proposals, more_proposals = _capped(
        search.select(
            search.scoped(Proposal.objects.all(), "process"),
            lambda unit: (
                Q(pk__in=search.ids(Proposal.objects.all(), unit, ("title", "description")))
                | Q(party__in=search.parties(unit))
            ),
        )
        .annotate(rank=search.rank("title", "description"))
        .select_related("party")
        .order_by("-rank", "title", "id")
    )
    version_fields = ("label", "summary", "changes")
    versions, more_versions = _capped(
        search.select(
            search.scoped(ProposalVersion.objects.all(), "proposal__process"),
            lambda unit: Q(pk__in=search.ids(ProposalVersion.objects.all(), unit, version_fields)),
        )
        .annotate(rank=search.rank(*version_fields))
        .select_related("proposal__party")
        .order_by("-rank", "proposal__title", "number", "id")
    )
    points, more_points = _capped(
        search.select(
            search.scoped(ProposalPoint.objects.all(), "version__proposal__process"),
            lambda unit: Q(pk__in=search.ids(ProposalPoint.objects.all(), unit, ("text",))),
        )
        .annotate(rank=search.rank("text"))
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
    """People found by their names or their party, best matching name first."""
    people = people_visible_to(search.user)
    found, more = _capped(
        search.select(
            people,
            lambda unit: Q(pk__in=search.people(unit)) | Q(party__in=search.parties(unit)),
        )
        .annotate(rank=search.rank("name"))
        .select_related("party")
        .prefetch_related("other_names")
        .order_by("-rank", "name", "id")
    )
    hits = [
        Hit(
            heading=search.mark(person.name),
            url=reverse("negotiations:person", args=[person.slug]),
            text=search.mark(" · ".join(person.other_names_list)),
            meta=search.mark(person.party.name),
            draft=not person.is_public,
            rank=person.rank,
        )
        for person in found
    ]
    return Group("people", "People", hits, more)


def _sources(search):
    first_citing = (
        statements_visible_to(search.user)
        .filter(attestations__source=OuterRef("pk"))
        .order_by("said_on", "id")
        .values("pk")[:1]
    )
    sources = Source.objects.visible_to(search.user)
    fields = ("title", "publisher")
    found = (
        search.select(sources, lambda unit: Q(pk__in=search.ids(sources, unit, fields)))
        .annotate(rank=search.rank(*fields), first_statement=Subquery(first_citing))
        .order_by("-rank", F("published_on").desc(nulls_last=True), "title", "id")
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
