"""gunicorn settings for production and the benchmark: sized for the machine, loopback by default."""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two processes per core, each with a few threads: requests mostly wait on PostgreSQL or Redis.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A request that runs longer than this is stuck: the worker is replaced, not left hanging.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
preload_app = True


def post_fork(server, worker):
    """Collect garbage less often, and never scan what the app loaded at start.

    A cold comparison builds tens of thousands of short-lived objects with no reference cycles;
    at CPython's default threshold (700) the full collections they set off scan every module,
    model and template of the app too, adding 50-70 ms to a cold table at the reference size.
    Frozen, the startup heap is left out of every collection (and stays shared with the
    master); a first-generation threshold of 10,000 collects cycles still, less often.
    """
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
