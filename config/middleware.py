"""Project-wide middleware: the headers Django does not send itself, the refusal of addresses no
page can answer, and the 503 page."""

import logging
import sqlite3

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Sends a Permissions-Policy on every response, and the frame policy on those that never
    reach Django's clickjacking middleware (static files, a refused Host)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


class RejectNullCharactersMiddleware:
    """A NUL character in an address or its query is never meant: no stored text holds one and
    PostgreSQL refuses them in queries. Answer 400 before any view (the admin's list filters and
    autocomplete, every public filter) passes one to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                "The address holds a NUL character, which no page accepts.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database is down, answer 503 with a page that says so, not a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_an_outage(exception):
            return None
        logger.warning("Database unavailable: %s", exception)
        body = render_to_string("503.html", request=None)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response


# SQLSTATE classes of a lost or refused connection (08) and of a server shutting down or starting
# up (57P); SQLite's codes for a database that is busy, locked or cannot be opened.
OUTAGE_SQLSTATES = ("08", "57P")
SQLITE_OUTAGE_CODES = {5, 6, 14}  # SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN


def is_an_outage(exception):
    """A failure to reach the database, read from the driver's error codes: an error in a query
    (a bug) is not one, and must stay visible."""
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return getattr(cause, "sqlite_errorcode", None) in SQLITE_OUTAGE_CODES
    sqlstate = getattr(cause, "sqlstate", None)
    # psycopg gives no SQLSTATE when the connection itself could not be made.
    return sqlstate is None or sqlstate.startswith(OUTAGE_SQLSTATES)


class ServerTimingMiddleware:
    """Says how long the app took (`Server-Timing: app;dur=ms`), for benchmarks and browsers'
    developer tools. With EXPOSE_QUERY_COUNT on (benchmarks only) it also sends the number of
    database queries as `X-Query-Count`."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.count_queries = getattr(settings, "EXPOSE_QUERY_COUNT", False)

    def __call__(self, request):
        import time

        from django.db import connection

        queries = [0]

        def counter(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        if self.count_queries:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed:.2f}"
        if self.count_queries:
            response["X-Query-Count"] = str(queries[0])
        return response
