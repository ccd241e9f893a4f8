"""Lays out a topic's terms over the span of time its data covers, for the server-drawn SVG: one
lane per party with its terms stacked, proposal versions and events marked, in a wide and a
narrow layout so that the text stays legible on a phone."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from negotiations.dates import display_date, last_day

# Days drawn before the first and after the last date, and the shortest span drawn, so that a
# single day is not stretched over the whole width.
PAD_DAYS = 2
MIN_SPAN_DAYS = 10
AXIS_HEIGHT = 30
ROW_HEIGHT = 28
BAR_HEIGHT = 20
LANE_GAP = 10
LANE_LABEL_HEIGHT = 18
MIN_BAR_WIDTH = 8
GAP = 6
MARKERS_LANE = "Drafts and events"


@dataclass(frozen=True)
class Layout:
    """How one drawing is sized: the text is 12 units high in both, and the narrow drawing is
    about as many units wide as a phone has pixels, so its text stays about 12 px."""

    name: str
    width: int
    label_width: int  # the column of lane labels; 0 puts each label above its lane
    tick_count: int
    label_chars: int  # the longest label drawn; the full text is in each item's title
    char_width: float = 6.8  # the average advance of a 12-unit character


WIDE = Layout("wide", 800, 130, 6, 40)
NARROW = Layout("narrow", 360, 0, 3, 26)
LAYOUTS = (WIDE, NARROW)


@dataclass
class Item:
    """Something drawn: a term (a bar from its first day), a proposal version or an event."""

    kind: str  # "term", "version" or "event"
    start: datetime.date
    end: datetime.date | None
    label: str
    title: str
    css: str
    open_ended: bool = False


@dataclass
class Drawn:
    item: Item
    x: float
    width: float
    y: float
    text_x: float
    text_anchor: str
    label: str
    row: int

    @property
    def right(self):
        return round(self.x + self.width, 1)

    @property
    def text_y(self):
        return round(self.y + BAR_HEIGHT / 2 + 4.5, 1)

    @property
    def diamond(self):
        """A point in time: a diamond centred on the day."""
        middle = self.y + BAR_HEIGHT / 2
        return f"M{self.x},{middle - 7:.1f} l7,7 l-7,7 l-7,-7 z"

    @property
    def arrow(self):
        """The open end of a term that still stands: a chevron at the end of the drawn span."""
        return f"M{self.right - 9:.1f},{self.y + 4:.1f} l6,6 l-6,6"


@dataclass
class Lane:
    label: str
    y: float
    rows: int
    label_y: float
    drawn: list[Drawn] = field(default_factory=list)

    @property
    def height(self):
        return self.rows * ROW_HEIGHT


@dataclass
class Tick:
    x: float
    label: str
    anchor: str


@dataclass
class Drawing:
    layout: Layout
    lanes: list[Lane]
    ticks: list[Tick]
    height: float

    @property
    def width(self):
        return self.layout.width

    @property
    def name(self):
        return self.layout.name


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    drawings: list[Drawing]
    undated: list[str]

    @property
    def span_display(self):
        return f"{display_date(self.start)} to {display_date(self.end)}"


def build(conditions, versions=(), events=(), today=None):
    """Every party's terms on one axis that spans the dates of the terms, versions and events
    given (not today: a term that still stands runs to the end of the drawn span). None when
    there is nothing to draw."""
    if not conditions:
        return None
    today = today or timezone.localdate()
    lanes = {}
    for condition in conditions:
        lanes.setdefault(condition.party.label, []).append(_term_item(condition))
    markers, undated = [], []
    for version in versions:
        if version.presented_on is None:
            undated.append(f"{version.proposal.title}, {version.label} (date not reported)")
        else:
            markers.append(_version_item(version))
    for event in events:
        if event.starts_on is None:
            undated.append(f"{event.title} ({event.reading_on(today)})")
        else:
            markers.append(_event_item(event, today))
    items = [item for lane in lanes.values() for item in lane] + markers
    start, end = _span(items)
    ordered = ([(MARKERS_LANE, markers)] if markers else []) + list(lanes.items())
    drawings = [_draw(layout, ordered, start, end) for layout in LAYOUTS]
    return Timeline(start=start, end=end, drawings=drawings, undated=undated)


def _term_item(condition):
    marks = []
    if condition.is_conditional:
        marks.append("conditional")
    if condition.is_inferred:
        marks.append("inferred")
    if not condition.is_published:
        marks.append("draft")  # only editors are shown drafts
    label = condition.get_kind_display() + (f" ({', '.join(marks)})" if marks else "")
    title = (
        f"{condition.party.label}, {condition.get_kind_display()} from "
        f"{condition.valid_from_display}"
        + (f" until {display_date(condition.valid_until)}" if condition.valid_until else "")
        + f": {condition.summary}"
    )
    if condition.hedging:
        title += f" Hedged: “{condition.hedging}”."
    for required in condition.depends_on.all():
        title += f" Only if: {required.summary}"
    if condition.is_inferred:
        title += f" ({condition.basis_label}.)"
    return Item(
        kind="term",
        start=condition.valid_from,
        end=condition.valid_until,
        label=label,
        title=title,
        css=f"bar kind-{condition.kind}" + (" open" if condition.valid_until is None else ""),
        open_ended=condition.valid_until is None,
    )


def _version_item(version):
    return Item(
        kind="version",
        start=version.presented_on,
        end=None,
        label=version.label,
        title=(f"{version.proposal.title}, {version.label}: presented {version.presented_display}"),
        css="marker version-mark",
    )


def _event_item(event, today):
    last = last_day(event.starts_on, event.starts_on_precision)
    return Item(
        kind="event",
        start=event.starts_on,
        end=last if last != event.starts_on else None,
        label=event.title,
        title=f"{event.title}: {event.reading_on(today)}",
        css=f"marker event-mark status-{event.status_on(today)}",
    )


def _span(items):
    days = [item.start for item in items] + [item.end for item in items if item.end]
    start = min(days) - datetime.timedelta(days=PAD_DAYS)
    end = max(days) + datetime.timedelta(days=PAD_DAYS)
    missing = MIN_SPAN_DAYS - (end - start).days
    if missing > 0:
        start -= datetime.timedelta(days=missing // 2)
        end += datetime.timedelta(days=missing - missing // 2)
    return start, end


def _draw(layout, lanes, start, end):
    plot_left = layout.label_width + GAP
    plot_width = layout.width - plot_left - GAP
    span = (end - start).days

    def x_of(day):
        return plot_left + plot_width * (day - start).days / span

    y = AXIS_HEIGHT
    drawn_lanes = []
    for label, items in lanes:
        label_y = y + (LANE_LABEL_HEIGHT - 5 if not layout.label_width else ROW_HEIGHT / 2 + 5)
        if not layout.label_width:
            y += LANE_LABEL_HEIGHT
        room = layout.label_width or layout.width
        lane = Lane(
            label=_shorten(label, int(room / layout.char_width)), y=y, rows=1, label_y=label_y
        )
        occupied = []  # per row, the horizontal intervals already taken
        for item in sorted(items, key=lambda item: (item.start, item.kind, item.label)):
            drawn = _place(layout, item, x_of, plot_left, end)
            reach = 0 if item.kind == "term" else 7  # the half-width of a marker's diamond
            left = min(drawn.x - reach, _text_left(layout, drawn))
            right = max(drawn.x + drawn.width + reach, _text_right(layout, drawn))
            row = next(
                (
                    index
                    for index, taken in enumerate(occupied)
                    if all(right + GAP <= a or left >= b + GAP for a, b in taken)
                ),
                len(occupied),
            )
            if row == len(occupied):
                occupied.append([])
            occupied[row].append((left, right))
            drawn.row = row
            drawn.y = y + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
            lane.drawn.append(drawn)
        lane.rows = max(len(occupied), 1)
        drawn_lanes.append(lane)
        y += lane.height + LANE_GAP
    return Drawing(layout, drawn_lanes, _ticks(layout, start, end, x_of), y)


def _place(layout, item, x_of, plot_left, end):
    """Where an item goes on the axis, and where its label reads without leaving the drawing."""
    label = _shorten(item.label, layout.label_chars)
    x = x_of(item.start)
    if item.kind == "term":
        until = item.end or end
        width = max(x_of(until) - x, MIN_BAR_WIDTH)
    else:
        width = max(x_of(item.end) - x, 0) if item.end else 0
    text_width = len(label) * layout.char_width
    if item.kind == "term":
        # Inside the bar when it fits before the right edge, else ending at the bar's end.
        fits = x + 4 + text_width <= layout.width - GAP
        text_x, anchor = (x + 4, "start") if fits else (x + width - 4, "end")
    else:
        after = x + width + 10
        fits = after + text_width <= layout.width - GAP
        text_x, anchor = (after, "start") if fits else (x - 10, "end")
    if anchor == "end" and text_x - text_width < plot_left:
        text_x, anchor = plot_left + text_width, "end"
    return Drawn(
        item=item,
        x=round(x, 1),
        width=round(width, 1),
        y=0,
        text_x=round(text_x, 1),
        text_anchor=anchor,
        label=label,
        row=0,
    )


def _text_left(layout, drawn):
    if drawn.text_anchor == "end":
        return drawn.text_x - len(drawn.label) * layout.char_width
    return drawn.text_x


def _text_right(layout, drawn):
    if drawn.text_anchor == "end":
        return drawn.text_x
    return drawn.text_x + len(drawn.label) * layout.char_width


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ticks(layout, start, end, x_of):
    """Evenly spaced days, each label kept inside the drawing: the first reads from its tick,
    the last up to it."""
    span = (end - start).days
    step = max(round(span / (layout.tick_count - 1)), 1)
    with_year = start.year != end.year
    ticks = []
    day = start
    while day <= end:
        label = f"{day.day} {day:%b}" + (f" {day.year}" if with_year else "")
        x = x_of(day)
        half = len(label) * layout.char_width / 2
        if x - half < 0:
            anchor = "start"
        elif x + half > layout.width:
            anchor = "end"
        else:
            anchor = "middle"
        ticks.append(Tick(round(x, 1), label, anchor))
        day += datetime.timedelta(days=step)
    return ticks
