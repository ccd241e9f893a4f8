"""Backs up every tracked row, its history and the users behind it to one file, and restores it.

The file is gzip-compressed JSON Lines. The first line is the header:

    {"format": "negotiation-backup/1", "created_at": "...", "migrations": {"auth": "0012_...", ...},
     "tables": {"auth.group": 1, ..., "negotiations.source": 3, ...}}

then one line per row, table by table in the header's order, parents before children:

    {"table": "negotiations.source", "row": {"id": 1, "title": "...", "published_at": "..."}}

Rows of the tracked apps (and of auth users) hold every concrete column by attname, keeping
primary keys so links and history stay intact. Groups and permissions differ between databases, so
they are written by natural key: a group by name, a permission as (app_label, codename), and a
link to a content type (a citation's record) as "app_label.model".
"""

import datetime
import decimal
import gzip
import json
import os
import tempfile
import uuid
import zlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import F
from django.utils import timezone

from negotiations import dataversion
from negotiations.tracked import TRACKED_APPS, content_type_columns, tracked_models

FORMAT = "negotiation-backup/1"
# The apps whose tables the file holds: a restore needs their schema exactly as it was.
SCHEMA_APPS = ["auth", *TRACKED_APPS]
CHUNK_SIZE = 2000  # rows read per query and inserted per bulk_create: bounds memory


class BackupError(Exception):
    """A backup that cannot be written or restored; its message is shown to the operator."""


# -- what is backed up -----------------------------------------------------------------------------
def _label(model):
    return model._meta.label_lower


def _column_names(model):
    return [field.attname for field in model._meta.concrete_fields]


def _tables():
    """(table name, queryset of row dicts) in restore order: auth first, then the tracked apps."""
    User = get_user_model()
    group_permissions = Group.permissions.through.objects
    user_groups = User.groups.through.objects
    user_permissions = User.user_permissions.through.objects
    permission_key = {
        "app_label": F("permission__content_type__app_label"),
        "codename": F("permission__codename"),
    }
    tables = [
        ("auth.group", Group.objects.order_by("pk").values("name")),
        (
            "auth.group_permissions",
            group_permissions.order_by("pk").values(group_name=F("group__name"), **permission_key),
        ),
        (_label(User), User._base_manager.order_by("pk").values(*_column_names(User))),
        (
            "auth.user_groups",
            user_groups.order_by("pk").values("user_id", group_name=F("group__name")),
        ),
        (
            "auth.user_user_permissions",
            user_permissions.order_by("pk").values("user_id", **permission_key),
        ),
    ]
    for model in tracked_models():
        rows = model._base_manager.order_by("pk").values(*_column_names(model))
        tables.append((_label(model), rows))
    return tables


def migration_state():
    """The latest applied migration of each app whose tables the file holds."""
    applied = MigrationRecorder(connection).applied_migrations()
    state = {}
    for app_label, name in applied:
        if app_label in SCHEMA_APPS:
            state[app_label] = max(state.get(app_label, ""), name)
    return dict(sorted(state.items()))


# -- writing ---------------------------------------------------------------------------------------
def _json_value(value):
    """JSON for the values JSON lacks, as text each field's to_python() reads back exactly."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # keeps microseconds and the UTC offset
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"Cannot back up a value of type {type(value).__name__}.")


def _content_type_labels():
    return {
        pk: f"{app}.{name}"
        for pk, app, name in ContentType.objects.values_list("pk", "app_label", "model")
    }


def _line(data):
    return json.dumps(data, ensure_ascii=False, default=_json_value).encode("utf-8") + b"\n"


def write_backup(out):
    """Write the backup to the binary file object `out`; returns the header written."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One snapshot for the counts and every row, while editors keep working.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        tables = _tables()
        header = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "migrations": migration_state(),
            "tables": {name: rows.count() for name, rows in tables},
        }
        labels = _content_type_labels()
        with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6) as stream:
            stream.write(_line(header))
            for name, rows in tables:
                by_label = content_type_columns(rows.model)
                for row in rows.iterator(chunk_size=CHUNK_SIZE):
                    for column in by_label:
                        row[column] = labels.get(row[column], row[column])
                    stream.write(_line({"table": name, "row": row}))
    return header


def backup(path):
    """Write the backup to `path` atomically: a failed backup leaves no file under its name."""
    path = Path(path)
    # Beside the target, so the final rename stays on one file system; created readable by
    # the owner only, since the file holds password hashes.
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".partial", delete=False
        ) as file:
            temporary = Path(file.name)
            header = write_backup(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
    return header


# -- reading ---------------------------------------------------------------------------------------
def _read_lines(stream):
    """Each line of the file as JSON; any damage becomes a BackupError naming the line."""
    number = 1
    try:
        for line in stream:
            yield json.loads(line)
            number += 1
    except (OSError, EOFError, zlib.error, ValueError) as error:
        raise BackupError(
            f"The backup file is damaged or truncated at line {number}, so nothing was "
            f"restored: {error}"
        ) from error


def check_header(header):
    """Refuse a file of another format or another schema, with what to do about it."""
    if not isinstance(header, dict) or "format" not in header:
        raise BackupError("This is not a backup file of this application (no header).")
    if header["format"] != FORMAT:
        raise BackupError(
            f"The backup file is in format {header['format']!r}; this version reads {FORMAT!r}."
        )
    if not isinstance(header.get("tables"), dict) or not isinstance(header.get("migrations"), dict):
        raise BackupError("The backup file's header is incomplete.")
    ours = migration_state()
    if header["migrations"] != ours:
        differences = "; ".join(
            f"{app}: file {header['migrations'].get(app)}, database {ours.get(app)}"
            for app in sorted(set(ours) | set(header["migrations"]))
            if header["migrations"].get(app) != ours.get(app)
        )
        raise BackupError(
            "The backup was made with another database schema than this one "
            f"({differences}). Migrate to the same migrations, then restore."
        )


def _check_empty():
    User = get_user_model()
    filled = [_label(m) for m in [User, *tracked_models()] if m._base_manager.exists()]
    if filled:
        raise BackupError(
            "The database is not empty, so nothing was restored: restore into a new, migrated "
            f"database. Tables with rows: {', '.join(filled)}."
        )


def _insert_keeping_timestamps(model, objects):
    """bulk_create stamps auto_now fields with the current time; a restore keeps the stored one,
    written back by bulk_update, which sets values as they are (no pre_save)."""
    stamped = [
        field.attname
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    stored = [[getattr(obj, name) for name in stamped] for obj in objects]
    model._base_manager.bulk_create(objects)
    if stamped:
        for obj, values in zip(objects, stored, strict=True):
            for name, value in zip(stamped, values, strict=True):
                setattr(obj, name, value)
        model._base_manager.bulk_update(objects, stamped)


class _Loader:
    """Turns the rows of each table into objects and inserts them in chunks."""

    def __init__(self):
        # Content types are looked up by natural key: read them afresh, not from a cache that may
        # hold ids from before the database was emptied.
        ContentType.objects.clear_cache()
        User = get_user_model()
        self.models = {_label(model): model for model in [User, *tracked_models()]}
        self.fields = {
            name: {field.attname: field for field in model._meta.concrete_fields}
            for name, model in self.models.items()
        }
        self.permissions = {
            (app_label, codename): pk
            for app_label, codename, pk in Permission.objects.values_list(
                "content_type__app_label", "codename", "pk"
            )
        }
        self.groups = {}  # name -> Group in this database
        self.through = {
            "auth.group_permissions": Group.permissions.through,
            "auth.user_groups": User.groups.through,
            "auth.user_user_permissions": User.user_permissions.through,
        }

    def tables(self):
        return ["auth.group", *self.through, *self.models]

    def load(self, name, rows):
        """Insert one chunk of rows of table `name`."""
        if name == "auth.group":
            for row in rows:
                # Groups such as Editors are created by migrate: reuse them, with the stored
                # permissions only.
                group, _ = Group.objects.get_or_create(name=row["name"])
                group.permissions.clear()
                self.groups[group.name] = group
            return
        if name in self.through:
            objects = [self._link(name, row) for row in rows]
            self.through[name].objects.bulk_create(objects)
            return
        model, fields = self.models[name], self.fields[name]
        by_label = content_type_columns(model)
        objects = []
        for row in rows:
            if row.keys() != fields.keys():
                raise BackupError(f"A row of {name} does not have this database's columns.")
            for column in by_label:
                row[column] = self._content_type(row[column])
            objects.append(model(**{key: fields[key].to_python(v) for key, v in row.items()}))
        _insert_keeping_timestamps(model, objects)

    def _content_type(self, label):
        try:
            app_label, name = label.split(".", 1)
            return ContentType.objects.get_by_natural_key(app_label, name).pk
        except (AttributeError, ValueError, ContentType.DoesNotExist):
            raise BackupError(f"The content type {label!r} does not exist here.") from None

    def _link(self, name, row):
        model = self.through[name]
        values = {}
        if "group_name" in row:
            values["group_id"] = self.groups[row["group_name"]].pk
        if "user_id" in row:
            values["user_id"] = row["user_id"]
        if "codename" in row:
            key = (row["app_label"], row["codename"])
            if key not in self.permissions:
                raise BackupError(f"The permission {'.'.join(key)} does not exist here.")
            values["permission_id"] = self.permissions[key]
        return model(**values)


def _chunks(lines, known_tables):
    """(table, rows) chunks of at most CHUNK_SIZE rows, in file order."""
    name, rows = None, []
    for line in lines:
        if not isinstance(line, dict) or line.get("table") not in known_tables:
            raise BackupError(f"The backup file holds an unknown line: {str(line)[:80]}")
        if line["table"] != name or len(rows) >= CHUNK_SIZE:
            if rows:
                yield name, rows
            name, rows = line["table"], []
        rows.append(line["row"])
    if rows:
        yield name, rows


def _reset_sequences(models):
    """So new rows get ids after the restored ones (PostgreSQL; SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def restore(path):
    """Load the backup at `path` into this empty, migrated database; all or nothing.

    Raises BackupError for a file or database it refuses, OSError for a file it cannot open."""
    with open(path, "rb") as file, gzip.GzipFile(fileobj=file, mode="rb") as stream:
        lines = _read_lines(stream)
        header = next(lines, None)
        check_header(header)
        try:
            with transaction.atomic():
                _check_empty()
                loader = _Loader()
                counts = dict.fromkeys(loader.tables(), 0)
                unknown = set(header["tables"]) - set(counts)
                if unknown:
                    raise BackupError(f"This database has no table {', '.join(sorted(unknown))}.")
                for name, rows in _chunks(lines, counts):
                    loader.load(name, rows)
                    counts[name] += len(rows)
                expected = {name: header["tables"].get(name, 0) for name in counts}
                if counts != expected:
                    raise BackupError(
                        "The backup file holds fewer or more rows than its header says; "
                        "it is truncated or altered, so nothing was restored."
                    )
                _reset_sequences(list(loader.models.values()))
                # Bulk inserts send no signals, and the backup carries the data version row: a
                # new epoch makes every cache key new, so nothing computed on other data is
                # served, and the cache (which other apps may share) is left alone.
                dataversion.start_new_epoch()
        except DatabaseError as error:
            raise BackupError(
                f"The database refused a row of the backup, so nothing was restored: {error}"
            ) from error
        except (ValidationError, KeyError, TypeError, AttributeError) as error:
            raise BackupError(
                f"The backup file holds a row this database cannot read, so nothing was "
                f"restored: {error!r}"
            ) from error
    return header
