"""Who may see drafts: the one rule every query, page and cached response follows.

Nothing reaches analysts until an editor publishes it. An editor (a staff user who may view
statements, sources and terms in the admin) previews drafts in place; everybody else sees
published data only. Cached responses are keyed by `audience(user)`, which this same rule
decides, so a key can never say "public" for content that is not.
"""

DRAFT_VIEW_PERMISSIONS = (
    "negotiations.view_statement",
    "negotiations.view_source",
    "negotiations.view_condition",
)
PUBLIC = "public"
EDITORS = "editors"


def sees_drafts(user):
    """True for an editor who may preview every kind of draft; a partial set of view
    permissions sees published data only, so what a page shows is all or nothing."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return user.has_perms(DRAFT_VIEW_PERMISSIONS)


def audience(user):
    """What the viewer may see, as the part of a cache key that says so."""
    return EDITORS if sees_drafts(user) else PUBLIC
