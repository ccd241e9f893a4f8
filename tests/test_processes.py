"""Peace processes: a second negotiation entered through the admin stays in its own process,
and leaves the first one's comparison and exports as they were."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from negotiations.caching import pages
from negotiations.models import (
    Condition,
    ConditionKind,
    Event,
    EventKind,
    EventStatus,
    Fact,
    PeaceProcess,
    Proposal,
    ProposalVersion,
    PublishStatus,
    Topic,
)
from parties.models import Party
from tests.admin_forms import admin_form_data
from tests.factories import make_condition, make_statement
from tests.test_exports import body

SWITCHER = re.compile(r'<nav class="processes".*?</nav>\s*', re.S)
# A new token per response (the page's htmx header, the sign-out form).
CSRF = re.compile(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"')


def fetched(client, url):
    cache.clear()
    pages.clear()
    response = client.get(url)
    assert response.status_code == 200, url
    return body(response) if response.streaming else response.content


def first_process_views(client):
    views = {
        fmt: fetched(client, reverse("negotiations:export", args=[fmt]) + "?as_of=2025-11-28")
        for fmt in ("csv", "json", "md")
    }
    page = fetched(client, "/?as_of=2025-11-28").decode()
    views["page"] = CSRF.sub("", SWITCHER.sub("", page))
    views["topic feed"] = fetched(client, reverse("negotiations:feed_topic", args=["territory"]))
    views["process feed"] = fetched(
        client, reverse("negotiations:feed_process", args=["russia-ukraine"])
    )
    return views


def add_through_the_admin(client, model, **fields):
    """Post the admin's add form as the rendered page would, with `fields` filled in."""
    url = reverse(f"admin:negotiations_{model}_add")
    data = admin_form_data(client.get(url))
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def second_process(seeded, superuser_client):
    """Sudan talks, entered through the admin: the process, a topic of it, and a term of a
    party that takes part in it only, resting on a published statement."""
    add_through_the_admin(
        superuser_client,
        "peaceprocess",
        name="Sudan talks",
        slug="sudan",
        conflict="War in Sudan",
        status="active",
        sort_order="200",
    )
    process = PeaceProcess.objects.get(slug="sudan")
    add_through_the_admin(
        superuser_client,
        "topic",
        name="Humanitarian access",
        slug="humanitarian-access",
        process=str(process.pk),
        sort_order="10",
    )
    army = Party.objects.create(name="Sudanese Armed Forces", slug="saf")
    process.participations.create(party=army)
    statement = make_statement(
        party=army,
        wording="Aid convoys may pass through El Fasher.",
        said_on=datetime.date(2025, 11, 19),
    )
    make_condition(
        party=army,
        topic=Topic.objects.get(slug="humanitarian-access"),
        kind=ConditionKind.OFFER,
        summary="Aid convoys may pass",
        statements=[statement],
        valid_from=datetime.date(2025, 11, 20),
    )
    # Its background, which the first process's page must not show.
    Event.objects.create(
        process=process,
        kind=EventKind.TALKS,
        title="Talks in Jeddah",
        status=EventStatus.HELD,
        starts_on=datetime.date(2025, 11, 25),
    )
    Fact.objects.create(
        process=process, summary="A ceasefire is discussed", as_of=datetime.date(2025, 11, 21)
    )
    proposal = Proposal.objects.create(
        process=process, title="Jeddah declaration", slug="jeddah", party=army
    )
    ProposalVersion.objects.create(
        proposal=proposal, number=1, label="First text", presented_on=datetime.date(2025, 11, 1)
    )
    return process


def test_a_second_process_leaves_the_first_ones_comparison_and_exports_as_they_were(
    client, seeded, superuser_client, request
):
    before = first_process_views(client)
    process = request.getfixturevalue("second_process")
    after = first_process_views(client)
    for name in before:
        assert after[name] == before[name], name
    page = fetched(client, "/?as_of=2025-11-28").decode()
    assert "Sudan talks" in SWITCHER.search(page).group()  # the switcher is the one change
    for other in ("Sudanese Armed Forces", "Humanitarian access", "Jeddah", "ceasefire"):
        assert other not in page
    assert Condition.objects.filter(topic__process=process).count() == 1


def test_the_second_process_has_its_own_columns_rows_and_exports(client, second_process):
    page = fetched(client, "/?process=sudan&as_of=2025-11-28").decode()
    assert "Humanitarian access" in page and "Sudanese Armed Forces" in page
    assert "Territory" not in page and ">Russia<" not in page
    assert "Talks in Jeddah" in page and "Jeddah declaration" in page
    # its latest statement is the one behind its own term, not the other process's
    assert "latest statement 19 November 2025" in page
    csv = fetched(client, reverse("negotiations:export", args=["csv"]) + "?process=sudan")
    assert b"Aid convoys may pass" in csv and b"Territory" not in csv


def test_the_first_process_named_in_the_address_is_the_default_view(client, second_process):
    default = fetched(client, "/?as_of=2025-11-28").decode()
    named = fetched(client, "/?process=russia-ukraine&as_of=2025-11-28").decode()
    assert 'aria-current="page"><bdi>Russia–Ukraine peace talks' in named
    strip = lambda page: re.sub(r"(\?|&amp;|&)process=russia-ukraine", "", SWITCHER.sub("", page))  # noqa: E731
    assert strip(named).replace(
        '<input type="hidden" name="process" value="russia-ukraine">', ""
    ).count("Territory") == strip(default).count("Territory")


@pytest.mark.parametrize("qs", ["process=nowhere", "process=no%20such%20process"])
def test_an_unknown_process_gets_a_400_with_a_plain_message(client, seeded, qs):
    response = client.get(f"/?{qs}")
    assert response.status_code == 400
    assert b"peace process" in response.content


def test_a_topic_of_another_process_is_unknown_in_this_one(client, second_process):
    response = client.get("/?topic=humanitarian-access")
    assert response.status_code == 400
    assert b"Unknown topic: humanitarian-access" in response.content


def test_a_topic_cannot_sit_under_a_topic_of_another_process(second_process):
    from django.core.exceptions import ValidationError

    child = Topic(
        process=second_process,
        name="Withdrawal from Donetsk",
        slug="withdrawal-donetsk",
        parent=Topic.objects.get(slug="territory"),
    )
    with pytest.raises(ValidationError) as failure:
        child.full_clean()
    assert "same process" in str(failure.value)


def test_the_seed_is_the_first_process_with_its_sentence_and_every_party(seeded):
    process = PeaceProcess.objects.get()
    assert (process.slug, process.name) == ("russia-ukraine", "Russia–Ukraine peace talks")
    assert process.source_excerpt in process.source.text
    assert set(process.parties.values_list("slug", flat=True)) == {
        "russia",
        "ukraine",
        "united-states",
        "european-allies",
    }
    assert not Topic.objects.exclude(process=process).exists()
    assert PublishStatus.PUBLISHED  # the seed's terms stay published (checked elsewhere)


def test_the_processes_page_lists_each_with_its_latest_statement_collisions_and_changes(
    client, second_process
):
    page = fetched(client, reverse("negotiations:processes")).decode()
    assert page.index("Russia–Ukraine peace talks") < page.index("Sudan talks")
    assert 'href="/?process=sudan"' in page and 'href="/"' in page
    rows = {
        name: row
        for row in re.findall(r"<tr>.*?</tr>", page, re.S)
        for name in ("Russia–Ukraine peace talks", "Sudan talks")
        if name in row
    }
    sudan = rows["Sudan talks"]
    assert "Sudanese Armed Forces" in sudan and "War in Sudan" in sudan
    seeded_latest = (
        Condition.objects.filter(topic__process__slug="russia-ukraine", statements__isnull=False)
        .values_list("statements__said_on", flat=True)
        .order_by("-statements__said_on")
        .first()
    )
    assert f"{seeded_latest.day} " in rows["Russia–Ukraine peace talks"]


def test_each_process_has_a_feed_of_the_statements_behind_its_terms(client, second_process):
    sudan = fetched(client, reverse("negotiations:feed_process", args=["sudan"])).decode()
    assert "Aid convoys may pass through El Fasher." in sudan
    assert "Putin" not in sudan and "Sudan talks" in sudan
    seeded = fetched(client, reverse("negotiations:feed_process", args=["russia-ukraine"]))
    assert b"El Fasher" not in seeded and b"Putin" in seeded
    page = fetched(client, "/?process=sudan").decode()
    assert 'href="/feeds/processes/sudan/"' in page
    assert client.get(reverse("negotiations:feed_process", args=["nowhere"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_data_entered_before_processes_becomes_the_first_process_when_migrating():
    """Migrating a database that holds data (not an empty test database): its topics,
    proposals, events and facts become the Russia–Ukraine talks', every party takes part."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("negotiations", "0011_reader_cells")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    party = old.get_model("parties", "Party").objects.create(name="Russia", slug="russia")
    topic = old.get_model("negotiations", "Topic").objects.create(name="Territory", slug="t")
    old.get_model("negotiations", "Proposal").objects.create(
        title="Plan", slug="p", party_id=party.pk
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    process = PeaceProcess.objects.get()
    assert process.slug == "russia-ukraine"
    assert Topic.objects.get(pk=topic.pk).process == process
    assert Proposal.objects.get().process == process
    assert list(process.parties.values_list("slug", flat=True)) == ["russia"]


def test_a_term_takes_no_proposal_version_nor_condition_of_another_process(second_process):
    from django.core.exceptions import ValidationError

    sudan_term = Condition.objects.get(topic__process=second_process)
    seeded_term = Condition.objects.filter(topic__process__slug="russia-ukraine").first()
    sudan_term.proposal_version = ProposalVersion.objects.filter(
        proposal__process__slug="russia-ukraine"
    ).first()
    with pytest.raises(ValidationError) as failure:
        sudan_term.full_clean()
    assert "own process" in str(failure.value)
    with pytest.raises(ValidationError) as failure:
        seeded_term.check_links(seeded_term.statements.all(), [sudan_term])
    assert "own peace process" in str(failure.value)


def test_search_finds_in_one_process_or_in_all(client, second_process):
    url = reverse("negotiations:search")
    # (the words searched for are marked in the results: the test looks for the others)
    everywhere = client.get(url, {"q": "Fasher"}).content.decode()
    assert "Aid convoys may pass" in everywhere
    sudan = client.get(url, {"q": "Fasher", "process": "sudan"}).content.decode()
    assert "Aid convoys may pass" in sudan
    elsewhere = client.get(url, {"q": "Fasher", "process": "russia-ukraine"})
    assert "Aid convoys may pass" not in elsewhere.content.decode()
    seeded = client.get(url, {"q": "territory", "process": "sudan"}).content.decode()
    assert "Withdraw" not in seeded and "Territory" not in seeded.split("<h1>Search</h1>")[1]
    assert 'option value="sudan" selected' in sudan
    unknown = client.get(url, {"q": "aid", "process": "nowhere"})
    assert unknown.status_code == 400 and b"No such peace process" in unknown.content
