"""Computes the comparison grid (topics x parties) from filters, as plain data every view renders.

The page, its partials and all four exports render the one `Comparison` this module returns, so
they cannot disagree. The number of queries is fixed: it does not grow with the data.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone

from negotiations import dataversion
from negotiations.comparison.filters import FilterError, Filters
from negotiations.dates import display_date
from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    ProposalVersion,
    PublishStatus,
    Statement,
    StatementMode,
    Topic,
)
from negotiations.visibility import sees_drafts
from parties.models import Party

# The rule, as the page states it in one sentence.
COLLISION_RULE = (
    "Two parties' terms collide when one demands something (a demand or precondition) that the "
    "other rejects or holds as a red line, and overlap when one's demand, precondition or offer "
    "meets the other's offer or acceptance: in both cases on the same topic, with overlapping "
    "regions (a term naming no region covers them all) and the same proposal version where both "
    "name one."
)
ASKING = {ConditionKind.DEMAND, ConditionKind.PRECONDITION}
REFUSING = {ConditionKind.REJECTION, ConditionKind.RED_LINE}
PROPOSING = {ConditionKind.DEMAND, ConditionKind.PRECONDITION, ConditionKind.OFFER}
AGREEING = {ConditionKind.OFFER, ConditionKind.ACCEPTANCE}

# A cached comparison is only ever read under the data version it was made at; the timeout
# just frees memory.
CACHE_SECONDS = 60 * 60


# -- the result ------------------------------------------------------------------------------------
@dataclass
class SourceRef:
    id: int
    publisher: str
    title: str
    url: str
    wording: str


@dataclass
class StatementInfo:
    id: int
    attributed_to: str
    speaker_slug: str
    party_name: str
    said_on: datetime.date
    said_display: str
    mode: str
    mode_label: str
    is_quote: bool
    occasion: str
    place: str
    summary: str
    wording: str
    sources: list[SourceRef]
    publishers: frozenset[str]

    @property
    def source_count(self):
        return len(self.publishers)


@dataclass
class Term:
    id: int
    kind: str
    kind_label: str
    summary: str
    valid_from: datetime.date
    valid_from_display: str
    valid_until: datetime.date | None
    regions: list[str]
    region_ids: frozenset[int]
    proposal_version: str
    proposal_version_id: int | None
    addressed_to: str
    statement_ids: list[int]


@dataclass
class PartyColumn:
    id: int
    slug: str
    name: str
    label: str


@dataclass
class TopicRow:
    id: int
    slug: str
    name: str
    depth: int


@dataclass
class Cell:
    """One party's terms on one topic, with what backs them.

    The counts, the latest date and the strongest statement are always filled; `statements`
    (every statement behind the cell) only when the comparison was computed with detail.
    """

    topic: TopicRow
    party: PartyColumn
    terms: list[Term]
    statements: list[StatementInfo] = field(default_factory=list)
    statement_count: int = 0
    source_count: int = 0
    latest: datetime.date | None = None
    strongest: StatementInfo | None = None

    @classmethod
    def of(cls, topic, party, terms, behind, infos, detail):
        """`behind` holds (id, is_quote, said_on, publishers) for every statement behind the
        terms; `infos` the full statements needed. Direct quotes rank before reported speech,
        then the best attested, then the latest."""
        publishers = set().union(*(item[3] for item in behind)) if behind else set()
        strongest = max(
            behind, key=lambda item: (item[1], len(item[3]), item[2], -item[0]), default=None
        )
        statements = []
        if detail:
            statements = sorted(
                (infos[item[0]] for item in behind), key=lambda s: (s.said_on, s.id), reverse=True
            )
        return cls(
            topic=topic,
            party=party,
            terms=terms,
            statements=statements,
            statement_count=len(behind),
            source_count=len(publishers),
            latest=max((item[2] for item in behind), default=None),
            strongest=infos[strongest[0]] if strongest else None,
        )

    @property
    def is_empty(self):
        return not self.terms

    @property
    def kinds(self):
        return list(dict.fromkeys(term.kind_label for term in self.terms))


@dataclass
class Row:
    topic: TopicRow
    cells: list[Cell]
    collisions: list[str] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)

    @property
    def status(self):
        if self.collisions:
            return "collision"
        if self.overlaps:
            return "overlap"
        return ""


@dataclass
class VersionChoice:
    key: str
    label: str
    proposal_slug: str
    proposal_title: str
    party_name: str

    @classmethod
    def of(cls, version):
        """The choice for a version whose proposal (and its party) are already loaded."""
        return cls(
            key=version_key(version),
            label=f"{version.proposal.title}: {version.label}",
            proposal_slug=version.proposal.slug,
            proposal_title=version.proposal.title,
            party_name=version.proposal.party.name,
        )


@dataclass
class Comparison:
    filters: Filters
    as_of: datetime.date
    parties: list[PartyColumn]
    rows: list[Row]
    all_parties: list[PartyColumn] = field(default_factory=list)
    all_topics: list[TopicRow] = field(default_factory=list)
    all_versions: list[VersionChoice] = field(default_factory=list)
    rule: str = COLLISION_RULE

    def cell(self, topic_slug, party_slug):
        for row in self.rows:
            if row.topic.slug == topic_slug:
                for cell in row.cells:
                    if cell.party.slug == party_slug:
                        return cell
        return None

    @property
    def statements(self):
        """Every statement behind a cell, once, newest first (the XLSX second sheet)."""
        seen = {}
        for row in self.rows:
            for cell in row.cells:
                for statement in cell.statements:
                    seen.setdefault(statement.id, (row.topic, cell.party, statement))
        return sorted(seen.values(), key=lambda item: (item[2].said_on, item[2].id), reverse=True)


# -- computing it ----------------------------------------------------------------------------------
def _topic_rows(topics, wanted_slugs):
    """Topics in tree order with their depth; a chosen topic brings its sub-topics along."""
    children = defaultdict(list)
    for topic in topics:
        children[topic.parent_id].append(topic)
    ordered = []

    def walk(parent_id, depth, included):
        for topic in children.get(parent_id, []):
            chosen = included or not wanted_slugs or topic.slug in wanted_slugs
            if chosen:
                ordered.append(TopicRow(topic.id, topic.slug, topic.name, depth))
            # Depth counts only the ancestors shown, so a sub-topic chosen alone is not indented.
            walk(topic.id, depth + 1 if chosen else depth, chosen and bool(wanted_slugs))

    walk(None, 0, False)
    return ordered


def _resolve(filters, parties, topics):
    known_parties = {party.slug for party in parties}
    unknown = [slug for slug in filters.parties if slug not in known_parties]
    if unknown:
        raise FilterError(f"Unknown party: {', '.join(unknown)}.")
    known_topics = {topic.slug for topic in topics}
    unknown = [slug for slug in filters.topics if slug not in known_topics]
    if unknown:
        raise FilterError(f"Unknown topic: {', '.join(unknown)}.")


def version_key(version):
    return f"{version.proposal.slug}:{version.number}"


def _version(filters, versions):
    if not filters.version:
        return None
    slug, _, number = filters.version.partition(":")
    if not (number.isascii() and number.isdigit()):
        raise FilterError("Choose a proposal version from the list.")
    for version in versions:
        if version.proposal.slug == slug and version.number == int(number):
            return version
    raise FilterError(f"Unknown proposal version: {filters.version}.")


def _regions_overlap(a, b):
    return not a.region_ids or not b.region_ids or bool(a.region_ids & b.region_ids)


def _versions_match(a, b):
    return (
        a.proposal_version_id is None
        or b.proposal_version_id is None
        or a.proposal_version_id == b.proposal_version_id
    )


def _mark(row):
    """Record on the row which parties' terms collide and which overlap."""
    terms = [(cell.party, term) for cell in row.cells for term in cell.terms]
    for index, (party_a, a) in enumerate(terms):
        for party_b, b in terms[index + 1 :]:
            if party_a.id == party_b.id or not _regions_overlap(a, b):
                continue
            if not _versions_match(a, b):
                continue
            for (pa, x), (pb, y) in (((party_a, a), (party_b, b)), ((party_b, b), (party_a, a))):
                if x.kind in ASKING and y.kind in REFUSING:
                    row.collisions.append(
                        f"{pa.label}'s {x.kind_label} collides with {pb.label}'s {y.kind_label}."
                    )
                elif x.kind in PROPOSING and y.kind in AGREEING:
                    row.overlaps.append(
                        f"{pa.label}'s {x.kind_label} meets {pb.label}'s {y.kind_label}."
                    )
    row.collisions = list(dict.fromkeys(row.collisions))
    row.overlaps = list(dict.fromkeys(row.overlaps))


def cached_comparison(filters, *, user=None, version=None, detail=False):
    """The comparison, from the cache when nothing was written since it was computed.

    Editors, who see drafts, always get it fresh; everybody else shares one cached copy per
    filters, day and data version.
    """
    if detail or sees_drafts(user):
        return compute_comparison(filters, user=user, detail=detail)
    as_of = filters.as_of or timezone.localdate()
    digest = hashlib.sha256(filters.query_string().encode()).hexdigest()
    version = dataversion.current() if version is None else version
    key = f"comparison:{version}:{as_of.isoformat()}:{digest}"
    comparison = cache.get(key)
    if comparison is None:
        comparison = compute_comparison(filters, user=None, today=as_of)
        cache.set(key, comparison, timeout=CACHE_SECONDS)
    return comparison


def compute_comparison(filters, *, user=None, today=None, detail=False):
    """The comparison for `filters`, as `user` may see it (drafts only for editors).

    With `detail`, each cell also lists every statement behind it (for the opened cell and the
    exports); without, only its counts and strongest statement (for the table).

    Seven queries, whatever the size of the data: parties, topics, proposal versions, terms,
    their regions, the statements behind them, and those statements' reports.
    """
    as_of = filters.as_of or today or timezone.localdate()
    all_parties = list(Party.objects.visible_to(user))
    all_topics = list(Topic.objects.all())
    _resolve(filters, all_parties, all_topics)
    all_versions = list(
        ProposalVersion.objects.select_related("proposal__party").order_by(
            "proposal__title", "number"
        )
    )
    version = _version(filters, all_versions)

    parties = [
        PartyColumn(p.id, p.slug, p.name, p.label)
        for p in all_parties
        if not filters.parties or p.slug in filters.parties
    ]
    topic_rows = _topic_rows(all_topics, set(filters.topics))
    party_ids = [p.id for p in parties]
    topic_ids = [t.id for t in topic_rows]

    conditions = (
        Condition.objects.visible_to(user)
        .as_of(as_of)
        .filter(party_id__in=party_ids, topic_id__in=topic_ids)
        .select_related("addressed_to", "proposal_version__proposal")
        .prefetch_related("regions")
        .order_by("-valid_from", "id")
    )
    if filters.kinds:
        conditions = conditions.filter(kind__in=filters.kinds)
    if version is not None:
        # Terms about another version are hidden; terms about no version in particular stay.
        conditions = conditions.filter(
            Q(proposal_version__isnull=True) | Q(proposal_version=version)
        )
    conditions_qs = conditions
    behind, links = _statements_behind(conditions, user, as_of)
    conditions = list(conditions)

    terms_by_cell = defaultdict(list)
    for condition in conditions:
        regions = sorted(condition.regions.all(), key=lambda region: region.name)
        pv = condition.proposal_version
        terms_by_cell[(condition.topic_id, condition.party_id)].append(
            Term(
                id=condition.id,
                kind=condition.kind,
                kind_label=condition.get_kind_display(),
                summary=condition.summary,
                valid_from=condition.valid_from,
                valid_from_display=condition.valid_from_display,
                valid_until=condition.valid_until,
                regions=[region.name for region in regions],
                region_ids=frozenset(region.id for region in regions),
                proposal_version=f"{pv.proposal.title}, {pv.label}" if pv else "",
                proposal_version_id=pv.id if pv else None,
                addressed_to=condition.addressed_to.name if condition.addressed_to else "",
                statement_ids=sorted(links.get(condition.id, ())),
            )
        )

    grid = {}
    for topic in topic_rows:
        for party in parties:
            terms = terms_by_cell.get((topic.id, party.id), [])
            ids = dict.fromkeys(i for term in terms for i in term.statement_ids)
            grid[(topic.id, party.id)] = (terms, [behind[i] for i in ids])
    if detail:
        wanted = set(behind)
    else:
        wanted = {
            max(items, key=lambda item: (item[1], len(item[3]), item[2], -item[0]))[0]
            for _, items in grid.values()
            if items
        }
    infos = _statement_infos(behind, wanted, user, conditions_qs if detail else None)

    rows = []
    for topic in topic_rows:
        cells = []
        for party in parties:
            terms, items = grid[(topic.id, party.id)]
            cells.append(Cell.of(topic, party, terms, items, infos, detail))
        row = Row(topic, cells)
        _mark(row)
        rows.append(row)
    return Comparison(
        filters=filters,
        as_of=as_of,
        parties=parties,
        rows=rows,
        all_parties=[PartyColumn(p.id, p.slug, p.name, p.label) for p in all_parties],
        all_topics=[TopicRow(t.id, t.slug, t.name, 0) for t in all_topics],
        all_versions=[VersionChoice.of(v) for v in all_versions],
    )


STATEMENT_FIELDS = (
    "said_on_precision",
    "party__name",
    "speaker__name",
    "speaker__slug",
    "occasion",
    "place",
    "summary",
)


def _statements_behind(conditions, user, as_of):
    """Which visible statements (said by `as_of`) each term rests on, and for each statement
    (id, is_quote, said_on, publishers, fields): plain tuples, since a large table has many.

    One query: the terms go in as a subquery, the statements' reports come back joined.
    """
    statuses = set(PublishStatus.values if sees_drafts(user) else [PublishStatus.PUBLISHED])
    rows = (
        Statement.objects.visible_to(user)
        .as_of(as_of)
        .filter(conditions__in=conditions.values("id"))
        .annotate(condition_id=F("conditions__id"))
        .order_by()
        .values_list(
            "id",
            "condition_id",
            "mode",
            "said_on",
            "attestations__source__publisher",
            "attestations__source__status",
            *STATEMENT_FIELDS,
        )
    )
    links = defaultdict(set)
    behind = {}
    for statement_id, condition_id, mode, said_on, publisher, status, *fields in rows:
        links[condition_id].add(statement_id)
        item = behind.get(statement_id)
        if item is None:
            is_quote = mode == StatementMode.QUOTE
            item = behind[statement_id] = (statement_id, is_quote, said_on, set(), mode, fields)
        if publisher is not None and status in statuses:
            item[3].add(publisher.strip().casefold())
    return behind, links


def _statement_infos(behind, ids, user, conditions=None):
    """Full statements for `ids` with their visible reports: one query for the reports, picked
    through `conditions` (a subquery) when given, else by the ids themselves."""
    if not ids:
        return {}
    attestations = (
        Attestation.objects.visible_to(user)
        .select_related("source")
        # A source's full text can be long; the cells need only who published it.
        .only("id", "statement_id", "wording", "source__publisher", "source__title", "source__url")
        .order_by("id")
    )
    if conditions is not None:
        attestations = attestations.filter(
            statement__in=Statement.objects.filter(conditions__in=conditions.values("id")).values(
                "id"
            )
        )
    else:
        attestations = attestations.filter(statement_id__in=ids)
    reports = defaultdict(list)
    for attestation in attestations:
        reports[attestation.statement_id].append(attestation)
    return {sid: _info(behind[sid], reports[sid]) for sid in ids}


def _info(item, reports):
    statement_id, is_quote, said_on, publishers, mode, fields = item
    precision, party_name, speaker_name, speaker_slug, occasion, place, summary = fields
    return StatementInfo(
        id=statement_id,
        attributed_to=speaker_name or party_name,
        speaker_slug=speaker_slug or "",
        party_name=party_name,
        said_on=said_on,
        said_display=display_date(said_on, precision),
        mode=mode,
        mode_label=StatementMode(mode).label,
        is_quote=is_quote,
        occasion=occasion,
        place=place,
        summary=summary,
        wording=reports[0].wording if reports else summary,
        sources=[
            SourceRef(a.source_id, a.source.publisher, a.source.title, a.source.url, a.wording)
            for a in reports
        ],
        publishers=frozenset(publishers),
    )
