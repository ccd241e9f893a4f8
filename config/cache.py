"""A Redis cache whose outage is not the site's: while Redis is down or frozen, every call gives up
within a fraction of a second and answers as an empty cache would, so pages are slower, never
errors; after a failure Redis is left alone for a few seconds, then tried again."""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that degrades to no cache while Redis cannot answer.

    Reads miss, writes are dropped, and `add` answers True (as if the key were taken by this
    caller), so that a lock taken with `add` never makes a request wait for a Redis that is gone.
    """

    # How long to leave Redis alone after it failed, so requests do not each wait for it.
    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self):
        return time.monotonic() >= self._down_until

    def _failed(self, error):
        with self._lock:
            first = self.available
            self._down_until = time.monotonic() + self.RETRY_AFTER
        if first:
            logger.warning("The cache is not answering; serving without it: %s", error)

    def _call(self, method, fallback, *args, **kwargs):
        if not self.available:
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", None, key, delta, version)

    def clear(self):
        return self._call("clear", False)
