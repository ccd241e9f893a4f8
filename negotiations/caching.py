"""The one cache path: every cached result and rendered region is keyed here, by everything it
depends on, and computed by one worker at a time; HTTP validators come from the same key.

A key holds the data version and its epoch (raised by every write, renewed by a restore), the
day (pages say "today" and age expected events), who may see drafts (`visibility.audience`), the
name of what is cached and the request state it varies on. So a key can never serve a result
computed before a write, for another day, or for another audience.
"""

import hashlib
import time
from dataclasses import dataclass
from functools import wraps

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from negotiations import dataversion
from negotiations.visibility import PUBLIC, audience

TIMEOUT = 60 * 60
# How long one worker may hold the right to compute a result before another may take it over,
# and how long the others wait for it before computing it themselves.
LOCK_SECONDS = 30
WAIT_SECONDS = 10
POLL_SECONDS = 0.05
# What a proxy or CDN in front may do with an anonymous reader's page.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 30, "stale_while_revalidate": 300}


@dataclass(frozen=True)
class Stamp:
    """What every cached result of one request depends on, read once per request."""

    data: str  # "<epoch>.<version>"
    day: str
    audience: str

    @classmethod
    def of(cls, request):
        stamp = getattr(request, "_cache_stamp", None)
        if stamp is None:
            stamp = cls(
                dataversion.token(), timezone.localdate().isoformat(), audience(request.user)
            )
            request._cache_stamp = stamp
        return stamp

    def key(self, name, *vary_on):
        state = "\x1f".join(str(part) for part in vary_on)
        digest = hashlib.sha256(state.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return f"{name}:{self.data}:{self.day}:{self.audience}:{digest}"


def get_or_compute(key, compute, timeout=TIMEOUT):
    """The cached value under `key`, or `compute()` stored there.

    While one worker computes a key, the others wait for its result instead of computing the
    same thing at once (the lock is an atomic `add` in the shared cache: Redis across servers,
    or this process's memory without Redis), and compute it themselves only if it takes longer
    than WAIT_SECONDS.
    """
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:computing"
    if cache.add(lock, 1, LOCK_SECONDS):
        try:
            value = compute()
            cache.set(key, value, timeout)
        finally:
            cache.delete(lock)
        return value
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        value = cache.get(key)
        if value is not None:
            return value
    return compute()


def _etag(request, *args, **kwargs):
    htmx = (
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-History-Restore-Request", ""),
    )
    # A signed-in viewer's page differs from an anonymous one's (the CSRF header, the admin
    # link) even when both see published data only.
    signed_in = request.user.is_authenticated
    return Stamp.of(request).key("page", request.get_full_path(), signed_in, *htmx)


def reader_page(view):
    """A page analysts read (every public page and export goes through it): answered 304 when
    the reader holds its current version, and sent with the headers that let a proxy share it
    with other anonymous readers, and with nobody else: editors preview drafts at the same
    addresses, so a signed-in viewer's response is `private`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = condition(etag_func=_etag)(view)(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if response.status_code in (200, 304):
            if request.user.is_authenticated or Stamp.of(request).audience != PUBLIC:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        return response

    return wrapped
