"""The models' own rules: database constraints, validation, publishing, dates and point changes."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from negotiations.dates import display_date
from negotiations.models import (
    Attestation,
    Condition,
    Fact,
    Proposal,
    ProposalPoint,
    ProposalVersion,
    Source,
    Statement,
    Topic,
)
from parties.models import Party, Person, Role
from tests.factories import the_process

TEXT = "Talks resumed on Monday. The envoy said the plan could work. Kyiv said it would not."
WORDING = "the plan could work"
DAY = datetime.date(2025, 11, 27)


@pytest.fixture
def russia(db):
    return Party.objects.create(name="Russia", slug="russia")


@pytest.fixture
def putin(russia):
    return Person.objects.create(name="Vladimir Putin", slug="vladimir-putin", party=russia)


@pytest.fixture
def territory(db):
    return Topic.objects.create(process=the_process(), name="Territory", slug="territory")


@pytest.fixture
def source(db):
    return Source.objects.create(publisher="Wire", title="Talks resume", text=TEXT)


@pytest.fixture
def make_statement(russia):
    def make(**fields):
        return Statement.objects.create(
            **{"party": russia, "said_on": DAY, "mode": "reported", **fields}
        )

    return make


@pytest.fixture
def make_condition(russia, territory):
    def make(**fields):
        return Condition.objects.create(
            **{
                "party": russia,
                "topic": territory,
                "kind": "demand",
                "summary": "Recognition.",
                "valid_from": DAY,
                **fields,
            }
        )

    return make


@pytest.fixture
def statement(make_statement):
    return make_statement()


@pytest.fixture
def make_point(russia):
    """A point of version `number` of the proposal `slug`, creating both as needed."""

    def make(text, number=1, slug="plan", previous=None):
        proposal, _ = Proposal.objects.get_or_create(
            slug=slug, defaults={"title": slug, "party": russia, "process": the_process()}
        )
        version, _ = ProposalVersion.objects.get_or_create(
            proposal=proposal, number=number, defaults={"label": f"Version {number}"}
        )
        return ProposalPoint.objects.create(version=version, text=text, previous=previous)

    return make


def error_messages(failure, field):
    return " ".join(failure.value.message_dict[field])


# -- database constraints ----------------------------------------------------------------------


def test_the_database_refuses_a_condition_that_ends_before_it_starts(make_condition):
    with (
        pytest.raises(IntegrityError, match="condition_until_on_or_after_from"),
        transaction.atomic(),
    ):
        make_condition(valid_until=DAY - datetime.timedelta(days=1))


def test_the_database_accepts_a_condition_that_ends_the_day_it_starts(make_condition):
    assert make_condition(valid_until=DAY).pk


def test_the_database_refuses_a_role_that_ends_before_it_starts(putin):
    with pytest.raises(IntegrityError, match="role_ends_on_or_after_start"), transaction.atomic():
        Role.objects.create(
            person=putin,
            title="President",
            started_on=DAY,
            ended_on=DAY - datetime.timedelta(days=1),
        )


def test_the_database_refuses_two_parties_with_the_same_slug(russia):
    with pytest.raises(IntegrityError, match="slug"), transaction.atomic():
        Party.objects.create(name="Russian Federation", slug="russia")


def test_the_database_refuses_a_topic_that_is_its_own_parent(territory):
    with pytest.raises(IntegrityError, match="topic_not_its_own_parent"), transaction.atomic():
        Topic.objects.filter(pk=territory.pk).update(parent=territory)


def test_the_database_refuses_attestation_offsets_that_do_not_span_the_wording(statement, source):
    attestation = Attestation.objects.create(
        statement=statement, source=source, wording=WORDING, start=TEXT.find(WORDING)
    )

    with (
        pytest.raises(IntegrityError, match="attestation_offsets_span_wording"),
        transaction.atomic(),
    ):
        Attestation.objects.filter(pk=attestation.pk).update(end=F("end") + 1)


def test_the_database_refuses_an_attestation_end_without_a_start(statement, source):
    attestation = Attestation.objects.create(
        statement=statement, source=source, wording=WORDING, start=TEXT.find(WORDING)
    )

    with (
        pytest.raises(IntegrityError, match="attestation_offsets_span_wording"),
        transaction.atomic(),
    ):
        Attestation.objects.filter(pk=attestation.pk).update(start=None)


def test_the_database_refuses_an_attestation_with_empty_wording(statement, source):
    with (
        pytest.raises(IntegrityError, match="attestation_wording_not_empty"),
        transaction.atomic(),
    ):
        Attestation.objects.bulk_create(
            [Attestation(statement=statement, source=source, wording="")]
        )


# -- validation --------------------------------------------------------------------------------


def test_an_attestation_must_be_found_in_its_sources_text(statement, source):
    attestation = Attestation(statement=statement, source=source, wording="the plan will fail")

    with pytest.raises(ValidationError) as failure:
        attestation.full_clean()

    assert "not found verbatim" in error_messages(failure, "wording")


def test_an_attestation_at_the_wrong_offset_is_told_where_its_wording_is(statement, source):
    attestation = Attestation(statement=statement, source=source, wording=WORDING, start=0)

    with pytest.raises(ValidationError) as failure:
        attestation.full_clean()

    assert f"found at {TEXT.find(WORDING)}" in error_messages(failure, "start")


def test_an_attestation_without_a_start_gets_its_offsets_found(statement, source):
    attestation = Attestation(statement=statement, source=source, wording=WORDING)

    attestation.full_clean()

    assert attestation.start == TEXT.find(WORDING)
    assert attestation.end == TEXT.find(WORDING) + len(WORDING)


def test_an_excerpt_must_be_found_in_its_sources_text(source):
    fact = Fact(
        process=the_process(),
        summary="The plan failed.",
        source=source,
        source_excerpt="The plan failed.",
    )

    with pytest.raises(ValidationError) as failure:
        fact.full_clean()

    assert "not found verbatim" in error_messages(failure, "source_excerpt")


def test_an_excerpt_found_in_its_sources_text_is_valid(source):
    Fact(
        process=the_process(),
        summary="Talks resumed.",
        source=source,
        source_excerpt="Talks resumed on Monday.",
    ).full_clean()


def test_a_topic_cannot_be_nested_inside_its_own_descendant(territory):
    child = Topic.objects.create(
        process=the_process(), name="Withdrawal", slug="withdrawal", parent=territory
    )
    territory.parent = child

    with pytest.raises(ValidationError) as failure:
        territory.full_clean()

    assert "inside itself" in error_messages(failure, "parent")


def test_a_point_may_come_from_a_point_of_an_earlier_version(make_point):
    earlier = make_point("Withdraw.", number=1)

    make_point("Withdraw.", number=2, previous=earlier).full_clean()


def test_a_point_cannot_come_from_a_point_of_a_later_version(make_point):
    earlier = make_point("Withdraw.", number=1)
    earlier.previous = make_point("Withdraw.", number=2)

    with pytest.raises(ValidationError) as failure:
        earlier.full_clean()

    assert "earlier version" in error_messages(failure, "previous")


def test_a_point_cannot_come_from_a_point_of_another_proposal(make_point):
    other = make_point("Withdraw.", number=1, slug="other-plan")
    point = make_point("Withdraw.", number=2, previous=other)

    with pytest.raises(ValidationError) as failure:
        point.full_clean()

    assert "same proposal" in error_messages(failure, "previous")


# -- publishing --------------------------------------------------------------------------------


def test_published_excludes_drafts(make_statement):
    published = make_statement(status="published")
    make_statement(status="draft")

    assert list(Statement.objects.published()) == [published]


def test_publishing_records_when(statement):
    statement.status = "published"
    statement.save()

    statement.refresh_from_db()
    assert statement.published_at is not None


def test_returning_to_draft_clears_when_it_was_published(make_statement):
    statement = make_statement(status="published")

    statement.status = "draft"
    statement.save()

    statement.refresh_from_db()
    assert statement.published_at is None


def test_anonymous_visitors_do_not_see_drafts(make_statement):
    source = Source.objects.create(
        publisher="Wire", title="Report", text="It was said.", status="published"
    )
    published, draft, unreported = (
        make_statement(status=status) for status in ("published", "draft", "published")
    )
    for statement in (published, draft):
        Attestation.objects.create(statement=statement, source=source, wording="It was said.")

    # Published, and reported by a published source: `unreported` is published but no source
    # a reader can see reports it.
    assert list(Statement.objects.visible_to(AnonymousUser())) == [published]
    assert unreported.is_published


def test_editors_see_drafts(make_statement, editor):
    make_statement(status="published")
    make_statement(status="draft")

    assert Statement.objects.visible_to(editor).count() == 2


def test_staff_who_may_not_view_statements_do_not_see_drafts(make_statement):
    make_statement(status="draft")
    staff = get_user_model().objects.create_user("staff", is_staff=True)

    assert not Statement.objects.visible_to(staff).exists()


def test_users_who_are_not_staff_do_not_see_drafts(make_statement):
    make_statement(status="draft")
    user = get_user_model().objects.create_user("reader")

    assert not Statement.objects.visible_to(user).exists()


# -- as of a day -------------------------------------------------------------------------------


def test_conditions_as_of_a_day_include_a_term_valid_that_day(make_condition):
    condition = make_condition(valid_from=DAY - datetime.timedelta(days=7))

    assert list(Condition.objects.as_of(DAY)) == [condition]


def test_conditions_as_of_a_day_include_a_term_on_its_last_day(make_condition):
    condition = make_condition(valid_from=DAY - datetime.timedelta(days=7), valid_until=DAY)

    assert list(Condition.objects.as_of(DAY)) == [condition]


def test_conditions_as_of_a_day_exclude_a_term_that_starts_later(make_condition):
    make_condition(valid_from=DAY + datetime.timedelta(days=1))

    assert not Condition.objects.as_of(DAY).exists()


def test_conditions_as_of_a_day_exclude_a_term_that_ended_earlier(make_condition):
    make_condition(
        valid_from=DAY - datetime.timedelta(days=7),
        valid_until=DAY - datetime.timedelta(days=1),
    )

    assert not Condition.objects.as_of(DAY).exists()


def test_statements_as_of_a_day_include_those_said_that_day_or_before(make_statement):
    that_day = make_statement(said_on=DAY)
    before = make_statement(said_on=DAY - datetime.timedelta(days=1))

    assert set(Statement.objects.as_of(DAY)) == {that_day, before}


def test_statements_as_of_a_day_exclude_those_said_later(make_statement):
    make_statement(said_on=DAY + datetime.timedelta(days=1))

    assert not Statement.objects.as_of(DAY).exists()


# -- dates as precise as the reporting ---------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("day", "27 Nov 2025"),
        ("week", "week of 27 Nov 2025"),
        ("month", "November 2025"),
        ("year", "2025"),
        ("approx", "around 27 Nov 2025"),
        ("by", "by 27 Nov 2025"),
    ],
)
def test_a_date_is_displayed_no_more_precisely_than_known(precision, expected):
    assert display_date(DAY, precision) == expected


def test_a_missing_date_is_displayed_as_unknown():
    assert display_date(None, "day") == "date unknown"


# -- how a point changed -----------------------------------------------------------------------


def test_a_point_with_the_same_text_as_its_previous_one_is_kept(make_point):
    earlier = make_point("Withdraw from Donetsk.", number=1)

    assert make_point("Withdraw from Donetsk.", number=2, previous=earlier).change == "kept"


def test_a_point_with_other_text_than_its_previous_one_is_reworded(make_point):
    earlier = make_point("Withdraw from Donetsk.", number=1)

    assert make_point("Leave Donetsk.", number=2, previous=earlier).change == "reworded"


def test_a_point_without_a_previous_one_is_added(make_point):
    assert make_point("Hold elections.", number=2).change == "added"


# -- statements --------------------------------------------------------------------------------


def test_a_statement_with_a_speaker_and_no_party_takes_the_speakers_party(putin):
    statement = Statement.objects.create(speaker=putin, said_on=DAY, mode="quote")

    statement.refresh_from_db()
    assert statement.party == putin.party


# -- citations and topics ----------------------------------------------------------------------


def test_a_citation_must_quote_its_source_verbatim(source, statement):
    from negotiations.models import Citation

    citation = Citation(record=statement, detail="date", source=source, excerpt="Talks ended.")

    with pytest.raises(ValidationError) as failure:
        citation.full_clean()
    assert "not found verbatim" in error_messages(failure, "excerpt")


def test_a_citation_quoting_its_source_is_found_on_its_record(source, statement):
    from negotiations.models import Citation

    citation = Citation(
        record=statement, detail="date", source=source, excerpt="Talks resumed on Monday."
    )
    citation.full_clean()
    citation.save()

    assert list(statement.citations.all()) == [citation]


def test_a_topics_subtree_holds_its_sub_topics_at_any_depth(territory):
    child = Topic.objects.create(
        process=the_process(), name="Withdrawal", slug="withdrawal", parent=territory
    )
    grandchild = Topic.objects.create(
        process=the_process(), name="Donetsk", slug="donetsk", parent=child
    )
    Topic.objects.create(process=the_process(), name="Elsewhere", slug="elsewhere")

    assert set(Topic.objects.subtree_ids(territory)) == {territory.pk, child.pk, grandchild.pk}
    assert Topic.objects.subtree_ids(grandchild) == [grandchild.pk]
