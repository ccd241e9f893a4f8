"""Every response says how long the app took; benchmarks can also ask for the query count."""

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_every_response_carries_its_server_time(client, seeded):
    response = client.get("/")
    assert re.fullmatch(r"app;dur=\d+\.\d\d", response["Server-Timing"])
    assert "X-Query-Count" not in response


def test_the_query_count_is_sent_only_when_asked_for(seeded):
    from django.test import Client

    with override_settings(EXPOSE_QUERY_COUNT=True):
        response = Client().get("/parties/russia/")
    assert int(response["X-Query-Count"]) > 0
