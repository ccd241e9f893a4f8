"""Analysts' pages: the party, person, topic, proposal, statement, search, changes and
methodology pages. Read-only; drafts are shown to editors only, marked as drafts."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from negotiations import changelog, timeline
from negotiations.caching import reader_page
from negotiations.comparison.rules import COLLISION_RULE
from negotiations.corrections import corrections_of
from negotiations.dates import Precision, display_date
from negotiations.lineage import lineage
from negotiations.models import (
    CONDITION_KIND_MEANINGS,
    Attestation,
    Condition,
    ConditionKind,
    Event,
    EventStatus,
    Fact,
    PeaceProcess,
    Proposal,
    PublishStatus,
    Source,
    Topic,
)
from negotiations.responses import render_page
from negotiations.search import find
from negotiations.visibility import (
    citations_visible_to,
    people_visible_to,
    sees_drafts,
    standing_statements,
    statements_visible_to,
    viewer_in,
)
from parties.models import Party


def _statements_for(user):
    """Statements as `user` may see them, each with its visible reports, published sources
    first (so the wording a list shows is a public one whenever there is one)."""
    attestations = (
        Attestation.objects.visible_to(user)
        .select_related("source")
        .order_by(_published_first("source__status"), "id")
    )
    return (
        statements_visible_to(user)
        .select_related("party", "speaker")
        .prefetch_related(Prefetch("attestations", queryset=attestations))
    )


def _published_first(field):
    return Case(When(**{field: PublishStatus.PUBLISHED}, then=0), default=1)


def _conditions_for(user):
    return (
        Condition.objects.visible_to(user)
        .select_related("party", "topic", "addressed_to", "proposal_version__proposal")
        .prefetch_related("regions__other_names")
    )


STATEMENTS_PER_PAGE = 50
MAX_TERMS_LISTED = 300


def _statement_page(request, statements):
    """One page of a long list of statements (`?page=N`); a page out of range gets the last."""
    paginator = Paginator(statements, STATEMENTS_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


@require_safe
@reader_page
def party(request, slug):
    party = get_object_or_404(Party.objects.visible_to(request.user), slug=slug)
    # The terms standing today, by topic; superseded ones are on each topic's page.
    conditions = list(
        _conditions_for(request.user)
        .filter(party=party)
        .as_of(None)
        .order_by("topic__sort_order", "topic__name", "topic_id", "-valid_from", "id")[
            : MAX_TERMS_LISTED + 1
        ]
    )
    page = _statement_page(
        request, _statements_for(request.user).filter(party=party).order_by("-said_on", "-id")
    )
    context = {
        "party": party,
        "people": people_visible_to(request.user)
        .filter(party=party)
        .prefetch_related("roles")
        .order_by("name", "id"),
        "conditions": conditions[:MAX_TERMS_LISTED],
        "more_conditions": len(conditions) > MAX_TERMS_LISTED,
        "statements": page.object_list,
        "page": page,
    }
    return TemplateResponse(request, "negotiations/party.html", context)


TIMELINE_EVENTS = 12


def _with_citations(queryset, user):
    """Each row's citations of sources `user` may see, with their sources, in two queries
    whatever the number of rows."""
    return queryset.prefetch_related(Prefetch("citations", queryset=citations_visible_to(user)))


@require_safe
@reader_page
def topic(request, slug):
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    viewer = viewer_in(request.user, topic.process_id)
    # A parent topic gathers the terms, regions and background of all its sub-topics.
    subtree = Topic.objects.subtree_ids(topic)
    latest = list(
        _conditions_for(viewer)
        .filter(topic__in=subtree)
        .prefetch_related("depends_on")
        .order_by("-valid_from", "-id")[: MAX_TERMS_LISTED + 1]
    )
    conditions = sorted(
        latest[:MAX_TERMS_LISTED], key=lambda c: (c.party.sort_order, c.party.name, c.valid_from)
    )
    regions = sorted(
        {region for condition in conditions for region in condition.regions.all()},
        key=lambda region: (region.name, region.pk),
    )
    versions = {c.proposal_version for c in conditions if c.proposal_version_id}
    parties = {c.party_id for c in conditions}
    events = (
        Event.objects.filter(Q(proposal_version__in=versions) | Q(parties__in=parties))
        .distinct()
        .order_by("-starts_on", "title", "id")[:TIMELINE_EVENTS]
    )
    context = {
        "topic": topic,
        "children": topic.children.all(),
        "aggregated": len(subtree) > 1,
        "conditions": conditions,
        "more_conditions": len(latest) > MAX_TERMS_LISTED,
        "timeline": timeline.build(
            conditions,
            sorted(versions, key=lambda v: (v.presented_on or datetime.date.min, v.pk)),
            events,
        ),
        "regions": regions,
        "facts": _with_citations(
            Fact.objects.filter(topic__in=subtree)
            .select_related("topic")
            .order_by("summary", "id"),
            viewer,
        ),
    }
    return TemplateResponse(request, "negotiations/topic.html", context)


@require_safe
@reader_page
def proposal(request, slug):
    proposal = get_object_or_404(Proposal.objects.select_related("party", "source"), slug=slug)
    viewer = viewer_in(request.user, proposal.process_id)
    versions = list(
        _with_citations(
            proposal.versions.order_by("number", "id").prefetch_related("points__previous"),
            viewer,
        ).select_related("source")
    )
    # The sentence a proposal or version was read from is shown only with a source the viewer
    # may see: a draft source is the editors' alone.
    drafts = sees_drafts(viewer)
    for record in (proposal, *versions):
        record.shown_source = record.source if record.source_id else None
        if record.shown_source and not (drafts or record.shown_source.is_published):
            record.shown_source = None
    reactions = (
        _conditions_for(viewer)
        .filter(proposal_version__proposal=proposal)
        .prefetch_related("depends_on")
        .order_by("proposal_version__number", "party__sort_order", "party_id", "valid_from", "id")
    )
    context = {
        "proposal": proposal,
        "lineage": lineage(versions),
        "reactions": reactions,
        "events": Event.objects.filter(proposal_version__proposal=proposal)
        .prefetch_related("participants")
        .order_by(*Event._meta.ordering, "id"),
    }
    return TemplateResponse(request, "negotiations/proposal.html", context)


def _precision_examples():
    day = datetime.date(2025, 12, 1)
    return [(precision.label, display_date(day, precision)) for precision in Precision]


@require_safe
@reader_page
def methodology(request):
    """How to read the tracker: the kinds of term, dates, the rules, sources and citing."""
    context = {
        "kinds": [(kind.label, CONDITION_KIND_MEANINGS[kind]) for kind in ConditionKind],
        "precisions": _precision_examples(),
        "collision_rule": COLLISION_RULE,
        "inferred_label": Condition.INFERRED_LABEL,
        "event_example": Event(
            title="A visit",
            status=EventStatus.EXPECTED,
            starts_on=datetime.date(2025, 12, 1),
            starts_on_precision=Precision.WEEK,
        ),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "negotiations/methodology.html", context)


@require_safe
@reader_page
def statement(request, pk):
    statement = get_object_or_404(_statements_for(request.user), pk=pk)
    reports = [
        {
            "attestation": a,
            "before": a.source.text[: a.start] if a.start is not None else "",
            "after": a.source.text[a.end :] if a.end is not None else "",
        }
        for a in statement.attestations.all()
    ]
    context = {
        "statement": statement,
        "reports": reports,
        "conditions": _conditions_for(request.user)
        .filter(statements=statement)
        .order_by(*Condition._meta.ordering, "id"),
        "corrections": corrections_of(statement),
    }
    return TemplateResponse(request, "negotiations/statement.html", context)


@require_safe
@reader_page
def person(request, slug):
    person = get_object_or_404(
        people_visible_to(request.user).select_related("party").prefetch_related("other_names"),
        slug=slug,
    )
    page = _statement_page(
        request, _statements_for(request.user).filter(speaker=person).order_by("-said_on", "-id")
    )
    context = {
        "person": person,
        "roles": person.roles.all(),
        "statements": page.object_list,
        "page": page,
    }
    return TemplateResponse(request, "negotiations/person.html", context)


@require_safe
@reader_page
def search(request):
    """The search page; as-you-type requests get only its results. `process` limits it to one
    peace process (a choice shown once there are two)."""
    process = request.GET.get("process", "")
    results = find(request.GET.get("q", ""), request.user, process)
    processes = list(PeaceProcess.objects.values_list("slug", "name"))
    context = {"results": results, "process": process, "processes": processes}
    return render_page(
        request, "negotiations/search.html", context, "results", status=results.status
    )


@require_safe
@reader_page
def changes(request):
    """The public changelog of published changes; editors also see who made each change."""
    changes = changelog.recent_changes()
    drafts = sees_drafts(request.user)
    public = _public_ids(changes)
    for change in changes:
        gone = change.action in ("withdrawn", "deleted")
        change.is_draft = not gone and change.object_id not in public[change.kind]
    if not drafts:
        # Readers see what they can read today: nothing withdrawn, nothing now in draft.
        changes = [c for c in changes if c.action != "withdrawn" and not c.is_draft]
    context = {"changes": changes, "show_users": request.user.is_staff}
    return TemplateResponse(request, "negotiations/changes.html", context)


def _public_ids(changes):
    """kind -> the ids among `changes` that a reader may see today, in one query."""
    ids = {}
    for change in changes:
        ids.setdefault(change.kind, set()).add(change.object_id)
    visible = {
        "statement": standing_statements(),
        "term": Condition.objects.published(),
        "source": Source.objects.published(),
    }
    parts = [
        visible[kind].filter(pk__in=ids[kind]).order_by().values_list(Value(kind), "pk")
        for kind in visible
        if ids.get(kind)
    ]
    found = {kind: set() for kind in visible}
    if parts:
        for kind, pk in parts[0].union(*parts[1:], all=True):
            found[kind].add(pk)
    return found
