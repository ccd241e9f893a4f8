"""Site search: what it finds, in what order, how it marks matches, and what it refuses."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.caching import pages
from negotiations.models import (
    Attestation,
    Condition,
    PublishStatus,
    Source,
    Statement,
    Topic,
)
from negotiations.search import GROUP_SIZE, NO_WORDS, TOO_LONG, highlight
from parties.models import Party
from tests.factories import the_process

DAY = datetime.date(2025, 11, 27)


def search(client, q, **extra):
    return client.get(reverse("negotiations:search"), {"q": q}, **extra)


def hits(response, group):
    found = {g.key: g for g in response.context["results"].groups}
    return found[group].hits


def urls(response, group):
    return [hit.url for hit in hits(response, group)]


def say(wording, *, summary="", status=PublishStatus.PUBLISHED, party=None, said_on=DAY):
    """A statement of `party` (a new one by default) reported in a source of its own."""
    party = party or Party.objects.get_or_create(slug="testers", defaults={"name": "Testers"})[0]
    source = Source.objects.create(
        publisher="Test wire", title=f"Report {Source.objects.count()}", status=status
    )
    statement = Statement.objects.create(
        party=party, said_on=said_on, mode="quote", summary=summary, status=status
    )
    Attestation.objects.create(statement=statement, source=source, wording=wording)
    return statement


def statement_url(statement):
    return reverse("negotiations:statement", args=[statement.pk])


def test_a_word_of_a_quote_finds_the_statement_and_marks_it(client, seeded):
    quote = Attestation.objects.get(wording__startswith="If they don't").statement

    response = search(client, "military")

    assert response.status_code == 200
    assert statement_url(quote) in urls(response, "statements")
    assert "<mark>military</mark>" in response.content.decode()


def test_a_term_is_found_by_its_summary_and_links_to_its_topic(client, seeded):
    response = search(client, "ceding land")

    terms = hits(response, "terms")
    assert any("ceding" in hit.heading for hit in terms)
    assert reverse("negotiations:topic", args=["troop-withdrawal"]) in urls(response, "terms")


def test_draft_finds_the_proposal(client, seeded):
    response = search(client, "draft")

    assert reverse("negotiations:proposal", args=["us-peace-plan"]) in urls(response, "proposals")


def test_a_proposal_point_is_found_by_its_text(client, seeded):
    response = search(client, "Ukrainian withdrawal")

    assert any("withdrawal" in hit.text for hit in hits(response, "proposals"))


def test_a_person_is_found_by_another_name(client, seeded):
    response = search(client, "Yermak")

    assert urls(response, "people") == [reverse("negotiations:person", args=["andriy-yermak"])]


def test_a_region_name_finds_statements_but_no_person(client, seeded):
    response = search(client, "Lugansk")

    assert hits(response, "people") == []
    assert len(hits(response, "statements")) >= 1


def test_a_source_is_found_by_its_publisher_and_links_to_a_statement_citing_it(client, seeded):
    response = search(client, "Seed article")

    sources = hits(response, "sources")
    assert len(sources) == 2
    article = next(hit for hit in sources if "Putin Offers" in hit.heading)
    assert article.url.startswith("/statements/")
    notes = next(hit for hit in sources if "Background notes" in hit.heading)
    assert notes.url is None


# -- region names, kinds and every word across a record's fields ---------------------------------


def recognition_demand_url():
    return reverse("negotiations:topic", args=["recognition"])


def test_luhansk_finds_putins_lugansk_and_the_recognition_demand(client, seeded):
    putin = Attestation.objects.get(wording__contains="Donetsk, Crimea, and Lugansk").statement

    response = search(client, "Luhansk")

    assert statement_url(putin) in urls(response, "statements")
    terms = hits(response, "terms")
    assert any("international recognition" in hit.heading for hit in terms)
    assert "<mark>Lugansk</mark>" in response.content.decode()


def test_lugansk_finds_the_recognition_demand_that_names_luhansk(client, seeded):
    response = search(client, "Lugansk")

    terms = hits(response, "terms")
    assert [hit.url for hit in terms] == [recognition_demand_url()]
    assert "Luhansk" in terms[0].meta


def test_a_kind_of_term_is_found_by_its_name(client, seeded):
    response = search(client, "red line")

    terms = hits(response, "terms")
    assert len(terms) == 1
    assert "sign away territory" in terms[0].heading
    assert "<mark>red</mark> <mark>line</mark>" in terms[0].meta


def test_a_kind_is_found_with_an_ending(client, seeded):
    terms = hits(search(client, "demands"), "terms")

    assert [hit.url for hit in terms] == [recognition_demand_url()]


def test_every_word_is_looked_for_across_a_records_fields(client, seeded):
    response = search(client, "Putin territory")

    found = set(urls(response, "statements"))
    putin_on_territory = {
        statement_url(s)
        for s in Statement.objects.filter(
            speaker__slug="vladimir-putin", attestations__wording__contains="territor"
        )
    }
    assert len(putin_on_territory) == 2
    assert found == putin_on_territory


def test_a_word_missing_from_every_field_finds_nothing(client, seeded):
    assert hits(search(client, "Putin Atlantic"), "statements") == []


def test_the_place_of_a_statement_finds_it(client, seeded):
    response = search(client, "Bishkek")

    assert len(hits(response, "statements")) == 8


def test_either_side_of_or_is_accepted(client, seeded):
    response = search(client, "Crimea or Atlantic")

    speakers = {hit.heading.split(",")[0] for hit in hits(response, "statements")}
    assert speakers == {"Vladimir Putin", "Andriy Yermak"}


def test_an_excluded_word_drops_what_holds_it(client, seeded):
    with_military = urls(search(client, "Putin"), "statements")
    without = urls(search(client, "Putin -military"), "statements")

    military = Attestation.objects.get(wording__contains="military means").statement
    assert statement_url(military) in with_military
    assert statement_url(military) not in without
    assert len(without) == len(with_military) - 1


def test_a_term_is_found_by_its_party_and_topic(client, seeded):
    terms = hits(search(client, "recognition Ukraine"), "terms")

    assert len(terms) == 1
    assert "sign away territory" in terms[0].heading
    assert (
        "<mark>Ukraine</mark> · red line · International <mark>recognition</mark>" in terms[0].meta
    )


def test_a_too_common_word_alone_finds_nothing_without_failing(client, seeded):
    response = search(client, "the")

    assert response.status_code == 200
    if connection.vendor == "postgresql":
        # SQLite, for development, knows no stop words and finds 'the' everywhere.
        assert response.context["results"].total == 0


def test_the_statement_that_matches_more_ranks_first(client, db):
    better = say("An armistice, an armistice now.", summary="Calls for an armistice.")
    worse = say("Many things were said; an armistice came up once.", summary="A long meeting.")

    response = search(client, "armistice")

    # The worse one is newer, so only the ranking puts the better one first.
    assert urls(response, "statements") == [statement_url(better), statement_url(worse)]


def test_highlighting_escapes_everything_but_its_own_marks():
    marked = highlight('<b onclick="x()">Military</b> militarily', ("military",))

    assert marked == ("&lt;b onclick=&quot;x()&quot;&gt;<mark>Military</mark>&lt;/b&gt; militarily")


def test_a_hostile_wording_is_shown_as_text(client, db):
    statement = say(
        "<script>alert(1)</script> ceasefire now",
        summary="<img src=x onerror=alert(2)> ceasefire",
        status=PublishStatus.DRAFT,
    )
    statement.status = PublishStatus.PUBLISHED
    statement.save()
    Source.objects.update(status=PublishStatus.PUBLISHED)

    for q in ["ceasefire", "script", "<script>alert(1)</script>"]:
        content = search(client, q).content.decode()
        assert "<script>alert(1)" not in content
        assert "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>ceasefire</mark>" in (
        search(client, "ceasefire").content.decode()
    )


def test_drafts_are_found_by_editors_only(editor_client, db):
    draft = say("A zugzwang for everybody.", status=PublishStatus.DRAFT)
    topic = Topic.objects.create(process=the_process(), name="Chess", slug="chess")
    Condition.objects.create(
        party=draft.party,
        topic=topic,
        kind="demand",
        summary="Zugzwang must end.",
        valid_from=DAY,
        status=PublishStatus.DRAFT,
    )

    # Not the `client` fixture: `editor_client` is that same client, logged in.
    anonymous = search(Client(), "zugzwang")
    assert hits(anonymous, "statements") == []
    assert hits(anonymous, "terms") == []
    assert hits(anonymous, "sources") == []

    editor = search(editor_client, "zugzwang")
    assert urls(editor, "statements") == [statement_url(draft)]
    assert len(hits(editor, "terms")) == 1
    assert all(hit.draft for hit in hits(editor, "statements") + hits(editor, "terms"))
    assert "<strong>draft</strong>" in editor.content.decode()


def test_an_htmx_request_gets_only_the_results(client, seeded):
    response = search(client, "military", headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="search-q"' not in content
    assert "<mark>military</mark>" in content
    assert "HX-Request" in response["Vary"]


def test_the_full_page_has_the_as_you_type_form_prefilled(client, seeded):
    content = search(client, "military").content.decode()

    assert "<html" in content
    assert 'hx-get="/search/"' in content
    assert 'hx-target="#search-results"' in content
    assert 'value="military"' in content


def test_the_header_has_a_labelled_search_box_on_every_page(client, seeded):
    content = client.get(reverse("negotiations:compare")).content.decode()

    assert 'action="/search/"' in content
    assert '<label for="site-search-q"' in content


def test_an_empty_search_shows_the_form_only(client, seeded):
    response = search(client, "")

    assert response.status_code == 200
    assert 'id="search-q"' in response.content.decode()
    assert response.context["results"].groups == []


def test_punctuation_alone_finds_nothing_and_says_why(client, seeded):
    response = search(client, "?!…--//")

    assert response.status_code == 200
    assert NO_WORDS in response.content.decode()


def test_a_very_long_search_is_refused_with_a_message(client, seeded):
    response = search(client, "war " * 2500)

    assert response.status_code == 400
    assert TOO_LONG in response.content.decode()


@pytest.mark.parametrize(
    "q",
    [
        "'; DROP TABLE negotiations_statement; --",
        "1' OR '1'='1",
        'military" OR "',
        "& | ! :* <-> ()",
        "-military",
        "or",
        '"unclosed quote',
        "%_%",
    ],
)
def test_odd_input_is_just_text(client, seeded, q):
    response = search(client, q)

    assert response.status_code == 200
    assert Statement.objects.published().count() > 0


def test_a_nul_byte_is_refused_with_a_400_that_says_why(client, seeded):
    # No address holds a NUL on purpose: every page refuses one (config/middleware.py).
    for q in ("milit\x00ary", "\x00"):
        response = search(client, q)
        assert response.status_code == 400
        assert "NUL character" in response.content.decode()


def test_a_search_takes_as_many_queries_with_many_more_rows(client, seeded):
    with CaptureQueriesContext(connection) as few:
        search(client, "military")

    party = Party.objects.get(slug="russia")
    topic = Topic.objects.get(slug="troop-withdrawal")
    for n in range(GROUP_SIZE + 5):
        statement = say(f"Military means, number {n}.", summary="Military", party=party)
        condition = Condition.objects.create(
            party=party,
            topic=topic,
            kind="threat",
            summary=f"Military threat {n}",
            valid_from=DAY,
            status=PublishStatus.PUBLISHED,
        )
        condition.statements.add(statement)

    with CaptureQueriesContext(connection) as many:
        response = search(client, "military")

    assert len(many) == len(few)
    groups = {g.key: g for g in response.context["results"].groups}
    assert len(groups["statements"].hits) == GROUP_SIZE
    assert groups["statements"].more
    assert "More statements match" in response.content.decode()


def test_search_indexes_exist_where_the_database_can_use_them(seeded):
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_%'")
            assert cursor.fetchall() == []
            return
        # The tables are too small for the planner to choose an index on its own.
        cursor.execute("SET LOCAL enable_seqscan = off")
        queryset = Attestation.objects.all()
        from django.contrib.postgres.search import SearchQuery, SearchVector

        from negotiations.search import CONFIG

        query = SearchQuery("military", search_type="websearch", config=CONFIG)
        plan = queryset.alias(v=SearchVector("wording", config=CONFIG)).filter(v=query).explain()
    assert "search_attestation_wording" in plan


def test_the_search_form_says_how_words_are_matched(client, db):
    content = search(client, "").content.decode()

    assert 'aria-describedby="search-help"' in content
    assert "Every word must be found in a record" in content
    assert "(Luhansk, Lugansk)" in content


def test_a_common_word_is_ranked_among_the_most_recent_matches_and_the_page_says_so(
    client, db, monkeypatch
):
    monkeypatch.setattr("negotiations.search.CANDIDATES", 3)
    best_but_old = say(
        "Armistice, armistice, armistice.",
        summary="An armistice.",
        said_on=DAY - datetime.timedelta(days=30),
    )
    recent = [
        say(f"Report {n} mentions an armistice once.", said_on=DAY - datetime.timedelta(days=n))
        for n in range(4)
    ]
    draft = say("Armistice armistice.", status=PublishStatus.DRAFT)

    response = search(client, "armistice")

    found = urls(response, "statements")
    # The three most recent matches are ranked; the older one and the draft are not candidates.
    assert sorted(found) == sorted(statement_url(s) for s in recent[:3])
    assert statement_url(best_but_old) not in found and statement_url(draft) not in found
    assert "the best matches among the 3 most recent" in response.content.decode()
    assert "best first in each group (where many match, best among the 3 most recent)" in (
        response.content.decode()
    )

    monkeypatch.setattr("negotiations.search.CANDIDATES", 10)
    cache.clear()  # the page as sent a moment ago, for the same data
    pages.clear()
    response = search(client, "armistice")
    assert urls(response, "statements")[0] == statement_url(best_but_old)
    assert "most recent" not in response.content.decode()
