"""Rendered regions readers share (the table, an opened cell), cached under the data version.

Two levels: this process's memory first, then the shared cache (Redis when configured). The keys
carry the data version, so neither level can serve a region computed before the latest write.
"""

import threading
from collections import OrderedDict

from django.core.cache import cache

LOCAL_ENTRIES = 16
TIMEOUT = 3600

_local = OrderedDict()
_lock = threading.Lock()


def get(key):
    with _lock:
        html = _local.get(key)
        if html is not None:
            _local.move_to_end(key)
            return html
    html = cache.get(key)
    if html is not None:
        _remember(key, html)
    return html


def put(key, html):
    cache.set(key, html, timeout=TIMEOUT)
    _remember(key, html)


def _remember(key, html):
    with _lock:
        _local[key] = html
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def clear_local():
    with _lock:
        _local.clear()
