"""No lost work: two editors save the same statement; the second sees both versions, not an overwrite."""

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Condition, Statement
from tests.admin_forms import change_url, correction_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(seeded, django_user_model):
    from parties.editors import add_to_editors

    clients = []
    for name in ("anna", "boris"):
        user = django_user_model.objects.create_user(name, password="correct horse battery")
        add_to_editors(user)
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_the_second_editor_to_save_is_told_and_shown_both_versions(two_editors):
    anna, boris = two_editors
    statement = Statement.objects.get(attestations__wording__startswith="Overall, we agree")
    url = change_url(statement)
    anna_form = correction_form_data(anna.get(url))
    boris_form = correction_form_data(boris.get(url))

    anna_form["summary"] = "Anna's summary."
    assert anna.post(url, anna_form).status_code == 302

    boris_form["summary"] = "Boris's summary."
    response = boris.post(url, boris_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert "anna changed this statement" in html
    assert "saved meanwhile: Anna&#x27;s summary. | yours: Boris&#x27;s summary." in html
    statement.refresh_from_db()
    assert statement.summary == "Anna's summary."


def test_after_seeing_both_versions_the_second_editor_can_keep_theirs(two_editors):
    anna, boris = two_editors
    statement = Statement.objects.get(attestations__wording__startswith="Overall, we agree")
    url = change_url(statement)
    anna_form = correction_form_data(anna.get(url))
    boris_form = correction_form_data(boris.get(url))
    anna_form["summary"] = "Anna's summary."
    anna.post(url, anna_form)
    boris_form["summary"] = "Boris's summary."
    conflict = boris.post(url, boris_form)

    again = correction_form_data(conflict)
    again["summary"] = "Boris's summary."
    assert boris.post(url, again).status_code == 302
    statement.refresh_from_db()
    assert statement.summary == "Boris's summary."
    assert list(statement.history.values_list("history_user__username", flat=True)[:2]) == [
        "boris",
        "anna",
    ]


def test_an_editor_saving_an_unchanged_copy_is_not_stopped(two_editors):
    anna, _ = two_editors
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    url = change_url(condition)
    form = correction_form_data(anna.get(url))
    form["summary"] = "Recognition of the occupied territories in any lasting agreement."
    assert anna.post(url, form).status_code == 302
    form = correction_form_data(anna.get(url))
    form["details"] = "Named: Donetsk, Crimea, Lugansk."
    assert anna.post(url, form).status_code == 302
    condition.refresh_from_db()
    assert condition.details == "Named: Donetsk, Crimea, Lugansk."


def test_a_publish_action_meanwhile_also_counts_as_a_change(two_editors):
    anna, boris = two_editors
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    url = change_url(condition)
    boris_form = correction_form_data(boris.get(url))
    changelist = reverse("admin:negotiations_condition_changelist")
    anna.post(
        changelist,
        {"action": "return_to_draft", "_selected_action": [condition.pk]},
    )
    boris_form["summary"] = "Boris's edit."
    response = boris.post(url, boris_form)
    assert response.status_code == 200
    assert "anna changed this term" in response.content.decode()
    condition.refresh_from_db()
    assert condition.status == "draft"
    assert condition.summary != "Boris's edit."


def test_saving_a_statement_deleted_meanwhile_says_so(two_editors):
    anna, boris = two_editors
    statement = Statement.objects.get(attestations__wording__startswith="Overall, we agree")
    url = change_url(statement)
    boris_form = correction_form_data(boris.get(url))
    statement.conditions.clear()
    statement.delete()
    response = boris.post(url, boris_form)
    assert response.status_code in (200, 302, 404)
    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_a_copy_read_just_before_another_save_is_refused_not_saved_over_it(seeded):
    from negotiations.locking import RevisionCheckedForm

    class SummaryForm(RevisionCheckedForm):
        class Meta:
            model = Statement
            fields = ["summary"]

    statement = Statement.objects.get(attestations__wording__startswith="Overall, we agree")
    # Boris's page reads the row; Anna's save commits before his form is built from it.
    boris_copy = Statement.objects.get(pk=statement.pk)
    statement.summary = "Anna's summary."
    statement.save()
    opened = SummaryForm(instance=boris_copy)

    posted = SummaryForm(
        {"summary": "Boris's summary.", "seen_revision": opened["seen_revision"].value()},
        instance=Statement.objects.get(pk=statement.pk),
    )

    assert not posted.is_valid()
    assert "after you opened it" in str(posted.errors)
    statement.refresh_from_db()
    assert statement.summary == "Anna's summary."
