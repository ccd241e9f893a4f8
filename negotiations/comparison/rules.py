"""The rule that reads collisions and overlaps out of the terms: written once, stated in words on
the page, the legend, the methodology and every export."""

from dataclasses import dataclass

from negotiations.models import ConditionKind

COLLISION_RULE = (
    "Two parties' terms collide when one demands something (a demand or precondition) that the "
    "other rejects or holds as a red line, and overlap when one's demand, precondition or offer "
    "meets the other's offer or acceptance: in both cases on the same topic, with overlapping "
    "regions (a term naming no region covers them all) and the same proposal version where both "
    "name one."
)
ASKING = {ConditionKind.DEMAND, ConditionKind.PRECONDITION}
REFUSING = {ConditionKind.REJECTION, ConditionKind.RED_LINE}
PROPOSING = {ConditionKind.DEMAND, ConditionKind.PRECONDITION, ConditionKind.OFFER}
AGREEING = {ConditionKind.OFFER, ConditionKind.ACCEPTANCE}

COLLISION = "collision"
OVERLAP = "overlap"


@dataclass(frozen=True)
class Mark:
    """Two terms the rule links: `first`'s kind asks or offers, `second`'s refuses or agrees."""

    kind: str  # COLLISION or OVERLAP
    first: object
    second: object

    def reason(self, labels):
        """In words, with the parties' labels: "Russia's demand collides with Ukraine's red line."."""
        verb = "collides with" if self.kind == COLLISION else "meets"
        a, b = self.first, self.second
        return (
            f"{labels[a.party_id]}'s {a.kind_label} {verb} {labels[b.party_id]}'s {b.kind_label}."
        )

    @property
    def term_ids(self):
        return {self.first.id, self.second.id}


def _regions_overlap(a, b):
    return not a.region_ids or not b.region_ids or bool(a.region_ids & b.region_ids)


def _versions_match(a, b):
    return (
        a.proposal_version_id is None
        or b.proposal_version_id is None
        or a.proposal_version_id == b.proposal_version_id
    )


def _compatible(x, y):
    return x.party_id != y.party_id and _regions_overlap(x, y) and _versions_match(x, y)


def marks(terms):
    """Every collision and overlap among `terms` of one topic, once each.

    Only the kinds the rule reads are paired, so a topic with many positions costs nothing.
    """
    asking = [term for term in terms if term.kind in ASKING]
    refusing = [term for term in terms if term.kind in REFUSING]
    proposing = [term for term in terms if term.kind in PROPOSING]
    agreeing = [term for term in terms if term.kind in AGREEING]
    found = [Mark(COLLISION, x, y) for x in asking for y in refusing if _compatible(x, y)]
    found += [
        Mark(OVERLAP, x, y)
        for x in proposing
        for y in agreeing
        # Two offers meet each other: count the pair once.
        if _compatible(x, y) and not (x.kind in AGREEING and y.kind in PROPOSING and x.id > y.id)
    ]
    return found
