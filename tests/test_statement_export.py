"""The CSV of every published statement: streamed, complete, published only, spreadsheet-safe."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from negotiations.exports import statements as statement_export
from negotiations.models import PublishStatus, Statement
from parties.models import Party
from tests.factories import make_statement

pytestmark = pytest.mark.django_db
URL = reverse("negotiations:export_statements")


def read(response):
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_it_holds_every_published_statement_once(client, seeded):
    rows = read(client.get(URL))
    assert [int(r["statement_id"]) for r in rows] == sorted(
        Statement.objects.published().values_list("id", flat=True)
    )
    quote = next(r for r in rows if r["wording"].startswith("If they don't"))
    assert quote["speaker"] == "Vladimir Putin"
    assert quote["mode"] == "quote"
    assert quote["said_on"] == "2025-11-27"
    assert quote["sources"] == "Seed article (publisher not recorded)"


def test_it_leaves_out_drafts_even_for_editors(editor_client, seeded):
    draft = make_statement(
        party=Party.objects.get(slug="russia"), wording="Not public.", status=PublishStatus.DRAFT
    )
    ids = {int(r["statement_id"]) for r in read(editor_client.get(URL))}
    assert draft.pk not in ids


def test_a_wording_that_looks_like_a_formula_is_defused(client, seeded):
    make_statement(party=Party.objects.get(slug="russia"), wording="=HYPERLINK(1)", mode="quote")
    row = next(r for r in read(client.get(URL)) if "HYPERLINK" in r["wording"])
    assert row["wording"] == "'=HYPERLINK(1)"


def test_it_reads_the_statements_in_chunks(client, seeded, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(statement_export, "CHUNK", 5)
    total = Statement.objects.published().count()
    chunks = -(-total // 5)
    # Per chunk: its statements and their reports; then one query finds the end, and one reads
    # the data version the download's validator (ETag) is made from.
    with django_assert_num_queries(2 * chunks + 2):
        rows = read(client.get(URL))
    assert len(rows) == total


def test_the_file_name_says_what_it_holds(client, seeded):
    response = client.get(URL)
    assert response["Content-Disposition"].startswith('attachment; filename="statements-as-of-')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
