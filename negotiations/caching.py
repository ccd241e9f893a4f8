"""The one cache path: every cached result and rendered region is keyed here, by everything it
depends on, and computed by one worker at a time; HTTP validators come from the same key.

A key holds the data version and its epoch (raised by every write, renewed by a restore), the
day (pages say "today" and age expected events), who may see drafts (`visibility.audience`), the
name of what is cached and the request state it varies on. So a key can never serve a result
computed before a write, for another day, or for another audience.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
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
    """The cached value under `key`, or `compute()` stored there (unless it is None).

    While one worker computes a key, the others wait for its result instead of computing the
    same thing at once (the lock is an atomic `add` in the shared cache: Redis across servers,
    or this process's memory without Redis), and compute it themselves only if it takes longer
    than WAIT_SECONDS, or if it ends without storing anything.
    """
    value = cache.get(key)
    if value is not None:
        return value
    lock = f"{key}:computing"
    if cache.add(lock, 1, LOCK_SECONDS):
        try:
            value = compute()
            if value is not None:
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
        if not cache.has_key(lock):
            value = cache.get(key)  # stored just before the lock went, or not at all
            if value is not None:
                return value
            break
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


def _shared(request):
    """True when the page may be shared with every anonymous reader (by a proxy, or from a
    kept copy): nobody signed in, nobody who sees drafts."""
    return not request.user.is_authenticated and Stamp.of(request).audience == PUBLIC


class PageMemory:
    """The pages this process answered lately, as sent: the last layer in front of the data.

    Keyed like everything else by the page's validator (data version, day, audience, address,
    htmx headers), so a write or a new day makes every copy unreachable at once; bounded by
    bytes, least recently used first out. Only anonymous readers' complete 200 answers are kept
    (no cookie, not streamed): an editor's preview is computed for them every time.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._pages = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    @staticmethod
    def page_of(response):
        """What is kept of a rendered response: status, body and headers (not the validator
        and caching headers, which are the request's own)."""
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("etag", "cache-control", "server-timing")
        ]
        return (response.status_code, response.content, headers)

    def keep(self, key, page):
        content = page[1]
        if len(content) > self.max_bytes // 8:
            return  # one page may not push out most of the others
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._pages[key] = page
            self._bytes += len(content)
            while self._bytes > self.max_bytes:
                _key, (_status, dropped, _headers) = self._pages.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self):
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    @staticmethod
    def response(page):
        status, content, headers = page
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response


pages = PageMemory(getattr(settings, "PAGE_MEMORY_BYTES", 32 * 1024 * 1024))


def _kept_or_rendered(view):
    """The view, answered from a copy of the page when an anonymous reader asks for one kept
    under the current validator: this process's copy, else the shared cache's. After a write,
    one worker renders a page while the others asking for it wait for its copy."""

    @wraps(view)
    def answered(request, *args, **kwargs):
        if not _shared(request) or not pages.max_bytes:
            return view(request, *args, **kwargs)
        key = _etag(request)
        page = pages.get(key)
        if page is not None:
            return PageMemory.response(page)
        rendered = []

        def render():
            response = view(request, *args, **kwargs)
            rendered.append(response)
            if response.status_code != 200 or response.streaming:
                return None
            if hasattr(response, "render"):
                response.render()
            # A page that set a cookie or used the CSRF token is this reader's own.
            if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                return None
            return PageMemory.page_of(response)

        page = get_or_compute(f"{key}:sent", render)
        if page is not None:
            pages.keep(key, page)
        return rendered[-1] if rendered else PageMemory.response(page)

    return answered


def reader_page(view):
    """A page analysts read (every public page and export goes through it): answered 304 when
    the reader holds its current version, from this process's copy when it has one, and sent
    with the headers that let a proxy share it with other anonymous readers, and with nobody
    else: editors preview drafts at the same addresses, so a signed-in viewer's response is
    `private`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = condition(etag_func=_etag)(_kept_or_rendered(view))(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if response.status_code in (200, 304):
            if _shared(request):
                patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
            else:
                patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapped
