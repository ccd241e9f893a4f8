"""Which peace processes an editor may edit: the one rule the admin, intake, publishing and the
drafts an editor previews follow.

An editor with no `ProcessEditor` row edits every process (superusers always do); with rows,
only those processes. Everything that belongs to a process is reached through it: its topics,
proposals, events and facts directly, terms through their topic, proposal versions and points
through their proposal. A statement belongs to no process: it bears on each process whose terms
it backs. A limited editor edits the statements that bear on one of their processes or on none
yet (a statement just entered), and publishes one only with the right to every process it bears
on. Sources, people, parties and regions are shared by every process and are not limited.
"""

from django.db.models import Exists, OuterRef

# How each scoped model reaches its process.
PROCESS_PATHS = {
    "negotiations.peaceprocess": "pk",
    "negotiations.participation": "process",
    "negotiations.topic": "process",
    "negotiations.proposal": "process",
    "negotiations.event": "process",
    "negotiations.fact": "process",
    "negotiations.condition": "topic__process",
    "negotiations.proposalversion": "proposal__process",
    "negotiations.proposalpoint": "version__proposal__process",
}
CACHE_ATTRIBUTE = "_editable_process_ids"


def editable_process_ids(user):
    """The ids of the processes `user` may edit, or None for every process. Read once per user
    object (a request's user)."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    ids = getattr(user, CACHE_ATTRIBUTE, False)
    if ids is False:
        from negotiations.models import ProcessEditor

        found = frozenset(
            ProcessEditor.objects.filter(user=user).values_list("process_id", flat=True)
        )
        ids = found or None
        setattr(user, CACHE_ATTRIBUTE, ids)
    return ids


def is_scoped(model):
    """True for a model whose rows belong to processes (directly, or as statements do)."""
    label = model._meta.label_lower
    return label in PROCESS_PATHS or label in ("negotiations.statement", "negotiations.attestation")


def is_limited(user):
    return editable_process_ids(user) is not None


def editable(queryset, user):
    """The rows of `queryset` that `user` may edit (every row for an editor not limited)."""
    ids = editable_process_ids(user)
    if ids is None:
        return queryset
    model = queryset.model
    if model._meta.label_lower == "negotiations.statement":
        return queryset.filter(_statement_rule(ids))
    if model._meta.label_lower == "negotiations.attestation":
        from negotiations.models import Statement

        return queryset.filter(statement__in=editable(Statement.objects.all(), user).values("pk"))
    path = PROCESS_PATHS.get(model._meta.label_lower)
    if path is None:
        return queryset  # shared by every process
    return queryset.filter(**{f"{path}__in": ids})


def _statement_rule(ids):
    from negotiations.models import Condition

    links = Condition.statements.through.objects.filter(statement_id=OuterRef("pk"))
    return Exists(links.filter(condition__topic__process__in=ids)) | ~Exists(links)


def processes_of_statements(statement_ids):
    """statement id -> the ids of the processes it bears on."""
    from negotiations.models import Condition

    found = {}
    links = Condition.statements.through.objects.filter(statement_id__in=statement_ids)
    for statement_id, process_id in links.values_list(
        "statement_id", "condition__topic__process_id"
    ).distinct():
        found.setdefault(statement_id, set()).add(process_id)
    return found


def publishing_refusals(user, statements, extra_processes=()):
    """Why `user` may not publish `statements` (ids): each bears on a process they do not edit
    (with `extra_processes`, the processes of terms they are about to be linked to)."""
    ids = editable_process_ids(user)
    if ids is None:
        return []
    from negotiations.models import PeaceProcess

    bearing = processes_of_statements(list(statements))
    outside = {
        statement_id: (bearing.get(statement_id, set()) | set(extra_processes)) - ids
        for statement_id in statements
    }
    named = set().union(*outside.values())
    names = (
        dict(PeaceProcess.objects.filter(pk__in=named).values_list("pk", "name")) if named else {}
    )
    refusals = []
    for statement_id, processes in outside.items():
        if processes:
            listed = ", ".join(sorted(names[pk] for pk in processes))
            refusals.append(
                f"Statement {statement_id} bears on a peace process you do not edit ({listed}): "
                "an editor of every process it bears on must publish it."
            )
    return refusals
