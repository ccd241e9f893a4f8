"""The four export formats, each written as it goes from the batches of an `Export`: a long CSV
(one row per term and statement), an XLSX with a side-by-side sheet, the long sheet and an "About"
sheet, a JSON document of the documented schema, and the side-by-side table in Markdown."""

import csv
import hashlib
import io
import json
import tempfile
from collections import defaultdict

from django.db import connection
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from negotiations.comparison import rules

JSON_SCHEMA = "negotiation-comparison/3"
# True writes the long CSV in Python on PostgreSQL too (the tests compare the two).
PORTABLE_CSV = False
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
# RFC 4180's line end: Python's csv module then quotes a cell holding a carriage return, as
# PostgreSQL's COPY does (with LF alone, a CR inside a cell would end the row for most readers).
LINE_END = "\r\n"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LONG_COLUMNS = [
    "as_of",
    "topic",
    "topic_slug",
    "parent_topic",
    "party",
    "party_slug",
    "kind",
    "hedging",
    "summary",
    "conditions",
    "basis",
    "inferred_from",
    "regions",
    "proposal_version",
    "addressed_to",
    "valid_from",
    "valid_from_display",
    "valid_until",
    "change",
    "term_statement_count",
    "term_source_count",
    "statement_id",
    "attributed_to",
    "said_on",
    "said_on_display",
    "mode",
    "wording",
    "occasion",
    "place",
    "sources",
    "source_addresses",
]
STATUS_COLUMNS = ["status", "statement_status", "source_status"]
HOW_TO_CITE = (
    "Cite the view by its address (it reopens exactly this table), the as-of date and the day "
    "you exported it; cite each statement by its sources, listed beside it."
)


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text: a leading formula character gets a ' before it."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def filename(export, fmt):
    """e.g. comparison-russia-ukraine-territory-as-of-2025-11-28.csv: which view, as of when."""
    filters = export.filters
    words = [*([filters.process] if filters.process else []), *filters.parties, *filters.topics]
    words += filters.kinds
    if filters.version:
        words.append(filters.version.replace(":", "-v"))
    if filters.since:
        words.append(f"since-{filters.since.isoformat()}")
    name = slugify("-".join(words))
    if len(name) > 60:
        name = "view-" + hashlib.sha256(filters.query_string().encode()).hexdigest()[:10]
    middle = f"-{name}" if name else ""
    return f"comparison{middle}-as-of-{export.day.isoformat()}.{fmt}"


# -- the long form: one row per term and statement ---------------------------------------------
def long_columns(export):
    return LONG_COLUMNS + (STATUS_COLUMNS if export.with_status else [])


def long_rows(export, item):
    """The rows of one term: one per statement behind it, or one with the statement columns
    empty when none is (absence is an empty cell, never words)."""
    head = _term_columns(export, item)
    for statement in item.statements or [None]:
        row = head + _statement_columns(statement)
        if export.with_status:
            row += [item.term.status, *_statement_status(statement)]
        yield row


def _term_columns(export, item):
    term = item.term
    return [
        export.day,
        item.topic.name,
        item.topic.slug,
        item.parent.name if item.parent else "",
        item.party.name,
        item.party.slug,
        term.kind_label,
        term.hedging,
        term.summary,
        "; ".join(condition.summary for condition in term.conditions),
        "inferred from the report" if term.is_inferred else "",
        term.inferred_from,
        "; ".join(term.regions),
        term.proposal_version,
        term.addressed_to,
        term.valid_from,
        term.valid_from_display,
        term.valid_until,
        term.change if export.filters.since else "",
        len(item.statements),
        item.source_count,
    ]


def _statement_status(statement):
    if statement is None:
        return ["", ""]
    return [statement.status, " | ".join(s.status for s in statement.sources)]


def _statement_columns(statement):
    if statement is None:
        return [None, "", None, "", "", "", "", "", "", ""]
    return [
        statement.id,
        statement.attributed_to,
        statement.said_on,
        statement.said_display,
        statement.mode_label,
        statement.wording,
        statement.occasion,
        statement.place,
        " | ".join(f"{source.publisher}: {source.title}" for source in statement.sources),
        " | ".join(source.url for source in statement.sources if source.url),
    ]


# -- CSV ---------------------------------------------------------------------------------------
def _csv_text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return spreadsheet_safe(value) if isinstance(value, str) else value


def write_csv(export):
    """The long form as CSV (the rows of `long_rows`); starts with a byte order mark for Excel.
    On PostgreSQL the statements' cells are written by the database (`postgres_csv`);
    elsewhere a batch at a time."""
    if connection.vendor == "postgresql" and not PORTABLE_CSV:
        from negotiations.exports import postgres_csv

        yield from postgres_csv.write_csv(export)
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    buffer.write("\ufeff")
    writer.writerow(long_columns(export))
    for _topic_ids, items in export.batches():
        writer.writerows(_csv_cells(row) for item in items for row in long_rows(export, item))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _csv_cells(values):
    return [_csv_text(value) for value in values]


# -- side by side: topics down, parties across -------------------------------------------------
def term_line(term, with_status=False):
    """One term as a line of the side-by-side table; "draft" first in an editor's export."""
    extra = ["draft"] if with_status and term.is_draft else []
    if term.conditions:
        extra.append(f"if: {'; '.join(c.summary for c in term.conditions)}")
    if term.hedging:
        extra.append(f"hedged: “{term.hedging}”")
    if term.is_inferred:
        extra.append("inferred from the report")
    if term.regions:
        extra.append(f"regions: {', '.join(term.regions)}")
    if term.proposal_version:
        extra.append(f"on {term.proposal_version}")
    extra.append(f"since {term.valid_from_display}")
    if term.valid_until:
        extra.append(f"until {term.valid_until.isoformat()}")
    if term.change:
        extra.append(term.change)
    return f"{term.kind_label}: {term.summary} ({'; '.join(extra)})"


def side_by_side(export):
    """(topic, {party id: [TermRow]}, reasons, links) for every topic the view selects (those
    without a term included), in the page's order, a batch at a time."""
    labels = {party.id: party.label for party in export.parties}
    for topic_ids, items in export.batches():
        by_topic = defaultdict(lambda: defaultdict(list))
        for item in items:
            by_topic[item.topic.id][item.party.id].append(item)
        for topic_id in topic_ids:
            cells = by_topic.get(topic_id, {})
            shown = [item.term for items in cells.values() for item in items if item.term.stands]
            links = rules.links(shown)
            reasons = [link.reason(labels) for link in links]
            yield export.catalogue.topics[topic_id], cells, reasons, links


def describe_filters(filters):
    """The filters in words, for the Markdown title and the XLSX "About" sheet."""
    parts = []
    if filters.process:
        parts.append(f"peace process {filters.process}")
    if filters.parties:
        parts.append("parties " + ", ".join(filters.parties))
    if filters.topics:
        parts.append("topics " + ", ".join(filters.topics))
    if filters.kinds:
        parts.append("kinds " + ", ".join(filters.kinds))
    if filters.version:
        parts.append(f"proposal version {filters.version}")
    if filters.as_of:
        parts.append(f"as of {filters.as_of.isoformat()}")
    if filters.since:
        parts.append(f"changes since {filters.since.isoformat()}")
    return "; ".join(parts) if parts else "none: the most active parties, every topic and kind"


# -- XLSX --------------------------------------------------------------------------------------
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


def _xlsx_value(value):
    if isinstance(value, str):
        # openpyxl refuses control characters outright; they carry no meaning in a summary.
        return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _cells(sheet, values, wrap=False):
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, _xlsx_value(value))
        if hasattr(value, "isoformat"):
            cell.number_format = DATE_FORMAT
        if wrap:
            cell.alignment = WRAP
        cells.append(cell)
    return cells


def _header(sheet, names):
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, _xlsx_value(name))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        cells.append(cell)
    return cells


def _sheet(workbook, title, names, widths):
    sheet = workbook.create_sheet(title)
    # A write-only sheet takes its layout before its first row, or never.
    sheet.freeze_panes = "B2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(_header(sheet, names))
    return sheet


def write_xlsx(export):
    """Sheets "Side by side" (topics x parties), "Terms and statements" (the long form) and
    "About"; written row by row (openpyxl's write-only mode) into a temporary file."""
    workbook = Workbook(write_only=True)
    parties = export.parties
    wide = _sheet(
        workbook,
        "Side by side",
        ["Topic", *(party.name for party in parties), "Collisions and overlaps"],
        [36, *([48] * len(parties)), 48],
    )
    long = _sheet(workbook, "Terms and statements", long_columns(export), _long_widths(export))
    wide_rows = long_rows_count = 0
    for topic, cells, reasons, _marks in side_by_side(export):
        texts = [
            "\n".join(term_line(item.term, export.with_status) for item in cells.get(party.id, []))
            for party in parties
        ]
        wide.append(
            _cells(wide, ["↳ " * topic.depth + topic.name, *texts, " ".join(reasons)], True)
        )
        wide_rows += 1
        for party in parties:
            for item in cells.get(party.id, []):
                for row in long_rows(export, item):
                    long.append([_xlsx_value(value) for value in row])
                    long_rows_count += 1
    wide.auto_filter.ref = f"A1:{get_column_letter(len(parties) + 2)}{wide_rows + 1}"
    long.auto_filter.ref = f"A1:{get_column_letter(len(long_columns(export)))}{long_rows_count + 1}"
    _about(workbook, export)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(64 * 1024):
            yield chunk


def _long_widths(export):
    widths = [11, 30, 16, 22, 18, 14, 13, 16, 50, 40, 14, 40, 22, 26, 16, 11, 16, 11, 8, 9, 9, 10]
    widths += [22, 11, 16, 14]
    widths += [60, 30, 18, 50, 40]
    return widths + ([10, 10, 20] if export.with_status else [])


def _about(workbook, export):
    about = workbook.create_sheet("About")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 100
    about.append(_header(about, ["Item", "Value"]))
    for record in [
        ("As of", export.day),
        ("Changes since", export.filters.since),
        ("Filters", describe_filters(export.filters)),
        ("Address", export.address),
        ("Parties", ", ".join(party.name for party in export.parties)),
        ("Rule", rules.COLLISION_RULE),
        ("How to cite", HOW_TO_CITE),
        ("Sheets", "Side by side: the table, topics down and parties across. Terms and "
         "statements: one row per term and statement behind it (docs/exports.md)."),
    ]:  # fmt: skip
        about.append(_cells(about, record, wrap=True))


# -- JSON --------------------------------------------------------------------------------------
def _iso(day):
    return day.isoformat() if day else None


def _term_data(export, item):
    term = item.term
    data = {
        "id": term.id,
        "topic": item.topic.slug,
        "party": item.party.slug,
        "kind": term.kind,
        "kind_label": term.kind_label,
        "hedging": term.hedging or None,
        "summary": term.summary,
        "conditions": [
            {"id": c.id, "summary": c.summary, "kind": c.kind, "topic": c.topic_id}
            for c in term.conditions
        ],
        "inferred": term.is_inferred,
        "inferred_from": term.inferred_from or None,
        "regions": list(term.regions),
        "proposal_version": term.proposal_version or None,
        "addressed_to": term.addressed_to or None,
        "valid_from": _iso(term.valid_from),
        "valid_from_precision": term.valid_from_precision,
        "valid_from_display": term.valid_from_display,
        "valid_until": _iso(term.valid_until),
        "change": (term.change or None) if export.filters.since else None,
        "statement_count": len(item.statements),
        "source_count": item.source_count,
        "statements": [_statement_data(export, s) for s in item.statements],
    }
    if export.with_status:
        data["status"] = term.status
    return data


def _statement_data(export, statement):
    data = {
        "id": statement.id,
        "attributed_to": statement.attributed_to,
        "party": statement.party,
        "said_on": _iso(statement.said_on),
        "said_display": statement.said_display,
        "mode": statement.mode,
        "wording": statement.wording,
        "occasion": statement.occasion,
        "place": statement.place,
        "sources": [
            {"publisher": s.publisher, "title": s.title, "url": s.url or None}
            | ({"status": s.status} if export.with_status else {})
            for s in statement.sources
        ],
    }
    if export.with_status:
        data["status"] = statement.status
    return data


def write_json(export):
    """The documented schema, written term by term (the terms list is streamed)."""
    filters = export.filters
    head = {
        "schema": JSON_SCHEMA,
        "as_of": _iso(export.day),
        "since": _iso(filters.since),
        "address": export.address,
        "process": {"slug": export.catalogue.process.slug, "name": export.catalogue.process.name}
        if export.catalogue.process
        else None,
        "filters": {
            "process": filters.process or None,
            "parties": list(filters.parties),
            "topics": list(filters.topics),
            "kinds": list(filters.kinds),
            "version": filters.version or None,
            "as_of": _iso(filters.as_of),
            "since": _iso(filters.since),
        },
        "rule": rules.COLLISION_RULE,
        "parties": [{"slug": p.slug, "name": p.name, "label": p.label} for p in export.parties],
        "topics": [
            {
                "slug": topic.slug,
                "name": topic.name,
                "parent": export.catalogue.topics[topic.parent_id].slug
                if topic.parent_id
                else None,
                "depth": topic.depth,
            }
            for topic in (export.catalogue.topics[t] for t in export.topic_ids)
        ],
    }
    text = json.dumps(head, ensure_ascii=False, indent=2)
    yield text[: text.rindex("}")].rstrip() + ',\n  "terms": ['
    first, marks = True, []
    labels = {party.id: party.label for party in export.parties}
    slugs = {party.id: party.slug for party in export.parties}
    for topic, cells, _reasons, links in side_by_side(export):
        for party in export.parties:
            for item in cells.get(party.id, []):
                yield ("\n    " if first else ",\n    ") + json.dumps(
                    _term_data(export, item), ensure_ascii=False
                )
                first = False
        marks += [
            {"kind": link.kind, "topic": topic.slug,
             "parties": [slugs[link.first_party], slugs[link.second_party]],
             "kinds": [link.first_kind, link.second_kind],
             "conditions": [c.id for c in link.conditions], "reason": link.reason(labels)}
            for link in links
        ]  # fmt: skip
    yield '\n  ],\n  "marks": ' + json.dumps(marks, ensure_ascii=False) + "\n}\n"


# -- Markdown ----------------------------------------------------------------------------------
def md_escape(text):
    """Cell text that cannot break the table nor smuggle markup into a Markdown renderer: &, <
    and > as entities, the characters that make links, images, emphasis and code escaped, pipes
    escaped, line breaks as <br>."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\")
    for character in "|[]!*_`":
        text = text.replace(character, "\\" + character)
    return "<br>".join(line.strip() for line in text.replace("\r\n", "\n").split("\n"))


def write_markdown(export):
    """The side-by-side table (topics down, parties across), each term with a footnote giving
    the statement that backs it and its sources, then the rule."""
    yield (
        f"# Comparison as of {export.day.isoformat()}\n\n"
        f"Filters: {md_escape(describe_filters(export.filters))}. Address: <{export.address}>\n\n"
    )
    header = ["Topic", *(party.label for party in export.parties), "Collisions and overlaps"]
    yield "| " + " | ".join(md_escape(name) for name in header) + " |\n"
    yield "|" + "---|" * len(header) + "\n"
    notes = []
    for topic, cells, reasons, _marks in side_by_side(export):
        row = [md_escape("↳ " * topic.depth + topic.name)]
        for party in export.parties:
            lines = []
            for item in cells.get(party.id, []):
                backing = item.backing
                line = md_escape(term_line(item.term, export.with_status))
                if backing is not None:
                    notes.append(backing)
                    line += f" [^{len(notes)}]"
                lines.append(line)
            row.append("<br>".join(lines))
        row.append(md_escape(" ".join(reasons)))
        yield "| " + " | ".join(row) + " |\n"
    yield "\n"
    for number, statement in enumerate(notes, start=1):
        sources = "; ".join(
            md_escape(f"{s.publisher}: {s.title}")
            + (f" <{s.url}>" if s.url else "")
            + (" (draft)" if export.with_status and s.status != "published" else "")
            for s in statement.sources
        )
        status = "draft, " if export.with_status and statement.status != "published" else ""
        yield (
            f"[^{number}]: “{md_escape(statement.wording)}” ({status}"
            f"{md_escape(statement.attributed_to)}, {statement.said_display}, "
            f"{statement.mode_label}){f'. {sources}' if sources else ''}\n"
        )
    yield f"\nRule: {md_escape(rules.COLLISION_RULE)}\n"
