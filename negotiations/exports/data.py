"""What an export holds: every term the filters select (sub-topics included, whatever is opened
on screen), with the statements behind it and their sources, read from the same query and the
same visibility rule as the page, a batch of topics at a time so memory stays flat."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from negotiations.comparison.overview import columns
from negotiations.comparison.terms import (
    KIND_ORDER,
    Catalogue,
    PartyColumn,
    Term,
    TopicNode,
    load_terms,
    view_terms,
)
from negotiations.dates import display_date
from negotiations.models import Attestation, Condition, PublishStatus, StatementMode
from negotiations.visibility import sees_drafts, statements_visible_to

# A batch's terms, statements and sources are in memory at once: at most this many topics, and
# no more terms than this unless one topic alone has more.
BATCH_TOPICS = 20
BATCH_TERMS = 400


@dataclass(frozen=True)
class SourceRow:
    publisher: str
    title: str
    url: str
    status: str = "published"


@dataclass
class StatementRow:
    id: int
    attributed_to: str
    party: str
    said_on: datetime.date
    said_display: str
    mode: str
    wording: str
    occasion: str
    place: str
    status: str  # as a reader sees it: "draft" too while no published source reports it
    sources: list[SourceRow] = field(default_factory=list)

    @property
    def mode_label(self):
        return StatementMode(self.mode).label

    @property
    def is_quote(self):
        return self.mode == StatementMode.QUOTE


@dataclass
class TermRow:
    term: Term
    topic: TopicNode
    parent: TopicNode | None
    party: PartyColumn
    statements: list[StatementRow]

    @property
    def source_count(self):
        """Independent sources: distinct publishers across the statements behind the term
        (spaces around them and case ignored, as `postgres_csv` counts them)."""
        return len({s.publisher.strip(" ").lower() for st in self.statements for s in st.sources})

    @property
    def backing(self):
        """The statement that backs the term best: a direct quote first, then the best
        attested, then the latest (the rule of the opened cell)."""
        return max(
            self.statements,
            key=lambda s: (s.is_quote, len({x.publisher for x in s.sources}), s.said_on, -s.id),
            default=None,
        )


class Export:
    """One export of one view: its columns, topics and terms, as `viewer` may see them."""

    def __init__(self, filters, viewer):
        self.filters = filters.computed
        self.viewer = viewer
        self.day = self.filters.as_of or timezone.localdate()
        self.catalogue = Catalogue.load(viewer, self.filters.process)
        self.catalogue.check(self.filters)
        self.parties, _ = columns(self.filters, viewer, self.catalogue)
        self.topic_ids = self.catalogue.chosen_topics(self.filters)
        self.with_status = sees_drafts(viewer)
        self.base = ""

    def batches(self):
        """(topic ids, TermRows) a batch of topics at a time, in the page's order; the terms by
        topic, then party in column order, then newest first."""
        for batch in self.topic_batches():
            yield batch, self._batch(batch)

    def topic_batches(self):
        """The view's topics in order, in batches of at most BATCH_TOPICS topics and about
        BATCH_TERMS terms (counted in one query), so that a topic with many terms does not
        bring many others into memory with it."""
        counts = dict(
            self._terms_queryset()
            .order_by()
            .values_list("topic_id")
            .annotate(terms=Count("id"))
            .values_list("topic_id", "terms")
        )
        batch, terms = [], 0
        for topic_id in self.topic_ids:
            found = counts.get(topic_id, 0)
            if batch and (len(batch) == BATCH_TOPICS or terms + found > BATCH_TERMS):
                yield batch
                batch, terms = [], 0
            batch.append(topic_id)
            terms += found
        if batch:
            yield batch

    def _terms_queryset(self):
        """The terms of the view (every topic), as `load_terms` selects them."""
        terms = view_terms(
            self.filters,
            self.viewer,
            self.catalogue,
            party_ids=[party.id for party in self.parties],
            topic_ids=self.topic_ids,
        )
        return terms.filter(kind__in=self.filters.kinds) if self.filters.kinds else terms

    @property
    def address(self):
        """Where the view is on the site (absolute once the view has set `base`)."""
        query = self.filters.query_string()
        return f"{self.base}{reverse('negotiations:compare')}{'?' + query if query else ''}"

    def _batch(self, topic_ids):
        rows = self.term_rows(topic_ids)
        statements = self._statements([row.term.id for row in rows])
        for row in rows:
            row.statements = statements.get(row.term.id, [])
        return rows

    def term_rows(self, topic_ids):
        """The TermRows of these topics in the export's order, their statements not yet read."""
        terms = [
            term
            for term in load_terms(
                self.filters,
                self.viewer,
                self.catalogue,
                party_ids=[party.id for party in self.parties],
                topic_ids=topic_ids,
            )
            if not self.filters.kinds or term.kind in self.filters.kinds
        ]
        order = {topic_id: index for index, topic_id in enumerate(topic_ids)}
        columns_order = {party.id: index for index, party in enumerate(self.parties)}
        parties = {party.id: party for party in self.parties}
        terms.sort(
            key=lambda t: (
                order[t.topic_id],
                columns_order[t.party_id],
                -t.valid_from.toordinal(),
                KIND_ORDER[t.kind],
                t.id,
            )
        )
        topics = self.catalogue.topics
        return [
            TermRow(
                term=term,
                topic=topics[term.topic_id],
                parent=topics.get(topics[term.topic_id].parent_id),
                party=parties[term.party_id],
                statements=[],
            )
            for term in terms
        ]

    def _statements(self, term_ids):
        """term id -> the visible statements behind it, said by the day, newest first: two
        queries (the statements with their links, then their visible reports)."""
        if not term_ids:
            return {}
        # Checked on each link's statement (an index lookup), not by listing every visible
        # statement of the data for each batch.
        visible = statements_visible_to(self.viewer).as_of(self.day)
        links = Condition.statements.through.objects.filter(
            Exists(visible.filter(pk=OuterRef("statement_id"))), condition_id__in=term_ids
        ).values_list(
            "condition_id",
            "statement_id",
            "statement__speaker__name",
            "statement__attribution",
            "statement__party__name",
            "statement__said_on",
            "statement__said_on_precision",
            "statement__mode",
            "statement__occasion",
            "statement__place",
            "statement__status",
        )
        rows, by_term = {}, {}
        for term_id, sid, speaker, attribution, party, said_on, precision, mode, *rest in links:
            row = rows.get(sid)
            if row is None:
                occasion, place, status = rest
                # As Statement.attributed_to: the speaker, else how the source names it, else
                # the party. The wording is a report's (below): none while no source the
                # viewer may see reports it, never the editors' summary in its place.
                row = rows[sid] = StatementRow(
                    sid, speaker or attribution or party, party, said_on,
                    display_date(said_on, precision), mode, "", occasion, place, status,
                )  # fmt: skip
            by_term.setdefault(term_id, []).append(row)
        reports = (
            Attestation.objects.visible_to(self.viewer)
            .filter(statement_id__in=list(rows))
            .order_by("statement_id", "id")
            .values_list(
                "statement_id",
                "wording",
                "source__publisher",
                "source__title",
                "source__url",
                "source__status",
            )
        )
        first, reported = set(), set()
        for sid, wording, publisher, title, url, status in reports:
            row = rows[sid]
            if sid not in first:
                first.add(sid)
                row.wording = wording  # the first visible report's verbatim words
            row.sources.append(SourceRow(publisher, title, url, status))
            if status == PublishStatus.PUBLISHED:
                reported.add(sid)
        for sid, row in rows.items():
            if sid not in reported:
                row.status = PublishStatus.DRAFT
        for statements in by_term.values():
            statements.sort(key=lambda s: (s.said_on, s.id), reverse=True)
        return by_term
