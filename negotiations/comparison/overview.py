"""The overview: one row per topic shown, one cell per party column, each cell a compact summary
(the kinds of term with counts, the latest date, collisions and overlaps, what changed) of the
terms on that topic and every topic under it. Plain data, computed from plain rows."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from negotiations.comparison import rules
from negotiations.comparison.terms import (
    KIND_LABELS,
    KIND_ORDER,
    Catalogue,
    PartyColumn,
    TopicNode,
    default_party_ids,
    load_terms,
    refusals_on,
)
from negotiations.dates import display_date
from negotiations.visibility import statements_visible_to

# How many of a row's collisions and overlaps are written out (in its marks' titles).
REASONS_SHOWN = 4


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int
    drafts: int = 0  # of them, not yet published (an editor's preview only)

    @property
    def draft_label(self):
        """The kind's drafts in words: "draft" when every one is, else "1 draft"."""
        if not self.drafts:
            return ""
        if self.drafts == self.count:
            return "draft" if self.count == 1 else "all drafts"
        return f"{self.drafts} draft{'s' if self.drafts > 1 else ''}"


@dataclass
class CellSummary:
    topic: TopicNode
    party: PartyColumn
    kinds: list[KindCount] = field(default_factory=list)
    latest: datetime.date | None = None
    marks: set[str] = field(default_factory=set)  # rules.COLLISION, rules.OVERLAP
    collides_with: list[str] = field(default_factory=list)  # the other parties, by column label
    meets: list[str] = field(default_factory=list)
    # Overlaps that hold only if a condition is met, the conditions in words, and what a
    # condition collides with (the obstacle).
    conditional: list[str] = field(default_factory=list)
    obstacles: list[str] = field(default_factory=list)
    conditional_terms: int = 0  # shown terms held only if another is met
    inferred_terms: int = 0  # shown terms read from a report rather than stated
    change: str = ""  # "new", "ended" or "changed", between the "since" and "as of" days
    drafts: int = 0
    absent: list[str] = field(default_factory=list)  # chosen kinds this cell has none of
    hidden: int = 0  # terms of the kinds the filter leaves out

    @property
    def key(self):
        return f"{self.topic.slug}:{self.party.slug}"

    @property
    def count(self):
        return sum(kind.count for kind in self.kinds)

    @property
    def is_empty(self):
        return not self.kinds

    @property
    def latest_display(self):
        return display_date(self.latest) if self.latest else ""

    @property
    def collides(self):
        return rules.COLLISION in self.marks

    @property
    def overlaps(self):
        return rules.OVERLAP in self.marks


@dataclass
class RowSummary:
    topic: TopicNode
    cells: list[CellSummary]
    # The first REASONS_SHOWN collisions and overlaps in words ("Russia's demand collides with
    # Ukraine's red line."), with how many there are of each.
    collisions: list[str] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)
    collision_count: int = 0
    overlap_count: int = 0
    conditional_overlaps: int = 0  # of the overlaps, those that hold only if a condition is met
    has_children: bool = False

    @property
    def status(self):
        if self.collision_count:
            return rules.COLLISION
        if self.overlap_count:
            return rules.OVERLAP
        return ""

    @property
    def more_collisions(self):
        return self.collision_count - len(self.collisions)

    @property
    def more_overlaps(self):
        return self.overlap_count - len(self.overlaps)


@dataclass
class ShownRow:
    """A row as one view shows it: open or closed, at the top of its group or inside it."""

    summary: RowSummary
    is_open: bool
    is_root: bool

    def __getattr__(self, name):
        return getattr(self.summary, name)


@dataclass
class Overview:
    """Every topic's row, summarised once per set of filters; what is shown of it (which topics
    are open) is decided per view by `rows()`."""

    filters: object
    as_of: datetime.date
    parties: list[PartyColumn]
    summaries: dict[int, RowSummary]  # topic id -> row, for every topic that has a row
    roots: list[int]
    catalogue: Catalogue
    chosen_parties: bool  # False when the columns are the default, most active ones
    latest_statement: datetime.date | None = None
    rule: str = rules.COLLISION_RULE

    def row(self, topic_slug):
        return next((row for row in self.summaries.values() if row.topic.slug == topic_slug), None)

    def cell(self, topic_slug, party_slug):
        row = self.row(topic_slug)
        return next((c for c in row.cells if c.party.slug == party_slug), None) if row else None

    def groups(self, open_slugs=()):
        """The rows shown, by top-level row: each group is a top-level topic followed by the
        rows under it that `open_slugs` opens."""
        groups = []
        for root in self.roots:
            group = []
            self._show(group, root, set(open_slugs), is_root=True)
            groups.append(group)
        return groups

    def _show(self, group, topic_id, open_slugs, is_root=False):
        summary = self.summaries[topic_id]
        is_open = summary.topic.slug in open_slugs
        group.append(ShownRow(summary, is_open, is_root))
        if is_open:
            for child in summary.topic.children:
                if child in self.summaries:
                    self._show(group, child, open_slugs)

    @property
    def collision_count(self):
        return sum(1 for root in self.roots if self.summaries[root].collision_count)

    @property
    def overlap_count(self):
        return sum(1 for root in self.roots if self.summaries[root].overlap_count)


def columns(filters, viewer, catalogue):
    """The parties asked for, in the table's order; else the most active ones."""
    if filters.parties:
        return [party for party in catalogue.parties if party.slug in filters.parties], True
    day = filters.as_of or timezone.localdate()
    active = set(default_party_ids(viewer, day))
    chosen = [party for party in catalogue.parties if party.id in active]
    return chosen or catalogue.parties[: len(active) or 8], False


def compute_overview(filters, viewer, catalogue):
    """The overview for `filters` as `viewer` may see it: four queries (the default columns,
    the terms, their regions, the latest statement) whatever the size of the data."""
    catalogue.check(filters)
    parties, chosen = columns(filters, viewer, catalogue)
    topic_ids = catalogue.chosen_topics(filters)
    terms = load_terms(
        filters, viewer, catalogue, party_ids=[p.id for p in parties], topic_ids=topic_ids
    )
    refusals = refusals_on({c.topic_id for t in terms for c in t.conditions}, viewer, filters)
    summaries = _Rollup(filters, catalogue, parties, terms, refusals).summaries(topic_ids)
    chosen_ids = set(topic_ids)
    roots = [
        topic_id
        for topic_id in topic_ids
        if catalogue.topics[topic_id].parent_id not in chosen_ids and topic_id in summaries
    ]
    day = filters.as_of or timezone.localdate()
    # Newest first along the said_on index, stopping at the first visible one (an aggregate
    # would check the visibility of every statement ever made).
    said = statements_visible_to(viewer).as_of(day)
    if catalogue.process is not None:
        said = said.bearing_on(catalogue.process.id)
    latest = said.order_by("-said_on").values_list("said_on", flat=True).first()
    return Overview(
        filters=filters,
        as_of=day,
        parties=parties,
        summaries=summaries,
        roots=roots,
        catalogue=catalogue,
        chosen_parties=chosen,
        latest_statement=latest,
    )


@dataclass
class _Tally:
    """What one party holds on a topic and every topic under it, gathered bottom-up."""

    kinds: Counter = field(default_factory=Counter)
    draft_kinds: Counter = field(default_factory=Counter)
    latest: datetime.date | None = None
    drafts: int = 0
    hidden: int = 0
    changes: set = field(default_factory=set)
    links: set = field(default_factory=set)
    conditional: int = 0
    inferred: int = 0

    def add_term(self, term, shown, counted):
        if shown:
            self.kinds[term.kind] += 1
            self.latest = max(self.latest or term.valid_from, term.valid_from)
            self.drafts += term.is_draft
            self.draft_kinds[term.kind] += term.is_draft
            self.conditional += term.is_conditional
            self.inferred += term.is_inferred
        elif term.stands:
            self.hidden += 1
        if counted:
            self.changes.add(term.change)

    def merge(self, other):
        self.kinds.update(other.kinds)
        self.draft_kinds.update(other.draft_kinds)
        if other.latest and (self.latest is None or other.latest > self.latest):
            self.latest = other.latest
        self.drafts += other.drafts
        self.hidden += other.hidden
        self.changes |= other.changes
        self.links |= other.links
        self.conditional += other.conditional
        self.inferred += other.inferred


class _Rollup:
    """Summaries of each topic's cells over its whole subtree: each topic's own tally per party,
    merged into its parent's, so every term is read once whatever the depth of the tree."""

    def __init__(self, filters, catalogue, parties, terms, refusals=None):
        self.filters, self.catalogue, self.parties = filters, catalogue, parties
        self.labels = {party.id: party.label for party in parties}
        # A condition's obstacle may be a party not shown as a column.
        self.all_labels = {party.id: party.label for party in catalogue.parties}
        self.kinds = set(filters.kinds)
        self.tallies = defaultdict(_Tally)  # (topic id, party id) -> its own terms, for now
        by_topic = defaultdict(list)
        for term in terms:
            shown = term.stands and (not self.kinds or term.kind in self.kinds)
            counted = not self.kinds or term.kind in self.kinds
            self.tallies[(term.topic_id, term.party_id)].add_term(term, shown, counted)
            if shown:
                by_topic[term.topic_id].append(term)
        for topic_id, topic_terms in by_topic.items():
            for link in rules.links(topic_terms):
                link = rules.with_obstacles(link, refusals or {})
                for party_id in link.parties:
                    self.tallies[(topic_id, party_id)].links.add(link)

    def summaries(self, topic_ids):
        """A row for every topic, summarising its subtree; a row the kind filter empties is left
        out (and so is everything under it that is empty too)."""
        chosen = set(topic_ids)
        # Children before their parents: each merges into its parent once it is complete.
        for topic_id in reversed(topic_ids):
            parent = self.catalogue.topics[topic_id].parent_id
            if parent in chosen:
                for party in self.parties:
                    if (topic_id, party.id) in self.tallies:
                        self.tallies[(parent, party.id)].merge(self.tallies[(topic_id, party.id)])
        rows = {}
        for topic_id in topic_ids:
            topic = self.catalogue.topics[topic_id]
            cells = [self._cell(topic, party) for party in self.parties]
            if self.kinds and all(cell.is_empty for cell in cells):
                continue
            links = set().union(
                *(self.tallies[(topic_id, p.id)].links for p in self.parties
                  if (topic_id, p.id) in self.tallies)
            )  # fmt: skip
            rows[topic_id] = RowSummary(topic=topic, cells=cells, **self._marks(links))
        for row in rows.values():
            row.has_children = any(child in rows for child in row.topic.children)
        return rows

    def _marks(self, links):
        """The row's collisions and overlaps: how many of each, and the first few in words (the
        rest are counted, not written: a busy topic has hundreds)."""
        ordered = sorted(links, key=lambda link: (link.kind, link.parties, link.first_kind))
        collisions = [link for link in ordered if link.kind == rules.COLLISION]
        overlaps = [link for link in ordered if link.kind == rules.OVERLAP]
        return {
            "collisions": [link.reason(self.all_labels) for link in collisions[:REASONS_SHOWN]],
            "collision_count": len(collisions),
            "overlaps": [link.reason(self.all_labels) for link in overlaps[:REASONS_SHOWN]],
            "overlap_count": len(overlaps),
            "conditional_overlaps": sum(1 for link in overlaps if link.is_conditional),
        }

    def _others(self, party, links, kind):
        """The labels of the parties `party` collides or overlaps with, in column order."""
        others = {p for link in links if link.kind == kind for p in link.parties if p != party.id}
        return [p.label for p in self.parties if p.id in others]

    def _cell(self, topic, party):
        tally = self.tallies.get((topic.id, party.id)) or _Tally()
        links = tally.links
        cell = CellSummary(
            topic=topic,
            party=party,
            kinds=[
                KindCount(kind, KIND_LABELS[kind], count, tally.draft_kinds[kind])
                for kind, count in sorted(tally.kinds.items(), key=lambda item: KIND_ORDER[item[0]])
            ],
            latest=tally.latest,
            marks={link.kind for link in links},
            collides_with=self._others(party, links, rules.COLLISION),
            meets=self._others(party, links, rules.OVERLAP),
            conditional=sorted(
                {c.summary for link in links if link.is_conditional for c in link.conditions}
            ),
            obstacles=sorted(
                {o.label(self.all_labels) for link in links for _condition, o in link.obstacles}
            ),
            drafts=tally.drafts,
            hidden=tally.hidden,
            conditional_terms=tally.conditional,
            inferred_terms=tally.inferred,
        )
        if self.kinds and not tally.kinds:
            cell.absent = [KIND_LABELS[kind] for kind in self.filters.kinds]
        if self.filters.since:
            cell.change = _change(set(tally.changes))
        return cell


def _change(changes):
    changes.discard("")
    if not changes:
        return ""
    return changes.pop() if len(changes) == 1 else "changed"
