"""Qualified terms: a term that holds only if others are met, one hedged in the source's own words,
and one inferred from a report rather than resting on statements."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from negotiations.models import Condition, Source, Topic
from parties.models import Party
from tests.factories import make_condition, make_statement, the_process

DAY = datetime.date(2025, 11, 27)
REPORT = "Officials hope talks could potentially resume. The envoy is said to push a plan."


@pytest.fixture
def report(db):
    return Source.objects.create(publisher="Wire", title="Talks", text=REPORT)


@pytest.fixture
def russia(db):
    return Party.objects.create(name="Russia", slug="russia")


@pytest.fixture
def topic(db):
    return Topic.objects.create(process=the_process(), name="Draft", slug="draft")


def unsaved(russia, topic, **fields):
    fields = {"kind": "acceptance", "summary": "A term.", "valid_from": DAY, **fields}
    return Condition(party=russia, topic=topic, **fields)


def errors(failure):
    return failure.value.message_dict


# -- hedging -------------------------------------------------------------------------------------


def test_hedging_quoted_from_the_source_sentence_is_valid(russia, topic, report):
    term = unsaved(
        russia,
        topic,
        source=report,
        source_excerpt="Officials hope talks could potentially resume.",
        hedging="could potentially",
    )

    term.full_clean()
    assert term.is_hedged


def test_hedging_not_found_in_the_source_sentence_is_refused(russia, topic, report):
    term = unsaved(
        russia,
        topic,
        source=report,
        source_excerpt="Officials hope talks could potentially resume.",
        hedging="might perhaps",
    )

    with pytest.raises(ValidationError) as failure:
        term.full_clean()
    assert "not found in it" in " ".join(errors(failure)["hedging"])


def test_hedging_without_a_source_sentence_is_refused(russia, topic):
    with pytest.raises(ValidationError) as failure:
        unsaved(russia, topic, hedging="could potentially").full_clean()
    assert "hedging" in errors(failure)


# -- inferred terms ------------------------------------------------------------------------------


def test_an_inferred_term_quotes_the_sentence_it_is_read_from(russia, topic, report):
    term = unsaved(
        russia,
        topic,
        kind="offer",
        is_inferred=True,
        source=report,
        source_excerpt="The envoy is said to push a plan.",
        inference_note="The report does not quote the envoy.",
    )

    term.full_clean()
    assert term.basis_label == "inferred from the report"
    assert term.inferred_from == "The envoy is said to push a plan."


def test_an_inferred_term_without_a_sentence_is_refused(russia, topic):
    with pytest.raises(ValidationError) as failure:
        unsaved(russia, topic, is_inferred=True).full_clean()
    assert "source_excerpt" in errors(failure)


def test_an_inference_note_on_a_stated_term_is_refused(russia, topic):
    with pytest.raises(ValidationError) as failure:
        unsaved(russia, topic, inference_note="Read between the lines.").full_clean()
    assert "inference_note" in errors(failure)


def test_a_stated_term_is_not_labelled_inferred(russia, topic, report):
    term = unsaved(russia, topic, source=report, source_excerpt="The envoy is said to push a plan.")

    assert term.basis_label == ""
    assert term.inferred_from == ""


def test_a_term_with_neither_statements_nor_an_inference_is_refused(russia, topic):
    term = make_condition(russia, topic)

    with pytest.raises(ValidationError) as failure:
        term.check_links(statements=[], depends_on=[])
    assert "statements" in errors(failure)


def test_an_inferred_term_may_rest_on_no_statement(russia, topic, report):
    term = make_condition(
        russia, topic, is_inferred=True, source=report, source_excerpt="The envoy is said to push."
    )

    term.check_links(statements=[], depends_on=[])


def test_a_stated_term_with_a_statement_passes(russia, topic):
    term = make_condition(russia, topic)

    term.check_links(statements=[make_statement(party=russia)], depends_on=[])


# -- conditional terms ---------------------------------------------------------------------------


def test_a_term_that_depends_on_another_is_conditional_and_the_other_is_required_by_it(
    russia, topic
):
    precondition = make_condition(russia, topic, kind="precondition", summary="Withdraw first.")
    acceptance = make_condition(russia, topic, kind="acceptance", summary="A basis.")

    acceptance.depends_on.add(precondition)

    assert acceptance.is_conditional
    assert not precondition.is_conditional
    assert list(precondition.required_by.all()) == [acceptance]


def test_a_dependency_runs_one_way(russia, topic):
    precondition = make_condition(russia, topic, kind="precondition")
    acceptance = make_condition(russia, topic)
    acceptance.depends_on.add(precondition)

    assert list(precondition.depends_on.all()) == []


def test_a_term_cannot_depend_on_itself(russia, topic):
    term = make_condition(russia, topic)
    statement = make_statement(party=russia)

    with pytest.raises(ValidationError) as failure:
        term.check_links(statements=[statement], depends_on=[term])
    assert "itself" in " ".join(errors(failure)["depends_on"])


def test_two_terms_cannot_depend_on_each_other(russia, topic):
    first = make_condition(russia, topic, kind="precondition")
    second = make_condition(russia, topic)
    first.depends_on.add(second)
    statement = make_statement(party=russia)

    with pytest.raises(ValidationError) as failure:
        second.check_links(statements=[statement], depends_on=[first])
    assert "already depends on it" in " ".join(errors(failure)["depends_on"])


def test_a_longer_circle_of_dependencies_is_refused(russia, topic):
    first = make_condition(russia, topic, kind="precondition")
    second = make_condition(russia, topic, kind="demand")
    third = make_condition(russia, topic)
    first.depends_on.add(second)
    second.depends_on.add(third)

    with pytest.raises(ValidationError) as failure:
        third.check_links(statements=[make_statement(party=russia)], depends_on=[first])
    assert "already depends on it" in " ".join(errors(failure)["depends_on"])
    first.check_links(statements=[make_statement(party=russia)], depends_on=[third])


def test_a_change_of_dependencies_is_kept_in_the_history(russia, topic):
    precondition = make_condition(russia, topic, kind="precondition")
    acceptance = make_condition(russia, topic)

    acceptance.depends_on.add(precondition)
    acceptance.save()

    latest = acceptance.history.latest()
    assert [row.to_condition_id for row in latest.depends_on.all()] == [precondition.pk]


# -- the editors' form ---------------------------------------------------------------------------


def change_page(client, term):
    from django.urls import reverse

    return client.get(reverse("admin:negotiations_condition_change", args=[term.pk]))


def test_the_term_form_shows_hedging_dependencies_and_inference(editor_client, seeded):
    acceptance = Condition.objects.get(party__slug="russia", kind="acceptance")

    response = change_page(editor_client, acceptance)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["hedging"].value() == "could potentially"
    precondition = Condition.objects.get(party__slug="russia", kind="precondition")
    assert [int(pk) for pk in form["depends_on"].value()] == [precondition.pk]
    html = response.content.decode()
    for name in ["depends_on", "hedging", "is_inferred", "inference_note", "regions_are_examples"]:
        assert f'name="{name}"' in html


def test_an_editor_drops_a_dependency_and_changes_the_hedging_through_the_form(
    editor_client, seeded
):
    from tests.admin_forms import correction_form_data

    acceptance = Condition.objects.get(party__slug="russia", kind="acceptance")
    data = correction_form_data(change_page(editor_client, acceptance))
    data["depends_on"] = []
    data["hedging"] = "potentially"

    response = editor_client.post(change_page(editor_client, acceptance).wsgi_request.path, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    acceptance.refresh_from_db()
    assert acceptance.hedging == "potentially"
    assert not acceptance.is_conditional


def test_hedging_the_source_does_not_say_is_refused_by_the_form(editor_client, seeded):
    from tests.admin_forms import correction_form_data

    acceptance = Condition.objects.get(party__slug="russia", kind="acceptance")
    data = correction_form_data(change_page(editor_client, acceptance))
    data["hedging"] = "perhaps one day"

    response = editor_client.post(change_page(editor_client, acceptance).wsgi_request.path, data)

    assert response.status_code == 200
    assert "these words are not found in it" in response.content.decode()
    acceptance.refresh_from_db()
    assert acceptance.hedging == "could potentially"
