"""Renders the comparison on screen as CSV, XLSX, JSON or Markdown, from the `Comparison` alone."""

import csv
import dataclasses
import io
import json

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

JSON_SCHEMA = "negotiation-comparison/1"
NO_TERM = "no stated term"  # the page's words for an empty cell

COLUMNS = [
    "as_of",
    "topic",
    "topic_slug",
    "party",
    "party_slug",
    "row_status",
    "kinds",
    "summaries",
    "strongest_quote",
    "strongest_speaker",
    "strongest_date",
    "strongest_date_display",
    "strongest_mode",
    "statement_count",
    "source_count",
    "latest_date",
]
STATEMENT_COLUMNS = [
    "statement_id",
    "topics",
    "party",
    "attributed_to",
    "date",
    "date_display",
    "mode",
    "wording",
    "occasion",
    "place",
    "sources",
]

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text: a leading formula character gets a ' before it."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def filename(comparison, fmt):
    """e.g. comparison-as-of-2025-11-27-filtered.csv: what it holds and as of when."""
    narrowed = not dataclasses.replace(comparison.filters, as_of=None).is_default
    suffix = "-filtered" if narrowed else ""
    return f"comparison-as-of-{comparison.as_of.isoformat()}{suffix}.{fmt}"


# -- one record per cell, shared by CSV and XLSX -----------------------------------------------------
def _cell_record(comparison, row, cell):
    """The cell as the documented columns, with dates as dates and counts as ints."""
    strongest = cell.strongest
    return [
        comparison.as_of,
        row.topic.name,
        row.topic.slug,
        cell.party.name,
        cell.party.slug,
        row.status,
        "; ".join(cell.kinds),
        " | ".join(term.summary for term in cell.terms) if cell.terms else NO_TERM,
        strongest.wording if strongest else "",
        strongest.attributed_to if strongest else "",
        strongest.said_on if strongest else None,
        strongest.said_display if strongest else "",
        strongest.mode_label if strongest else "",
        cell.statement_count,
        cell.source_count,
        cell.latest,
    ]


def _cell_records(comparison):
    for row in comparison.rows:
        for cell in row.cells:
            yield _cell_record(comparison, row, cell)


def _statement_records(comparison):
    # A statement can back several cells (one quote for two topics): list every topic it backs.
    topics = {}
    for row in comparison.rows:
        for cell in row.cells:
            for statement in cell.statements:
                topics.setdefault(statement.id, {})[row.topic.name] = None
    for _topic, _party, statement in comparison.statements:
        yield [
            statement.id,
            "; ".join(topics[statement.id]),
            statement.party_name,
            statement.attributed_to,
            statement.said_on,
            statement.said_display,
            statement.mode_label,
            statement.wording,
            statement.occasion,
            statement.place,
            "; ".join(f"{source.publisher}: {source.title}" for source in statement.sources),
        ]


# -- CSV -------------------------------------------------------------------------------------------
def _csv_text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return spreadsheet_safe(value)


def to_csv(comparison):
    """One row per topic and party, every cell of the table included; starts with a BOM."""
    out = io.StringIO()
    # Without the byte order mark Excel reads UTF-8 as the local code page and garbles names.
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for record in _cell_records(comparison):
        writer.writerow([_csv_text(value) for value in record])
    return out.getvalue()


# -- XLSX ------------------------------------------------------------------------------------------
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
DATE_FORMAT = "yyyy-mm-dd"


def _xlsx_value(value):
    if isinstance(value, str):
        # openpyxl refuses control characters outright; they carry no meaning in a summary.
        return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _xlsx_row(sheet, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, _xlsx_value(value))
        if hasattr(value, "isoformat"):
            cell.number_format = DATE_FORMAT
        cells.append(cell)
    return cells


def _xlsx_header(sheet, names):
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top")
        cells.append(cell)
    return cells


def _xlsx_sheet(workbook, title, names, records, widths):
    sheet = workbook.create_sheet(title)
    # A write-only sheet takes its layout before its first row, or never.
    sheet.freeze_panes = "B2"
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.append(_xlsx_header(sheet, names))
    for record in records:
        sheet.append(_xlsx_row(sheet, record))


def to_xlsx(comparison):
    """Sheets "Comparison" (the CSV's columns), "Statements" (every statement behind the cells)
    and "About" (as-of date, filters, the collision rule)."""
    workbook = Workbook(write_only=True)
    _xlsx_sheet(
        workbook,
        "Comparison",
        COLUMNS,
        _cell_records(comparison),
        [12, 36, 18, 18, 16, 11, 22, 60, 60, 22, 12, 18, 16, 10, 10, 12],
    )
    _xlsx_sheet(
        workbook,
        "Statements",
        STATEMENT_COLUMNS,
        _statement_records(comparison),
        [10, 36, 18, 22, 12, 18, 16, 70, 40, 22, 50],
    )
    about = workbook.create_sheet("About")
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 100
    about.append(_xlsx_header(about, ["Item", "Value"]))
    for record in [
        ("As of", comparison.as_of),
        ("Filters", describe_filters(comparison.filters)),
        ("Query string", comparison.filters.query_string()),
        ("Parties", ", ".join(party.name for party in comparison.parties)),
        ("Rule", comparison.rule),
        ("Schema", "Comparison: one row per topic and party; see docs/exports.md."),
    ]:
        about.append(_xlsx_row(about, record))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- JSON ------------------------------------------------------------------------------------------
def _iso(day):
    return day.isoformat() if day else None


def to_data(comparison):
    """The comparison as the documented "negotiation-comparison/1" structure."""
    filters = comparison.filters
    return {
        "schema": JSON_SCHEMA,
        "as_of": comparison.as_of.isoformat(),
        "filters": {
            "parties": list(filters.parties),
            "topics": list(filters.topics),
            "kinds": list(filters.kinds),
            "version": filters.version or None,
            "as_of": _iso(filters.as_of),
        },
        "rule": comparison.rule,
        "parties": [
            {"slug": party.slug, "name": party.name, "label": party.label}
            for party in comparison.parties
        ],
        "rows": [
            {
                "topic": {"slug": row.topic.slug, "name": row.topic.name, "depth": row.topic.depth},
                "status": row.status,
                "collisions": list(row.collisions),
                "overlaps": list(row.overlaps),
                "cells": [_cell_data(cell) for cell in row.cells],
            }
            for row in comparison.rows
        ],
        "statements": [_statement_data(s) for _topic, _party, s in comparison.statements],
    }


def _cell_data(cell):
    strongest = cell.strongest
    return {
        "party": cell.party.slug,
        "terms": [
            {
                "id": term.id,
                "kind": term.kind,
                "kind_label": term.kind_label,
                "summary": term.summary,
                "valid_from": _iso(term.valid_from),
                "valid_from_display": term.valid_from_display,
                "valid_until": _iso(term.valid_until),
                "regions": list(term.regions),
                "proposal_version": term.proposal_version or None,
                "addressed_to": term.addressed_to or None,
                "statement_ids": list(term.statement_ids),
            }
            for term in cell.terms
        ],
        "statement_count": cell.statement_count,
        "source_count": cell.source_count,
        "latest": _iso(cell.latest),
        "strongest": strongest.id if strongest else None,
    }


def _statement_data(statement):
    return {
        "id": statement.id,
        "attributed_to": statement.attributed_to,
        "party": statement.party_name,
        "said_on": _iso(statement.said_on),
        "said_display": statement.said_display,
        "mode": statement.mode,
        "occasion": statement.occasion,
        "place": statement.place,
        "summary": statement.summary,
        "wording": statement.wording,
        "sources": [
            {
                "publisher": source.publisher,
                "title": source.title,
                "url": source.url,
                "wording": source.wording,
            }
            for source in statement.sources
        ],
    }


def to_json(comparison):
    return json.dumps(to_data(comparison), ensure_ascii=False, indent=2) + "\n"


# -- Markdown --------------------------------------------------------------------------------------
def describe_filters(filters, *, with_date=True):
    """The filters in words, for the Markdown title and the XLSX "About" sheet."""
    parts = []
    if filters.parties:
        parts.append("parties " + ", ".join(filters.parties))
    if filters.topics:
        parts.append("topics " + ", ".join(filters.topics))
    if filters.kinds:
        parts.append("kinds " + ", ".join(filters.kinds))
    if filters.version:
        parts.append(f"proposal version {filters.version}")
    if filters.as_of and with_date:
        parts.append(f"as of {filters.as_of.isoformat()}")
    return "; ".join(parts) if parts else "none: all parties, topics and kinds"


def md_escape(text):
    """Cell text that cannot break the table nor smuggle markup into a Markdown renderer that
    passes HTML through: &, < and > as entities, pipes escaped, line breaks as <br>."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.replace("\r\n", "\n").split("\n"))


def _plural(count, word):
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def md_cell(cell):
    """e.g. "precondition: Ukraine must withdraw … (3 statements, 1 source)", or "no stated term"."""
    if cell.is_empty:
        return NO_TERM
    terms = "; ".join(f"{term.kind_label}: {term.summary}" for term in cell.terms)
    counts = f"{_plural(cell.statement_count, 'statement')}, {_plural(cell.source_count, 'source')}"
    return f"{terms} ({counts})"


def to_markdown(comparison):
    """The page's table (topics down, parties across, a status column) with footnotes quoting the
    strongest statement behind each non-empty cell."""
    filters = md_escape(describe_filters(comparison.filters, with_date=False))
    lines = [f"# Comparison as of {comparison.as_of.isoformat()} (filters: {filters})", ""]
    header = ["Topic", *(party.label for party in comparison.parties), "Status"]
    lines.append("| " + " | ".join(md_escape(name) for name in header) + " |")
    lines.append("|" + "---|" * len(header))
    notes = []
    for row in comparison.rows:
        topic = "↳ " * row.topic.depth + row.topic.name
        cells = [md_escape(topic)]
        for cell in row.cells:
            text = md_escape(md_cell(cell))
            strongest = cell.strongest
            if strongest is not None:
                notes.append((len(notes) + 1, row, cell, strongest))
                text += f" [^{len(notes)}]"
            cells.append(text)
        cells.append(row.status)
        lines.append("| " + " | ".join(cells) + " |")
    remarks = [(row, remark) for row in comparison.rows for remark in row.collisions + row.overlaps]
    if remarks:
        lines += ["", "Collisions and overlaps:", ""]
        lines += [f"- {md_escape(row.topic.name)}: {md_escape(text)}" for row, text in remarks]
    if notes:
        lines.append("")
    for number, row, cell, statement in notes:
        lines.append(
            f"[^{number}]: {md_escape(cell.party.label)} on {md_escape(row.topic.name)}: "
            f"“{md_escape(statement.wording)}” ({md_escape(statement.attributed_to)}, "
            f"{statement.said_display}, {statement.mode_label})"
        )
    lines += ["", f"Rule: {md_escape(comparison.rule)}", ""]
    return "\n".join(lines)


# -- the response ----------------------------------------------------------------------------------
RENDERERS = {"csv": to_csv, "xlsx": to_xlsx, "json": to_json, "md": to_markdown}


def respond(comparison, fmt):
    """The comparison as a download in `fmt` (csv, xlsx, json or md)."""
    if fmt not in RENDERERS:
        raise Http404("No such export format.")
    body = RENDERERS[fmt](comparison)
    if isinstance(body, str):
        body = body.encode("utf-8")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(comparison, fmt)}"'
    return response
