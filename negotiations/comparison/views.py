"""The comparison's pages: the overview with its filters, a top-level topic's rows (opened in
place, with an opened cell under its row), and a cell's own page. Every region is rendered
through the one htmx helper and cached through the one cache path."""

import datetime
from dataclasses import dataclass, replace
from functools import cached_property

from django.db.models import F, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from negotiations.caching import Stamp, get_or_compute, reader_page
from negotiations.comparison.detail import compute_detail
from negotiations.comparison.filters import FilterError, Filters, parse_filters
from negotiations.comparison.overview import compute_overview
from negotiations.comparison.rules import COLLISION_RULE
from negotiations.comparison.terms import Catalogue, process_viewer
from negotiations.models import (
    CONDITION_KIND_MEANINGS,
    Condition,
    ConditionKind,
    Event,
    Fact,
    PeaceProcess,
    ProposalVersion,
)
from negotiations.responses import render_page
from negotiations.visibility import statements_visible_to

KIND_CHOICES = [(kind.value, kind.label, CONDITION_KIND_MEANINGS[kind]) for kind in ConditionKind]
COMPARE_TEMPLATE = "negotiations/compare.html"


class ComparisonView:
    """One request's view of the comparison. Everything costly is computed on first use, inside
    the cached regions of the template, so a cached page computes nothing."""

    def __init__(self, request, filters, error=""):
        self.request, self.filters, self.error = request, filters, error
        self.stamp = Stamp.of(request)
        self.viewer = process_viewer(request.user, filters.process)

    @cached_property
    def catalogue(self):
        process = self.filters.process
        return get_or_compute(
            self.stamp.key("catalogue", process), lambda: Catalogue.load(self.viewer, process)
        )

    @cached_property
    def overview(self):
        if self.error:
            return None
        computed = self.filters.computed
        key = self.stamp.key("overview", computed.query_string())
        return get_or_compute(key, lambda: compute_overview(computed, self.viewer, self.catalogue))

    @cached_property
    def detail(self):
        topic_slug, party_slug = self.filters.cell_slugs
        if self.error or topic_slug is None:
            return None
        topic, party = self.catalogue.topic(topic_slug), self.catalogue.party(party_slug)
        page = self.request.GET.get("page", "1")
        terms_page = self.request.GET.get("terms_page", "1")
        computed = self.filters.computed.query_string()
        key = self.stamp.key("detail", computed, self.filters.cell, page, terms_page)

        def compute():
            return compute_detail(
                self.filters,
                self.viewer,
                self.catalogue,
                topic,
                party,
                page=page,
                terms_page=terms_page,
                columns=self.overview.parties,
            )

        return get_or_compute(key, compute)

    @cached_property
    def groups(self):
        return self.overview.groups(self.filters.open) if self.overview else []

    def group(self, slug):
        return next((group for group in self.groups if group[0].topic.slug == slug), None)

    @property
    def state(self):
        """The canonical query string of this view: what every region is cached under."""
        return self.filters.query_string()

    @property
    def as_of(self):
        return self.filters.as_of or timezone.localdate()

    @property
    def title(self):
        """What is shown and as of when, for the window's title."""
        parts = []
        if self.filters.parties and not self.error:
            names = [p.label for p in self.catalogue.parties if p.slug in self.filters.parties]
            parts.append(", ".join(names[:4]) + (" and others" if len(names) > 4 else ""))
        if self.filters.topics and not self.error:
            names = [self.catalogue.topic(slug).name for slug in self.filters.topics]
            parts.append("on " + ", ".join(names[:3]) + (" and more" if len(names) > 3 else ""))
        if self.filters.kinds:
            parts.append("(" + ", ".join(ConditionKind(k).label for k in self.filters.kinds) + ")")
        day = self.as_of
        parts.append(f"as of {day.day} {day:%b %Y}")
        return "Where the parties stand: " + " ".join(parts)

    def check(self):
        """Raise FilterError for names the data does not hold."""
        self.catalogue.check(self.filters)


def _view(request):
    try:
        view = ComparisonView(request, parse_filters(request.GET))
        view.check()
    except FilterError as error:
        view = ComparisonView(request, Filters(), error=str(error))
    return view


def _canonical(request, view):
    """The same view at its shortest address (no empty or repeated parameters), or None."""
    if request.htmx or view.error:
        return None
    asked = sorted((key, value) for key, values in request.GET.lists() for value in values)
    if asked == sorted(view.filters.pairs()):
        return None  # the same parameters, in another order: no need to send the reader on
    if any(key not in FILTER_NAMES for key, _ in asked):
        return None  # a query with other parameters (e.g. a tracking tag) is served as it is
    return reverse("negotiations:compare") + (f"?{view.state}" if view.state else "")


FILTER_NAMES = {"process", "party", "topic", "kind", "version", "as_of", "since", "open", "cell"}


EXPORT_FORMATS = [("csv", "CSV"), ("xlsx", "Excel"), ("json", "JSON"), ("md", "Markdown")]


def _context(view):
    return {
        "view": view,
        "filters": view.filters,
        "error": view.error,
        "all_kinds": KIND_CHOICES,
        "rule": COLLISION_RULE,
        "export_formats": EXPORT_FORMATS,
    }


def _push(response, view):
    """Tell htmx the address of what it now shows, so Back and a copied link reopen it."""
    query = view.state
    response["HX-Push-Url"] = reverse("negotiations:compare") + (f"?{query}" if query else "")
    return response


@require_safe
@reader_page
def compare(request):
    """The overview. An htmx request from the filters gets the results region; "Reset" gets the
    filters and the results."""
    view = _view(request)
    canonical = _canonical(request, view)
    if canonical is not None:
        return HttpResponseRedirect(canonical)
    partial = "comparison" if request.GET.get("_region") == "all" else "results"
    context = _context(view)
    if not request.htmx or request.htmx.history_restore_request:
        context["background"] = _background(view)
    status = 400 if view.error else 200
    response = render_page(request, COMPARE_TEMPLATE, context, partial, status)
    return _push(response, view) if request.htmx and not view.error else response


@require_safe
@reader_page
def rows(request, slug):
    """A top-level topic's rows as the state asks: opened or closed, a cell open under its row."""
    view = _view(request)
    if view.error:
        return render_page(request, COMPARE_TEMPLATE, _context(view), "results", 400)
    group = view.group(slug)
    if group is None:
        raise Http404("No such topic in this view.")
    response = render_page(request, COMPARE_TEMPLATE, {**_context(view), "group": group}, "group")
    return _push(response, view)


@require_safe
@reader_page
def cell(request, topic_slug, party_slug):
    """A cell's own page (also the next page of its statements for htmx)."""
    view = _view(request)
    if not view.error:
        view.filters = replace(view.filters, cell=f"{topic_slug}:{party_slug}")
        try:
            view.check()
        except FilterError as error:
            raise Http404(str(error)) from error
    status = 400 if view.error else 200
    # htmx asks for the next page of the cell's terms, or of its statements.
    partial = "terms" if "terms_page" in request.GET else "statements"
    return render_page(request, "negotiations/cell.html", _context(view), partial, status)


# The home page lists the latest few meetings and background facts; the rest are a search away.
BACKGROUND_ITEMS = 8


def _background(view):
    """Proposals, the latest meetings and background for the home page, as a reader could know
    them on the day shown; each meeting read as of that day ("expected …; not confirmed")."""
    day = view.as_of
    process = view.catalogue.process
    process_id = process.id if process is not None else None

    def compute():
        known = ProposalVersion.objects.as_of(day).select_related("proposal__party")
        events, facts = Event.objects.as_of(day), Fact.objects.as_of(day)
        if process_id is not None:
            known = known.filter(proposal__process_id=process_id)
            events, facts = (
                events.filter(process_id=process_id),
                facts.filter(process_id=process_id),
            )
        proposals = {}
        for version in known.order_by("proposal__title", "number", "id"):
            proposal = version.proposal
            entry = proposals.setdefault(
                proposal.slug,
                {"slug": proposal.slug, "title": proposal.title, "party": proposal.party.name,
                 "versions": []},
            )  # fmt: skip
            entry["versions"].append(version.label)
        events = events.order_by(F("starts_on").desc(nulls_last=True), "title", "id")
        facts = facts.order_by(F("as_of").desc(nulls_last=True), "summary", "id")
        return {
            "proposals": list(proposals.values()),
            "events": [(event, event.reading_on(day)) for event in events[:BACKGROUND_ITEMS]],
            "event_count": events.count(),
            "facts": list(facts[:BACKGROUND_ITEMS]),
            "fact_count": facts.count(),
        }

    return get_or_compute(view.stamp.key("background", day, process_id), compute)


# -- the peace processes ------------------------------------------------------------------------
# "Changed lately" on the list of processes: terms that began or ended within this many days.
RECENT_DAYS = 30


@dataclass
class ProcessSummary:
    process: PeaceProcess
    address: str
    latest: object  # the latest statement behind one of its terms, or None
    collisions: int  # top-level topics with a collision, in its default view
    changed: int  # terms that began or ended in the last RECENT_DAYS days


@require_safe
@reader_page
def processes(request):
    """Every peace process, each with its latest statement, its topics in collision and how many
    of its terms changed lately; each links to its comparison."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=RECENT_DAYS)
    summaries = []
    for index, process in enumerate(PeaceProcess.objects.all()):
        # The first process is the default view: its cache entries are the comparison's own.
        filters = Filters() if index == 0 else Filters(process=process.slug)
        view = ComparisonView(request, filters)
        terms = Condition.objects.visible_to(view.viewer).filter(topic__process=process)
        changed = terms.filter(
            Q(valid_from__gt=since, valid_from__lte=today)
            | Q(valid_until__gt=since, valid_until__lt=today)
        )
        latest = (
            statements_visible_to(view.viewer)
            .bearing_on(process)
            .filter(said_on__lte=today)
            .select_related("speaker", "party")
            .order_by("-said_on", "-id")
            .first()
        )
        query = filters.query_string()
        summaries.append(
            ProcessSummary(
                process=process,
                address=reverse("negotiations:compare") + (f"?{query}" if query else ""),
                latest=latest,
                collisions=view.overview.collision_count,
                changed=changed.count(),
            )
        )
    context = {"summaries": summaries, "recent_days": RECENT_DAYS}
    return TemplateResponse(request, "negotiations/processes.html", context)
