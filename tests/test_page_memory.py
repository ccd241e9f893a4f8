"""Each worker's copy of the pages anonymous readers asked for (caching.PageMemory): served with
one query (the data version), never after a write, never to an editor, bounded by bytes."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.caching import PageMemory, pages
from negotiations.models import Condition
from tests.factories import make_draft_offer

COMPARE = reverse("negotiations:compare")
PAGES = [
    COMPARE,
    reverse("negotiations:party", args=["russia"]),
    reverse("negotiations:topic", args=["territory"]),
    reverse("negotiations:search") + "?q=territory",
]


def answered(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_page_asked_again_is_sent_from_memory_with_the_data_version_read_only(client, seeded):
    for url in PAGES:
        first, computed = answered(client, url)
        again, queries = answered(client, url)
        assert first.status_code == again.status_code == 200, url
        assert again.content == first.content, url
        assert queries == 1 < computed, (url, queries, computed)
        # The validator and the headers a proxy needs are those of a computed answer.
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == first["Cache-Control"]
        assert again["Vary"] == first["Vary"]
        assert again["Content-Type"] == first["Content-Type"]


def test_an_htmx_swap_and_the_whole_page_are_kept_apart(client, seeded):
    whole = client.get(COMPARE).content
    swap = client.get(COMPARE, headers={"HX-Request": "true"}).content
    assert swap != whole and b"<html" not in swap
    assert client.get(COMPARE).content == whole
    assert client.get(COMPARE, headers={"HX-Request": "true"}).content == swap


def test_a_write_makes_every_kept_copy_unreachable(client, seeded):
    query = "?open=territory&cell=recognition:russia"
    client.get(COMPARE + query)
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    condition.summary = "Recognition first, then everything else."
    condition.save()
    response, queries = answered(client, COMPARE + query)
    assert "Recognition first, then everything else." in response.content.decode()
    assert queries > 1


def test_an_editor_is_never_sent_a_readers_copy_nor_leaves_one(editor_client, seeded):
    reader = Client()
    query = {"party": "united-states", "kind": "offer"}
    reader.get(COMPARE, query)
    make_draft_offer("united-states", "recognition")
    reader.get(COMPARE, query)
    kept = len(pages._pages)
    for _ in range(2):
        response, queries = answered(editor_client, COMPARE + "?party=united-states&kind=offer")
        assert 'data-topic="territory"' in response.content.decode()
        assert queries > 1
    assert len(pages._pages) == kept
    assert 'data-topic="territory"' not in reader.get(COMPARE, query).content.decode()


def test_errors_and_downloads_are_not_kept(client, seeded):
    assert client.get(COMPARE + "?as_of=2025-13-40").status_code == 400
    assert client.get(reverse("negotiations:export", args=["csv"])).streaming
    assert pages._pages == {}


def test_memory_is_bounded_by_bytes_and_drops_the_least_recently_used():
    memory = PageMemory(max_bytes=800)

    class Page:
        status_code = 200
        content = b"x" * 100

        def items(self):
            return [("Content-Type", "text/html"), ("ETag", '"a"')]

    for index in range(10):
        memory.keep(f"page {index}", PageMemory.page_of(Page()))
    assert memory.get("page 0") is None
    assert memory.get("page 2") is not None  # now the most recently used
    memory.keep("page 10", PageMemory.page_of(Page()))
    assert memory.get("page 2") is not None and memory.get("page 3") is None
    assert sum(len(content) for _status, content, _headers in memory._pages.values()) <= 800
    status, content, headers = memory.get("page 10")
    assert ("ETag", '"a"') not in headers  # the validator is the request's, set afresh
    large = type("Large", (Page,), {"content": b"y" * 200})()
    memory.keep("too large", PageMemory.page_of(large))
    assert memory.get("too large") is None


def test_a_worker_without_the_copy_is_sent_the_shared_caches_one(client, seeded):
    first, computed = answered(client, COMPARE)
    pages.clear()  # as another worker, which never answered it
    again, queries = answered(client, COMPARE)
    assert again.content == first.content
    assert queries == 1 < computed


def test_a_waiting_worker_computes_at_once_when_the_other_stores_nothing():
    import threading
    import time

    from django.core.cache import cache

    from negotiations.caching import WAIT_SECONDS, get_or_compute

    cache.add("a-page:computing", 1, 30)  # another worker is rendering it
    threading.Timer(0.2, cache.delete, ["a-page:computing"]).start()  # ... and keeps nothing
    started = time.monotonic()
    assert get_or_compute("a-page", lambda: "computed here") == "computed here"
    assert 0.2 <= time.monotonic() - started < WAIT_SECONDS / 2
