"""Corrections in public: changing what readers see needs a reason, and readers see it."""

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Condition, PublishStatus, Statement
from tests.admin_forms import save_change_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_statement(seeded):
    return Statement.objects.filter(status=PublishStatus.PUBLISHED).order_by("pk").first()


def test_a_change_to_a_published_statement_needs_a_reason(editor_client, published_statement):
    response = save_change_form(editor_client, published_statement, summary="A new summary.")

    assert response.status_code == 200
    assert "say what you corrected and why" in response.content.decode()
    published_statement.refresh_from_db()
    assert published_statement.summary != "A new summary."


def test_readers_see_the_correction_on_the_page_and_in_the_changes(
    editor_client, published_statement
):
    reason = "The summary misread the date of the remarks."
    response = save_change_form(
        editor_client, published_statement, summary="Fixed.", correction=reason
    )
    assert response.status_code == 302

    reader = Client()
    page = reader.get(reverse("negotiations:statement", args=[published_statement.pk]))
    assert "Corrected on" in page.content.decode()
    assert reason in page.content.decode()
    changes = reader.get(reverse("negotiations:changes")).content.decode()
    assert "corrected" in changes and reason in changes


def test_a_term_correction_needs_a_reason_too(editor_client, seeded):
    term = Condition.objects.filter(status=PublishStatus.PUBLISHED).order_by("pk").first()

    refused = save_change_form(editor_client, term, summary="Reworded.")
    accepted = save_change_form(
        editor_client, term, summary="Reworded.", correction="Closer to the quote."
    )

    assert refused.status_code == 200 and accepted.status_code == 302
    assert "Closer to the quote." in Client().get(reverse("negotiations:changes")).content.decode()


def test_a_draft_is_edited_freely_and_publishing_is_not_a_correction(editor_client, seeded):
    statement = Statement.objects.filter(status=PublishStatus.PUBLISHED).order_by("pk").last()
    Statement.objects.filter(pk=statement.pk).update(status=PublishStatus.DRAFT)
    statement.refresh_from_db()

    assert save_change_form(editor_client, statement, summary="Drafting.").status_code == 302
    statement.refresh_from_db()
    assert save_change_form(editor_client, statement, status="published").status_code == 302
    assert not statement.history.filter(history_change_reason__startswith="Correction").exists()
