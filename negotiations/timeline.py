"""Lays out a topic's terms over time (for the server-drawn SVG) and a proposal's clause lineage."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from negotiations.models import PointChange

WIDTH = 800
LANE_HEIGHT = 36
LABEL_WIDTH = 140
AXIS_HEIGHT = 28


@dataclass
class Bar:
    condition: object
    x: float
    width: float
    y: float
    open_ended: bool
    title: str


@dataclass
class Lane:
    party: object
    y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Timeline:
    start: datetime.date
    end: datetime.date
    lanes: list[Lane]
    ticks: list[tuple[float, str]]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self):
        return AXIS_HEIGHT + LANE_HEIGHT * max(len(self.lanes), 1)

    @property
    def plot_width(self):
        return self.width - self.label_width


def build(conditions, today=None):
    """Every party's terms as bars on one time axis: one lane per party, earliest term first."""
    if not conditions:
        return None
    today = today or timezone.localdate()
    start = min(c.valid_from for c in conditions)
    end = max([today, *(c.valid_until or c.valid_from for c in conditions)])
    # Pad so a one-day term is still visible and the first bar does not touch the labels.
    start -= datetime.timedelta(days=2)
    end += datetime.timedelta(days=2)
    span = max((end - start).days, 1)
    plot = WIDTH - LABEL_WIDTH

    def x_of(day):
        return LABEL_WIDTH + plot * (day - start).days / span

    lanes = {}
    for condition in conditions:
        lane = lanes.get(condition.party_id)
        if lane is None:
            lane = lanes[condition.party_id] = Lane(
                condition.party, AXIS_HEIGHT + LANE_HEIGHT * len(lanes)
            )
        until = condition.valid_until or end
        x = x_of(condition.valid_from)
        lane.bars.append(
            Bar(
                condition=condition,
                x=round(x, 1),
                width=round(max(x_of(until) - x, 6), 1),
                y=lane.y + 6,
                open_ended=condition.valid_until is None,
                title=(
                    f"{condition.party.label}, {condition.get_kind_display()} from "
                    f"{condition.valid_from_display}: {condition.summary}"
                ),
            )
        )
    ticks = [(round(x_of(day), 1), day.strftime("%-d %b %Y")) for day in _tick_days(start, end)]
    return Timeline(start=start, end=end, lanes=list(lanes.values()), ticks=ticks)


def _tick_days(start, end, count=5):
    step = max((end - start).days // count, 1)
    return [start + datetime.timedelta(days=step * i) for i in range(count + 1)]


@dataclass
class VersionLineage:
    version: object
    points: list
    dropped: list
    points_known: bool
    previous_points_known: bool

    @property
    def counts(self):
        tally = {change.value: 0 for change in PointChange}
        for point in self.points:
            tally[point.change] += 1
        tally[PointChange.DROPPED.value] = len(self.dropped)
        return tally


def lineage(versions):
    """Each version with its points marked kept, reworded or added, and the points it dropped.

    A version whose points are not known claims nothing about what it kept or dropped.
    """
    result = []
    previous = None
    for version in versions:
        points = list(version.points.all())
        dropped = []
        if previous is not None and points and previous.points_known:
            carried = {point.previous_id for point in points if point.previous_id}
            dropped = [point for point in previous.points if point.id not in carried]
        current = VersionLineage(
            version=version,
            points=points,
            dropped=dropped,
            points_known=bool(points),
            previous_points_known=previous is not None and previous.points_known,
        )
        result.append(current)
        previous = current
    return result
