"""The long CSV on PostgreSQL: each term's cells written by Python (`formats._term_columns`, as
every format has them), the cells of the statements behind it by PostgreSQL, streamed.

A large view has hundreds of thousands of rows; building a Python object per statement and
source is what made the CSV slow. Here the database writes the statement cells, in the export's
order, and Python puts the term's cells in front of each line. A reader's statement cells are
kept between exports (`cells`, checked against the statement's stamp); an editor's, which mark
drafts, are written by COPY each time. The rows are the ones the other formats hold: the same
terms (`Export.term_rows`), the statements of the same visibility rule
(`visibility.statements_visible_to`, said by the day) and their reports of the same rule
(`Attestation.objects.visible_to`), compiled from those querysets into SQL. Tests compare this
CSV with the portable one, byte for byte.
"""

import csv
import io

from django.db import connection

from negotiations.dates import MONTHS, Precision
from negotiations.exports.formats import (
    LINE_END,
    _csv_cells,
    _statement_columns,
    _statement_status,
    _term_columns,
    long_columns,
)
from negotiations.models import Attestation, PublishStatus, Statement, StatementMode
from negotiations.visibility import statements_visible_to
from parties.models import Party, Person

FORMULA_TRIGGERS_SQL = "('=', '+', '-', '@', chr(9), chr(13))"
# Lines read from COPY before they are handed on as one piece of the response.
LINES_PER_CHUNK = 2000


def text_cell(expression):
    """A text cell as the portable CSV writes it: a leading formula character defused, and an
    empty value written as nothing (COPY writes an empty string as "")."""
    return (
        f"NULLIF(CASE WHEN left({expression}, 1) IN {FORMULA_TRIGGERS_SQL} "
        f"THEN '''' || {expression} ELSE {expression} END, '')"
    )


def _literal(text):
    """A constant of this module (a label, a month's name) as an SQL string literal."""
    return "'" + str(text).replace("'", "''").replace("%", "%%") + "'"


def _array(texts):
    return "ARRAY[" + ", ".join(_literal(text) for text in texts) + "]"


def _display_date(day, precision):
    """`dates.display_date` in SQL, with the same words."""
    month = f"EXTRACT(MONTH FROM {day})::int"
    year = f"EXTRACT(YEAR FROM {day})::int"
    short = f"({_array(month_name[:3] for month_name in MONTHS)})[{month}]"
    exact = f"(EXTRACT(DAY FROM {day})::int || ' ' || {short} || ' ' || {year})"
    full = f"(({_array(MONTHS)})[{month}] || ' ' || {year})"
    return (
        f"CASE WHEN {day} IS NULL THEN 'date unknown' "
        f"WHEN {precision} = {_literal(Precision.WEEK)} THEN 'week of ' || {exact} "
        f"WHEN {precision} = {_literal(Precision.MONTH)} THEN {full} "
        f"WHEN {precision} = {_literal(Precision.YEAR)} THEN {year}::text "
        f"WHEN {precision} = {_literal(Precision.APPROXIMATE)} THEN 'around ' || {exact} "
        f"WHEN {precision} = {_literal(Precision.BY)} THEN 'by ' || {exact} "
        f"ELSE {exact} END"
    )


def _labels(column, choices):
    """CASE turning a choice's value into its label."""
    whens = " ".join(
        f"WHEN {column} = {_literal(value)} THEN {_literal(label)}" for value, label in choices
    )
    return f"CASE {whens} ELSE {column} END"


def statement_values():
    """name -> SQL of each statement cell's value, on a row of statements `st`, its party `pa`,
    its speaker `sp` and its reports gathered as `r` (wording, sources, addresses)."""
    said = _display_date("st.said_on", "st.said_on_precision")
    mode = _labels("st.mode", StatementMode.choices)
    return {
        "speaker": "COALESCE(NULLIF(sp.name, ''), NULLIF(st.attribution, ''), pa.name)",
        "said": f"({said})",
        "mode": f"({mode})",
        "wording": "COALESCE(r.wording, '')",
        "occasion": "st.occasion",
        "place": "st.place",
        "sources": "COALESCE(r.sources, '')",
        "addresses": "COALESCE(r.addresses, '')",
    }


def report_aggregates():
    """The aggregates of a statement's reports `a` joined with their sources `s`, in report
    order: the first report's wording, the sources, their addresses, and a digest per report of
    its publisher, repeats included (the writer counts each term's distinct publishers; sorting
    them here was a sort per statement)."""
    return """
        (array_agg(a.wording ORDER BY a.id))[1] AS wording,
        string_agg(s.publisher || ': ' || s.title, ' | ' ORDER BY a.id) AS sources,
        string_agg(NULLIF(s.url, ''), ' | ' ORDER BY a.id) AS addresses,
        string_agg(md5(lower(btrim(s.publisher, ' '))), ' ') AS publishers
    """


def statement_copy(export, term_ids):
    """The COPY statement and its parameters: for each visible statement behind each of
    `term_ids`, in the order of `term_ids` then newest first, a CSV line of: the term id, a
    digest of each publisher reporting the statement (so the term's distinct publishers can be
    counted), the statement's cells, and, for editors, the term's, statement's and sources'
    status."""
    visible, visible_params = (
        statements_visible_to(export.viewer)
        .as_of(export.day)
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    reports, reports_params = (
        Attestation.objects.visible_to(export.viewer)
        .order_by()
        .values("id", "statement_id", "wording", "source_id")
        .query.sql_with_params()
    )
    values = statement_values()
    if export.with_status:
        draft = _literal(PublishStatus.DRAFT)
        values |= {
            "term_status": "c.status",
            "statement_status": f"(CASE WHEN r.reported THEN st.status ELSE {draft} END)",
            "statuses": "COALESCE(r.statuses, '')",
        }
    columns = [
        "raw.id",
        text_cell("raw.speaker"),
        "to_char(raw.said_on, 'YYYY-MM-DD')",
        *(text_cell(f"raw.{name}") for name in values if name != "speaker"),
    ]
    table = _tables()
    # Built from table names, this module's constants and SQL compiled by the ORM; every value
    # that comes from a request (the term ids, the day) is a parameter.
    sql = f"""
        WITH terms(id, position) AS (SELECT * FROM unnest(%s::bigint[]) WITH ORDINALITY),
        links AS (
            SELECT l.condition_id, l.statement_id, t.position
            FROM {table["links"]} l JOIN terms t ON t.id = l.condition_id
            WHERE l.statement_id IN ({visible})
        ),
        shown AS (
            SELECT * FROM ({reports}) visible_reports
            WHERE visible_reports.statement_id IN (SELECT statement_id FROM links)
        ),
        per_statement AS (
            SELECT a.statement_id, {report_aggregates()},
                string_agg(s.status, ' | ' ORDER BY a.id) AS statuses,
                bool_or(s.status = {_literal(PublishStatus.PUBLISHED)}) AS reported
            FROM shown a JOIN {table["sources"]} s ON s.id = a.source_id
            GROUP BY a.statement_id
        ),
        raw AS MATERIALIZED (
            SELECT l.condition_id, l.position, st.id, st.said_on, r.publishers,
                {", ".join(f"{expression} AS {name}" for name, expression in values.items())}
            FROM links l
            JOIN {table["statements"]} st ON st.id = l.statement_id
            JOIN {table["conditions"]} c ON c.id = l.condition_id
            JOIN {table["parties"]} pa ON pa.id = st.party_id
            LEFT JOIN {table["people"]} sp ON sp.id = st.speaker_id
            LEFT JOIN per_statement r ON r.statement_id = st.id
        )
        SELECT raw.condition_id, raw.publishers, {", ".join(columns)}
        FROM raw
        ORDER BY raw.position, raw.said_on DESC, raw.id DESC
    """  # noqa: S608
    params = [list(term_ids), *visible_params, *reports_params]
    return f"COPY ({sql}) TO STDOUT (FORMAT csv)", params


def _tables():
    from negotiations.models import Condition, Source

    return {
        "links": Condition.statements.through._meta.db_table,
        "sources": Source._meta.db_table,
        "statements": Statement._meta.db_table,
        "conditions": Condition._meta.db_table,
        "parties": Party._meta.db_table,
        "people": Person._meta.db_table,
    }


def copied_lines(export, term_ids):
    """(term id, publisher digests, CSV fragment) for each statement behind each of
    `term_ids` as `export.viewer` sees it, written by COPY (`statement_copy`)."""
    sql, params = statement_copy(export, term_ids)
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:
        for row in copy:  # COPY sends one row per message, ending in LF
            term, publishers, rest = bytes(row).decode("utf-8").split(",", 2)
            yield int(term), publishers, rest[:-1]


def write_csv(export):
    """The long CSV (see `formats.write_csv` for its columns), the statement cells written by
    PostgreSQL: a reader's kept between exports (`cells`), an editor's by COPY."""
    from negotiations.exports import cells

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)

    def line(values):
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(long_columns(export))
    # Every term of the view at once: a term row is small, and the statements, which are not,
    # stream from the database (the other formats read them a batch of topics at a time).
    terms = export.term_rows(export.topic_ids)
    term_ids = [item.term.id for item in terms]
    read = copied_lines if export.with_status else cells.lines
    rows = read(export, term_ids)
    empty = _csv_cells(_statement_columns(None))
    empty_status = _statement_status(None)
    out = []
    pending = next(rows, None)
    for item in terms:
        term_id, lines, publishers = item.term.id, [], set()
        while pending is not None and pending[0] == term_id:
            publishers.update(pending[1].split())
            lines.append(pending[2])
            pending = next(rows, None)
        values = _term_columns(export, item)
        values[-2:] = [len(lines), len(publishers)]  # the term's two counts
        if lines:
            head = line(_csv_cells(values))[: -len(LINE_END)] + ","
            out.extend(head + rest + LINE_END for rest in lines)
        else:  # no statement behind the term: its cells alone
            values = _csv_cells(values) + empty
            if export.with_status:
                values += [item.term.status, *empty_status]
            out.append(line(values))
        if len(out) >= LINES_PER_CHUNK:
            yield "".join(out).encode("utf-8")
            out.clear()
    yield "".join(out).encode("utf-8")
