"""The same data gives the same page: rows that tie on every shown sort key (same party, topic,
kind and date) come out in one order, whatever order PostgreSQL happens to read them in.

PostgreSQL returns tied rows in the order it meets them, and an UPDATE moves a row to the end
of its table: so each page is read, every row is rewritten in reverse order of id, and the page is
read again. SQLite reads rows in id order whatever is rewritten, so it cannot show the bug."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    Event,
    ProposalVersion,
    Source,
    Statement,
    Topic,
)
from parties.models import Party, Person
from tests.factories import make_condition, make_statement

pytestmark = pytest.mark.postgresql_only

TIES = 8
SAID_ON = datetime.date(2025, 11, 27)
REWRITTEN = [Condition, Statement, Attestation, Source, Event, Person, ProposalVersion]


@pytest.fixture
def ties(seeded):
    """Terms, statements and people that tie on everything a page sorts them by."""
    russia = Party.objects.get(slug="russia")
    territory = Topic.objects.get(slug="territory")
    version = ProposalVersion.objects.order_by("id").first()
    statement = make_statement(party=russia, wording="Ties all round.", said_on=SAID_ON)
    for n in range(TIES):
        make_condition(
            russia,
            territory,
            kind=ConditionKind.DEMAND,
            summary=f"Tied term number {n}",
            statements=[statement],
            valid_from=SAID_ON,
            proposal_version=version,
        )
        Person.objects.create(name="Same Name", slug=f"same-name-{n}", party=russia)
        make_statement(party=russia, wording=f"Tied statement number {n}.", said_on=SAID_ON)
    return {"statement": statement, "proposal": version.proposal}


def rewrite_every_row_in_reverse():
    """Every row of the tables the pages read moves to the end of its table, last id first."""
    with connection.cursor() as cursor:
        for model in REWRITTEN:
            table = connection.ops.quote_name(model._meta.db_table)
            ids = list(model.objects.order_by("-id").values_list("id", flat=True))
            for pk in ids:
                # The table name is the model's own, quoted; only the id is a parameter.
                cursor.execute(f"UPDATE {table} SET id = id WHERE id = %s", [pk])  # noqa: S608
    cache.clear()


def pages(ties):
    compare = reverse("negotiations:compare")
    return [
        reverse("negotiations:party", args=["russia"]),
        reverse("negotiations:topic", args=["territory"]),
        reverse("negotiations:statement", args=[ties["statement"].pk]),
        reverse("negotiations:proposal", args=[ties["proposal"].slug]),
        reverse("negotiations:cell", args=["territory", "russia"]),
        compare + "?cell=territory:russia",
        reverse("negotiations:search") + "?q=tied",
        reverse("negotiations:changes"),
        reverse("negotiations:export", args=["csv"]) + "?cell=territory:russia",
        reverse("negotiations:export", args=["json"]) + "?cell=territory:russia",
        reverse("negotiations:export", args=["md"]) + "?cell=territory:russia",
        reverse("negotiations:export_statements"),
        reverse("negotiations:feed_party", args=["russia"]),
    ]


def read_all(urls):
    reader = Client()
    contents = {}
    for url in urls:
        response = reader.get(url)
        assert response.status_code == 200, url
        contents[url] = b"".join(response) if response.streaming else response.content
    return contents


def test_tied_rows_come_out_in_the_same_order_after_the_table_is_rewritten(ties):
    urls = pages(ties)
    cache.clear()
    before = read_all(urls)
    assert b"Tied term number" in before[urls[0]]
    for _ in range(2):
        rewrite_every_row_in_reverse()
        after = read_all(urls)
        changed = [url for url in urls if after[url] != before[url]]
        assert not changed, changed
