"""The data version: raised by every write to the tracked data, read once per request.

Cached comparisons are keyed by it. The number lives in the database, so every app server sees
the same one whatever the cache backend. A request that writes raises it once, after its
transactions, as its last statement (RaiseAfterWrites); a command or a shell raises it with each
write, inside its transaction.
"""

from contextvars import ContextVar

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from negotiations.tracked import tracked_models


def current():
    from negotiations.models import DataVersion

    value = DataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return 0 if value is None else value


def token():
    """The epoch and the number, as one string for cache keys: one query."""
    from negotiations.models import DataVersion

    row = DataVersion.objects.filter(pk=1).values_list("epoch", "value").first()
    return "0.0" if row is None else f"{row[0]}.{row[1]}"


def start_new_epoch():
    """After the data was replaced wholesale (a restore): nothing cached before can match."""
    from negotiations.models import DataVersion, new_epoch

    bump()
    DataVersion.objects.filter(pk=1).update(epoch=new_epoch())


def bump():
    """Raise the version by one now, in the caller's transaction if there is one."""
    from negotiations.models import DataVersion

    if DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            DataVersion.objects.create(pk=1, value=1)
    except IntegrityError:
        DataVersion.objects.filter(pk=1).update(value=F("value") + 1)


# The writes of the request being answered on this thread, while RaiseAfterWrites wraps it.
_request_writes = ContextVar("data_version_request_writes", default=None)


def written(**kwargs):
    """A tracked row was saved, deleted or linked: noted for the end of the request, if the
    write comes from one; otherwise (a command, a shell) the version rises at once."""
    writes = _request_writes.get()
    if writes is None:
        bump()
    else:
        writes.append(True)


class RaiseAfterWrites:
    """Raises the data version once per request that wrote, as its last statement.

    The view's transactions have committed by then (ATOMIC_REQUESTS is off), so the row every
    writer updates is locked for one short statement, by a request that holds no other lock:
    it cannot close a deadlock cycle with the rows an edit locks (negotiations/locking.py).
    Until the number rises, a reader may cache the new data under the old number, a key no
    one asks for afterwards; no reader can cache old data under the new number. The number
    rises before the editor's response leaves, so their next request shows the change.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = []
        token = _request_writes.set(writes)
        try:
            return self.get_response(request)
        finally:
            _request_writes.reset(token)
            if writes:
                bump()


def connect():
    """Bump on every save, delete and many-to-many change of a tracked model (history too)."""
    # History rows are written with the row they record: one raise is enough.
    for model in tracked_models(history=False, links=False, data_version=False):
        uid = f"dataversion.{model._meta.label_lower}"
        post_save.connect(written, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(written, sender=model, dispatch_uid=f"{uid}.delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                written,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}.{field.name}",
            )
