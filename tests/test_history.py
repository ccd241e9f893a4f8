"""History and undo: every change is recorded with who and when, and reverted through the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Condition, PublishStatus, Statement
from tests.admin_forms import change_url, correction_form_data

pytestmark = pytest.mark.django_db


def edit_summary(client, obj, summary):
    form = correction_form_data(client.get(change_url(obj)))
    form["summary"] = summary
    response = client.post(change_url(obj), form)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_change_through_the_admin_is_recorded_with_who_and_what_before_and_after(
    editor_client, editor, seeded
):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    before = condition.summary
    edit_summary(editor_client, condition, "Recognition of the occupied territories.")
    latest, previous = condition.history.order_by("-history_date")[:2]
    assert latest.history_user == editor
    assert latest.summary == "Recognition of the occupied territories."
    assert previous.summary == before
    delta = latest.diff_against(previous)
    assert [change.field for change in delta.changes] == ["summary"]


def test_an_editor_reverts_a_change_through_the_admin_history(editor_client, editor, seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    original = condition.summary
    edit_summary(editor_client, condition, "A mistaken summary.")
    first = condition.history.order_by("history_date").first()
    revert_url = reverse(
        "admin:negotiations_condition_simple_history", args=[condition.pk, first.history_id]
    )
    page = editor_client.get(revert_url)
    assert page.status_code == 200
    form = correction_form_data(page)
    assert form["summary"] == original
    response = editor_client.post(revert_url, form)
    assert response.status_code == 302
    condition.refresh_from_db()
    assert condition.summary == original
    assert condition.history.order_by("-history_date").first().history_user == editor


def test_the_history_page_lists_each_change_and_its_author(editor_client, seeded):
    statement = Statement.objects.get(attestations__wording__startswith="Overall, we agree")
    edit_summary(editor_client, statement, "Russia agrees the revised draft is a basis.")
    page = editor_client.get(
        reverse("admin:negotiations_statement_history", args=[statement.pk])
    ).content.decode()
    assert "editor" in page and "Changed" in page


def test_the_public_changelog_lists_published_changes_without_naming_editors(editor_client, seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    edit_summary(editor_client, condition, "Recognition of the occupied territories.")
    html = Client().get(reverse("negotiations:changes")).content.decode()
    assert "Recognition of the occupied territories." in html
    assert "corrected (summary): <bdi>Corrected in a test.</bdi>" in html
    assert ">editor<" not in html
    staff_html = editor_client.get(reverse("negotiations:changes")).content.decode()
    assert ">editor<" in staff_html


def test_the_changelog_leaves_out_changes_to_drafts(editor_client, seeded):
    from tests.factories import make_statement

    statement = make_statement(
        party=Condition.objects.first().party, wording="Unpublished words.", status="draft"
    )
    statement.summary = "A draft nobody may read yet"
    statement.save()
    html = Client().get(reverse("negotiations:changes")).content.decode()
    assert "A draft nobody may read yet" not in html
    statement.status = PublishStatus.PUBLISHED
    statement.save()
    html = Client().get(reverse("negotiations:changes")).content.decode()
    assert "A draft nobody may read yet" in html
    assert "published" in html


def test_the_changelog_makes_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    for condition in Condition.objects.all():
        condition.summary += " (edited)"
        condition.save()
    with django_assert_max_num_queries(8):
        client.get(reverse("negotiations:changes"))
