"""Editors saving at once: no lock one save takes can close a deadlock cycle with another's.

A saved row is locked FOR NO KEY UPDATE, which lets the foreign-key checks of rows inserted
meanwhile through; the data version is raised after the request's transaction, as its last
statement. `make editors-load` proves the whole under gunicorn; these pin each rule.
"""

import datetime
import threading

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from negotiations import dataversion
from negotiations.locking import lock_row
from negotiations.models import Attestation, Source
from parties.models import Party
from tests.admin_forms import correction_form_data
from tests.factories import make_source, make_statement

WORDING = "We will not move."


@pytest.fixture
def statement(transactional_db):
    party = Party.objects.create(name="Ruritania", slug="ruritania")
    source = make_source(text=f'Intro. "{WORDING}" said someone. {WORDING} again.')
    return make_statement(
        party=party, wording=WORDING, source=source, said_on=datetime.date.today()
    )


class RowHeld:
    """Another editor's save, in its own thread and transaction, holding the row it locked."""

    def __init__(self, model, pk):
        self.locked, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, args=(model, pk))

    def _hold(self, model, pk):
        try:
            with transaction.atomic():
                lock_row(model, pk)
                self.locked.set()
                self.release.wait(10)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.locked.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(10)


@pytest.mark.postgresql_only
def test_a_source_being_saved_still_lets_another_editor_cite_it(statement):
    source = statement.attestations.get().source
    with RowHeld(Source, source.pk), transaction.atomic():
        # FOR UPDATE would make this insert wait for the other save (a KEY SHARE lock on the
        # source), with whatever this transaction already holds: half of a deadlock cycle.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        try:
            Attestation.objects.create(statement=statement, source=source, wording=WORDING)
        except OperationalError as waited:
            pytest.fail(f"The insert waited for the row another editor is saving: {waited}")
    assert statement.attestations.count() == 2


@pytest.mark.postgresql_only
def test_the_row_being_saved_is_still_locked_against_another_save(statement):
    source = statement.attestations.get().source
    with RowHeld(Source, source.pk), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '200ms'")
        with pytest.raises(OperationalError, match="lock timeout"):
            lock_row(Source, source.pk)


def test_a_save_raises_the_data_version_once_after_its_transaction(statement, editor_client):
    url = reverse("admin:negotiations_statement_change", args=[statement.pk])
    form = correction_form_data(editor_client.get(url))
    form["summary"] = "Changed under watch."
    before = dataversion.current()
    seen = []

    def watch(execute, sql, params, many, context):
        seen.append((sql, connection.in_atomic_block))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        response = editor_client.post(url, form)

    assert response.status_code == 302
    assert dataversion.current() == before + 1
    raised = [i for i, (sql, _) in enumerate(seen) if "negotiations_dataversion" in sql]
    assert raised == [len(seen) - 1], "raised once, as the request's last statement"
    assert seen[-1][1] is False, "after the save's transaction, not inside it"
    assert any(atomic and "UPDATE" in sql for sql, atomic in seen[:-1])


def test_a_write_outside_a_request_raises_the_data_version_at_once(statement):
    before = dataversion.current()
    with transaction.atomic():
        statement.summary = "Changed from a shell."
        statement.save()
        assert dataversion.current() == before + 1
