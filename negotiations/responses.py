"""The one way a page answers: the whole page, or only its named partial for an htmx swap."""

from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers


def render_page(request, template, context, partial, status=200):
    """The whole page, or only its `partial` for an htmx swap (never for a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        template = f"{template}#{partial}"
    response = TemplateResponse(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response
