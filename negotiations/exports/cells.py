"""A reader's CSV cells of each statement, kept by PostgreSQL between exports.

A reader's long CSV writes, for each statement behind a term, the same cells whatever the term
(who, when, how, the first published report's words, the sources, their addresses). Computing
them (the statement's reports gathered with their sources, the dates and labels written out) was
most of a large export's time, and they change only when an editor writes. So the first export
that needs a statement's cells stores them, as one piece of CSV line, and the next reads them.

Stored cells are never read stale. Migration 0011 gives each statement a stamp, a number from a
sequence that triggers replace, in the writing transaction, at every write to what the cells are
made of: the statement, its reports, their sources, its speaker and its party. In one
repeatable-read snapshot, an export first lists the statements behind its terms whose stored
line is missing, carries another stamp than the statement's, or was computed by other SQL (the
recipe, a digest of that SQL); it computes those lines, and reads the others as stored. A line computed before
a write that commits afterwards carries the stamp from before the write, which the write
replaced: it is never read after it.

Editors' exports (drafts marked, per-term statuses) are computed in full by `postgres_csv`; other
databases use the portable writer. Both give the same bytes as this one (tests compare them).
"""

import contextlib
import functools
import hashlib
import logging

from django.db import DatabaseError, connection, transaction
from django.db.models.expressions import RawSQL

from negotiations.exports.postgres_csv import (
    copied_lines,
    report_aggregates,
    statement_values,
    text_cell,
)
from negotiations.models import Attestation
from negotiations.visibility import standing_statements

logger = logging.getLogger(__name__)

CELLS = "negotiations_reader_cells"
STAMPS = "negotiations_statement_stamp"
# Rows fetched from the server at a time while the export streams.
FETCH_ROWS = 2000


def _csv_field(expression):
    """A value as the portable CSV writer writes it (RFC 4180, as Python's csv module with
    CRLF line ends): quoted, its quotes doubled, when it holds a comma, a quote, CR or LF."""
    return (
        f"(CASE WHEN {expression} ~ '[,\"\\r\\n]' "
        f"THEN '\"' || replace({expression}, '\"', '\"\"') || '\"' ELSE {expression} END)"
    )


def _computed(wanted):
    """SELECT of each statement's stored columns, for the statements `wanted` (SQL giving
    statement ids): stamp (NULL when the statement has none yet), whether it stands for a
    reader, its day, a digest per publisher reporting it, and its cells as a CSV fragment."""
    standing, standing_params = (
        standing_statements()
        .filter(pk__in=RawSQL(wanted, ()))  # noqa: S611 (a constant of this module)
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    reports, reports_params = (
        Attestation.objects.published()
        .order_by()
        .values("id", "statement_id", "wording", "source_id")
        .query.sql_with_params()
    )
    values = statement_values()
    # Each step a subquery the planner keeps (OFFSET 0): the values computed once, then made
    # spreadsheet-safe once, then quoted; inlined, each would be computed up to nine times.
    cells = [
        "statement_id::text",
        text_cell("speaker"),
        "to_char(said_on, 'YYYY-MM-DD')",
        *(text_cell(name) for name in values if name != "speaker"),
    ]
    line = " || ',' || ".join(f"COALESCE({_csv_field(f'c{i}')}, '')" for i in range(len(cells)))
    sql = f"""
        SELECT statement_id, stamp, stands, said_on, publishers, {line} AS line
        FROM (
            SELECT statement_id, stamp, stands, said_on, publishers,
                {", ".join(f"{cell} AS c{i}" for i, cell in enumerate(cells))}
            FROM (
                SELECT st.id AS statement_id, stamp.stamp,
                    st.id IN ({standing}) AS stands,
                    st.said_on,
                    COALESCE(r.publishers, '') AS publishers,
                    {", ".join(f"{expression} AS {name}" for name, expression in values.items())}
                FROM negotiations_statement st
                JOIN parties_party pa ON pa.id = st.party_id
                LEFT JOIN parties_person sp ON sp.id = st.speaker_id
                LEFT JOIN {STAMPS} stamp ON stamp.statement_id = st.id
                LEFT JOIN (
                    SELECT a.statement_id, {report_aggregates()}
                    FROM ({reports}) a JOIN negotiations_source s ON s.id = a.source_id
                    WHERE a.statement_id IN ({wanted})
                    GROUP BY a.statement_id
                ) r ON r.statement_id = st.id
                WHERE st.id IN ({wanted})
                OFFSET 0
            ) computed
            OFFSET 0
        ) safe
    """  # noqa: S608 (table names and SQL compiled by the ORM; values are parameters)
    return sql, [*standing_params, *reports_params]


@functools.cache
def recipe():
    """A digest of the SQL that computes the cells: a release that writes them otherwise
    retires every line stored before it."""
    sql, params = _computed("%s")
    return hashlib.sha256(repr((sql, [str(p) for p in params])).encode()).hexdigest()[:16]


# The statements behind the view's terms that have no stored line valid in this snapshot.
# Written as outer joins on the statement alone, not "no kept line with the same stamp": the
# planner takes a kept stamp and the statement's for independent and estimates their match at
# one row, and with fresh statistics chose a nested loop over every pair (150 s, not 0.1 s).
MISSING = """
    terms(id, position) AS (SELECT * FROM unnest(%s::bigint[]) WITH ORDINALITY),
    missing AS MATERIALIZED (
        SELECT DISTINCT l.statement_id
        FROM negotiations_condition_statements l
        JOIN terms t ON t.id = l.condition_id
        LEFT JOIN negotiations_reader_cells k ON k.statement_id = l.statement_id
        LEFT JOIN negotiations_statement_stamp s ON s.statement_id = l.statement_id
        WHERE k.statement_id IS NULL OR s.statement_id IS NULL
            OR k.stamp <> s.stamp OR k.recipe <> %s
    )
"""
# At most this many lines computed while the export is read (and stored after it); when more
# are missing, they are stored first, in a statement of their own.
FRESH_LIMIT = 2000
UPSERT = f"""
    ON CONFLICT (statement_id) DO UPDATE SET
        stamp = EXCLUDED.stamp, recipe = EXCLUDED.recipe, stands = EXCLUDED.stands,
        said_on = EXCLUDED.said_on, publishers = EXCLUDED.publishers, line = EXCLUDED.line
    WHERE {CELLS}.stamp < EXCLUDED.stamp OR {CELLS}.recipe <> EXCLUDED.recipe
"""


def store(term_ids):
    """Compute and keep the lines of the statements behind `term_ids` that have none valid;
    returns how many were stored. Its own short transaction: a failure (a concurrent export
    storing the same lines, a read-only database) costs speed only, never a line."""
    computed, params = _computed("SELECT statement_id FROM missing")
    key = recipe()
    sql = f"""
        WITH {MISSING}
        INSERT INTO {CELLS} (statement_id, stamp, recipe, stands, said_on, publishers, line)
        SELECT statement_id, stamp, %s, stands, said_on, publishers, line
        FROM ({computed}) fresh
        WHERE stamp IS NOT NULL
        ORDER BY statement_id
        {UPSERT}
    """  # noqa: S608
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [list(term_ids), key, key, *params])
            stored = cursor.rowcount
            if stored > ANALYZE_AFTER:
                # The planner's figures for the tables, which a large fill made wrong.
                cursor.execute(f"ANALYZE {CELLS}, {STAMPS}")
            return stored
    except DatabaseError:
        logger.warning("export: the statements' lines could not be stored", exc_info=True)
        return 0


ANALYZE_AFTER = 10_000


def _keep(fresh):
    """Store lines computed during an export (with the stamps they were computed with)."""
    rows = [row for row in fresh if row[1] is not None]
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    sql = f"""
        INSERT INTO {CELLS} (statement_id, stamp, recipe, stands, said_on, publishers, line)
        SELECT statement_id, stamp, %s, stands, said_on, publishers, line
        FROM unnest(%s::bigint[], %s::bigint[], %s::boolean[], %s::date[], %s::text[], %s::text[])
            AS fresh(statement_id, stamp, stands, said_on, publishers, line)
        ORDER BY statement_id
        {UPSERT}
    """  # noqa: S608
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [recipe(), *(list(column) for column in columns)])
    except DatabaseError:
        logger.warning("export: the statements' lines could not be stored", exc_info=True)


def _fresh(term_ids):
    """The lines missing for `term_ids`, computed now: at most FRESH_LIMIT + 1 of them."""
    computed, params = _computed("SELECT statement_id FROM missing")
    sql = f"""
        WITH {MISSING}
        SELECT statement_id, stamp, stands, said_on, publishers, line FROM ({computed}) fresh
        LIMIT %s
    """  # noqa: S608
    # The check joins every link of the view with two tables of a row per statement: a second
    # process halves it, and the export waits for it idle.
    with (
        connection.cursor() as cursor,
        _planner(cursor, parallel_setup_cost="0", parallel_tuple_cost="0"),
    ):
        cursor.execute(sql, [list(term_ids), recipe(), *params, FRESH_LIMIT + 1])
        return cursor.fetchall()


@contextlib.contextmanager
def _planner(cursor, **settings):
    """Planner settings for the queries inside, set back to the session's afterwards (a caller's
    transaction goes on with its own)."""
    for name, value in settings.items():
        cursor.execute(f"SET LOCAL {name} = {value}")
    yield
    for name in settings:
        cursor.execute(f"SET LOCAL {name} = DEFAULT")


def _read_sql(checked):
    """The statements' lines behind the view's terms, in the export's order: kept lines, or
    `fresh` ones where the check found them missing. Sorted on narrow rows (term, day,
    statement), each kept line then fetched by its key in that order: sorting the lines
    themselves (65 MB at the reference size) spilled to disk, and no row came before the sort
    ended. In the export's own repeatable-read snapshot the missing-lines check has just found
    every other kept line valid. In a caller's transaction (a test's), whose isolation may give
    each query a snapshot of its own, each is `checked` against its statement's stamp again: a
    write committed between the two queries may then leave its statement out, never stale."""
    check = (
        f"JOIN {STAMPS} s ON s.statement_id = k.statement_id "
        "AND s.stamp = k.stamp AND k.recipe = %(recipe)s"
        if checked
        else ""
    )
    return f"""
        WITH terms(id, position) AS (
            SELECT * FROM unnest(%(terms)s::bigint[]) WITH ORDINALITY
        ),
        fresh(statement_id, stands, said_on, publishers, line) AS (
            SELECT * FROM unnest(%(ids)s::bigint[], %(stands)s::boolean[], %(said_on)s::date[],
                %(publishers)s::text[], %(lines)s::text[])
        ),
        shown AS (
            SELECT k.statement_id, k.stands, k.said_on, NULL AS publishers, NULL AS line
            FROM {CELLS} k {check}
            WHERE k.statement_id NOT IN (SELECT statement_id FROM fresh)
            UNION ALL
            SELECT * FROM fresh
        )
        SELECT c.condition_id, COALESCE(c.publishers, kept.publishers),
            COALESCE(c.line, kept.line)
        FROM (
            SELECT l.condition_id, t.position, l.statement_id, c.said_on, c.publishers, c.line
            FROM negotiations_condition_statements l
            JOIN terms t ON t.id = l.condition_id
            JOIN shown c ON c.statement_id = l.statement_id
            WHERE c.stands AND c.said_on <= %(day)s
            ORDER BY t.position, c.said_on DESC, l.statement_id DESC
            OFFSET 0
        ) c
        LEFT JOIN LATERAL (
            SELECT k.publishers, k.line FROM {CELLS} k
            WHERE k.statement_id = c.statement_id AND c.line IS NULL
            OFFSET 0
        ) kept ON true
        ORDER BY c.position, c.said_on DESC, c.statement_id DESC
    """  # noqa: S608 (table names; values are parameters)


def lines(export, term_ids):
    """(term id, publisher digests, CSV fragment) for each statement a reader sees behind each
    of `term_ids`, said by the export's day: in the order of `term_ids`, then newest first.
    Stored lines where their stamp is current, the others computed in the same snapshot (see
    the module); when too many are missing to compute on the way, they are stored first, and
    if they still are (a flood of writes, a database that refuses them), COPY writes all."""
    term_ids = list(term_ids)
    outermost = not connection.in_atomic_block
    for attempt in range(2):
        fresh = None
        with transaction.atomic():
            if outermost:
                # One snapshot for the missing lines and the stored ones (in a request; a
                # caller's transaction, a test's, is used as it is).
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            found = _fresh(term_ids)
            if len(found) <= FRESH_LIMIT:
                fresh = found
                yield from _read(export, term_ids, fresh, checked=not outermost)
            elif attempt:
                yield from copied_lines(export, term_ids)
                return
        if fresh is not None:
            _keep(fresh)
            return
        store(term_ids)


def _read(export, term_ids, fresh, *, checked):
    ids, stands, said_on, publishers, texts = ([row[i] for row in fresh] for i in (0, 2, 3, 4, 5))
    arguments = {
        "terms": term_ids,
        "ids": ids,
        "stands": stands,
        "said_on": said_on,
        "publishers": publishers,
        "lines": texts,
        "recipe": recipe(),
        "day": export.day,
    }
    # The planner cannot know how many kept lines match; counting on few, it would join the
    # view's links in a loop, row by row. The narrow rows are sorted in memory.
    with connection.cursor() as cursor, _planner(cursor, enable_nestloop="off", work_mem="'32MB'"):
        yield from cursor.cursor.stream(_read_sql(checked), arguments, size=FETCH_ROWS)
