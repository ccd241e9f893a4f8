"""Event ageing: an expected or scheduled event whose date has passed says so, until an editor
records what happened; a date is only passed once every day it can mean has passed."""

import datetime

import pytest

from negotiations.dates import last_day
from negotiations.models import UNCONFIRMED, Event, EventStatus

WEEK_OF_1_DEC = datetime.date(2025, 12, 1)


def visit(status=EventStatus.EXPECTED, starts_on=WEEK_OF_1_DEC, precision="week"):
    return Event(
        kind="visit",
        title="Visit",
        status=status,
        starts_on=starts_on,
        starts_on_precision=precision,
    )


def test_an_expected_visit_reads_expected_before_its_week_is_out():
    event = visit()

    assert event.reading_on(datetime.date(2025, 11, 28)) == "expected in the week of 1 Dec 2025"
    assert event.reading_on(datetime.date(2025, 12, 7)) == "expected in the week of 1 Dec 2025"
    assert event.status_on(datetime.date(2025, 12, 7)) == EventStatus.EXPECTED


def test_an_expected_visit_a_year_later_says_it_is_not_confirmed():
    event = visit()

    assert event.reading_on(datetime.date(2026, 11, 27)) == (
        "expected in the week of 1 Dec 2025; not confirmed"
    )
    assert event.status_on(datetime.date(2025, 12, 8)) == UNCONFIRMED


def test_a_scheduled_visit_whose_day_has_passed_is_not_confirmed_either():
    event = visit(EventStatus.SCHEDULED, datetime.date(2025, 11, 24), "day")

    assert event.reading_on(datetime.date(2025, 11, 24)) == "scheduled for 24 Nov 2025"
    assert event.reading_on(datetime.date(2025, 11, 25)) == (
        "scheduled for 24 Nov 2025; not confirmed"
    )


def test_once_an_editor_records_it_held_it_reads_held():
    event = visit(EventStatus.HELD, datetime.date(2025, 12, 2), "day")

    assert event.reading_on(datetime.date(2026, 11, 27)) == "held on 2 Dec 2025"


def test_a_held_event_seen_from_before_its_day_was_still_expected_then():
    event = visit(EventStatus.HELD, datetime.date(2025, 12, 2), "day")

    assert event.reading_on(datetime.date(2025, 11, 28)) == "expected on 2 Dec 2025"


@pytest.mark.parametrize("status", [EventStatus.POSTPONED, EventStatus.CANCELLED])
def test_a_postponed_or_cancelled_event_says_so_whatever_the_day(status):
    assert visit(status).reading_on(datetime.date(2026, 1, 1)) == status.label


def test_an_event_without_a_date_never_ages():
    event = visit(starts_on=None)

    assert event.reading_on(datetime.date(2030, 1, 1)) == "expected (date not reported)"


def test_without_a_day_the_reading_is_for_today():
    assert visit().reading_on() == "expected in the week of 1 Dec 2025; not confirmed"


@pytest.mark.parametrize(
    ("precision", "last"),
    [
        ("day", datetime.date(2025, 12, 1)),
        ("by", datetime.date(2025, 12, 1)),
        ("week", datetime.date(2025, 12, 7)),
        ("month", datetime.date(2025, 12, 31)),
        ("year", datetime.date(2025, 12, 31)),
        ("approx", datetime.date(2025, 12, 8)),
    ],
)
def test_the_last_day_a_date_can_mean_follows_its_precision(precision, last):
    assert last_day(WEEK_OF_1_DEC, precision) == last


def test_the_seeded_visits_a_year_later_say_they_are_not_confirmed(seeded):
    readings = {
        event.title: event.reading_on(datetime.date(2026, 11, 27)) for event in Event.objects.all()
    }

    assert readings["Witkoff's trip to Moscow to discuss the revised draft"] == (
        "expected in the week of 1 Dec 2025; not confirmed"
    )
    assert readings["Driscoll's visit to Kyiv"] == (
        "scheduled for the week of 24 Nov 2025; not confirmed"
    )
    assert readings["Yermak's interview with The Atlantic"] == "held on 27 Nov 2025"
