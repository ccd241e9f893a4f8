"""The data version: raised by every write to the tracked data, read once per request.

Cached comparisons are keyed by it. The bump runs inside the writing transaction, so a rolled
back write leaves the version alone, and every app server sees the same number because it lives
in the database, whatever the cache backend.
"""

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

TRACKED_APPS = ("parties", "negotiations")


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


def bump(**kwargs):
    """Raise the version by one; creates the row the first time."""
    from negotiations.models import DataVersion

    if DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            DataVersion.objects.create(pk=1, value=1)
    except IntegrityError:
        DataVersion.objects.filter(pk=1).update(value=F("value") + 1)


def _tracked_models():
    for app_label in TRACKED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            name = model._meta.model_name
            # History rows are written with the row they record: one bump is enough.
            if name == "dataversion" or name.startswith("historical"):
                continue
            yield model


def connect():
    """Bump on every save, delete and many-to-many change of a tracked model (history too)."""
    for model in _tracked_models():
        uid = f"dataversion.{model._meta.label_lower}"
        post_save.connect(bump, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"{uid}.delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}"
            )
