"""Atom feeds of published statements: all of them, by party and by topic."""

import datetime

import feedparser
import pytest
from django.urls import reverse

from negotiations.models import (
    Attestation,
    Condition,
    PublishStatus,
    Source,
    Statement,
    Topic,
)
from parties.models import Party


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def statement_link(statement):
    return "http://testserver" + reverse("negotiations:statement", args=[statement.pk])


def links(parsed):
    return [entry.link for entry in parsed.entries]


def draft_statement(wording="A draft nobody may read yet."):
    source = Source.objects.get(publisher="Seed article (publisher not recorded)")
    statement = Statement.objects.create(
        party=Party.objects.get(slug="russia"),
        said_on=datetime.date(2025, 11, 29),
        mode="quote",
        summary="Not yet published",
        status=PublishStatus.DRAFT,
    )
    Attestation.objects.create(statement=statement, source=source, wording=wording)
    return statement


def test_the_statements_feed_lists_every_published_statement_newest_first(client, seeded):
    parsed = feed(client, reverse("negotiations:feed_statements"))

    published = Statement.objects.published().order_by("-published_at", "-id")
    assert links(parsed) == [statement_link(s) for s in published]
    assert len({entry.id for entry in parsed.entries}) == len(parsed.entries)
    assert parsed.feed.links[0].href == "http://testserver/"


def test_an_entry_says_who_when_and_what_with_its_sources(client, seeded):
    statement = Attestation.objects.get(wording__startswith="If they don't").statement

    parsed = feed(client, reverse("negotiations:feed_statements"))

    entry = next(e for e in parsed.entries if e.link == statement_link(statement))
    assert entry.title == (
        "Vladimir Putin, 27 Nov 2025: If Ukraine does not withdraw, Russia will achieve it by "
        "military means."
    )
    assert "we will achieve it by military means" in entry.summary
    assert "Seed article (publisher not recorded)" in entry.summary
    assert entry.updated_parsed[:6] == statement.published_at.utctimetuple()[:6]


def test_a_draft_statement_is_in_no_feed_even_for_editors(editor_client, seeded):
    draft = draft_statement()

    for url in [
        reverse("negotiations:feed_statements"),
        reverse("negotiations:feed_party", args=["russia"]),
    ]:
        assert statement_link(draft) not in links(feed(editor_client, url))


def test_a_hostile_wording_is_escaped_in_the_feed(client, seeded):
    statement = draft_statement("<script>alert(1)</script> we will see")
    statement.status = PublishStatus.PUBLISHED
    statement.save()

    response = client.get(reverse("negotiations:feed_statements"))

    assert b"<script>" not in response.content
    entry = feedparser.parse(response.content).entries[0]
    assert entry.link == statement_link(statement)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.summary


def test_the_party_feed_has_only_that_partys_statements(client, seeded):
    parsed = feed(client, reverse("negotiations:feed_party", args=["ukraine"]))

    ukraine = Statement.objects.published().filter(party__slug="ukraine")
    assert sorted(links(parsed)) == sorted(statement_link(s) for s in ukraine)
    assert "Ukraine" in parsed.feed.title


def test_the_topic_feed_has_the_statements_behind_its_published_terms(client, seeded):
    topic = Topic.objects.get(slug="front-line")
    behind = list(Statement.objects.filter(conditions__topic=topic).distinct())
    hidden = draft_statement()
    hidden.status = PublishStatus.PUBLISHED
    hidden.save()
    Condition.objects.create(
        party=hidden.party,
        topic=topic,
        kind="demand",
        summary="A term still in draft.",
        valid_from=datetime.date(2025, 11, 29),
        status=PublishStatus.DRAFT,
    ).statements.add(hidden)

    parsed = feed(client, reverse("negotiations:feed_topic", args=["front-line"]))

    assert behind
    assert sorted(links(parsed)) == sorted(statement_link(s) for s in behind)


@pytest.mark.parametrize("name", ["negotiations:feed_party", "negotiations:feed_topic"])
def test_an_unknown_slug_is_not_found(client, seeded, name):
    assert client.get(reverse(name, args=["atlantis"])).status_code == 404


@pytest.mark.parametrize(
    ("page", "feed_url"),
    [
        (("negotiations:compare", []), ("negotiations:feed_statements", [])),
        (("negotiations:party", ["russia"]), ("negotiations:feed_party", ["russia"])),
        (("negotiations:topic", ["recognition"]), ("negotiations:feed_topic", ["recognition"])),
    ],
)
def test_pages_link_their_feed_in_their_head(client, seeded, page, feed_url):
    content = client.get(reverse(page[0], args=page[1])).content.decode()

    head = content.split("</head>")[0]
    assert (
        '<link rel="alternate" type="application/atom+xml"' in head
        and f'href="{reverse(feed_url[0], args=feed_url[1])}"' in head
    )


def test_the_feed_names_its_author_as_atom_requires(client, seeded):
    response = client.get(reverse("negotiations:feed_statements"))
    parsed = feedparser.parse(response.content)

    # RFC 4287, 4.1.1: an atom:feed with an atom:author covers every entry without one.
    assert "<author><name>Negotiation tracker editors</name></author>" in response.content.decode()
    assert parsed.feed.author == "Negotiation tracker editors"
    assert parsed.entries


@pytest.mark.parametrize(
    ("page", "feed_url"),
    [
        (("negotiations:party", ["russia"]), ("negotiations:feed_party", ["russia"])),
        (("negotiations:topic", ["recognition"]), ("negotiations:feed_topic", ["recognition"])),
    ],
)
def test_pages_with_a_feed_show_a_visible_link_to_it(client, seeded, page, feed_url):
    content = client.get(reverse(page[0], args=page[1])).content.decode()

    main = content.split('<main id="main">')[1]
    url = reverse(feed_url[0], args=feed_url[1])
    assert f'<a href="{url}" type="application/atom+xml">Atom feed:' in main


def test_a_parent_topics_feed_gathers_the_statements_of_its_sub_topics(client, seeded):
    parsed = feed(client, reverse("negotiations:feed_topic", args=["territory"]))

    behind = Statement.objects.filter(conditions__topic__parent__slug="territory").distinct()
    assert behind.count() > 0
    assert sorted(links(parsed)) == sorted(statement_link(s) for s in behind)
