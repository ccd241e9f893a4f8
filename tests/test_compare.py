"""The comparison: the overview and its filters, opened topics and cells, the seeded reading,
bad input, caching and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.comparison import FilterError, Filters, parse_filters
from negotiations.comparison.detail import compute_detail
from negotiations.comparison.overview import compute_overview
from negotiations.comparison.terms import DEFAULT_COLUMNS, Catalogue
from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    PublishStatus,
    Statement,
    Topic,
)
from parties.models import Party
from tests.factories import (
    grow,
    make_condition,
    make_draft_offer,
    make_source,
    make_statement,
    the_process,
)

pytestmark = pytest.mark.django_db

COMPARE = reverse("negotiations:compare")
BEFORE_PUTIN = "2025-11-26"
AFTER_BOTH = "2025-11-28"
MILITARY_MEANS = "If they don't, then we will achieve it by military means"


def overview_for(query="", user=None):
    filters = parse_filters(QueryDict(query))
    return compute_overview(filters, user, Catalogue.load(user))


def detail_for(topic, party, query="", user=None):
    filters = parse_filters(QueryDict(query))
    catalogue = Catalogue.load(user)
    return compute_detail(filters, user, catalogue, catalogue.topic(topic), catalogue.party(party))


def status(overview, topic):
    return overview.row(topic).status


def kinds(overview, topic, party):
    return [kind.kind for kind in overview.cell(topic, party).kinds]


# -- the seeded reading ------------------------------------------------------------------------
def test_the_page_shows_the_overview_of_the_seeded_negotiation(client, seeded):
    response = client.get(COMPARE, {"as_of": AFTER_BOTH})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "Where the parties stand" in html
    for party in ("Russia", "Ukraine", "US", "Europe"):
        assert f"<bdi>{party}</bdi>" in html
    for topic in ("Territory", "Cessation of hostilities", "The US draft as a basis for talks"):
        assert topic in html
    assert "no term stated" in html
    assert "latest statement 27 November 2025" in html


def test_the_overview_shows_top_level_topics_whose_cells_sum_up_their_sub_topics(seeded):
    overview = overview_for(f"as_of={AFTER_BOTH}")
    assert [group[0].topic.slug for group in overview.groups()] == [
        "territory",
        "cessation-of-hostilities",
        "us-draft",
    ]
    assert kinds(overview, "territory", "russia") == ["demand", "precondition", "threat"]
    assert kinds(overview, "territory", "ukraine") == ["red_line", "rejection", "position"]
    assert overview.cell("territory", "russia").latest == datetime.date(2025, 11, 27)


def test_russias_withdrawal_and_recognition_terms_collide_with_ukraines_refusal(seeded):
    overview = overview_for(f"as_of={AFTER_BOTH}")
    assert status(overview, "troop-withdrawal") == "collision"
    assert status(overview, "recognition") == "collision"
    assert status(overview, "territory") == "collision"
    assert overview.cell("troop-withdrawal", "russia").collides
    assert overview.cell("troop-withdrawal", "ukraine").collides
    assert not overview.cell("front-line", "ukraine").collides


def test_the_revised_us_draft_is_an_overlap_of_the_us_offer_and_russias_acceptance(seeded):
    row = overview_for(f"as_of={AFTER_BOTH}").row("us-draft")
    assert row.status == "overlap"
    assert any("US" in reason and "Russia" in reason for reason in row.overlaps)


def test_the_rejections_of_the_initial_draft_do_not_collide_with_the_offer_of_the_revised(seeded):
    assert overview_for(f"as_of={AFTER_BOTH}").row("us-draft").collisions == []


def test_a_busy_topic_counts_every_collision_and_writes_out_the_first_four(client, seeded):
    """Six parties demand what one refuses: six collisions, four in words, "And 2 more."."""
    topic = Topic.objects.create(process=the_process(), name="Ports", slug="ports")
    refuser = Party.objects.create(name="Refuser", slug="refuser")
    make_condition(refuser, topic, kind=ConditionKind.REJECTION, summary="No ports.")
    askers = [Party.objects.create(name=f"Asker {n}", slug=f"asker-{n}") for n in range(6)]
    for party in askers:
        make_condition(party, topic, summary="Open the ports.")
    slugs = [party.slug for party in [refuser, *askers]]
    query = "&".join(f"party={slug}" for slug in slugs)
    row = overview_for(f"as_of={AFTER_BOTH}&{query}").row("ports")
    assert row.collision_count == 6
    assert len(row.collisions) == 4 and row.more_collisions == 2
    assert row.collisions[0] == "Asker 0's demand collides with Refuser's rejection."
    page = client.get(COMPARE, {"as_of": AFTER_BOTH, "party": slugs}).content.decode()
    mark = re.search(r'<span class="mark collision" title="([^"]*)">([^<]*)</span>', page)
    assert mark.group(2) == "6 collisions"
    assert mark.group(1).count("collides with") == 4 and mark.group(1).endswith("And 2 more.")


def test_both_us_drafts_are_reachable_through_the_version_filter(client, seeded):
    initial = overview_for(f"as_of={AFTER_BOTH}&version=us-peace-plan:1")
    revised = overview_for(f"as_of={AFTER_BOTH}&version=us-peace-plan:2")
    assert kinds(initial, "us-draft", "european-allies") == ["position"]
    assert initial.cell("us-draft", "russia").is_empty
    assert kinds(revised, "us-draft", "russia") == ["acceptance"]
    assert revised.cell("us-draft", "european-allies").is_empty
    page = client.get(COMPARE, {"version": "us-peace-plan:1"}).content.decode()
    assert 'value="us-peace-plan:1" selected' in page


def test_as_of_a_day_before_putins_remarks_the_table_shows_none_of_them(client, seeded):
    overview = overview_for(f"as_of={BEFORE_PUTIN}")
    assert all(cell.is_empty for row in overview.summaries.values() for cell in row.cells)
    assert all(row.status == "" for row in overview.summaries.values())
    html = client.get(COMPARE, {"as_of": BEFORE_PUTIN, "open": "territory"}).content.decode()
    assert "precondition" not in html.split("<table")[1]


def test_on_the_day_of_the_remarks_both_russia_and_ukraine_have_spoken(seeded):
    # Putin in Bishkek and Yermak to The Atlantic, both on 27 November (background notes).
    overview = overview_for("as_of=2025-11-27")
    assert not overview.cell("troop-withdrawal", "russia").is_empty
    assert not overview.cell("troop-withdrawal", "ukraine").is_empty


def test_a_term_no_longer_standing_leaves_the_table_after_its_last_day(seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    condition.valid_until = datetime.date(2025, 12, 1)
    condition.save()
    assert not overview_for("as_of=2025-12-01").cell("recognition", "russia").is_empty
    assert overview_for("as_of=2025-12-02").cell("recognition", "russia").is_empty


# -- the opened cell ---------------------------------------------------------------------------
def test_an_opened_cell_shows_each_term_with_the_quote_that_backs_it(seeded):
    detail = detail_for("troop-withdrawal", "russia", f"as_of={AFTER_BOTH}")
    assert [item.term.kind for item in detail.terms] == ["precondition", "threat"]
    precondition, threat = detail.terms
    assert precondition.statement_count == 3 and precondition.source_count == 1
    assert precondition.backing.is_quote and precondition.backing.wording == MILITARY_MEANS
    assert threat.backing.wording == MILITARY_MEANS
    assert detail.statement_count == 3 and detail.source_count == 1


def test_under_each_term_the_opened_cell_names_what_it_collides_or_overlaps_with(seeded):
    overview = overview_for(f"as_of={AFTER_BOTH}")
    catalogue = Catalogue.load(None)
    detail = compute_detail(
        parse_filters(QueryDict(f"as_of={AFTER_BOTH}")),
        None,
        catalogue,
        catalogue.topic("troop-withdrawal"),
        catalogue.party("russia"),
        columns=overview.parties,
    )
    precondition = detail.terms[0]
    assert [(kind, label, other.kind) for kind, label, other, _if in precondition.matches] == [
        ("collision", "Ukraine", "rejection")
    ]
    assert detail.terms[1].matches == []  # a threat is neither asking nor agreeing


def test_a_busy_cell_shows_its_terms_a_page_at_a_time(client, seeded):
    russia, topic = Party.objects.get(slug="russia"), Topic.objects.get(slug="front-line")
    for n in range(25):
        make_condition(russia, topic, summary=f"Front line term {n}")
    detail = detail_for("front-line", "russia", f"as_of={AFTER_BOTH}")
    assert len(detail.terms) == 20 and detail.terms.has_next()
    url = reverse("negotiations:cell", args=["front-line", "russia"])
    more = client.get(url, {"terms_page": 2}, headers={"HX-Request": "true"}).content.decode()
    assert more.count('<li class="term') == 5


def test_an_opened_parent_topic_lists_its_sub_topics_terms_with_their_topic(seeded):
    detail = detail_for("territory", "ukraine", f"as_of={AFTER_BOTH}")
    assert sorted(item.topic_name for item in detail.terms) == [
        "International recognition of occupied territory",
        "The front line",
        "Troop withdrawal and territorial control",
    ]


def test_statements_made_after_the_as_of_date_are_left_out_of_a_cell(seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    later = make_statement(
        speaker=condition.statements.first().speaker,
        wording="Recognition is the only way.",
        said_on=datetime.date(2025, 12, 5),
    )
    condition.statements.add(later)
    assert detail_for("recognition", "russia", "as_of=2025-11-30").statement_count == 1
    assert detail_for("recognition", "russia", "as_of=2025-12-05").statement_count == 2


def test_another_report_by_another_publisher_counts_as_a_second_source(seeded):
    statement = Statement.objects.get(attestations__wording__startswith="If they don't")
    wording = "If they do not, we will achieve this by military means"
    source = make_source(text=f"Putin said: “{wording}.”", publisher="Another Wire")
    Attestation.objects.create(statement=statement, source=source, wording=wording, start=13)
    detail = detail_for("troop-withdrawal", "russia", f"as_of={AFTER_BOTH}")
    assert detail.source_count == 2
    assert detail.statement_count == 3
    assert detail.terms[0].source_count == 2


def test_a_cell_opens_under_its_row_without_javascript(client, seeded):
    query = {"as_of": AFTER_BOTH, "open": "territory", "cell": "troop-withdrawal:russia"}
    html = client.get(COMPARE, query).content.decode()
    row_at = html.index('data-topic="troop-withdrawal" data-status')
    detail_at = html.index('id="cell-detail"')
    next_row_at = html.index('data-topic="recognition" data-status')
    assert row_at < detail_at < next_row_at
    assert MILITARY_MEANS.replace("'", "&#x27;") in html
    close = re.search(r'<a class="close" href="([^"]*)"', html).group(1)
    assert "cell=" not in close and "open=territory" in close


def test_a_cells_own_page_shows_its_terms_and_pages_its_statements(client, seeded):
    url = reverse("negotiations:cell", args=["troop-withdrawal", "russia"])
    response = client.get(url, {"as_of": AFTER_BOTH})
    assert response.status_code == 200
    assert "precondition" in response.content.decode()
    assert client.get(reverse("negotiations:cell", args=["nothing", "russia"])).status_code == 404


# -- filters -----------------------------------------------------------------------------------
def test_without_a_choice_the_columns_are_the_most_active_parties_at_most_eight(client, seeded):
    grow(times=DEFAULT_COLUMNS + 2)
    overview = overview_for()
    assert len(overview.parties) == DEFAULT_COLUMNS
    assert not overview.chosen_parties
    html = client.get(COMPARE).content.decode()
    assert html.count('name="party"') == Party.objects.count()
    assert html.count('name="party" value=') - html.count("checked>") <= Party.objects.count()


def test_the_party_filter_keeps_only_the_chosen_columns(client, seeded):
    response = client.get(COMPARE, {"party": ["russia", "ukraine"], "as_of": AFTER_BOTH})
    overview = response.context["view"].overview
    assert [p.slug for p in overview.parties] == ["russia", "ukraine"]
    assert 'data-party="united-states"' not in response.content.decode()


def test_the_topic_filter_keeps_the_chosen_topic_and_its_sub_topics(seeded):
    overview = overview_for("topic=territory&open=territory")
    assert [row.topic.slug for row in overview.groups(["territory"])[0]] == [
        "territory",
        "troop-withdrawal",
        "recognition",
        "front-line",
    ]
    assert [group[0].topic.slug for group in overview_for("topic=recognition").groups()] == [
        "recognition"
    ]


def test_opening_a_topic_shows_its_sub_topic_rows_and_the_address_says_so(client, seeded):
    closed = client.get(COMPARE, {"as_of": AFTER_BOTH}).content.decode()
    assert 'data-topic="troop-withdrawal" data-status' not in closed
    opened = client.get(COMPARE, {"as_of": AFTER_BOTH, "open": "territory"}).content.decode()
    assert 'data-topic="troop-withdrawal" data-status' in opened
    rows = client.get(
        reverse("negotiations:rows", args=["territory"]),
        {"as_of": AFTER_BOTH, "open": "territory"},
        headers={"HX-Request": "true"},
    )
    assert rows["HX-Push-Url"] == f"{COMPARE}?as_of={AFTER_BOTH}&open=territory"
    assert rows.content.decode().strip().startswith('<tbody id="group-territory"')
    assert "<html" not in rows.content.decode()


def test_the_kind_filter_hides_rows_without_such_a_term_and_says_what_is_absent(client, seeded):
    overview = overview_for(f"kind=demand&as_of={AFTER_BOTH}")
    assert [group[0].topic.slug for group in overview.groups()] == ["territory"]
    assert kinds(overview, "territory", "russia") == ["demand"]
    assert overview.cell("territory", "ukraine").absent == ["demand"]
    assert overview.cell("territory", "ukraine").hidden == 3
    html = client.get(COMPARE, {"kind": "demand", "as_of": AFTER_BOTH}).content.decode()
    assert "no demand stated" in html
    assert "No stated term" not in html


def test_changes_since_a_date_mark_the_cells_and_the_opened_cell_says_what_changed(seeded):
    overview = overview_for(f"as_of={AFTER_BOTH}&since=2025-11-27")
    assert overview.cell("territory", "ukraine").change == ""
    overview = overview_for(f"as_of={AFTER_BOTH}&since={BEFORE_PUTIN}")
    assert overview.cell("territory", "ukraine").change == "new"
    assert overview.cell("territory", "russia").change == "new"
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    condition.valid_until = datetime.date(2025, 11, 27)
    condition.save()
    overview = overview_for(f"as_of={AFTER_BOTH}&since=2025-11-27")
    assert overview.cell("recognition", "russia").change == "ended"
    detail = detail_for("recognition", "russia", f"as_of={AFTER_BOTH}&since=2025-11-27")
    assert [item.term.id for item in detail.ended] == [condition.id]
    assert list(detail.terms) == []


def test_filters_combine(seeded):
    overview = overview_for(
        f"party=russia&party=ukraine&topic=territory&kind=precondition&kind=rejection&as_of={AFTER_BOTH}"
    )
    cells = {
        (row.topic.slug, cell.party.slug): [kind.kind for kind in cell.kinds]
        for row in overview.summaries.values()
        for cell in row.cells
        if not cell.is_empty
    }
    assert cells == {
        ("territory", "russia"): ["precondition"],
        ("territory", "ukraine"): ["rejection"],
        ("troop-withdrawal", "russia"): ["precondition"],
        ("troop-withdrawal", "ukraine"): ["rejection"],
    }
    assert status(overview, "troop-withdrawal") == "collision"


def test_an_address_with_empty_parameters_is_sent_to_its_shortest_form(client, seeded):
    response = client.get(COMPARE + "?party=&as_of=&version=&party=russia&party=russia")
    assert response.status_code == 302
    assert response["Location"] == f"{COMPARE}?party=russia"
    assert client.get(COMPARE + "?as_of=2025-11-28&party=russia").status_code == 200


def test_the_title_says_what_is_shown_and_as_of_when(client, seeded):
    html = client.get(COMPARE, {"party": "russia", "topic": "territory", "as_of": AFTER_BOTH})
    title = html.content.decode().split("<title>")[1].split("</title>")[0]
    assert "Russia" in title and "Territory" in title and "28 Nov 2025" in title


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"party": "nobody"}, "Unknown party: nobody"),
        ({"topic": "nothing"}, "Unknown topic: nothing"),
        ({"open": "nothing"}, "Unknown topic: nothing"),
        ({"kind": "wish"}, "Unknown kind of term: wish"),
        ({"as_of": "2025-13-45"}, "is not a date"),
        ({"as_of": "yesterday"}, "is not a date"),
        ({"since": "yesterday"}, "is not a date"),
        ({"as_of": "2025-11-20", "since": "2025-11-28"}, "must be on or before"),
        ({"version": "us-peace-plan:9"}, "Unknown proposal version"),
        ({"version": "garbage"}, "Choose a proposal version"),
        ({"cell": "garbage"}, "Open a cell from the table"),
        ({"cell": "nothing:russia"}, "Unknown cell"),
        ({"party": [f"p{i}" for i in range(500)]}, "Too many values"),
        ({"party": "x" * 5000}, "too long"),
    ],
)
def test_a_bad_filter_gets_a_400_with_a_plain_message(client, seeded, query, message):
    response = client.get(COMPARE, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_filter_in_an_htmx_request_gets_the_message_in_the_partial(client, seeded):
    response = client.get(COMPARE, {"as_of": "nope"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_parse_filters_removes_duplicates_and_blanks():
    filters = parse_filters(QueryDict("party=russia&party=russia&party=&as_of="))
    assert filters == Filters(parties=("russia",))
    with pytest.raises(FilterError):
        parse_filters(QueryDict("kind=nonsense"))


# -- htmx --------------------------------------------------------------------------------------
def test_the_htmx_request_gets_only_the_results_the_address_and_a_vary_header(client, seeded):
    response = client.get(COMPARE, {"party": "russia"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'class="grid"' in html and 'name="party"' not in html
    assert "HX-Request" in response["Vary"]
    assert response["HX-Push-Url"] == f"{COMPARE}?party=russia"


def test_a_history_restore_gets_the_full_page(client, seeded):
    response = client.get(
        COMPARE,
        {"party": "russia"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_the_export_links_carry_the_filters_on_screen_and_say_what_they_hold(client, seeded):
    html = client.get(COMPARE, {"party": "russia", "as_of": AFTER_BOTH, "open": "territory"})
    html = html.content.decode()
    assert "/export.csv?party=russia&amp;as_of=2025-11-28" in html
    assert "/export.xlsx?party=russia&amp;as_of=2025-11-28" in html
    assert "sub-topics included, whatever is opened here" in html


# -- drafts ------------------------------------------------------------------------------------
def test_drafts_are_hidden_from_readers_and_shown_to_editors_marked_as_drafts(
    editor_client, seeded
):
    party = Party.objects.get(slug="united-states")
    topic = Topic.objects.get(slug="recognition")
    statement = make_statement(
        party=party, wording="Draft words.", mode="reported", status=PublishStatus.DRAFT
    )
    make_condition(
        party,
        topic,
        kind=ConditionKind.OFFER,
        summary="A draft term",
        statements=[statement],
        status=PublishStatus.DRAFT,
    )
    query = {"open": "territory", "cell": "recognition:united-states", "party": "united-states"}
    assert "A draft term" not in Client().get(COMPARE, query).content.decode()
    html = editor_client.get(COMPARE, query).content.decode()
    assert "A draft term" in html
    # The cell says in words which kind of term is a draft; the opened cell marks the term.
    assert '<span class="badge kind-offer">offer</span> <span class="draft"' in html
    assert 'only editors see it">draft</span>' in html
    assert '<span class="draft">draft</span>' in html


def test_a_published_term_resting_on_a_draft_statement_shows_no_draft_words(client, seeded):
    party = Party.objects.get(slug="united-states")
    topic = Topic.objects.get(slug="recognition")
    statement = make_statement(
        party=party, wording="Secret words.", mode="quote", status=PublishStatus.DRAFT
    )
    make_condition(party, topic, summary="Public term", statements=[statement])
    html = client.get(COMPARE, {"open": "territory", "cell": "recognition:united-states"})
    html = html.content.decode()
    assert "Public term" in html
    assert "Secret words." not in html


# -- caching and queries -----------------------------------------------------------------------
def query_count(client, url, params=None, headers=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {}, headers=headers or {})
    assert response.status_code == 200, response.content[:300]
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"party": ["russia", "ukraine"], "as_of": AFTER_BOTH, "open": "territory"},
        {"version": "us-peace-plan:2", "kind": ["acceptance", "offer"], "since": "2025-11-01"},
        {"cell": "troop-withdrawal:russia", "open": "territory"},
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_data(client, seeded, params):
    from django.core.cache import cache

    small = query_count(client, COMPARE, params)
    small_cached = query_count(client, COMPARE, params)
    grow(times=4)
    cache.clear()
    large = query_count(client, COMPARE, params)
    large_cached = query_count(client, COMPARE, params)
    assert small == large <= 25
    assert small_cached == large_cached == 1


def test_the_htmx_partial_and_a_topics_rows_make_a_fixed_number_of_queries(client, seeded):
    rows = reverse("negotiations:rows", args=["territory"])
    headers = {"HX-Request": "true"}
    small = query_count(client, COMPARE, {"as_of": AFTER_BOTH}, headers)
    small_rows = query_count(client, rows, {"open": "territory", "as_of": "2025-11-27"}, headers)
    grow(times=4)
    assert query_count(client, COMPARE, {"as_of": AFTER_BOTH}, headers) == small
    large_rows = query_count(client, rows, {"open": "territory", "as_of": "2025-11-27"}, headers)
    assert large_rows == small_rows


def test_a_cached_table_never_outlives_a_write(client, seeded):
    query = {"open": "territory", "cell": "recognition:russia"}
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    assert condition.summary in client.get(COMPARE, query).content.decode()
    condition.summary = "Recognition first, then everything else."
    condition.save()
    assert "Recognition first, then everything else." in client.get(COMPARE, query).content.decode()


def test_an_edit_through_the_admin_shows_on_the_next_request(client, editor, seeded):
    from tests.admin_forms import correction_form_data

    reader = Client()
    query = {"open": "territory", "cell": "recognition:russia"}
    assert "Recognition first" not in reader.get(COMPARE, query).content.decode()
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    url = reverse("admin:negotiations_condition_change", args=[condition.pk])
    client.force_login(editor)
    form = correction_form_data(client.get(url))
    form["summary"] = "Recognition first, then everything else."
    assert client.post(url, form).status_code == 302
    assert "Recognition first, then everything else." in reader.get(COMPARE, query).content.decode()


def test_adding_a_statement_to_a_term_shows_on_the_next_request(client, seeded):
    query = {"open": "territory", "cell": "recognition:russia"}
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    assert "1 statement behind this term" in client.get(COMPARE, query).content.decode()
    condition.statements.add(
        make_statement(speaker=condition.statements.first().speaker, wording="Recognise it.")
    )
    assert "2 statements behind this term" in client.get(COMPARE, query).content.decode()


def test_editors_see_their_draft_at_once_while_readers_keep_the_cached_published_table(
    editor_client, seeded
):
    reader = Client()
    query = {"party": "united-states", "kind": "offer"}
    reader.get(COMPARE, query)
    make_draft_offer("united-states", "recognition")
    assert 'data-topic="territory"' in editor_client.get(COMPARE, query).content.decode()
    assert 'data-topic="territory"' not in reader.get(COMPARE, query).content.decode()


# -- HTTP caching ------------------------------------------------------------------------------
def test_an_anonymous_page_sets_no_cookie_and_may_be_shared_by_a_proxy(client, seeded):
    response = client.get(COMPARE)
    assert response.cookies == {}
    assert "Set-Cookie" not in response
    assert "public" in response["Cache-Control"]
    assert "stale-while-revalidate" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_reader_holding_the_current_page_gets_a_304_and_a_new_one_after_a_write(client, seeded):
    first = client.get(COMPARE)
    etag = first["ETag"]
    again = client.get(COMPARE, headers={"If-None-Match": etag})
    assert again.status_code == 304
    Condition.objects.filter(topic__slug="recognition").update(summary="Changed.")
    Condition.objects.get(topic__slug="recognition", party__slug="russia").save()
    assert client.get(COMPARE, headers={"If-None-Match": etag}).status_code == 200


def test_an_editors_page_is_private(editor_client, seeded):
    response = editor_client.get(COMPARE)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
