"""The admin as editors use it: every page renders, statements are entered and published, access."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from negotiations.models import (
    Attestation,
    Condition,
    Event,
    Fact,
    ProposalPoint,
    ProposalVersion,
    PublishStatus,
    Source,
    Statement,
)
from parties import editors
from parties.models import Person, Role
from tests.conftest import the_seed_article

# The admin alone, so these tests do not depend on the public pages being built beside them.
urlpatterns = [path("admin/", admin.site.urls)]
pytestmark = pytest.mark.urls(__name__)

EDITED_APPS = {"parties", "negotiations"}
EDITED_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in EDITED_APPS),
    key=lambda model: model._meta.label,
)

# A passage of the seed article that no seeded statement quotes.
NEW_WORDING = (
    "This statement reinforces Russia's firm stance on the occupied regions, which currently "
    "constitute approximately one-fifth of Ukraine's total territory."
)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def full_seed(seeded):
    """The seed, plus two linked proposal points, which the article does not list one by one."""
    first, second = ProposalVersion.objects.order_by("number")[:2]
    point = ProposalPoint.objects.create(version=first, number=1, text="Ukraine leaves Donetsk.")
    ProposalPoint.objects.create(
        version=second, number=1, text="Ukraine leaves Donetsk.", previous=point
    )
    return seeded


@pytest.fixture
def source(seeded):
    return the_seed_article()


@pytest.fixture
def putin(seeded):
    return Person.objects.get(slug="vladimir-putin")


@pytest.fixture
def staff_client(client, db):
    """Staff, so the admin lets them in, but not an editor."""
    user = get_user_model().objects.create_user(
        "visitor", password="correct horse battery", is_staff=True
    )
    client.force_login(user)
    return client


def statement_form(speaker, source, wording, **changes):
    """What the statement add form posts: the statement and one attestation in its inline."""
    data = {
        "speaker": speaker.pk,
        "party": "",
        "said_on": "2025-11-27",
        "said_on_precision": "day",
        "occasion": "Press conference in Bishkek",
        "place": "Bishkek, Kyrgyzstan",
        "mode": "reported",
        "language": "ru",
        "summary": "The occupied regions are a fifth of Ukraine.",
        "status": "draft",
        "attestations-TOTAL_FORMS": "1",
        "attestations-INITIAL_FORMS": "0",
        "attestations-MIN_NUM_FORMS": "1",
        "attestations-MAX_NUM_FORMS": "1000",
        "attestations-0-id": "",
        "attestations-0-statement": "",
        "attestations-0-source": source.pk,
        "attestations-0-wording": wording,
        "attestations-0-start": "",
        "attestations-0-note": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_the_admin_passes_the_system_checks():
    assert checks.run_checks(tags=[checks.Tags.admin]) == []


@pytest.mark.urls("config.urls")
def test_the_project_mounts_this_admin_at_admin(superuser_client, seeded):
    assert reverse("admin:index") == "/admin/"
    assert superuser_client.get(admin_url(Statement, "changelist")).status_code == 200


def test_every_model_of_the_tracker_has_an_admin_and_editors_may_edit_it():
    tracked = {
        model
        for label in EDITED_APPS
        for model in apps.get_app_config(label).get_models()
        # simple_history's own models, which the tracked models' admins show as their history,
        # and the data version, which only the app writes.
        # and the data version, which only the app writes; and the processes an editor may
        # edit, which superusers keep on the user's page.
        if not hasattr(model, "instance_type")
        and model._meta.model_name not in ("dataversion", "processeditor")
    }
    assert tracked == set(EDITED_MODELS)
    assert {(model._meta.app_label, model._meta.model_name) for model in EDITED_MODELS} == {
        (app_label, name) for app_label, names in editors.EDITED_MODELS.items() for name in names
    }


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model._meta.label)
def test_every_admin_page_renders_for_a_superuser(superuser_client, full_seed, model):
    obj = model.objects.order_by("pk").first()
    assert obj is not None, "the seed should hold one of each"

    for url in [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
        admin_url(model, "history", obj.pk),
    ]:
        assert superuser_client.get(url).status_code == 200, url


def test_the_search_box_of_every_changelist_works(superuser_client, full_seed):
    for model in EDITED_MODELS:
        response = superuser_client.get(admin_url(model, "changelist"), {"q": "Donetsk"})
        assert response.status_code == 200, model


def test_the_statement_list_shows_speaker_summary_and_attestation_count(superuser_client, seeded):
    statement = Statement.objects.get(summary__icontains="military means")
    Attestation.objects.create(
        statement=statement,
        source=the_seed_article(),
        wording="If they don't, then we will achieve it by military means",
        note="Second attestation, for the count.",
    )

    response = superuser_client.get(admin_url(Statement, "changelist"), {"q": "military means"})

    row = response.context["cl"].result_list.get(pk=statement.pk)
    assert row.attestation_count == 2
    content = response.content.decode()
    assert "Vladimir Putin (Russia)" in content
    assert statement.summary in content


def test_an_editor_adds_a_statement_with_an_attestation(editor_client, editor, source, putin):
    assert NEW_WORDING in source.text

    response = editor_client.post(
        admin_url(Statement, "add"), statement_form(putin, source, NEW_WORDING)
    )

    assert response.status_code == 302, response.context["errors"]
    statement = Statement.objects.get(summary="The occupied regions are a fifth of Ukraine.")
    assert statement.party == putin.party
    assert statement.status == PublishStatus.DRAFT
    attestation = statement.attestations.get()
    assert attestation.source == source
    assert attestation.start == source.text.index(NEW_WORDING)
    assert attestation.end == attestation.start + len(NEW_WORDING)
    assert source.text[attestation.start : attestation.end] == NEW_WORDING
    assert statement.history.get().history_user == editor
    assert attestation.history.get().history_user == editor


def test_a_wording_not_in_the_source_is_refused_and_nothing_is_saved(editor_client, source, putin):
    statements, attestations = Statement.objects.count(), Attestation.objects.count()

    response = editor_client.post(
        admin_url(Statement, "add"),
        statement_form(putin, source, "Russia will withdraw from every region tomorrow."),
    )

    assert response.status_code == 200
    assert "not found verbatim in the source" in response.content.decode()
    assert Statement.objects.count() == statements
    assert Attestation.objects.count() == attestations


def test_a_statement_without_an_attestation_is_refused(editor_client, source, putin):
    statements = Statement.objects.count()
    data = statement_form(putin, source, "")
    data["attestations-0-source"] = ""

    response = editor_client.post(admin_url(Statement, "add"), data)

    assert response.status_code == 200
    assert Statement.objects.count() == statements


def test_an_attestation_at_the_wrong_offset_is_refused_with_the_right_one(
    editor_client, source, putin
):
    response = editor_client.post(
        admin_url(Statement, "add"),
        statement_form(putin, source, NEW_WORDING, **{"attestations-0-start": "0"}),
    )

    assert response.status_code == 200
    assert f"it is found at {source.text.index(NEW_WORDING)}" in response.content.decode()


def test_staff_outside_the_editors_group_cannot_add_statements(staff_client, source, putin):
    statements = Statement.objects.count()

    assert staff_client.get(admin_url(Statement, "add")).status_code == 403
    response = staff_client.post(
        admin_url(Statement, "add"), statement_form(putin, source, NEW_WORDING)
    )

    assert response.status_code == 403
    assert Statement.objects.count() == statements


def test_editors_cannot_manage_users_or_groups(editor_client, editor):
    User = get_user_model()
    for url in [
        admin_url(User, "changelist"),
        admin_url(User, "add"),
        admin_url(User, "change", editor.pk),
        admin_url(Group, "changelist"),
        admin_url(Group, "add"),
    ]:
        assert editor_client.get(url).status_code == 403, url

    response = editor_client.post(admin_url(User, "change", editor.pk), {"is_superuser": "on"})
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_an_editor_sees_the_history_of_a_statement_and_can_revert_it(editor_client, seeded):
    statement = Statement.objects.order_by("pk").first()
    record = statement.history.earliest()

    history = editor_client.get(admin_url(Statement, "history", statement.pk))
    revert = editor_client.get(
        reverse("admin:negotiations_statement_simple_history", args=[statement.pk, record.pk])
    )

    assert history.status_code == 200
    assert revert.status_code == 200
    assert "Revert" in revert.content.decode()


PUBLISHABLE = [Statement, Condition, Source]


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda model: model.__name__)
def test_the_publish_and_return_to_draft_actions_change_status_and_write_history(
    editor_client, editor, seeded, model
):
    if model is Source:
        # The seed holds one source; the second shows that one already published is left alone.
        Source.objects.create(publisher="Reuters", title="A second source", status="published")
    first, second = model.objects.published().order_by("pk")[:2]
    first_history = first.history.count()
    url = admin_url(model, "changelist")
    name = model._meta.verbose_name

    response = editor_client.post(
        url, {"action": "return_to_draft", "_selected_action": [first.pk]}, follow=True
    )

    first.refresh_from_db()
    assert first.status == PublishStatus.DRAFT
    assert first.published_at is None
    assert first.history.count() == first_history + 1
    assert first.history.latest().history_user == editor
    assert f"1 {name} returned to draft." in response.content.decode()

    response = editor_client.post(
        url, {"action": "publish", "_selected_action": [first.pk, second.pk]}, follow=True
    )

    first.refresh_from_db()
    assert first.status == PublishStatus.PUBLISHED
    assert first.published_at is not None
    assert first.history.count() == first_history + 2
    assert first.history.latest().history_change_reason == "Published"
    assert f"1 {name} published. 1 was already published." in response.content.decode()


def test_staff_outside_the_editors_group_cannot_publish(staff_client, seeded):
    statement = Statement.objects.order_by("pk").first()
    statement.status = PublishStatus.DRAFT
    statement.save()

    response = staff_client.post(
        admin_url(Statement, "changelist"),
        {"action": "publish", "_selected_action": [statement.pk]},
    )

    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.status == PublishStatus.DRAFT


def test_selected_statements_can_be_deleted_from_the_annotated_list(superuser_client, seeded):
    statement = Statement.objects.order_by("pk").first()

    response = superuser_client.post(
        admin_url(Statement, "changelist"),
        {"action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()


def add_statements(count):
    """`count` more statements by the seed's speakers, each with an attestation."""
    source = the_seed_article()
    people = list(Person.objects.all())
    for number in range(count):
        statement = Statement.objects.create(
            speaker=people[number % len(people)],
            said_on=datetime.date(2025, 11, 1) + datetime.timedelta(days=number),
            mode="reported",
            summary=f"Extra statement {number}",
        )
        Attestation.objects.create(statement=statement, source=source, wording=NEW_WORDING)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_statement_list_makes_as_many_queries_with_three_times_the_statements(
    superuser_client, seeded
):
    url = admin_url(Statement, "changelist")
    superuser_client.get(url)  # The first request fills per-process caches (content types).
    seeded_statements = Statement.objects.count()
    with_seed = count_queries(superuser_client, url)

    add_statements(2 * seeded_statements)
    assert Statement.objects.count() == 3 * seeded_statements

    assert count_queries(superuser_client, url) == with_seed


# Rows of these can be copied as they are: no unique field stands in the way.
COPYABLE = [Attestation, Condition, Event, Fact, ProposalPoint, Role]


@pytest.mark.parametrize("model", COPYABLE, ids=lambda model: model.__name__)
def test_a_changelist_makes_as_many_queries_with_three_times_the_rows(
    superuser_client, full_seed, model
):
    url = admin_url(model, "changelist")
    superuser_client.get(url)
    with_seed = count_queries(superuser_client, url)

    for obj in list(model.objects.all()) * 2:
        obj.pk = None
        obj._state.adding = True
        obj.save()

    assert count_queries(superuser_client, url) == with_seed


def test_the_source_list_and_the_admin_home_link_to_the_paste_page(superuser_client, seeded):
    paste = reverse("admin:negotiations_source_paste")
    for url in (admin_url(Source, "changelist"), reverse("admin:index")):
        html = superuser_client.get(url).content.decode()
        assert f'href="{paste}"' in html, url
        assert "Paste an article" in html, url
