"""The export addresses: the view on screen in four formats, streamed, and every published
statement as one streamed CSV."""

from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from negotiations.caching import reader_page
from negotiations.comparison.filters import FilterError, parse_filters
from negotiations.comparison.terms import process_viewer
from negotiations.exports import formats
from negotiations.exports import statements as statement_export
from negotiations.exports.data import Export

WRITERS = {
    "csv": (formats.write_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        formats.write_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "json": (formats.write_json, "application/json"),
    "md": (formats.write_markdown, "text/markdown; charset=utf-8"),
}


def _encoded(chunks):
    for chunk in chunks:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


@require_safe
@reader_page
def export(request, fmt):
    """The view the query string describes, as a download; a bad filter gets a plain 400."""
    try:
        filters = parse_filters(request.GET)
        data = Export(filters, process_viewer(request.user, filters.process))
    except FilterError as error:
        return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")
    data.base = request.build_absolute_uri("/").rstrip("/")
    writer, content_type = WRITERS[fmt]
    response = StreamingHttpResponse(_encoded(writer(data)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{formats.filename(data, fmt)}"'
    return response


@require_safe
@reader_page
def export_statements(request):
    """Every published statement as CSV, streamed (published only, even for editors)."""
    return statement_export.respond()
