"""Streams every published statement as CSV, in bounded memory whatever the size of the data."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from negotiations.dates import display_date
from negotiations.exports import spreadsheet_safe
from negotiations.models import Attestation, Source, Statement

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


class _Line:
    """A file-like object that hands back what csv.writer writes, one line at a time."""

    def write(self, value):
        return value


def _chunks():
    """Published statements in id order, CHUNK at a time (keyset pagination, no OFFSET)."""
    last = 0
    published_sources = Source.objects.published()
    while True:
        chunk = list(
            Statement.objects.published()
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
            Attestation.objects.filter(
                statement_id__gte=chunk[0][0],
                statement_id__lte=chunk[-1][0],
                source__in=published_sources,
            )
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


def respond():
    writer = csv.writer(_Line())
    lines = (writer.writerow([spreadsheet_safe(value) for value in row]) for row in rows())
    response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="statements-as-of-{day}.csv"'
    return response


def _with_bom(lines):
    # The same byte-order mark as the comparison CSV, so Excel reads UTF-8.
    yield "\ufeff"
    yield from lines
