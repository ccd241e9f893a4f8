"""The rows a load writes, taken once and written back in bulk: the seed for every test, fast.

A real load (`load_seed`, with its validation and history) runs once per session inside a
transaction that is then undone; every table it wrote to is read back, row by row, field by
field. `restore()` inserts those rows as they were, ids and history included, so a test sees
exactly what `manage.py seed` leaves behind. A link to a content type is kept by natural key:
a test with real transactions flushes the database, and migrate's signal then recreates the
content types under new ids. Foreign keys are checked at commit on both
PostgreSQL and SQLite (Django creates them deferrable), so the order of the tables is free.
"""

from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from negotiations.tracked import content_type_columns


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _count(models):
    return {model: model._base_manager.count() for model in models}


def _rows(model):
    names = [field.attname for field in model._meta.concrete_fields]
    return [
        dict(zip(names, values, strict=True)) for values in model._base_manager.values_list(*names)
    ]


def _by_natural_key(model, rows):
    columns = content_type_columns(model)
    for row in rows:
        for column in columns:
            row[column] = ContentType.objects.get_for_id(row[column]).natural_key()
    return rows


def _by_id(model, row):
    row = dict(row)
    for column in content_type_columns(model):
        row[column] = ContentType.objects.get_by_natural_key(*row[column]).pk
    return row


@dataclass(frozen=True)
class Snapshot:
    rows: dict  # model -> list of {attname: value}
    result: Counter  # what the load returned (how many of each it created)

    def restore(self):
        # One transaction, so that the deferred foreign keys are checked once every row is in,
        # also in a test that runs in autocommit (transactional_db).
        ContentType.objects.clear_cache()  # ids may have changed since the last restore
        with transaction.atomic():
            for model, rows in self.rows.items():
                model._base_manager.bulk_create([model(**_by_id(model, row)) for row in rows])
            # The rows keep their ids; new rows must come after them even if a test before this
            # one rewound the sequences (PostgreSQL; SQLite needs nothing).
            resets = connection.ops.sequence_reset_sql(no_style(), list(self.rows))
            if resets:
                with connection.cursor() as cursor:
                    cursor.execute(";".join(resets))
        return Counter(self.result)


def take(load):
    """Run `load()` and read back every table it changed; the caller undoes the load."""
    models = _models()
    before = _count(models)
    result = load()
    changed = [model for model, count in _count(models).items() if count != before[model]]
    if any(before[model] for model in changed):
        raise RuntimeError("The seed snapshot must be taken on an empty database.")
    rows = {model: _by_natural_key(model, _rows(model)) for model in changed}
    return Snapshot(rows, Counter(result))
