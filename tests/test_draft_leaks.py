"""No draft reaches a reader, and an editor sees every draft marked as one: on every public page,
fragment, feed and export, with `Cache-Control` private for the editor and public for the reader.

The drafts: a draft statement by a person named by nothing else, a published statement that only
a draft source reports, that draft source (also cited by a proposal version), a draft term, and a
statement published once and then withdrawn to draft."""

import csv
import datetime
import io
import json
import re

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from negotiations.models import (
    Attestation,
    Citation,
    Condition,
    ConditionKind,
    ProposalVersion,
    PublishStatus,
    Statement,
    Topic,
)
from parties.models import Party, Person
from tests.factories import make_condition, make_source, make_statement

DRAFT_WORDING = "We shall annex the moon by Tuesday."
UNREPORTED_WORDING = "Only the quiet dispatch reports this pledge."
DRAFT_PUBLISHER = "Quietwire"
DRAFT_TITLE = "Quiet dispatch from Geneva"
DRAFT_PERSON = "Ivana Draftova"
DRAFT_TERM = "Annexing the moon comes first"
WITHDRAWN = "A remark later withdrawn"
EXCERPT = "The revised plan was handed over in a sealed envelope."
SAID_ON = datetime.date(2025, 11, 27)

# Every marker a reader must never see.
MARKERS = [DRAFT_WORDING, UNREPORTED_WORDING, DRAFT_PUBLISHER, DRAFT_TITLE, DRAFT_PERSON]


@pytest.fixture
def drafts(seeded):
    russia = Party.objects.get(slug="russia")
    recognition = Topic.objects.get(slug="recognition")
    source = make_source(
        text=f'Geneva. "{DRAFT_WORDING}" and "{UNREPORTED_WORDING}" {EXCERPT} More to follow.',
        publisher=DRAFT_PUBLISHER,
        title=DRAFT_TITLE,
        status=PublishStatus.DRAFT,
    )
    # A new person, as intake or the admin's "+" creates one, named only by a draft statement.
    person = Person.objects.create(name=DRAFT_PERSON, slug="ivana-draftova", party=russia)
    draft = make_statement(
        speaker=person,
        wording=DRAFT_WORDING,
        said_on=SAID_ON,
        source=source,
        status=PublishStatus.DRAFT,
    )
    make_condition(
        russia,
        recognition,
        kind=ConditionKind.OFFER,
        summary=DRAFT_TERM,
        statements=[draft],
        status=PublishStatus.DRAFT,
    )
    # Published, but only a draft source reports it: it must not stand for readers.
    unreported = make_statement(
        speaker=Person.objects.get(slug="vladimir-putin"),
        wording=UNREPORTED_WORDING,
        said_on=SAID_ON,
        source=source,
        summary="The quiet pledge",
    )
    term = Condition.objects.get(party=russia, topic=recognition, status=PublishStatus.PUBLISHED)
    term.statements.add(unreported)
    # A proposal version read from the draft source, and a citation of it.
    version = ProposalVersion.objects.get(proposal__slug="us-peace-plan", number=2)
    ProposalVersion.objects.filter(pk=version.pk).update(source=source, source_excerpt=EXCERPT)
    Citation.objects.create(
        content_type=ContentType.objects.get_for_model(ProposalVersion),
        object_id=version.pk,
        detail="how it was handed over",
        source=source,
        excerpt=EXCERPT,
    )
    # Published once (the changelog has a row for it), then withdrawn to draft.
    withdrawn = make_statement(
        party=russia, wording="Words withdrawn later.", said_on=SAID_ON, summary=WITHDRAWN
    )
    withdrawn.status = PublishStatus.DRAFT
    withdrawn.save()
    return {"draft": draft, "unreported": unreported, "person": person, "source": source}


def reader():
    return Client()


# Every public page, fragment and feed, with what an editor must see marked "draft" on it.
HX = {"HX-Request": "true"}
CELL_QUERY = "party=russia&open=territory&cell=recognition:russia"
PAGES = {
    "compare": ("/?" + CELL_QUERY, {}, [DRAFT_WORDING, UNREPORTED_WORDING, DRAFT_TITLE]),
    "rows": (f"/rows/territory/?{CELL_QUERY}", HX, [DRAFT_WORDING, UNREPORTED_WORDING]),
    "cell": ("/cells/recognition/russia/?party=russia", {}, [DRAFT_WORDING, DRAFT_TITLE]),
    "cell-statements": ("/cells/recognition/russia/?party=russia", HX, [DRAFT_TITLE]),
    "party": ("/parties/russia/", {}, [DRAFT_PERSON, DRAFT_WORDING, UNREPORTED_WORDING]),
    "topic": ("/topics/recognition/", {}, [DRAFT_TERM]),
    "parent-topic": ("/topics/territory/", {}, [DRAFT_TERM]),
    "proposal": ("/proposals/us-peace-plan/", {}, [DRAFT_PUBLISHER]),
    "search-statements": ("/search/?q=moon", {}, [DRAFT_TERM]),
    "search-people": ("/search/?q=Draftova", {}, [DRAFT_PERSON]),
    "search-sources": ("/search/?q=dispatch", {}, [DRAFT_TITLE]),
    "search-unreported": ("/search/?q=quiet+pledge", {}, [UNREPORTED_WORDING]),
    "changes": ("/changes/", {}, [WITHDRAWN]),
}
FEEDS = ["/feeds/statements/", "/feeds/parties/russia/", "/feeds/topics/recognition/"]
EXPORTS = ["csv", "xlsx", "json", "md"]
EXPORT_QUERY = "party=russia&topic=recognition"


def text_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxml"):
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(
            str(cell.value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        )
    return content.decode("utf-8")


def unmarked(html):
    """The page without search's highlighting, so that a marker reads as one string."""
    return re.sub(r"</?mark>", "", html)


def assert_no_marker(text, where):
    text = unmarked(text)
    for marker in [*MARKERS, DRAFT_TERM, WITHDRAWN]:
        assert marker not in text, f"{marker!r} leaks to readers on {where}"


def assert_marked_draft(html, marker, where):
    """At least one place shows `marker` with a draft mark just after it."""
    html = unmarked(html)
    starts = [m.start() for m in re.finditer(re.escape(marker), html)]
    assert starts, f"{marker!r} is missing for editors on {where}"
    assert any(re.search(r">draft<", html[start : start + 700]) for start in starts), (
        f"{marker!r} is not marked draft on {where}"
    )


def assert_public(response):
    assert "public" in response["Cache-Control"], response["Cache-Control"]
    assert "private" not in response["Cache-Control"]


def assert_private(response):
    assert "private" in response["Cache-Control"], response.get("Cache-Control")
    assert "public" not in response["Cache-Control"]


# -- pages and fragments -------------------------------------------------------------------------
@pytest.mark.parametrize("name", PAGES)
def test_a_reader_sees_no_draft_on_the_page_and_it_may_be_shared(drafts, name):
    url, headers, _marked = PAGES[name]
    response = reader().get(url, headers=headers)
    assert response.status_code == 200
    assert_no_marker(response.content.decode(), name)
    assert_public(response)


@pytest.mark.parametrize("name", PAGES)
def test_an_editor_sees_every_draft_marked_on_the_page_and_it_stays_private(
    editor_client, drafts, name
):
    url, headers, marked = PAGES[name]
    response = editor_client.get(url, headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    for marker in marked:
        assert_marked_draft(html, marker, name)
    assert_private(response)


def test_the_cell_names_a_draft_kind_in_words_for_editors(editor_client, drafts):
    html = editor_client.get("/?" + CELL_QUERY).content.decode()
    cell = html.split('id="cell-recognition-russia"')[1].split("</a>")[0]
    # The seeded demand stands beside the draft offer: the words say which one is a draft.
    assert re.search(r'kind-offer">offer</span> <span class="draft"[^>]*>draft</span>', cell)
    assert 'kind-demand">demand</span> <span class="badge kind-offer"' in " ".join(cell.split())


def test_the_opened_cell_marks_the_draft_term_and_its_quote(editor_client, drafts):
    html = editor_client.get("/cells/recognition/russia/?party=russia").content.decode()
    term = html.split(DRAFT_TERM)[0].rsplit('<li class="term', 1)[1]
    assert term.startswith(' is-draft"') and '<span class="draft">draft</span>' in term
    quote = html.split(DRAFT_WORDING)[1].split("</blockquote>")[0]
    assert '<span class="draft">draft</span>' in quote


def test_a_published_statement_only_a_draft_source_reports_is_hidden_not_shown_unsourced(
    editor_client, drafts
):
    url = reverse("negotiations:statement", args=[drafts["unreported"].pk])
    assert reader().get(url).status_code == 404
    html = editor_client.get(url).content.decode()
    assert "<strong>draft</strong> (no published source reports it yet)" in html
    assert "<strong>draft</strong> source" in html
    assert "No published source reports it" not in html


def test_the_term_it_backs_stays_visible_without_its_quote(drafts):
    html = reader().get("/cells/recognition/russia/?party=russia").content.decode()
    term = Condition.objects.get(
        party__slug="russia", topic__slug="recognition", status=PublishStatus.PUBLISHED
    )
    assert term.summary in html
    assert UNREPORTED_WORDING not in html
    assert "1 statement behind this term" in html


def test_a_draft_statement_is_a_404_for_readers_and_marked_for_editors(editor_client, drafts):
    url = reverse("negotiations:statement", args=[drafts["draft"].pk])
    assert reader().get(url).status_code == 404
    response = editor_client.get(url)
    html = response.content.decode()
    assert DRAFT_WORDING in html and DRAFT_TITLE in html
    assert "· <strong>draft</strong>" in html
    assert f"{DRAFT_PUBLISHER}</bdi> <strong>draft</strong>" in html  # "In its source: …"
    assert DRAFT_TERM in html.split("Terms it supports")[1]
    assert_private(response)


def test_a_person_named_only_by_a_draft_is_not_public(editor_client, drafts):
    url = reverse("negotiations:person", args=["ivana-draftova"])
    assert reader().get(url).status_code == 404
    assert DRAFT_PERSON not in reader().get("/parties/russia/").content.decode()
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "<strong>draft</strong>: named by no published statement" in response.content.decode()
    assert_private(response)


def test_publishing_the_statement_and_its_source_makes_the_person_public(drafts):
    drafts["source"].status = PublishStatus.PUBLISHED
    drafts["source"].save()
    Statement.objects.filter(pk=drafts["draft"].pk).update(status=PublishStatus.PUBLISHED)
    url = reverse("negotiations:person", args=["ivana-draftova"])
    html = reader().get(url).content.decode()
    assert DRAFT_PERSON in html and DRAFT_WORDING in html
    assert ">draft<" not in html


def test_the_changelog_shows_readers_no_withdrawn_or_draft_row(editor_client, drafts):
    html = reader().get("/changes/").content.decode()
    assert "withdrawn" not in html
    assert "The quiet pledge" not in html  # published, but no published source reports it
    editor = editor_client.get("/changes/").content.decode()
    assert "withdrawn" in editor
    assert_marked_draft(editor, "The quiet pledge", "changes")


# -- feeds: published statements only, whoever asks ---------------------------------------------
@pytest.mark.parametrize("url", FEEDS)
def test_a_feed_carries_no_draft_for_anyone(editor_client, drafts, url):
    anonymous = reader().get(url)
    editor = editor_client.get(url)
    for response, who in ((anonymous, "readers"), (editor, "editors")):
        assert response.status_code == 200
        assert_no_marker(response.content.decode(), f"{url} for {who}")
    assert_public(anonymous)
    assert_private(editor)


# -- exports --------------------------------------------------------------------------------------
def export(client, fmt, query=EXPORT_QUERY):
    response = client.get(f"{reverse('negotiations:export', args=[fmt])}?{query}")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("fmt", EXPORTS)
def test_an_export_holds_no_draft_for_a_reader(drafts, fmt):
    response = export(reader(), fmt)
    text = text_of(response)
    assert_no_marker(text, f"the {fmt} export")
    assert "statement_status" not in text
    assert_public(response)


@pytest.mark.parametrize("fmt", EXPORTS)
def test_an_export_holds_every_draft_for_an_editor_with_its_status(editor_client, drafts, fmt):
    response = export(editor_client, fmt)
    text = text_of(response)
    for marker in (DRAFT_TERM, DRAFT_WORDING, DRAFT_TITLE):
        assert marker in text, f"{marker!r} is missing from the editor's {fmt} export"
    assert "draft" in text
    assert_private(response)


def long_rows(client, fmt):
    text = text_of(export(client, fmt))
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(export(client, fmt).streaming_content)), read_only=True
    )
    rows = list(workbook["Terms and statements"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_row_of_an_editors_long_export_says_published_or_draft(editor_client, drafts, fmt):
    rows = long_rows(editor_client, fmt)
    assert rows
    for row in rows:
        assert row["status"] in ("published", "draft")
        if row["statement_id"] not in (None, ""):
            assert row["statement_status"] in ("published", "draft")
            assert set(row["source_status"].split(" | ")) <= {"published", "draft"}
    by_wording = {row["wording"]: row for row in rows}
    assert by_wording[DRAFT_WORDING]["status"] == "draft"
    assert by_wording[DRAFT_WORDING]["statement_status"] == "draft"
    unreported = by_wording[UNREPORTED_WORDING]
    assert unreported["status"] == "published"
    assert unreported["statement_status"] == "draft"  # a reader does not see it
    assert unreported["source_status"] == "draft"


def test_an_editors_json_export_gives_every_term_statement_and_source_a_status(
    editor_client, drafts
):
    data = json.loads(text_of(export(editor_client, "json")))
    terms = {term["summary"]: term for term in data["terms"]}
    assert terms[DRAFT_TERM]["status"] == "draft"
    statements = [s for term in data["terms"] for s in term["statements"]]
    assert all(s["status"] in ("published", "draft") for s in statements)
    assert all(src["status"] in ("published", "draft") for s in statements for src in s["sources"])
    draft = next(s for s in statements if s["wording"] == DRAFT_WORDING)
    assert draft["status"] == "draft" and draft["sources"][0]["status"] == "draft"


def test_a_readers_json_export_has_no_status_field(drafts):
    data = json.loads(text_of(export(reader(), "json")))
    assert data["terms"]
    assert all("status" not in term for term in data["terms"])


def test_an_editors_markdown_export_marks_the_draft_term_and_quote(editor_client, drafts):
    text = text_of(export(editor_client, "md"))
    assert f"offer: {DRAFT_TERM} (draft;" in text
    note = next(line for line in text.splitlines() if DRAFT_WORDING in line)
    assert "(draft, " in note and f"{DRAFT_PUBLISHER}: {DRAFT_TITLE} (draft)" in note


def test_the_statements_export_is_published_only_for_everyone(editor_client, drafts):
    url = reverse("negotiations:export_statements")
    for client in (reader(), editor_client):
        assert_no_marker(text_of(client.get(url)), "the statements export")
    assert_public(reader().get(url))
    assert_private(editor_client.get(url))


def test_a_statement_reported_by_a_published_source_too_stands(drafts):
    """Publishing one source is enough: the statement then stands with that source only."""
    unreported = drafts["unreported"]
    other = make_source(text=f'"{UNREPORTED_WORDING}"', title="An open report")
    Attestation.objects.create(statement=unreported, source=other, wording=UNREPORTED_WORDING)
    html = reader().get(reverse("negotiations:statement", args=[unreported.pk])).content.decode()
    assert UNREPORTED_WORDING in html and "An open report" in html
    assert DRAFT_TITLE not in html and DRAFT_PUBLISHER not in html
