"""Who may see drafts: the one rule every query, page and cached response follows.

Nothing reaches analysts until an editor publishes it. An editor (a staff user who may view
statements, sources and terms in the admin) previews drafts in place; everybody else sees
published data only. Cached responses are keyed by `audience(user)`, which this same rule
decides, so a key can never say "public" for content that is not.
"""

import copy

DRAFT_VIEW_PERMISSIONS = (
    "negotiations.view_statement",
    "negotiations.view_source",
    "negotiations.view_condition",
)
PUBLIC = "public"
EDITORS = "editors"


def _previews(user):
    """An editor with the permissions to preview every kind of draft; a partial set of view
    permissions sees published data only, so what a page shows is all or nothing."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    return user.has_perms(DRAFT_VIEW_PERMISSIONS)


def sees_drafts(user):
    """True for an editor who previews drafts here. An editor limited to some peace processes
    (`rights`) previews them only on a page of one of those processes, where the page's viewer
    is `viewer_in(user, process)`; everywhere else they see what readers see."""
    from negotiations.rights import editable_process_ids

    if not _previews(user):
        return False
    ids = editable_process_ids(user)
    return ids is None or getattr(user, "drafts_in_process", None) in ids


def viewer_in(user, process):
    """The viewer of a page of one peace process: `user`, who, if limited to some processes,
    previews drafts there when `process` is one of theirs. `process` is a process, its id, or
    a function giving its id (called only for such an editor)."""
    from negotiations.rights import editable_process_ids

    if not _previews(user) or editable_process_ids(user) is None:
        return user
    if callable(process):
        process = process()
    viewer = copy.copy(user)
    viewer.drafts_in_process = getattr(process, "pk", process)
    return viewer


def audience(user):
    """What the viewer may see, as the part of a cache key that says so: readers, editors of
    every process, or the editors of these processes (`editors:1,3`), whose pages show drafts of
    those processes only."""
    from negotiations.rights import editable_process_ids

    if not _previews(user):
        return PUBLIC
    ids = editable_process_ids(user)
    return EDITORS if ids is None else EDITORS + ":" + ",".join(map(str, sorted(ids)))


# -- what a reader may see ----------------------------------------------------------------------
# A statement stands for readers only when it is published and at least one published source
# reports it: a statement whose every report is still in draft would be shown as if it stood with
# no source for it. A term is published on its own; resting on such a statement, it stays
# visible, without the quote.


def reported():
    """The condition, on a statement row, that a published source reports it."""
    from django.db.models import Exists, OuterRef

    from negotiations.models import Attestation, PublishStatus

    return Exists(
        Attestation.objects.filter(statement=OuterRef("pk"), source__status=PublishStatus.PUBLISHED)
    )


def standing_statements(statements=None):
    """The statements (all, or those of `statements`) a reader may see."""
    from negotiations.models import PublishStatus, Statement

    statements = Statement.objects.all() if statements is None else statements
    return statements.filter(reported(), status=PublishStatus.PUBLISHED)


def statements_visible_to(user, statements=None):
    """Every statement for an editor, marked by `is_public` (see `with_public_mark`); the
    standing ones for everybody else."""
    from django.db.models import Value

    from negotiations.models import Statement

    statements = Statement.objects.all() if statements is None else statements
    if sees_drafts(user):
        return with_public_mark(statements)
    return standing_statements(statements).annotate(is_public=Value(True))


def with_public_mark(statements):
    """Statements annotated with `is_public`: whether a reader sees them, so that an editor's
    preview can say "draft" of every one a reader would not see."""
    from django.db.models import BooleanField, ExpressionWrapper, Q

    from negotiations.models import PublishStatus

    public = Q(status=PublishStatus.PUBLISHED) & reported()
    return statements.annotate(is_public=ExpressionWrapper(public, output_field=BooleanField()))


def people_visible_to(user, people=None):
    """People a reader may see (`PersonQuerySet.public`), or, for an editor, everybody, each
    marked by `is_public`."""
    from django.db.models import Exists, OuterRef, Value

    from parties.models import Person

    people = Person.objects.all() if people is None else people
    if sees_drafts(user):
        public = Person.objects.public().filter(pk=OuterRef("pk"))
        return people.annotate(is_public=Exists(public))
    return people.public().annotate(is_public=Value(True))


def citations_visible_to(user):
    """Citations whose source a viewer may see (with the source loaded)."""
    from negotiations.models import Citation, PublishStatus

    citations = Citation.objects.select_related("source")
    if sees_drafts(user):
        return citations
    return citations.filter(source__status=PublishStatus.PUBLISHED)
