"""Analysts' pages: the party, person, topic, proposal, statement, search, changes and
methodology pages. Read-only; drafts are shown to editors only."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from negotiations import changelog, timeline
from negotiations.comparison.rules import COLLISION_RULE
from negotiations.dates import Precision, display_date
from negotiations.lineage import lineage
from negotiations.models import (
    CONDITION_KIND_MEANINGS,
    Attestation,
    Citation,
    Condition,
    ConditionKind,
    Event,
    EventStatus,
    Fact,
    Proposal,
    Statement,
    Topic,
)
from negotiations.responses import render_page
from negotiations.search import find
from parties.models import Party, Person


def _statements_for(user):
    attestations = Attestation.objects.visible_to(user).select_related("source")
    return (
        Statement.objects.visible_to(user)
        .select_related("party", "speaker")
        .prefetch_related(Prefetch("attestations", queryset=attestations))
    )


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
def party(request, slug):
    party = get_object_or_404(Party.objects.visible_to(request.user), slug=slug)
    # The terms standing today, by topic; superseded ones are on each topic's page.
    conditions = list(
        _conditions_for(request.user)
        .filter(party=party)
        .as_of(None)
        .order_by("topic__sort_order", "topic__name", "-valid_from")[: MAX_TERMS_LISTED + 1]
    )
    page = _statement_page(
        request, _statements_for(request.user).filter(party=party).order_by("-said_on", "-id")
    )
    context = {
        "party": party,
        "people": Person.objects.visible_to(request.user)
        .filter(party=party)
        .prefetch_related("roles"),
        "conditions": conditions[:MAX_TERMS_LISTED],
        "more_conditions": len(conditions) > MAX_TERMS_LISTED,
        "statements": page.object_list,
        "page": page,
    }
    return TemplateResponse(request, "negotiations/party.html", context)


TIMELINE_EVENTS = 12


def _with_citations(queryset):
    """Each row's citations with their sources, in two queries whatever the number of rows."""
    return queryset.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source"))
    )


@require_safe
def topic(request, slug):
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    # A parent topic gathers the terms, regions and background of all its sub-topics.
    subtree = Topic.objects.subtree_ids(topic)
    latest = list(
        _conditions_for(request.user)
        .filter(topic__in=subtree)
        .prefetch_related("depends_on")
        .order_by("-valid_from", "-id")[: MAX_TERMS_LISTED + 1]
    )
    conditions = sorted(
        latest[:MAX_TERMS_LISTED], key=lambda c: (c.party.sort_order, c.party.name, c.valid_from)
    )
    regions = sorted(
        {region for condition in conditions for region in condition.regions.all()},
        key=lambda region: region.name,
    )
    versions = {c.proposal_version for c in conditions if c.proposal_version_id}
    parties = {c.party_id for c in conditions}
    events = (
        Event.objects.filter(Q(proposal_version__in=versions) | Q(parties__in=parties))
        .distinct()
        .order_by("-starts_on", "title")[:TIMELINE_EVENTS]
    )
    context = {
        "topic": topic,
        "children": topic.children.all(),
        "aggregated": len(subtree) > 1,
        "conditions": conditions,
        "more_conditions": len(latest) > MAX_TERMS_LISTED,
        "timeline": timeline.build(
            conditions, sorted(versions, key=lambda v: v.presented_on or datetime.date.min), events
        ),
        "regions": regions,
        "facts": _with_citations(Fact.objects.filter(topic__in=subtree).select_related("topic")),
    }
    return TemplateResponse(request, "negotiations/topic.html", context)


@require_safe
def proposal(request, slug):
    proposal = get_object_or_404(Proposal.objects.select_related("party"), slug=slug)
    versions = list(
        _with_citations(
            proposal.versions.order_by("number").prefetch_related("points__previous")
        ).select_related("source")
    )
    reactions = (
        _conditions_for(request.user)
        .filter(proposal_version__proposal=proposal)
        .prefetch_related("depends_on")
        .order_by("proposal_version__number", "party__sort_order", "valid_from")
    )
    context = {
        "proposal": proposal,
        "lineage": lineage(versions),
        "reactions": reactions,
        "events": Event.objects.filter(proposal_version__proposal=proposal).prefetch_related(
            "participants"
        ),
    }
    return TemplateResponse(request, "negotiations/proposal.html", context)


def _precision_examples():
    day = datetime.date(2025, 12, 1)
    return [(precision.label, display_date(day, precision)) for precision in Precision]


@require_safe
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
        "conditions": _conditions_for(request.user).filter(statements=statement),
    }
    return TemplateResponse(request, "negotiations/statement.html", context)


@require_safe
def person(request, slug):
    person = get_object_or_404(
        Person.objects.visible_to(request.user)
        .select_related("party")
        .prefetch_related("other_names"),
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
def search(request):
    """The search page; as-you-type requests get only its results."""
    results = find(request.GET.get("q", ""), request.user)
    context = {"results": results}
    return render_page(
        request, "negotiations/search.html", context, "results", status=results.status
    )


@require_safe
def changes(request):
    """The public changelog of published changes; editors also see who made each change."""
    context = {"changes": changelog.recent_changes(), "show_users": request.user.is_staff}
    return TemplateResponse(request, "negotiations/changes.html", context)
