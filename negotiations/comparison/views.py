"""The comparison's pages: the table with its filters, its swapped regions, and an opened cell."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from negotiations import dataversion, rendered
from negotiations.comparison.compute import VersionChoice, cached_comparison
from negotiations.comparison.filters import FilterError, Filters, parse_filters
from negotiations.models import (
    CONDITION_KIND_MEANINGS,
    ConditionKind,
    Event,
    Fact,
    ProposalVersion,
    Topic,
)
from negotiations.responses import render_page
from negotiations.visibility import sees_drafts
from parties.models import Party

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
        parties = list(Party.objects.visible_to(None))
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
    version = dataversion.current()
    public = not sees_drafts(request.user)
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
    party = get_object_or_404(Party.objects.visible_to(request.user), slug=party_slug)
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
    public = not sees_drafts(request.user)
    key = _table_key(filters, dataversion.current()).replace("comparison-html", "cell-html")
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
