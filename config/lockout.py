"""The page a throttled login gets: how long to wait, and until when."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import timezone


def locked_out(request, original_response=None, credentials=None):
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cooloff.total_seconds() // 60),
        # The cool-off runs from the latest failure, which is this request.
        "until": timezone.now() + cooloff,
    }
    # Rendered here: axes hands this back through middleware that reads the content.
    return TemplateResponse(request, "registration/locked_out.html", context, status=429).render()
