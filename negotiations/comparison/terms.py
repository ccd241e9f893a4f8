"""What the comparison is computed from: the catalogue of parties, topics and proposal versions,
and the terms standing on a day, as plain rows (a large negotiation has thousands of terms)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from negotiations import models
from negotiations.comparison.filters import FilterError
from negotiations.comparison.rules import KIND_LABELS, REFUSING
from negotiations.dates import display_date
from negotiations.models import (
    ConditionKind,
    Participation,
    PeaceProcess,
    Proposal,
    ProposalVersion,
    PublishStatus,
    Region,
    Topic,
)
from negotiations.visibility import sees_drafts, viewer_in
from parties.models import Party

# Without a choice of parties, the columns are the most active ones, at most this many.
DEFAULT_COLUMNS = 8
KIND_ORDER = {kind: index for index, kind in enumerate(ConditionKind.values)}


@dataclass(frozen=True)
class PartyColumn:
    id: int
    slug: str
    name: str
    label: str


@dataclass(frozen=True)
class TopicNode:
    id: int
    slug: str
    name: str
    parent_id: int | None
    depth: int
    children: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProcessChoice:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class VersionChoice:
    id: int
    key: str  # "<proposal slug>:<number>", as the filter writes it
    label: str  # "US peace plan: Revised draft"
    version_label: str  # "Revised draft"
    proposal_slug: str
    proposal_title: str
    party_name: str

    @classmethod
    def of(cls, version):
        """The choice for a version whose proposal (and its party) are already loaded."""
        return cls(
            id=version.id,
            key=version_key(version),
            label=f"{version.proposal.title}: {version.label}",
            version_label=version.label,
            proposal_slug=version.proposal.slug,
            proposal_title=version.proposal.title,
            party_name=version.proposal.party.name,
        )

    @classmethod
    def all(cls, process_id=None):
        """Every proposal version (of the process's proposals), by proposal title and number
        (one query)."""
        versions = ProposalVersion.objects.select_related("proposal__party").order_by(
            "proposal__title", "number", "id"
        )
        if process_id is not None:
            versions = versions.filter(proposal__process_id=process_id)
        return [cls.of(version) for version in versions]


def version_key(version):
    return f"{version.proposal.slug}:{version.number}"


def every_process():
    """Every peace process, in the switcher's order (one query)."""
    return [ProcessChoice(*row) for row in PeaceProcess.objects.values_list("id", "slug", "name")]


def choose_process(processes, slug):
    """The process a view names by `slug`, the first one when the address names none; None for
    an unknown slug."""
    if not slug:
        return processes[0] if processes else None
    return next((process for process in processes if process.slug == slug), None)


def process_viewer(user, slug):
    """The viewer of the pages of the process `slug` names (`visibility.viewer_in`): the process
    is looked up only for an editor limited to some processes."""

    def process_id():
        chosen = choose_process(every_process(), slug)
        return chosen.id if chosen is not None else None

    return viewer_in(user, process_id)


@dataclass
class Catalogue:
    """Everything a filter can name, as a viewer may see it: loaded in four small queries."""

    parties: list[PartyColumn]
    topics: dict[int, TopicNode]  # in tree order
    versions: list[VersionChoice]
    regions: dict[int, str]
    # The peace process the view is of (the first one when the address names none), and every
    # process, for the switcher. `asked` is the slug the address named.
    process: ProcessChoice | None = None
    processes: list[ProcessChoice] = field(default_factory=list)
    asked: str = ""

    @classmethod
    def load(cls, viewer, process=""):
        """What the process `process` (a slug; the first process when empty) holds."""
        processes = every_process()
        chosen = choose_process(processes, process)
        parties = Party.objects.visible_to(viewer)
        topics = Topic.objects.all()
        if chosen is not None or process:
            # A party is a column of the process it takes part in, or has terms or a proposal in.
            pid = chosen.id if chosen is not None else None
            parties = parties.filter(
                Exists(Participation.objects.filter(party=OuterRef("pk"), process_id=pid))
                | Exists(
                    models.Condition.objects.filter(party=OuterRef("pk"), topic__process_id=pid)
                )
                | Exists(Proposal.objects.filter(party=OuterRef("pk"), process_id=pid))
            )
            topics = topics.filter(process_id=pid)
        rows = topics.values_list("id", "slug", "name", "parent_id", "sort_order")
        return cls(
            parties=[PartyColumn(p.id, p.slug, p.name, p.label) for p in parties],
            topics=_tree(list(rows)),
            versions=VersionChoice.all(chosen.id if chosen is not None else None),
            regions=dict(Region.objects.values_list("id", "name")),
            process=chosen,
            processes=processes,
            asked=process,
        )

    @property
    def roots(self):
        return [topic for topic in self.topics.values() if topic.parent_id is None]

    def topic(self, slug):
        return next((topic for topic in self.topics.values() if topic.slug == slug), None)

    def party(self, slug):
        return next((party for party in self.parties if party.slug == slug), None)

    def subtree(self, topic_id):
        """The topic and every topic under it, in tree order."""
        found, stack = [], [topic_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self.topics[current].children))
        return found

    def check(self, filters):
        """Raise FilterError for a party, topic or version that does not exist (or is hidden)."""
        if self.asked and self.process is None:
            raise FilterError(f"Unknown peace process: {self.asked}.")
        known = {party.slug for party in self.parties}
        unknown = [slug for slug in filters.parties if slug not in known]
        if unknown:
            raise FilterError(f"Unknown party: {', '.join(unknown)}.")
        known = {topic.slug for topic in self.topics.values()}
        unknown = [slug for slug in (*filters.topics, *filters.open) if slug not in known]
        if unknown:
            raise FilterError(f"Unknown topic: {', '.join(unknown)}.")
        if filters.version and self.version(filters.version) is None:
            raise FilterError(f"Unknown proposal version: {filters.version}.")
        topic, party = filters.cell_slugs
        if topic is not None and (topic not in known or self.party(party) is None):
            raise FilterError(f"Unknown cell: {filters.cell}.")

    def version(self, key):
        return next((version for version in self.versions if version.key == key), None)

    def chosen_topics(self, filters):
        """The topics asked for, each with its sub-topics; all of them when none is chosen."""
        if not filters.topics:
            return list(self.topics)
        chosen = dict.fromkeys(
            topic_id
            for topic in self.topics.values()
            if topic.slug in filters.topics
            for topic_id in self.subtree(topic.id)
        )
        return list(chosen)


def _tree(rows):
    """TopicNodes in tree order (the model's: sort order, then name, then id), each knowing its
    depth and its children."""
    rows = sorted(rows, key=lambda row: (row[4], row[2], row[0]))
    children = defaultdict(list)
    for topic_id, _slug, _name, parent_id, _order in rows:
        children[parent_id].append(topic_id)
    by_id = {row[0]: row for row in rows}
    nodes = {}

    def walk(parent_id, depth):
        for topic_id in children.get(parent_id, []):
            _, slug, name, parent, _order = by_id[topic_id]
            nodes[topic_id] = TopicNode(
                topic_id, slug, name, parent, depth, tuple(children.get(topic_id, []))
            )
            walk(topic_id, depth + 1)

    walk(None, 0)
    return nodes


@dataclass
class Term:
    """A term as the comparison needs it: plain values, no model instance."""

    id: int
    topic_id: int
    party_id: int
    kind: str
    summary: str
    status: str
    valid_from: datetime.date
    valid_from_precision: str
    valid_until: datetime.date | None
    proposal_version_id: int | None
    addressed_to: str
    hedging: str = ""
    is_inferred: bool = False
    inferred_from: str = ""  # the report's sentence it was read from
    regions_are_examples: bool = False
    source_status: str | None = None  # of the source an inferred term is read from
    region_ids: frozenset[int] = frozenset()
    # With "changes since": whether it stood on each of the two days.
    stood_since: bool = False
    stands: bool = True
    regions: list[str] = field(default_factory=list)
    proposal_version: str = ""
    # The terms this one holds only if they are met ("accepts X only if Y").
    conditions: list["Condition"] = field(default_factory=list)

    @property
    def is_conditional(self):
        return bool(self.conditions)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def is_draft(self):
        return self.status != PublishStatus.PUBLISHED

    @property
    def inferred_from_draft(self):
        """True when the report an inferred term is read from is still a draft: an editor's
        preview says so, and a reader is not shown its sentence."""
        return self.is_inferred and self.source_status not in (None, PublishStatus.PUBLISHED)

    @property
    def valid_from_display(self):
        return display_date(self.valid_from, self.valid_from_precision)

    @property
    def change(self):
        """'new' or 'ended' between the two days of a "changes since" view; '' otherwise."""
        if self.stands and not self.stood_since:
            return "new"
        if self.stood_since and not self.stands:
            return "ended"
        return ""


TERM_FIELDS = (
    "id",
    "topic_id",
    "party_id",
    "kind",
    "summary",
    "status",
    "valid_from",
    "valid_from_precision",
    "valid_until",
    "proposal_version_id",
    "addressed_to__name",
    "hedging",
    "is_inferred",
    "source_excerpt",
    "regions_are_examples",
    "source__status",
)


@dataclass(frozen=True)
class Condition:
    """A term another depends on, as the rule names it: "if: Ukraine withdraws its troops ..."."""

    id: int
    topic_id: int
    party_id: int
    kind: str
    summary: str

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


def _standing(day):
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def terms_queryset(filters, viewer, *, party_ids, topic_ids, version=None):
    """The visible terms of these parties on these topics that stood on the "as of" day, or (with
    "changes since") on either day. The kind filter is applied by the caller, which also says
    what the filter leaves out."""
    day = filters.as_of or timezone.localdate()
    standing = _standing(day)
    if filters.since:
        standing |= _standing(filters.since)
    terms = (
        models.Condition.objects.visible_to(viewer)
        .filter(standing, party_id__in=party_ids, topic_id__in=topic_ids)
        .order_by("-valid_from", "id")
    )
    if version is not None:
        # Terms about another version are left out; terms about no version in particular stay.
        terms = terms.filter(Q(proposal_version__isnull=True) | Q(proposal_version_id=version.id))
    return terms


def view_terms(filters, viewer, catalogue, *, party_ids, topic_ids):
    """`terms_queryset` for the view `filters` describe, its proposal version read from the
    catalogue."""
    version = catalogue.version(filters.version) if filters.version else None
    return terms_queryset(
        filters, viewer, party_ids=party_ids, topic_ids=topic_ids, version=version
    )


def load_terms(filters, viewer, catalogue, *, party_ids, topic_ids):
    """Terms (see `terms_queryset`) as plain rows with their region names: two queries."""
    day = filters.as_of or timezone.localdate()
    queryset = view_terms(filters, viewer, catalogue, party_ids=party_ids, topic_ids=topic_ids)
    terms = [Term(*row) for row in queryset.values_list(*TERM_FIELDS)]
    regions = defaultdict(set)
    links = models.Condition.regions.through.objects.filter(condition__in=queryset.values("id"))
    for condition_id, region_id in links.values_list("condition_id", "region_id"):
        regions[condition_id].add(region_id)
    conditions = _conditions(queryset)
    versions = {version.id: version for version in catalogue.versions}
    drafts = sees_drafts(viewer)
    named = {}  # region ids -> their names, sorted once per set of regions
    for term in terms:
        shown = term.is_inferred and (drafts or not term.inferred_from_draft)
        term.inferred_from = term.inferred_from if shown else ""
        term.conditions = conditions.get(term.id, [])
        term.addressed_to = term.addressed_to or ""
        if term.proposal_version_id:
            chosen = versions[term.proposal_version_id]
            term.proposal_version = f"{chosen.proposal_title}, {chosen.version_label}"
        term.region_ids = frozenset(regions.get(term.id, ()))
        if term.region_ids:
            names = named.get(term.region_ids)
            if names is None:
                names = named[term.region_ids] = sorted(
                    catalogue.regions[i] for i in term.region_ids
                )
            term.regions = list(names)
        term.stands = _stood(term, day)
        term.stood_since = _stood(term, filters.since) if filters.since else term.stands
    return terms


def _conditions(queryset):
    """term id -> the terms it depends on (one query, whatever their topic or party)."""
    found = defaultdict(list)
    links = models.Condition.depends_on.through.objects.filter(
        from_condition__in=queryset.values("id")
    ).values_list(
        "from_condition_id",
        "to_condition_id",
        "to_condition__topic_id",
        "to_condition__party_id",
        "to_condition__kind",
        "to_condition__summary",
    )
    for term_id, *condition in links:
        found[term_id].append(Condition(*condition))
    return found


def _stood(term, day):
    return term.valid_from <= day and (term.valid_until is None or term.valid_until >= day)


def default_party_ids(viewer, day, limit=DEFAULT_COLUMNS):
    """The parties with the most terms standing on `day`, most first (ties by the table's order)."""
    counts = (
        models.Condition.objects.visible_to(viewer)
        .filter(_standing(day))
        .values("party_id")
        .annotate(terms=Count("id"))
        .order_by("-terms", "party__sort_order", "party__name", "party_id")[:limit]
    )
    return [row["party_id"] for row in counts]


def refusals_on(topic_ids, viewer, filters):
    """topic id -> (party id, kind, summary) of the refusals standing on it: the obstacles a
    condition on that topic may meet, whichever parties the view shows."""
    day = filters.as_of or timezone.localdate()
    found = defaultdict(list)
    rows = (
        models.Condition.objects.visible_to(viewer)
        .as_of(day)
        .filter(topic_id__in=topic_ids, kind__in=REFUSING)
        .order_by("party__sort_order", "party__name", "id")
        .values_list("topic_id", "party_id", "kind", "summary")
    )
    for topic_id, party_id, kind, summary in rows:
        found[topic_id].append((party_id, kind, summary))
    return found
