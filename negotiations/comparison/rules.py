"""The rule that reads collisions and overlaps out of the terms: written once, stated in words on
the page, the legend, the methodology and every export.

A topic with many terms has many colliding pairs, and a reader needs to know which parties clash
and with which kinds of term, not every pair: `links()` finds each (party, kind) against
(party, kind) link once, stopping at the first pair of terms that makes it; `matches()` names a
few of the terms one term collides or overlaps with, for the opened cell.
"""

from collections import defaultdict
from dataclasses import dataclass, replace

from negotiations.models import ConditionKind

COLLISION_RULE = (
    "Two parties' terms collide when one demands something (a demand or precondition) that the "
    "other rejects or holds as a red line, and overlap when one's demand, precondition or offer "
    "meets the other's offer or acceptance: in both cases on the same topic, with overlapping "
    "regions (a term naming no region, or naming its regions only as examples, covers them all) "
    "and the same proposal version where both name one. An overlap that rests on a conditional "
    "term (one held only if another is met) is a conditional overlap, and names that condition; "
    "a condition that collides with another party's refusal is named as the obstacle."
)
ASKING = {ConditionKind.DEMAND, ConditionKind.PRECONDITION}
REFUSING = {ConditionKind.REJECTION, ConditionKind.RED_LINE}
PROPOSING = {ConditionKind.DEMAND, ConditionKind.PRECONDITION, ConditionKind.OFFER}
AGREEING = {ConditionKind.OFFER, ConditionKind.ACCEPTANCE}
# The kinds that can come first in a link (asking or proposing), and second.
LEADING = ASKING | PROPOSING
ANSWERING = REFUSING | AGREEING

COLLISION = "collision"
OVERLAP = "overlap"
KIND_LABELS = dict(ConditionKind.choices)


@dataclass(frozen=True)
class Obstacle:
    """A refusal a condition collides with: "Ukraine's rejection: Rejects ceding land"."""

    party_id: int
    kind: str
    summary: str

    def label(self, labels):
        """ "Ukraine's rejection", with the parties' labels."""
        return f"{labels.get(self.party_id, 'another party')}'s {KIND_LABELS[self.kind]}"


@dataclass(frozen=True)
class Link:
    """One party's kind of term against another's, on one topic: `first` asks or offers,
    `second` refuses or agrees. An overlap with `conditions` holds only if they are met."""

    kind: str  # COLLISION or OVERLAP
    first_party: int
    first_kind: str
    second_party: int
    second_kind: str
    conditions: tuple = ()  # the terms.Condition it rests on, for a conditional overlap
    obstacles: tuple = ()  # (condition id, Obstacle): what stands in a condition's way

    @property
    def is_conditional(self):
        return bool(self.conditions)

    @property
    def parties(self):
        return (self.first_party, self.second_party)

    def reason(self, labels):
        """In words, with the parties' labels: "Russia's demand collides with Ukraine's red
        line.", "Russia's acceptance meets US's offer, if: Ukraine must withdraw ...; obstacle:
        Ukraine's rejection."."""
        verb = "collides with" if self.kind == COLLISION else "meets"
        text = (
            f"{labels.get(self.first_party, '?')}'s {KIND_LABELS[self.first_kind]} {verb} "
            f"{labels.get(self.second_party, '?')}'s {KIND_LABELS[self.second_kind]}"
        )
        if self.conditions:
            text += ", if: " + "; ".join(condition.summary for condition in self.conditions)
        if self.obstacles:
            text += "; obstacle: " + "; ".join(
                obstacle.label(labels) for _condition, obstacle in self.obstacles
            )
        return text + "."


def _regions_overlap(a, b):
    if a.regions_are_examples or b.regions_are_examples:
        return True  # "including Donetsk, Crimea and Lugansk" does not stop at those
    return not a.region_ids or not b.region_ids or not a.region_ids.isdisjoint(b.region_ids)


def _versions_match(a, b):
    return (
        a.proposal_version_id is None
        or b.proposal_version_id is None
        or a.proposal_version_id == b.proposal_version_id
    )


def compatible(x, y):
    """Two parties' terms the rule may link: different parties, overlapping regions, the same
    proposal version where both name one."""
    return x.party_id != y.party_id and _regions_overlap(x, y) and _versions_match(x, y)


def relation(x, y):
    """COLLISION or OVERLAP when `x` (asking or offering) meets `y`, else None."""
    if x.kind in ASKING and y.kind in REFUSING:
        return COLLISION
    if x.kind in PROPOSING and y.kind in AGREEING:
        return OVERLAP
    return None


def links(terms):
    """Every (party, kind) against (party, kind) link among `terms` of one topic, once each."""
    groups = defaultdict(list)
    for term in terms:
        groups[(term.party_id, term.kind)].append(term)
    # Only a group that asks or proposes can come first, and one that refuses or agrees second:
    # the other pairs are never read (the order of the pairs read is unchanged).
    firsts_ = [(key, group) for key, group in groups.items() if key[1] in LEADING]
    seconds_ = [(key, group) for key, group in groups.items() if key[1] in ANSWERING]
    found = []
    for (party_a, kind_a), firsts in firsts_:
        for (party_b, kind_b), seconds in seconds_:
            if party_a == party_b:
                continue
            kind = relation(firsts[0], seconds[0])
            if kind is None:
                continue
            if (
                kind == OVERLAP
                and kind_a in AGREEING
                and kind_b in PROPOSING
                and ((party_a, kind_a) > (party_b, kind_b))
            ):
                continue  # two offers meet each other: one link, not two
            link = _link(kind, firsts, seconds)
            if link is not None:
                found.append(link)
    return found


def _link(kind, firsts, seconds):
    """The link between two groups of terms, or None: an overlap is plain when any pair that
    makes it rests on no condition, and conditional (naming the conditions) when all do."""
    first, second = firsts[0], seconds[0]
    conditional = None
    for x in firsts:
        for y in seconds:
            if not compatible(x, y):
                continue
            if kind == COLLISION or (not x.conditions and not y.conditions):
                return Link(kind, first.party_id, first.kind, second.party_id, second.kind)
            conditional = conditional or (x, y)
    if conditional is None:  # (a collision was returned at its first pair)
        return None
    x, y = conditional
    conditions = tuple(dict.fromkeys((*x.conditions, *y.conditions)))
    return Link(kind, first.party_id, first.kind, second.party_id, second.kind, conditions)


def with_obstacles(link, refusals):
    """`link` with the refusals its conditions collide with; `refusals` maps a topic id to the
    (party id, kind, summary) of the standing refusals on it."""
    obstacles = tuple(
        (condition.id, Obstacle(party_id, kind, summary))
        for condition in link.conditions
        if condition.kind in ASKING
        for party_id, kind, summary in refusals.get(condition.topic_id, ())
        if party_id != condition.party_id
    )
    return replace(link, obstacles=obstacles) if obstacles else link


def matches(term, others, limit=3):
    """Up to `limit` (relation, other term) pairs that `term` collides or overlaps with."""
    found = []
    for other in others:
        kind = relation(term, other) or relation(other, term)
        if kind is not None and compatible(term, other):
            found.append((kind, other))
            if len(found) == limit:
                break
    return found
