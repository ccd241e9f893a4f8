"""Project-wide middleware: the headers Django does not send itself, and the 503 page."""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Sends a Permissions-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """While the database is down, answer 503 with a page that says so, not a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if isinstance(exception, DatabaseError) and not _looks_like_an_outage(exception):
            return None
        logger.warning("Database unavailable: %s", exception)
        from django.http import HttpResponse

        body = render_to_string("503.html", request=None)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response


def _looks_like_an_outage(exception):
    """Connection failures, not errors in a query (those are bugs and must stay visible)."""
    text = str(exception).lower()
    signs = (
        "connection",
        "could not connect",
        "server closed",
        "terminating",
        "shutting down",
        "the database system is",
        "unable to open database",
        "database is locked",
        "timeout",
    )
    return isinstance(exception, InterfaceError) or any(sign in text for sign in signs)
