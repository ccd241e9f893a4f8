"""'As of' a day on the model side: which proposals, versions, events, background and statements
a reader could know of that day, read from the seeded article and from small cases of our own."""

import datetime

import pytest
from django.utils import timezone

from negotiations.models import (
    Event,
    Fact,
    Proposal,
    ProposalVersion,
    Source,
    Statement,
)
from parties.models import Party
from tests.factories import the_process


def day(n, month=11):
    return datetime.date(2025, month, n)


def titles(queryset, field="title"):
    return set(queryset.values_list(field, flat=True))


# -- the seed ------------------------------------------------------------------------------------


def test_the_day_before_the_remarks_knows_of_no_proposal_version_event_or_background(seeded):
    before = day(26)

    assert not Proposal.objects.as_of(before).exists()
    assert not ProposalVersion.objects.as_of(before).exists()
    assert not Event.objects.as_of(before).exists()
    assert not Fact.objects.as_of(before).exists()


def test_the_day_of_the_remarks_knows_both_drafts_and_every_event(seeded):
    remarks = day(27)

    assert titles(ProposalVersion.objects.as_of(remarks), "label") == {
        "Initial draft",
        "Revised draft",
    }
    assert Event.objects.as_of(remarks).count() == 4
    assert Fact.objects.as_of(remarks).count() == 4
    assert Proposal.objects.as_of(remarks).count() == 1


def test_on_the_day_of_the_remarks_the_held_events_are_held_and_the_visits_still_to_come(seeded):
    readings = {event.title: event.reading_on(day(27)) for event in Event.objects.as_of(day(27))}

    assert readings["Putin's remarks to journalists in Bishkek"] == "held on 27 Nov 2025"
    assert readings["Witkoff's trip to Moscow to discuss the revised draft"] == (
        "expected in the week of 1 Dec 2025"
    )
    assert readings["Driscoll's visit to Kyiv"] == "scheduled for the week of 24 Nov 2025"


def test_today_everything_recorded_is_known(seeded):
    for model in (Proposal, ProposalVersion, Event, Fact):
        assert model.objects.as_of(None).count() == model.objects.count()
        assert model.objects.as_of(timezone.localdate()).count() == model.objects.count()


def test_the_latest_statement_says_how_old_the_picture_is(seeded):
    latest = Statement.objects.published().latest_said()

    assert latest.said_on == day(27)
    assert Statement.objects.as_of(day(26)).latest_said() is None


# -- versions and proposals ----------------------------------------------------------------------


@pytest.fixture
def plan(db):
    party = Party.objects.create(name="Mediators", slug="mediators")
    late_report = Source.objects.create(publisher="Wire", title="Late", published_on=day(20))
    proposal = Proposal.objects.create(
        process=the_process(), title="Plan", slug="plan", party=party, source=late_report
    )
    return proposal, late_report


def test_a_version_counts_from_the_day_it_was_presented(plan):
    proposal, _ = plan
    ProposalVersion.objects.create(proposal=proposal, number=1, label="First", presented_on=day(5))

    assert not ProposalVersion.objects.as_of(day(4)).exists()
    assert ProposalVersion.objects.as_of(day(5)).exists()


def test_an_undated_version_counts_from_the_day_its_source_was_published(plan):
    proposal, late_report = plan
    ProposalVersion.objects.create(proposal=proposal, number=1, label="First", source=late_report)

    assert not ProposalVersion.objects.as_of(day(19)).exists()
    assert ProposalVersion.objects.as_of(day(20)).exists()


def test_a_version_with_no_date_at_all_is_not_placed_in_the_past(plan):
    proposal, _ = plan
    ProposalVersion.objects.create(proposal=proposal, number=1, label="First")

    assert not ProposalVersion.objects.as_of(day(30)).exists()
    assert ProposalVersion.objects.as_of(None).exists()


def test_a_proposal_is_known_from_its_first_version_before_its_own_source(plan):
    proposal, _ = plan
    ProposalVersion.objects.create(proposal=proposal, number=1, label="First", presented_on=day(5))

    assert not Proposal.objects.as_of(day(4)).exists()
    assert list(Proposal.objects.as_of(day(5))) == [proposal]


# -- events --------------------------------------------------------------------------------------


@pytest.fixture
def make_event(db):
    def make(status, starts_on, reported_on=None, **fields):
        source = None
        if reported_on:
            source = Source.objects.create(
                publisher="Wire", title=f"Report {Source.objects.count()}", published_on=reported_on
            )
        return Event.objects.create(
            process=the_process(),
            kind="visit",
            title="Visit",
            status=status,
            starts_on=starts_on,
            source=source,
            **fields,
        )

    return make


def test_a_held_event_is_known_from_the_day_it_was_held(make_event):
    make_event("held", day(10), reported_on=day(12))

    assert not Event.objects.as_of(day(9)).exists()
    assert Event.objects.as_of(day(10)).exists()


def test_an_announced_event_is_known_from_its_report(make_event):
    make_event("expected", day(20), reported_on=day(12))

    assert not Event.objects.as_of(day(11)).exists()
    assert Event.objects.as_of(day(12)).exists()


def test_an_expected_event_without_a_dated_report_is_not_placed_in_the_past(make_event):
    make_event("expected", day(20))

    assert not Event.objects.as_of(day(25)).exists()


# -- background ----------------------------------------------------------------------------------


def test_background_is_known_once_its_source_is_published(db):
    report = Source.objects.create(publisher="Wire", title="Figures", published_on=day(15))
    Fact.objects.create(process=the_process(), summary="A figure.", as_of=day(10), source=report)

    assert not Fact.objects.as_of(day(14)).exists()
    assert Fact.objects.as_of(day(15)).exists()


def test_background_from_an_undated_source_counts_from_its_own_date(db):
    report = Source.objects.create(publisher="Wire", title="Figures")
    Fact.objects.create(process=the_process(), summary="A figure.", as_of=day(10), source=report)

    assert not Fact.objects.as_of(day(9)).exists()
    assert Fact.objects.as_of(day(10)).exists()
