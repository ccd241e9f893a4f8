"""The suite's own promises: every test gets exactly the seed `manage.py seed` writes, and the
generated examples are the same on every run and always encodable."""

import datetime

import hypothesis
from django.db import transaction

from negotiations.management.seed import load_seed
from tests import seed_snapshot
from tests.conftest import SEED_FILE
from tests.test_properties import url_char


def _stored_rows(snapshot):
    """Every row of the tables the seed writes, in id order, without the times a save stamps
    and the ids themselves (a second load in the same database draws new ones)."""
    rows = {}
    for model in snapshot.rows:
        keys = {field.attname for field in model._meta.concrete_fields if field.is_relation}
        keys |= {model._meta.pk.attname, "id", "object_id"}  # object_id: a generic relation
        for row in sorted(seed_snapshot._rows(model), key=lambda row: row[model._meta.pk.attname]):
            kept = {
                name: value
                for name, value in row.items()
                # The data version's epoch is drawn at random when its row is first made.
                if name not in keys | {"epoch"} and not isinstance(value, datetime.datetime)
            }
            rows.setdefault(model._meta.label, []).append(kept)
    return rows


def test_the_seed_each_test_gets_is_row_for_row_what_the_seed_command_writes(db, seed_rows):
    with transaction.atomic():
        loaded = load_seed(SEED_FILE)
        written = _stored_rows(seed_rows)
        transaction.set_rollback(True)
    restored = seed_rows.restore()
    assert restored == loaded
    assert _stored_rows(seed_rows) == written
    assert sum(len(rows) for rows in written.values()) > 100


def test_the_seed_is_restored_afresh_for_each_test(seeded):
    from negotiations.models import Statement

    Statement.objects.all().delete()
    assert not Statement.objects.exists()


def test_the_seed_is_whole_again_in_the_next_test(seeded):
    from negotiations.models import Statement

    assert Statement.objects.count() == seeded["statements"]


def test_hypothesis_draws_the_same_examples_on_every_run_and_keeps_no_database():
    current = hypothesis.settings()
    assert current.derandomize is True
    assert current.database is None


def test_generated_text_holds_only_characters_a_url_can_carry():
    # A lone surrogate (U+D800 to U+DFFF) cannot be encoded at all: the generator must never
    # draw one, or the test itself crashes instead of the page under test.
    intervals = url_char.wrapped_strategy.intervals.intervals
    assert not any(low <= 0xDFFF and high >= 0xD800 for low, high in intervals)
