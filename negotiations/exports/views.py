"""The export addresses: the comparison in four formats, and every published statement as CSV."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from negotiations.comparison.views import _comparison_or_error
from negotiations.exports import comparison as exports
from negotiations.exports import statements as statement_export


@require_safe
def export(request, fmt):
    # CSV and Markdown show each cell's counts and strongest quote; only the XLSX and JSON
    # list every statement behind the cells.
    comparison, filters, error = _comparison_or_error(request, detail=fmt in ("xlsx", "json"))
    if error:
        return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")
    return exports.respond(comparison, fmt)


@require_safe
def export_statements(request):
    """Every published statement as CSV, streamed (published only, even for editors)."""
    return statement_export.respond()
