"""Editors limited to some peace processes: the admin's lists, change forms, choices, actions
and autocomplete, the intake, publishing a statement that bears on several processes, and the
drafts each editor previews (with the cache keyed by what they may see)."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from negotiations.caching import pages
from negotiations.models import (
    Condition,
    ConditionKind,
    PeaceProcess,
    ProcessEditor,
    PublishStatus,
    Statement,
    Topic,
)
from negotiations.visibility import EDITORS, PUBLIC, audience
from parties.editors import add_to_editors
from parties.models import Party
from tests.admin_forms import admin_form_data
from tests.factories import make_condition, make_source, make_statement
from tests.test_exports import body

TODAY = datetime.date(2025, 11, 28)


@pytest.fixture
def processes(seeded):
    """The seeded Russia–Ukraine talks, and Sudan talks with a topic, a draft term of its own
    and a statement that bears on both processes."""
    first = PeaceProcess.objects.get(slug="russia-ukraine")
    sudan = PeaceProcess.objects.create(name="Sudan talks", slug="sudan", sort_order=200)
    access = Topic.objects.create(name="Humanitarian access", slug="access", process=sudan)
    army = Party.objects.create(name="Sudanese Armed Forces", slug="saf")
    sudan.participations.create(party=army)
    make_condition(
        army,
        access,
        kind=ConditionKind.OFFER,
        summary="A Sudan draft only its editors preview",
        statements=[make_statement(party=army, wording="Convoys may pass.")],
        status=PublishStatus.DRAFT,
    )
    # A leader speaking of both conflicts in one press conference: one statement, two terms.
    shared = make_statement(
        party=army, wording="Both wars must end.", status=PublishStatus.DRAFT, said_on=TODAY
    )
    make_condition(army, access, summary="Sudan: both wars must end", statements=[shared])
    make_condition(
        army,
        Topic.objects.filter(process=first).order_by("id").first(),
        summary="Ukraine: both wars must end",
        statements=[shared],
    )
    return first, sudan, shared


def editor_of(*processes, name="limited"):
    user = get_user_model().objects.create_user(name, password="correct horse battery")
    add_to_editors(user)
    for process in processes:
        ProcessEditor.objects.create(user=user, process=process)
    client = Client()
    client.force_login(user)
    return user, client


def changelist_ids(client, model):
    response = client.get(reverse(f"admin:negotiations_{model}_changelist"))
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def test_lists_and_change_forms_hold_the_editors_processes_only(processes):
    first, sudan, shared = processes
    _user, client = editor_of(sudan)

    topics = changelist_ids(client, "topic")
    assert topics == set(Topic.objects.filter(process=sudan).values_list("pk", flat=True))
    # The list's filter offers the editor's processes only, as its rows are.
    page = client.get(reverse("admin:negotiations_topic_changelist")).content.decode()
    assert "Sudan talks" in page and "Russia–Ukraine peace talks" not in page
    terms = changelist_ids(client, "condition")
    assert terms == set(Condition.objects.filter(topic__process=sudan).values_list("pk", flat=True))
    statements = changelist_ids(client, "statement")
    assert shared.pk in statements  # it bears on Sudan too
    only_first = Statement.objects.bearing_on(first).exclude(pk=shared.pk).first()
    assert only_first.pk not in statements
    assert changelist_ids(client, "peaceprocess") == {sudan.pk}

    other_topic = Topic.objects.filter(process=first).first()
    url = reverse("admin:negotiations_topic_change", args=[other_topic.pk])
    response = client.get(url)
    assert response.status_code == 302  # "doesn't exist", as for a row nobody has
    before = other_topic.name
    client.post(url, {"name": "Renamed by an editor of another process"})
    other_topic.refresh_from_db()
    assert other_topic.name == before


def test_choices_offer_the_editors_processes_only_and_a_crafted_form_is_refused(processes):
    first, sudan, _shared = processes
    _user, client = editor_of(sudan)
    url = reverse("admin:negotiations_condition_add")
    page = client.get(url)
    offered = set(
        page.context["adminform"].form.fields["topic"].queryset.values_list("pk", flat=True)
    )
    assert offered == set(Topic.objects.filter(process=sudan).values_list("pk", flat=True))

    data = admin_form_data(page)
    army = Party.objects.get(slug="saf")
    data.update(
        party=str(army.pk),
        topic=str(Topic.objects.filter(process=first).first().pk),
        kind=ConditionKind.DEMAND,
        summary="A term slipped into another process",
        valid_from="2025-11-27",
        valid_from_precision="day",
        statements=[str(Statement.objects.filter(party=army).first().pk)],
    )
    count = Condition.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Condition.objects.count() == count

    # The same form with the editor's own topic is saved: the choice was refused, not the form.
    data["topic"] = str(Topic.objects.get(slug="access").pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Condition.objects.count() == count + 1


def test_autocomplete_offers_the_editors_processes_only(processes):
    first, sudan, _shared = processes
    _user, client = editor_of(sudan)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "negotiations", "model_name": "fact", "field_name": "topic", "term": ""},
    )
    assert response.status_code == 200
    found = {int(row["id"]) for row in json.loads(response.content)["results"]}
    assert found == set(Topic.objects.filter(process=sudan).values_list("pk", flat=True))


def test_actions_reach_the_editors_processes_only(processes):
    first, sudan, _shared = processes
    _user, client = editor_of(sudan)
    other = Condition.objects.filter(topic__process=first, status=PublishStatus.PUBLISHED).first()
    client.post(
        reverse("admin:negotiations_condition_changelist"),
        {"action": "return_to_draft", "_selected_action": [str(other.pk)]},
    )
    other.refresh_from_db()
    assert other.status == PublishStatus.PUBLISHED


def test_a_statement_bearing_on_two_processes_needs_the_right_to_each_to_be_published(processes):
    first, sudan, shared = processes
    changelist = reverse("admin:negotiations_statement_changelist")
    publish = {"action": "publish", "_selected_action": [str(shared.pk)]}

    _user, sudan_only = editor_of(sudan)
    response = sudan_only.post(changelist, publish, follow=True)
    assert "bears on a peace process you do not edit (Russia–Ukraine" in response.content.decode()
    shared.refresh_from_db()
    assert shared.status == PublishStatus.DRAFT

    # Saving its change form with the status "published" is refused the same way.
    url = reverse("admin:negotiations_statement_change", args=[shared.pk])
    data = admin_form_data(sudan_only.get(url))
    data["status"] = PublishStatus.PUBLISHED
    response = sudan_only.post(url, data)
    assert response.status_code == 200
    assert "bears on a peace process you do not edit" in response.content.decode()
    shared.refresh_from_db()
    assert shared.status == PublishStatus.DRAFT

    _user, both = editor_of(first, sudan, name="both")
    both.post(changelist, publish)
    shared.refresh_from_db()
    assert shared.status == PublishStatus.PUBLISHED


def test_a_limited_editor_adds_no_process(processes):
    _first, sudan, _shared = processes
    _user, client = editor_of(sudan)
    assert client.get(reverse("admin:negotiations_peaceprocess_add")).status_code == 403


def test_the_intake_offers_the_terms_of_the_editors_processes_only(processes):
    first, sudan, _shared = processes
    _user, client = editor_of(sudan)
    source = make_source(text='"We will let the convoys pass," the army spokesman said.')
    response = client.get(reverse("admin:negotiations_source_review", args=[source.pk]))
    assert response.status_code == 200
    offered = {
        value
        for group in response.context["formset"].forms[0].fields["conditions"].choices
        for value, _label in group[1]
    }
    assert offered == set(
        Condition.objects.filter(topic__process=sudan).values_list("pk", flat=True)
    )


def fetched(client, url):
    cache.clear()
    pages.clear()
    response = client.get(url)
    assert response.status_code == 200
    return body(response) if response.streaming else response.content


def test_each_editor_previews_the_drafts_of_their_own_processes_and_the_cache_keeps_them_apart(
    processes, superuser_client
):
    first, sudan, shared = processes
    ukraine_only, ukraine_client = editor_of(first, name="ukraine")
    sudan_page = reverse("negotiations:topic", args=["access"])
    sudan_csv = reverse("negotiations:export", args=["csv"]) + "?process=sudan"
    draft = b"A Sudan draft only its editors preview"

    assert draft in fetched(superuser_client, sudan_page)
    # Computed for the superuser and still cached: the other editor's key is not theirs.
    response = ukraine_client.get(sudan_page)
    assert response.status_code == 200
    assert draft not in response.content
    assert draft not in fetched(ukraine_client, sudan_page)
    assert draft not in fetched(ukraine_client, sudan_csv)

    _user, sudan_client = editor_of(sudan, name="sudan")
    assert draft in fetched(sudan_client, sudan_page)
    assert draft in fetched(sudan_client, sudan_csv)
    # Away from the pages of their process (a statement's page belongs to none), the Sudan
    # editor sees what readers see: the draft statement is not found.
    statement_page = reverse("negotiations:statement", args=[shared.pk])
    assert superuser_client.get(statement_page).status_code == 200
    assert sudan_client.get(statement_page).status_code == 404

    assert audience(ukraine_only) == f"{EDITORS}:{first.pk}"
    assert audience(get_user_model().objects.get(username="root")) == EDITORS
    assert audience(None) == PUBLIC
