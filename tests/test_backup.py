"""Backup and restore: every row, its history and its users come back exactly, or nothing changes."""

import dataclasses
import datetime
import gzip
import io
import json

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.http import QueryDict

from negotiations.comparison import parse_filters
from negotiations.exports import formats
from negotiations.exports.data import Export
from negotiations.management import backup as backup_module
from negotiations.management.backup import tracked_models
from negotiations.models import (
    Condition,
    PublishStatus,
    Region,
    Source,
    Statement,
    StatementMode,
)
from parties.editors import EDITORS_GROUP
from parties.models import Party

User = get_user_model()

# Right-to-left embedding and marks, zero-width joiners, emoji with modifiers and flags, every
# kind of quote, control characters other than NUL, line and paragraph separators, a combining
# accent, a byte order mark, a character outside the Basic Multilingual Plane, trailing blanks.
UNUSUAL_TEXT = (
    "RTL: \u202bשלום עליכם\u202c and \u200fمرحبا\u200f; LRM\u200e. "
    "Joined: 👩\u200d💻 👨\u200d👩\u200d👧\u200d👦 🕊️ 🇺🇦 👍🏽. "
    "Quotes: “double” ‘single’ „low“ «guillemets» ‹single› \"straight\" 'straight' `back`. "
    "Controls: \x01\x07\x08\x0b\x0c\x1b\x7f tab\there cr\r\nlf\n"
    "Separators: line\u2028paragraph\u2029. Combining: e\u0301. BOM: \ufeff. Astral: 𝔘𝔫𝔦. "
    "Trailing  \t"
)
EXPORT_VIEWS = ["", "party=russia&party=ukraine&topic=territory&as_of=2025-11-28"]


# -- helpers ---------------------------------------------------------------------------------------
def columns(model):
    return [field.attname for field in model._meta.concrete_fields]


def snapshot():
    """Every backed-up table as a list of row tuples; groups and permissions by natural key."""
    tables = {
        model._meta.label_lower: list(
            model._base_manager.order_by("pk").values_list(*columns(model))
        )
        for model in [User, *tracked_models()]
        # The data version is raised by the restore itself, so cached results are dropped.
        if model._meta.model_name != "dataversion"
    }
    tables["groups"] = sorted(
        (group.name, tuple(sorted(group.permissions.values_list("codename", flat=True))))
        for group in Group.objects.all()
    )
    tables["memberships"] = sorted(
        User.groups.through.objects.values_list("user__username", "group__name")
    )
    tables["user permissions"] = sorted(
        User.user_permissions.through.objects.values_list(
            "user__username", "permission__content_type__app_label", "permission__codename"
        )
    )
    return tables


def row_count():
    return sum(model._base_manager.count() for model in [User, *tracked_models()])


def empty_database():
    """Delete every tracked row, history row and user (children first, then their parents), and
    rewind the id sequences, as in a newly migrated database."""
    tables = {model._meta.db_table for model in [User, *tracked_models()]}
    sequences = [s for s in connection.introspection.sequence_list() if s["table"] in tables]
    with transaction.atomic(), connection.cursor() as cursor:
        for model in reversed(tracked_models()):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (a model's table name)
        User.objects.all().delete()
        Group.objects.exclude(name=EDITORS_GROUP).delete()
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(sql)
    assert row_count() == 0


def read_xlsx(body):
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def all_exports(username=None):
    """The four exports of each view, as an anonymous reader or as `username` sees them."""
    user = User.objects.get(username=username) if username else AnonymousUser()
    results = {}
    for query in EXPORT_VIEWS:
        filters = parse_filters(QueryDict(query))
        if filters.as_of is None:
            filters = dataclasses.replace(filters, as_of=datetime.date(2025, 12, 1))

        def written(writer, filters=filters):
            return b"".join(
                chunk.encode() if isinstance(chunk, str) else chunk
                for chunk in writer(Export(filters, user))
            )

        results[query] = {
            "csv": written(formats.write_csv),
            "xlsx": read_xlsx(written(formats.write_xlsx)),
            "json": written(formats.write_json),
            "md": written(formats.write_markdown),
        }
    return results


def make_history(editor):
    """Edits through .save() as an editor, a publish and an unpublish, an M2M change, Unicode."""
    statement = Statement.objects.order_by("pk").first()
    statement.summary = "Edited: \u200fقال\u200f 👍🏽 “so”"
    statement._history_user = editor
    statement.save()

    condition = Condition.objects.published().order_by("pk").first()
    condition.summary = f"{condition.summary} — \u202bעודכן\u202c 🕊️"
    condition._history_user = editor
    condition.save()
    condition.regions.add(Region.objects.order_by("pk").last())

    draft = Condition.objects.published().order_by("pk").last()
    draft.status = PublishStatus.DRAFT
    draft._history_user = editor
    draft.save()
    draft.status = PublishStatus.PUBLISHED
    draft.save()
    draft.status = PublishStatus.DRAFT
    draft.save()

    source = Source(
        publisher="Ha’aretz «Weekend» \u200f",
        title="👨\u200d👩\u200d👧 “Talks” — \u202bשיחות\u202c",
        url="https://example.org/ünïcode?q=“x”",
        published_on=datetime.date(2025, 11, 30),
        text=UNUSUAL_TEXT,
        note="",
        status=PublishStatus.PUBLISHED,
    )
    source._history_user = editor
    source.save()

    reviewers = Group.objects.create(name="Reviewers ✓")
    reviewers.permissions.add(Permission.objects.get(codename="view_source"))
    reviewer = User.objects.create_user(
        "rëviewer", password="correct horse battery", first_name="Zoë", last_name="\u200fنور"
    )
    reviewer.groups.add(reviewers)
    reviewer.user_permissions.add(Permission.objects.get(codename="view_fact"))
    User.objects.filter(pk=editor.pk).update(
        last_login=datetime.datetime(2025, 11, 30, 23, 59, 59, 999999, tzinfo=datetime.UTC)
    )


def back_up(path):
    call_command("backup", str(path), stdout=io.StringIO())


def restore(path):
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)
    return out.getvalue()


def gzip_lines(path, lines):
    with gzip.open(path, "wb") as stream:
        for line in lines:
            stream.write(json.dumps(line).encode() + b"\n")


# -- round trip ------------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_holds_every_row_history_and_user_exactly(seeded, editor, tmp_path):
    make_history(editor)
    before = snapshot()
    exports_before = {None: all_exports(), "editor": all_exports("editor")}
    assert before["negotiations.historicalcondition_regions"]
    assert any(row[-1] for row in before["negotiations.historicalstatement"])  # a history user
    path = tmp_path / "negotiation.jsonl.gz"

    back_up(path)
    empty_database()
    assert snapshot() != before
    message = restore(path)

    assert "Restored" in message
    assert snapshot() == before
    assert {None: all_exports(), "editor": all_exports("editor")} == exports_before
    restored = Source.objects.get(publisher__startswith="Ha’aretz")
    assert restored.text == UNUSUAL_TEXT
    assert restored.history.get().history_user.username == "editor"
    assert User.objects.get(username="rëviewer").check_password("correct horse battery")


@pytest.mark.django_db(transaction=True)
def test_new_rows_after_a_restore_get_fresh_ids(seeded, editor, tmp_path):
    make_history(editor)
    path = tmp_path / "negotiation.jsonl.gz"
    back_up(path)
    highest = Statement.objects.order_by("-pk").first().pk
    empty_database()
    restore(path)

    statement = Statement.objects.create(
        party=Party.objects.first(), said_on=datetime.date(2025, 12, 2), mode=StatementMode.QUOTE
    )
    user = User.objects.create_user("newcomer")

    assert statement.pk > highest
    assert statement.history.count() == 1
    assert user.pk > User.objects.exclude(pk=user.pk).order_by("-pk").first().pk


def test_the_backup_file_is_gzip_json_lines_with_a_header(seeded, tmp_path):
    path = tmp_path / "negotiation.jsonl.gz"
    back_up(path)

    with gzip.open(path, "rb") as stream:
        lines = [json.loads(line) for line in stream]
    header, rows = lines[0], lines[1:]

    assert header["format"] == backup_module.FORMAT
    assert header["migrations"]["negotiations"] == backup_module.migration_state()["negotiations"]
    datetime.datetime.fromisoformat(header["created_at"])
    assert header["tables"]["parties.party"] == Party.objects.count()
    assert sum(header["tables"].values()) == len(rows)
    assert {"table": "auth.group", "row": {"name": EDITORS_GROUP}} in rows


# -- refusals --------------------------------------------------------------------------------------
def test_restoring_into_a_database_with_data_is_refused_and_changes_nothing(seeded, tmp_path):
    path = tmp_path / "negotiation.jsonl.gz"
    back_up(path)
    before = snapshot()

    with pytest.raises(CommandError, match="not empty"):
        restore(path)

    assert snapshot() == before


def test_a_truncated_backup_fails_and_leaves_the_database_empty(seeded, tmp_path, monkeypatch):
    path = tmp_path / "negotiation.jsonl.gz"
    back_up(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    empty_database()
    empty = snapshot()
    # Small chunks, so rows are inserted before the damage is found and must be rolled back.
    monkeypatch.setattr(backup_module, "CHUNK_SIZE", 5)

    with pytest.raises(CommandError, match="damaged or truncated"):
        restore(path)

    assert snapshot() == empty


def test_a_backup_missing_a_line_fails_and_leaves_the_database_empty(seeded, tmp_path):
    path = tmp_path / "negotiation.jsonl.gz"
    back_up(path)
    with gzip.open(path, "rb") as stream:
        lines = stream.readlines()
    del lines[len(lines) // 2]
    with gzip.open(path, "wb") as stream:
        stream.writelines(lines)
    empty_database()
    empty = snapshot()

    with pytest.raises(CommandError, match="fewer or more rows"):
        restore(path)

    assert snapshot() == empty


def header_of(path):
    with gzip.open(path, "rb") as stream:
        return json.loads(stream.readline())


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda header: {**header, "format": "negotiation-backup/99"}, "format"),
        (
            lambda header: {
                **header,
                "migrations": {**header["migrations"], "negotiations": "0099_future"},
            },
            "another database schema",
        ),
        (lambda header: ["not", "a", "header"], "no header"),
    ],
    ids=["another format", "another schema", "no header"],
)
def test_a_backup_with_a_bad_header_is_refused_and_changes_nothing(
    seeded, tmp_path, damage, message
):
    path = tmp_path / "negotiation.jsonl.gz"
    back_up(path)
    header = header_of(path)
    gzip_lines(path, [damage(header), {"table": "auth.group", "row": {"name": "Intruders"}}])
    empty_database()
    empty = snapshot()

    with pytest.raises(CommandError, match=message):
        restore(path)

    assert snapshot() == empty


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")

    with pytest.raises(CommandError, match="damaged or truncated"):
        restore(path)
    with pytest.raises(CommandError, match="No such file"):
        restore(tmp_path / "missing.jsonl.gz")

    assert row_count() == 0


# -- atomic writing --------------------------------------------------------------------------------
@pytest.mark.parametrize("existing", [None, b"yesterday's backup"], ids=["new", "replacing"])
def test_a_failed_backup_leaves_no_file_under_the_target_name(
    seeded, tmp_path, monkeypatch, existing
):
    path = tmp_path / "negotiation.jsonl.gz"
    if existing is not None:
        path.write_bytes(existing)
    real_line, written = backup_module._line, []

    def fail_midway(data):
        written.append(data)
        if len(written) > 50:
            raise OSError("No space left on device")
        return real_line(data)

    monkeypatch.setattr(backup_module, "_line", fail_midway)

    with pytest.raises(CommandError, match="No space left"):
        back_up(path)

    assert len(written) > 50
    if existing is None:
        assert list(tmp_path.iterdir()) == []
    else:
        assert list(tmp_path.iterdir()) == [path]
        assert path.read_bytes() == existing


def test_a_restore_starts_a_new_cache_epoch_and_leaves_other_apps_keys_alone(seeded, tmp_path):
    from django.core.cache import cache

    from negotiations import dataversion

    path = tmp_path / "backup.jsonl.gz"
    back_up(path)
    before_value, before_token = dataversion.current(), dataversion.token()
    empty_database()
    cache.set("another-app:session", "kept by another app sharing this cache")
    restore(path)
    # The backup carried the data version row: the number alone could repeat one already
    # cached, so every cache key also holds the epoch, which a restore renews.
    assert dataversion.current() == before_value + 1
    assert dataversion.token().split(".")[0] != before_token.split(".")[0]
    assert cache.get("another-app:session") == "kept by another app sharing this cache"
