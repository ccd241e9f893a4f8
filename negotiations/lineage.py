"""A proposal's clause lineage: its versions side by side, point by point, each point marked as
in the first version, kept, reworded, added or dropped, and nothing claimed where a version's
points are not known."""

from dataclasses import dataclass, field

from negotiations.models import PointChange

FIRST = "first"  # a point of the first version: there is nothing to compare it with
LISTED = "listed"  # a point whose previous version's points are not known
UNKNOWN = "unknown"  # this version's points are not reported
ABSENT = "absent"  # not (or no longer) in this version

LABELS = {
    FIRST: "first version",
    LISTED: "listed",
    UNKNOWN: "not reported",
    ABSENT: "",
    **{change.value: change.label for change in PointChange},
}


@dataclass
class Column:
    """A version, with what it changed when its points and those of the version before are known."""

    version: object
    points_known: bool
    previous_points_known: bool
    is_first: bool
    reported: int = 0
    counts: dict = field(default_factory=dict)

    @property
    def compared(self):
        return not self.is_first and self.points_known and self.previous_points_known


@dataclass
class Cell:
    column: Column
    change: str
    point: object = None

    @property
    def label(self):
        return LABELS[self.change]

    @property
    def was(self):
        """The previous wording of a reworded point."""
        return self.point.previous.text if self.change == PointChange.REWORDED else ""


@dataclass
class Lineage:
    columns: list[Column]
    rows: list[list[Cell]]

    @property
    def any_points(self):
        return bool(self.rows)


def lineage(versions):
    """The versions of one proposal (in order, their points and each point's previous one
    prefetched) laid side by side: one row per point, following it from version to version."""
    points_by_version = [list(version.points.all()) for version in versions]
    columns = []
    for index, version in enumerate(versions):
        known = bool(points_by_version[index])
        columns.append(
            Column(
                version=version,
                points_known=known,
                previous_points_known=index > 0 and columns[index - 1].points_known,
                is_first=index == 0,
                reported=len(points_by_version[index]),
            )
        )
    chains = _chains(points_by_version)
    rows = [_row(chain, columns) for chain in chains]
    for index, column in enumerate(columns):
        if column.compared:
            tally = {change.value: 0 for change in PointChange}
            for row in rows:
                if row[index].change in tally:
                    tally[row[index].change] += 1
            column.counts = tally
    return Lineage(columns=columns, rows=rows)


def _chains(points_by_version):
    """Each point followed through the versions: a list of {version index: point}, in the order
    the points first appear. A point carried into two later points splits its chain."""
    chains, chain_of = [], {}
    for index, points in enumerate(points_by_version):
        for point in points:
            parent = chain_of.get(point.previous_id)
            if parent is None:
                chain = {}
                chains.append(chain)
            elif index in parent:
                # A second successor in the same version: a row of its own, same ancestry.
                chain = {i: p for i, p in parent.items() if i < index}
                chains.append(chain)
            else:
                chain = parent
            chain[index] = point
            chain_of[point.id] = chain
    return chains


def _row(chain, columns):
    cells = []
    first_seen = min(chain)
    last_seen = None
    for index, column in enumerate(columns):
        point = chain.get(index)
        if point is not None:
            if column.is_first:
                change = FIRST
            elif not column.previous_points_known and index == first_seen:
                change = LISTED
            else:
                change = point.change
            cells.append(Cell(column, change, point))
            last_seen = index
        elif not column.points_known:
            cells.append(Cell(column, UNKNOWN))
        elif last_seen is not None:
            # The first version with known points that lacks it: every one in between was
            # unknown, or it would have been marked dropped there.
            cells.append(Cell(column, PointChange.DROPPED.value, chain[last_seen]))
            last_seen = None
        else:
            cells.append(Cell(column, ABSENT))
    return cells
