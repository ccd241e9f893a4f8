"""Analysts' pages: the comparison, its cells and exports, and the party, topic, proposal and
statement pages. Read-only; drafts are shown to editors only."""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from negotiations import changelog, exports, rendered, statement_export, timeline, versioning
from negotiations.comparison import (
    FilterError,
    Filters,
    VersionChoice,
    cached_comparison,
    parse_filters,
)
from negotiations.models import (
    CONDITION_KIND_MEANINGS,
    Attestation,
    Condition,
    ConditionKind,
    Event,
    Fact,
    Proposal,
    ProposalVersion,
    Source,
    Statement,
    Topic,
    can_preview_drafts,
)
from negotiations.search import find
from parties.models import Party, Person


def render_page(request, template, context, partial, status=200):
    """The whole page, or only its `partial` for an htmx swap (never for a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        template = f"{template}#{partial}"
    response = TemplateResponse(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


KIND_CHOICES = [(kind.value, kind.label, CONDITION_KIND_MEANINGS[kind]) for kind in ConditionKind]


def _filter_choices(comparison):
    """The filter form's options: from the comparison when there is one (no extra query)."""
    if comparison is not None:
        parties, topics, versions = (
            comparison.all_parties,
            comparison.all_topics,
            comparison.all_versions,
        )
    else:
        parties = list(Party.objects.all())
        topics = list(Topic.objects.all())
        versions = [
            VersionChoice.of(v)
            for v in ProposalVersion.objects.select_related("proposal__party").order_by(
                "proposal__title", "number"
            )
        ]
    return {
        "all_parties": parties,
        "all_topics": topics,
        "all_versions": [(v.key, v.label) for v in versions],
        "all_kinds": KIND_CHOICES,
    }


def _proposals(choices):
    """The home page's list of proposals and their versions."""
    proposals = {}
    for choice in choices:
        entry = proposals.setdefault(
            choice.proposal_slug,
            {
                "slug": choice.proposal_slug,
                "title": choice.proposal_title,
                "party": choice.party_name,
                "versions": [],
            },
        )
        entry["versions"].append(choice.label.split(": ", 1)[-1])
    return list(proposals.values())


def _background(version, comparison=None):
    """Proposals, meetings and background facts for the home page, cached under the data
    version. The proposals come off the comparison when one was just computed."""
    key = f"background:{version}"
    found = cache.get(key)
    if found is None:
        if comparison is not None:
            choices = comparison.all_versions
        else:
            choices = [
                VersionChoice.of(v)
                for v in ProposalVersion.objects.select_related("proposal__party").order_by(
                    "proposal__title", "number"
                )
            ]
        found = {
            "proposals": _proposals(choices),
            "events": list(Event.objects.all()),
            "facts": list(Fact.objects.all()),
        }
        cache.set(key, found, timeout=3600)
    return found


def _comparison_or_error(request, version=None, detail=False):
    """The comparison for the request's filters, or the message that says why there is none."""
    try:
        filters = parse_filters(request.GET)
        comparison = cached_comparison(filters, user=request.user, version=version, detail=detail)
        return comparison, filters, None
    except FilterError as error:
        return None, Filters(), str(error)


@require_safe
def compare(request):
    version = versioning.current()
    public = not can_preview_drafts(request.user, Condition)
    table_html = None
    try:
        filters = parse_filters(request.GET)
    except FilterError:
        filters = None
    if public and filters is not None:
        # Readers all see the same published table: once rendered, it is served as it is.
        table_html = rendered.get(_table_key(filters, version))
    if table_html is None:
        comparison, filters, error = _comparison_or_error(request, version)
        context = {
            "comparison": comparison,
            "filters": filters,
            "error": error,
            "query": filters.query_string(),
            **_filter_choices(comparison),
        }
        if public and not error:
            table_html = render_to_string(
                "negotiations/compare.html#comparison", context, request=request
            )
            rendered.put(_table_key(filters, version), table_html)
    else:
        context = {"filters": filters, "error": None}
    if table_html is not None:
        # Our own template's output, escaped when it was rendered.
        context["table_html"] = mark_safe(table_html)  # noqa: S308
    if request.htmx and not request.htmx.history_restore_request and table_html is not None:
        response = HttpResponse(table_html)
        patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
        return response
    if not request.htmx or request.htmx.history_restore_request:
        context.update(_background(version, context.get("comparison")))
    status = 400 if context["error"] else 200
    return render_page(request, "negotiations/compare.html", context, "comparison", status)


def _table_key(filters, version):
    as_of = (filters.as_of or timezone.localdate()).isoformat()
    digest = hashlib.sha256(filters.query_string().encode()).hexdigest()
    return f"comparison-html:{version}:{as_of}:{digest}"


@require_safe
def cell(request, topic_slug, party_slug):
    topic = get_object_or_404(Topic, slug=topic_slug)
    party = get_object_or_404(Party, slug=party_slug)
    back = parse_filters_quietly(request)
    context = {"topic": topic, "party": party, "back_query": back.query_string(), "error": None}
    try:
        filters = parse_filters(request.GET)
        filters = Filters(
            parties=(party.slug,),
            topics=(topic.slug,),
            kinds=filters.kinds,
            version=filters.version,
            as_of=filters.as_of,
        )
    except FilterError as exc:
        context["error"] = str(exc)
        return render_page(request, "negotiations/cell.html", context, "cell", 400)
    public = not can_preview_drafts(request.user, Condition)
    key = _table_key(filters, versioning.current()).replace("comparison-html", "cell-html")
    html = rendered.get(key) if public else None
    if html is None:
        try:
            comparison = cached_comparison(filters, user=request.user, detail=True)
        except FilterError as exc:
            context["error"] = str(exc)
            return render_page(request, "negotiations/cell.html", context, "cell", 400)
        context.update(comparison=comparison, cell=comparison.cell(topic.slug, party.slug))
        if public:
            html = render_to_string("negotiations/cell.html#cell", context, request=request)
            rendered.put(key, html)
    if html is not None:
        if request.htmx and not request.htmx.history_restore_request:
            response = HttpResponse(html)
            patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
            return response
        # Our own template's output, escaped when it was rendered.
        context["cell_html"] = mark_safe(html)  # noqa: S308
    return render_page(request, "negotiations/cell.html", context, "cell")


def parse_filters_quietly(request):
    try:
        return parse_filters(request.GET)
    except FilterError:
        return Filters()


@require_safe
def export(request, fmt):
    # CSV and Markdown show each cell's counts and strongest quote; only the XLSX and JSON
    # list every statement behind the cells.
    comparison, filters, error = _comparison_or_error(request, detail=fmt in ("xlsx", "json"))
    if error:
        return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")
    return exports.respond(comparison, fmt)


@require_safe
def export_statements(request):
    """Every published statement as CSV, streamed (published only, even for editors)."""
    return statement_export.respond()


def _statements_for(user):
    attestations = Attestation.objects.filter(
        source__in=Source.objects.visible_to(user)
    ).select_related("source")
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
    party = get_object_or_404(Party, slug=slug)
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
        "people": party.people.prefetch_related("roles"),
        "conditions": conditions[:MAX_TERMS_LISTED],
        "more_conditions": len(conditions) > MAX_TERMS_LISTED,
        "statements": page.object_list,
        "page": page,
    }
    return TemplateResponse(request, "negotiations/party.html", context)


@require_safe
def topic(request, slug):
    topic = get_object_or_404(Topic.objects.select_related("parent"), slug=slug)
    # The latest terms, so a topic followed for years stays one readable page.
    latest = list(
        _conditions_for(request.user)
        .filter(topic=topic)
        .order_by("-valid_from", "-id")[: MAX_TERMS_LISTED + 1]
    )
    conditions = sorted(
        latest[:MAX_TERMS_LISTED], key=lambda c: (c.party.sort_order, c.party.name, c.valid_from)
    )
    regions = sorted(
        {region for condition in conditions for region in condition.regions.all()},
        key=lambda region: region.name,
    )
    context = {
        "topic": topic,
        "children": topic.children.all(),
        "conditions": conditions,
        "more_conditions": len(latest) > MAX_TERMS_LISTED,
        "timeline": timeline.build(conditions),
        "regions": regions,
        "facts": topic.facts.all(),
    }
    return TemplateResponse(request, "negotiations/topic.html", context)


@require_safe
def proposal(request, slug):
    proposal = get_object_or_404(Proposal.objects.select_related("party"), slug=slug)
    versions = list(proposal.versions.order_by("number").prefetch_related("points__previous"))
    reactions = (
        _conditions_for(request.user)
        .filter(proposal_version__proposal=proposal)
        .order_by("proposal_version__number", "party__sort_order", "valid_from")
    )
    context = {
        "proposal": proposal,
        "versions": timeline.lineage(versions),
        "reactions": reactions,
        "events": Event.objects.filter(proposal_version__proposal=proposal).prefetch_related(
            "participants"
        ),
    }
    return TemplateResponse(request, "negotiations/proposal.html", context)


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
    person = get_object_or_404(Person.objects.select_related("party"), slug=slug)
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
