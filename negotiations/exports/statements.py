"""Streams every published statement as CSV, in bounded memory whatever the size of the data."""

import csv
import io

from django.http import StreamingHttpResponse
from django.utils import timezone

from negotiations.dates import display_date
from negotiations.exports.formats import spreadsheet_safe
from negotiations.models import Attestation
from negotiations.visibility import standing_statements

COLUMNS = [
    "statement_id",
    "said_on",
    "said_on_display",
    "party",
    "speaker",
    "mode",
    "occasion",
    "place",
    "summary",
    "wording",
    "sources",
    "published_at",
]
CHUNK = 5000


def _chunks():
    """The statements readers see (published, reported by a published source) in id order,
    CHUNK at a time (keyset pagination, no OFFSET)."""
    last = 0
    while True:
        chunk = list(
            standing_statements()
            .filter(id__gt=last)
            .order_by("id")
            .values_list(
                "id",
                "said_on",
                "said_on_precision",
                "party__name",
                "speaker__name",
                "mode",
                "occasion",
                "place",
                "summary",
                "published_at",
            )[:CHUNK]
        )
        if not chunk:
            return
        reports = {}
        for statement_id, wording, publisher in (
            Attestation.objects.published()
            .filter(statement_id__gte=chunk[0][0], statement_id__lte=chunk[-1][0])
            .order_by("id")
            .values_list("statement_id", "wording", "source__publisher")
        ):
            reports.setdefault(statement_id, []).append((wording, publisher))
        yield chunk, reports
        last = chunk[-1][0]


def rows():
    yield COLUMNS
    for chunk, reports in _chunks():
        for sid, said_on, precision, party, speaker, mode, occasion, place, summary, at in chunk:
            found = reports.get(sid, [])
            yield [
                sid,
                said_on.isoformat(),
                display_date(said_on, precision),
                party,
                speaker or "",
                mode,
                occasion,
                place,
                summary,
                found[0][0] if found else "",
                "; ".join(dict.fromkeys(publisher for _, publisher in found)),
                at.isoformat() if at else "",
            ]


def _batches(rows_, size=2000):
    """Whole blocks of CSV text: one write per block, not one per row, keeps it fast."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, row in enumerate(rows_, start=1):
        writer.writerow([spreadsheet_safe(value) for value in row])
        if index % size == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def respond():
    response = StreamingHttpResponse(
        _with_bom(_batches(rows())), content_type="text/csv; charset=utf-8"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="statements-as-of-{day}.csv"'
    return response


def _with_bom(lines):
    # The same byte-order mark as the comparison CSV, so Excel reads UTF-8.
    yield "\ufeff"
    yield from lines
