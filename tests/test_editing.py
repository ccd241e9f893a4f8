"""The editors' day at the form level, from the pages as rendered: every change form saves
unchanged, a source's text survives browsers and edits, a revert commits, publishing is one step.
The same flows are driven in a real browser in tests/browser/test_admin_in_browser.py."""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from negotiations.models import (
    Attestation,
    Condition,
    PublishStatus,
    Source,
    Statement,
    StatementMode,
)
from negotiations.tracked import TRACKED_APPS
from tests.admin_forms import (
    admin_form_data,
    change_url,
    correction_form_data,
    save_change_form,
)
from tests.conftest import the_seed_article

pytestmark = pytest.mark.django_db


REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in TRACKED_APPS),
    key=lambda model: model._meta.label,
)


def stored_text(obj):
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {
        field.attname: getattr(fresh, field.attname)
        for field in fresh._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    }


def form_error_text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_change_form_saves_unchanged_as_a_browser_sends_it(editor_client, seeded, model):
    obj = model._default_manager.order_by("pk").first()
    before = stored_text(obj)

    response = save_change_form(editor_client, obj)

    assert response.status_code == 302, form_error_text(response)[:2000]
    assert stored_text(obj) == before


def test_the_revision_an_editor_opened_is_on_the_page(editor_client, seeded):
    for obj in (Statement.objects.first(), the_seed_article(), Condition.objects.first()):
        data = admin_form_data(editor_client.get(change_url(obj)))
        assert data["seen_revision"] == str(obj.revision)


def test_line_endings_typed_in_a_browser_are_stored_as_newlines(editor_client, seeded):
    source = the_seed_article()

    response = save_change_form(editor_client, source, note="First line\r\nsecond line\rthird")

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.note == "First line\nsecond line\nthird"


# -- a source's text and the passages quoted from it ------------------------------------------------
@pytest.fixture
def article(seeded):
    return the_seed_article()


def test_an_edit_above_a_quoted_passage_reanchors_it(editor_client, article):
    attestation = Attestation.objects.filter(source=article).order_by("start").last()
    old_start = attestation.start
    text = admin_form_data(editor_client.get(change_url(article)))["text"]

    response = save_change_form(
        editor_client, article, text="Editor's note: a new first line.\r\n" + text
    )

    assert response.status_code == 302, form_error_text(response)[:2000]
    attestation.refresh_from_db()
    article.refresh_from_db()
    assert attestation.start == old_start + len("Editor's note: a new first line.\n")
    assert article.text[attestation.start : attestation.end] == attestation.wording
    # The statement it backs saves as before.
    statement = attestation.statement
    assert (
        save_change_form(
            editor_client, statement, summary="Re-read.", correction="Re-read."
        ).status_code
        == 302
    )


def test_an_edit_that_removes_a_quoted_passage_is_refused_naming_it(editor_client, article):
    attestation = Attestation.objects.filter(source=article).order_by("pk").first()
    before = stored_text(article)
    text = admin_form_data(editor_client.get(change_url(article)))["text"]
    cut = text.replace(attestation.wording.replace("\n", "\r\n"), "")
    assert cut != text

    html = form_error_text(save_change_form(editor_client, article, text=cut))

    assert f"attestation {attestation.pk} (statement {attestation.statement_id})" in html
    assert "is no longer in the text" in html
    assert stored_text(article) == before


def test_a_passage_that_moved_and_now_occurs_twice_is_not_guessed(editor_client, article):
    attestation = Attestation.objects.filter(source=article).order_by("start").last()
    text = admin_form_data(editor_client.get(change_url(article)))["text"]
    doubled = attestation.wording.replace("\n", "\r\n") + "\r\n" + text

    html = form_error_text(save_change_form(editor_client, article, text=doubled))

    assert f"attestation {attestation.pk}" in html and "occurs 2 times" in html
    attestation.refresh_from_db()
    assert article.text[attestation.start : attestation.end] == attestation.wording


# -- a form an editor leaves half-filled --------------------------------------------------------------
def test_clearing_both_speaker_and_party_is_a_form_error(editor_client, seeded):
    statement = Statement.objects.filter(speaker__isnull=False).first()

    html = form_error_text(save_change_form(editor_client, statement, speaker="", party=""))

    assert "Name the speaker, or the party it is attributed to." in html
    statement.refresh_from_db()
    assert statement.speaker_id is not None


# -- publishing is one step ----------------------------------------------------------------------------
def draft_statement_in_a_draft_source():
    source = Source.objects.create(
        publisher="Test wire", title="A draft report", text="He said: we will not accept this."
    )
    statement = Statement.objects.create(
        party=the_seed_article().attestations.first().statement.party,
        said_on="2025-11-29",
        mode=StatementMode.QUOTE,
        summary="Will not accept it.",
    )
    Attestation.objects.create(statement=statement, source=source, wording="we will not accept")
    return statement, source


def publish(client, model, *objects):
    changelist = reverse(f"admin:negotiations_{model._meta.model_name}_changelist")
    return client.post(
        changelist,
        {"action": "publish", "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


def test_publishing_a_statement_publishes_its_draft_source(editor_client, seeded):
    statement, source = draft_statement_in_a_draft_source()

    response = publish(editor_client, Statement, statement)

    assert "1 statement published" in response.content.decode()
    assert "Also published" in response.content.decode()
    statement.refresh_from_db()
    source.refresh_from_db()
    assert statement.status == source.status == PublishStatus.PUBLISHED


def test_a_statement_no_source_reports_is_not_published(editor_client, seeded):
    statement, _source = draft_statement_in_a_draft_source()
    lonely = Statement.objects.create(
        party=statement.party, said_on="2025-11-29", mode=StatementMode.REPORTED
    )

    response = publish(editor_client, Statement, statement, lonely)

    assert "Nothing was published" in response.content.decode()
    assert "has no attestation" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == PublishStatus.DRAFT


def test_publishing_a_term_publishes_the_statements_it_rests_on(editor_client, seeded):
    statement, source = draft_statement_in_a_draft_source()
    term = Condition.objects.filter(status=PublishStatus.PUBLISHED).first()
    term.status = PublishStatus.DRAFT
    term.save()
    term.statements.add(statement)

    publish(editor_client, Condition, term)

    for obj in (term, statement, source):
        obj.refresh_from_db()
        assert obj.status == PublishStatus.PUBLISHED, obj


# -- revert from History, in a real transaction ---------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_revert_from_history_commits_without_an_error(client, django_user_model):
    from negotiations.management.seed import load_seed
    from parties.editors import add_to_editors
    from tests.conftest import SEED_FILE

    load_seed(SEED_FILE)
    editor = add_to_editors(django_user_model.objects.create_user("reverter", password="x" * 20))
    client.force_login(editor)
    statement = Statement.objects.order_by("pk").first()
    original = statement.summary
    assert (
        save_change_form(client, statement, summary="To undo.", correction="To undo.").status_code
        == 302
    )
    oldest = statement.history.order_by("history_date").first()
    url = reverse(
        "admin:negotiations_statement_simple_history", args=[statement.pk, oldest.history_id]
    )

    # A revert of what readers see is a correction like any other: it says why.
    response = client.post(url, correction_form_data(client.get(url), "Undone."))

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.summary == original


# -- addresses an editor's browser should never send, answered as such ----------------------------
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/admin/negotiations/statement/?status__exact=%00", 400),
        ("/admin/autocomplete/?app_label=negotiations&model_name=condition"
         "&field_name=statements&term=%00", 400),
        ("/admin/negotiations/statement/abc/history/", 404),
        ("/admin/negotiations/statement/1/history/abc/", 404),
        ("/admin/parties/person/abc/history/", 404),
    ],
)  # fmt: skip
def test_malformed_admin_addresses_get_a_4xx(editor_client, seeded, path, status):
    assert editor_client.get(path).status_code == status
