"""A reader's CSV lines kept by PostgreSQL between exports (negotiations/exports/cells.py): every
write to what a line is made of shows in the next export, a line computed before a concurrent
write is never read after it commits, and the file is the portable writer's, byte for byte."""

import datetime

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection

from negotiations.caching import pages
from negotiations.exports import cells
from negotiations.models import Attestation, PublishStatus, Source, Statement
from parties.models import Party, Person
from tests.test_exports import DEFAULT, body, fetch, read_csv

pytestmark = pytest.mark.postgresql_only


def portable(client, monkeypatch, qs=DEFAULT):
    """The same view from the portable writer, which reads the tables themselves."""
    cache.clear()
    pages.clear()
    with monkeypatch.context() as patch:
        patch.setattr("negotiations.exports.formats.PORTABLE_CSV", True)
        return body(fetch(client, "csv", qs))


def export(client, qs=DEFAULT):
    cache.clear()
    pages.clear()
    return body(fetch(client, "csv", qs))


def stored_lines():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {cells.CELLS}")  # noqa: S608
        return cursor.fetchone()[0]


def putin_statement():
    return Statement.objects.filter(speaker__name="Vladimir Putin").order_by("id").first()


def _occasion(statement):
    statement.occasion = "A changed occasion"
    statement.save()
    return "A changed occasion"


def _wording(statement):
    report = statement.attestations.first()
    report.wording = "Words an editor corrected"
    report.save()
    return "Words an editor corrected"


def _new_report(statement):
    source = Source.objects.create(
        publisher="A second wire", title="Its report", status=PublishStatus.PUBLISHED
    )
    Attestation.objects.create(statement=statement, source=source, wording="Second words")
    return "A second wire: Its report"


def _source_title(statement):
    source = statement.attestations.first().source
    source.title = "A corrected title"
    source.save()
    return "A corrected title"


def _source_address(statement):
    source = statement.attestations.first().source
    source.url = "https://example.org/corrected"
    source.save()
    return "https://example.org/corrected"


def _speaker_renamed(statement):
    Person.objects.filter(pk=statement.speaker_id).update(name="Vladimir V. Putin")
    return "Vladimir V. Putin"


def _speaker_changed(statement):
    other = Person.objects.create(name="Dmitry Peskov", slug="dmitry-peskov", party=statement.party)
    statement.speaker = other
    statement.save()
    return "Dmitry Peskov"


def _party_renamed(_statement):
    # A statement with neither speaker nor attribution is attributed to its party by name.
    unnamed = Statement.objects.filter(speaker=None, attribution="", party__slug="ukraine").first()
    Party.objects.filter(pk=unnamed.party_id).update(name="Ukraine (renamed)")
    return "Ukraine (renamed)"


WRITES = {
    "the statement's occasion": _occasion,
    "a report's wording": _wording,
    "a new report from a published source": _new_report,
    "a source's title": _source_title,
    "a source's address": _source_address,
    "the speaker's name": _speaker_renamed,
    "another speaker": _speaker_changed,
    "the party's name": _party_renamed,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_each_write_to_what_a_line_is_made_of_shows_in_the_next_export(
    client, seeded, monkeypatch, write
):
    before = export(client)
    assert stored_lines() == Statement.objects.count()  # the first export kept every line
    shown = write(putin_statement())
    after = export(client)
    assert shown.encode() not in before
    assert shown.encode() in after
    assert after == portable(client, monkeypatch)


def _unpublished_statement(statement):
    statement.status = PublishStatus.DRAFT
    statement.save()


def _unpublished_source(statement):
    Source.objects.filter(attestations__statement=statement).update(status=PublishStatus.DRAFT)


def _report_deleted(statement):
    statement.attestations.all().delete()


GONE = {
    "the statement unpublished": _unpublished_statement,
    "its source unpublished": _unpublished_source,
    "its only report deleted": _report_deleted,
}


@pytest.mark.parametrize("write", GONE.values(), ids=GONE.keys())
def test_a_statement_readers_no_longer_see_leaves_the_next_export(
    client, seeded, monkeypatch, write
):
    statement = Statement.objects.get(pk=putin_statement().pk)
    ids = lambda data: {row["statement_id"] for row in read_csv(data)}  # noqa: E731
    assert str(statement.pk) in ids(export(client))
    write(statement)
    after = export(client)
    assert str(statement.pk) not in ids(after)
    assert after == portable(client, monkeypatch)


def test_a_kept_line_is_read_not_computed_again_until_its_statement_changes(client, seeded):
    export(client)
    statement = putin_statement()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {cells.CELLS} SET line = replace(line, 'Vladimir Putin', 'KEPT LINE') "  # noqa: S608
            "WHERE statement_id = %s",
            [statement.pk],
        )
    assert b"KEPT LINE" in export(client)
    statement.place = "Bishkek"
    statement.save()
    assert b"KEPT LINE" not in export(client)


def test_lines_kept_by_other_sql_are_not_read(client, seeded, monkeypatch):
    export(client)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {cells.CELLS} SET line = 'OLD RECIPE', recipe = 'old'")  # noqa: S608
    after = export(client)
    assert b"OLD RECIPE" not in after
    assert after == portable(client, monkeypatch)


def test_many_missing_lines_are_stored_before_the_export_reads_them(client, seeded, monkeypatch):
    monkeypatch.setattr(cells, "FRESH_LIMIT", 2)
    written = export(client)
    assert stored_lines() == Statement.objects.count()
    assert written == portable(client, monkeypatch)


def test_when_lines_cannot_be_stored_the_whole_view_is_written_live(client, seeded, monkeypatch):
    monkeypatch.setattr(cells, "FRESH_LIMIT", 2)
    monkeypatch.setattr(cells, "store", lambda term_ids: 0)
    written = export(client)
    assert stored_lines() == 0
    assert written == portable(client, monkeypatch)
    assert b"Vladimir Putin" in written


@pytest.mark.django_db(transaction=True)
def test_a_line_computed_before_a_concurrent_write_commits_is_not_read_after_it(
    client, monkeypatch
):
    """An editor's transaction changes a source's title and has not committed when an export
    computes and keeps the lines: those lines hold the old title, as they should then. Once the
    editor commits, the next export must not read them."""
    from django.core.management import call_command

    call_command("seed", verbosity=0)
    source = Source.objects.get(attestations__statement=putin_statement())
    settings = connection.settings_dict
    editor = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )
    try:
        with editor.cursor() as cursor:  # a transaction, left open
            cursor.execute(
                "UPDATE negotiations_source SET title = 'Title the editor wrote' WHERE id = %s",
                [source.pk],
            )
        during = export(client)
        assert stored_lines() == Statement.objects.count()  # kept, with the old title
        assert b"Title the editor wrote" not in during
        editor.commit()
    finally:
        editor.close()
    after = export(client)
    assert b"Title the editor wrote" in after
    assert after == portable(client, monkeypatch)


def test_the_lines_follow_the_as_of_day_and_the_statement_date(client, seeded, monkeypatch):
    """The day a statement was said is kept with its line; the view's day is applied on reading."""
    statement = putin_statement()
    export(client)
    Statement.objects.filter(pk=statement.pk).update(said_on=datetime.date(2025, 12, 1))
    for qs in (DEFAULT, "as_of=2025-12-02"):
        written = export(client, qs)
        present = str(statement.pk) in {row["statement_id"] for row in read_csv(written)}
        assert present == (qs != DEFAULT)
        assert written == portable(client, monkeypatch, qs)


def _old_recipe(_statement):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {cells.CELLS} SET line = 'OLD RECIPE', recipe = 'old'")  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_an_export_in_a_transaction_of_its_own_reads_only_valid_lines(client, monkeypatch):
    """As in a request: the export takes its own repeatable-read snapshot, where the check for
    missing lines vouches for every kept line it did not list, so the read does not check the
    stamps again (the other tests export inside the test's transaction, where it does)."""
    from django.core.management import call_command

    call_command("seed", verbosity=0)
    assert not connection.in_atomic_block
    changes = {**WRITES, **GONE, "lines kept by other SQL": _old_recipe}
    for name, write in changes.items():
        export(client)
        assert stored_lines() == Statement.objects.count(), name
        write(putin_statement() or Statement.objects.order_by("id").first())
        after = export(client)
        assert b"OLD RECIPE" not in after, name
        assert after == portable(client, monkeypatch), name
