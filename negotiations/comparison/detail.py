"""An opened cell: every term one party holds on one topic (and the topics under it), each with
the quote that backs it and how many independent sources report it, then every statement behind
them, a page at a time, each with its sources."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, When
from django.utils import timezone

from negotiations.comparison import rules
from negotiations.comparison.terms import KIND_ORDER, load_terms, refusals_on
from negotiations.models import Attestation, Condition, PublishStatus, StatementMode
from negotiations.visibility import statements_visible_to

STATEMENTS_PER_PAGE = 10
TERMS_PER_PAGE = 20
# Terms another party holds that one term collides or overlaps with, named under it.
MATCHES_PER_TERM = 3


@dataclass(frozen=True)
class SourceRef:
    publisher: str
    title: str
    url: str
    wording: str
    is_draft: bool


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
    occasion: str
    place: str
    summary: str
    wording: str
    is_draft: bool  # a reader does not see it: a draft, or no published source reports it
    sources: list[SourceRef]
    is_published: bool = True  # its own status; `is_draft` also covers its sources
    wording_is_draft: bool = False  # the wording shown is a draft source's

    @property
    def is_quote(self):
        return self.mode == StatementMode.QUOTE

    @property
    def source_count(self):
        """Independent sources: distinct publishers."""
        return len({source.publisher.strip().casefold() for source in self.sources})

    @property
    def is_unreported(self):
        """Published, but no published source reports it yet (so readers do not see it)."""
        return self.is_draft and self.is_published

    @classmethod
    def of(cls, statement):
        """From a Statement marked `is_public` (`visibility.statements_visible_to`), with its
        speaker, party and visible attestations loaded, published sources first."""
        reports = list(statement.attestations.all())
        return cls(
            id=statement.id,
            attributed_to=statement.attributed_to,
            speaker_slug=statement.speaker.slug if statement.speaker_id else "",
            party_name=statement.party.name,
            said_on=statement.said_on,
            said_display=statement.said_display,
            mode=statement.mode,
            mode_label=statement.get_mode_display(),
            occasion=statement.occasion,
            place=statement.place,
            summary=statement.summary,
            wording=reports[0].wording if reports else statement.summary,
            is_draft=not statement.is_public,
            is_published=statement.is_published,
            wording_is_draft=bool(reports) and not reports[0].source.is_published,
            sources=[
                SourceRef(
                    a.source.publisher,
                    a.source.title,
                    a.source.url,
                    a.wording,
                    not a.source.is_published,
                )
                for a in reports
            ],
        )


@dataclass
class TermDetail:
    term: object  # terms.Term
    topic_name: str  # the sub-topic it is on, when the cell is a parent topic's
    statement_count: int = 0
    source_count: int = 0
    backing_id: int | None = None
    backing: StatementInfo | None = None
    # (rules.COLLISION or OVERLAP, the other party's label, its Term, the conditions it rests on)
    matches: list = field(default_factory=list)
    # What stands in the way of the term's conditions: (party label, kind label, summary).
    obstacles: list = field(default_factory=list)


@dataclass
class CellDetail:
    topic: object  # TopicNode
    party: object  # PartyColumn
    as_of: datetime.date
    since: datetime.date | None
    terms: object  # a Paginator page of the standing terms' TermDetails
    ended: list[TermDetail]
    statements: object  # a Paginator page of StatementInfo
    statement_count: int
    source_count: int
    kinds: tuple[str, ...] = ()
    absent: list[str] = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.terms.paginator.count and not self.ended

    @property
    def term_count(self):
        return self.terms.paginator.count + len(self.ended)


def compute_detail(filters, viewer, catalogue, topic, party, page=1, terms_page=1, columns=()):
    """The opened cell of `party` on `topic` (and its sub-topics), a page of terms and a page of
    statements at a time, each term with what it collides or overlaps with among the other
    `columns` (parties): a fixed number of queries."""
    day = filters.as_of or timezone.localdate()
    subtree = catalogue.subtree(topic.id)
    party_ids = list(dict.fromkeys([party.id, *(column.id for column in columns)]))
    loaded = [
        term
        for term in load_terms(filters, viewer, catalogue, party_ids=party_ids, topic_ids=subtree)
        if not filters.kinds or term.kind in filters.kinds
    ]
    own = sorted(
        (term for term in loaded if term.party_id == party.id),
        key=lambda t: (-t.valid_from.toordinal(), KIND_ORDER[t.kind], t.id),
    )
    behind = _statements_behind([term.id for term in own], viewer, day)
    names = {t: catalogue.topics[t].name for t in subtree}
    standing = Paginator(
        [_term_detail(term, behind, names, topic.id) for term in own if term.stands],
        TERMS_PER_PAGE,
    ).get_page(terms_page)
    ended = [_term_detail(term, behind, names, topic.id) for term in own if not term.stands]
    shown_details = [*standing.object_list, *ended]
    _name_matches(shown_details, loaded, catalogue)
    _name_obstacles(shown_details, viewer, filters, catalogue)
    ids = sorted(
        {sid for sids in behind.links.values() for sid in sids},
        key=lambda sid: (behind.said_on[sid], sid),
        reverse=True,
    )
    statements = Paginator(ids, STATEMENTS_PER_PAGE).get_page(page)
    shown = [*standing.object_list, *ended[:TERMS_PER_PAGE]]
    infos = _infos(
        {d.backing_id for d in shown if d.backing_id} | set(statements.object_list), viewer
    )
    for detail in shown:
        detail.backing = infos.get(detail.backing_id)
    statements.object_list = [infos[sid] for sid in statements.object_list if sid in infos]
    return CellDetail(
        topic=topic,
        party=party,
        as_of=day,
        since=filters.since,
        terms=standing,
        ended=ended[:TERMS_PER_PAGE],
        statements=statements,
        statement_count=len(ids),
        source_count=len(set().union(*behind.publishers.values())) if ids else 0,
        kinds=filters.kinds,
        absent=[] if own or not filters.kinds else list(filters.kinds),
    )


def _name_matches(details, loaded, catalogue):
    """Under each term, a few terms of other parties it collides or overlaps with."""
    labels = {party.id: party.label for party in catalogue.parties}
    others = defaultdict(list)
    for term in loaded:
        if term.stands:
            others[term.topic_id].append(term)
    for detail in details:
        term = detail.term
        detail.matches = [
            (
                kind,
                labels.get(other.party_id, ""),
                other,
                [c.summary for c in (*term.conditions, *other.conditions)]
                if kind == rules.OVERLAP
                else [],
            )
            for kind, other in rules.matches(term, others[term.topic_id], MATCHES_PER_TERM)
        ]


def _name_obstacles(details, viewer, filters, catalogue):
    """Under each conditional term, the refusals its conditions collide with."""
    conditions = {c.id: c for d in details for c in d.term.conditions if c.kind in rules.ASKING}
    refusals = refusals_on({c.topic_id for c in conditions.values()}, viewer, filters)
    labels = {party.id: party.label for party in catalogue.parties}
    for detail in details:
        detail.obstacles = [
            (labels.get(party_id, "another party"), rules.KIND_LABELS[kind], summary)
            for condition in detail.term.conditions
            if condition.id in conditions
            for party_id, kind, summary in refusals.get(condition.topic_id, ())
            if party_id != condition.party_id
        ]


@dataclass
class _Behind:
    links: dict  # term id -> statement ids
    said_on: dict  # statement id -> date
    quote: dict  # statement id -> is a direct quote
    publishers: dict  # statement id -> set of publishers (normalised)


def _statements_behind(term_ids, viewer, day):
    """Which visible statements (said by `day`) each term rests on, and who reports each."""
    visible = statements_visible_to(viewer).as_of(day).values("pk")
    links = defaultdict(set)
    said_on, quote = {}, {}
    rows = Condition.statements.through.objects.filter(
        condition_id__in=term_ids, statement__in=visible
    ).values_list("condition_id", "statement_id", "statement__said_on", "statement__mode")
    for term_id, statement_id, said, mode in rows:
        links[term_id].add(statement_id)
        said_on[statement_id] = said
        quote[statement_id] = mode == StatementMode.QUOTE
    publishers = defaultdict(set)
    reports = Attestation.objects.visible_to(viewer).filter(statement_id__in=list(said_on))
    for statement_id, publisher in reports.values_list("statement_id", "source__publisher"):
        publishers[statement_id].add(publisher.strip().casefold())
    return _Behind(links, said_on, quote, publishers)


def _term_detail(term, behind, names, topic_id):
    statement_ids = behind.links.get(term.id, set())
    # The quote that backs the term: a direct quote first, then the best reported, the latest.
    strongest = max(
        statement_ids,
        key=lambda sid: (
            behind.quote[sid],
            len(behind.publishers[sid]),
            behind.said_on[sid],
            -sid,
        ),
        default=None,
    )
    return TermDetail(
        term=term,
        topic_name="" if term.topic_id == topic_id else names[term.topic_id],
        statement_count=len(statement_ids),
        source_count=len(set().union(*(behind.publishers[sid] for sid in statement_ids)))
        if statement_ids
        else 0,
        backing_id=strongest,
    )


def _infos(ids, viewer):
    """StatementInfo for `ids`, with their visible reports: two queries."""
    if not ids:
        return {}
    reports = (
        Attestation.objects.visible_to(viewer)
        .select_related("source")
        .order_by(Case(When(source__status=PublishStatus.PUBLISHED, then=0), default=1), "id")
    )
    statements = (
        statements_visible_to(viewer)
        .filter(id__in=ids)
        .select_related("party", "speaker")
        .prefetch_related(Prefetch("attestations", queryset=reports))
    )
    return {statement.id: StatementInfo.of(statement) for statement in statements}
