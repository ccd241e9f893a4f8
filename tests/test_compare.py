"""The comparison page: filters, the htmx partial, bad input, the seeded reading, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.comparison import FilterError, Filters, compute_comparison, parse_filters
from negotiations.models import Condition, ConditionKind, PublishStatus, Topic
from parties.models import Party
from tests.factories import grow, make_condition, make_statement

pytestmark = pytest.mark.django_db

COMPARE = reverse("negotiations:compare")
BEFORE_PUTIN = "2025-11-26"
AFTER_BOTH = "2025-11-28"


def comparison_for(query="", user=None):
    from django.http import QueryDict

    return compute_comparison(parse_filters(QueryDict(query)), user=user)


def statuses(comparison):
    return {row.topic.slug: row.status for row in comparison.rows}


def test_the_page_shows_the_seeded_table(client, seeded):
    response = client.get(COMPARE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html and "Where the parties stand" in html
    for party in ("Russia", "Ukraine", "United States", "European allies"):
        assert party in html
    assert "If they don&#x27;t, then we will achieve it by military means" in html
    assert "No stated term" in html


def test_russias_withdrawal_and_recognition_terms_collide_with_ukraines_refusal(seeded):
    result = statuses(comparison_for(f"as_of={AFTER_BOTH}"))
    assert result["troop-withdrawal"] == "collision"
    assert result["recognition"] == "collision"


def test_the_revised_us_draft_is_an_overlap_of_the_us_offer_and_russias_acceptance(seeded):
    comparison = comparison_for(f"as_of={AFTER_BOTH}")
    row = next(r for r in comparison.rows if r.topic.slug == "us-draft")
    assert row.status == "overlap"
    assert any("US" in reason and "Russia" in reason for reason in row.overlaps)


def test_the_rejections_of_the_initial_draft_do_not_collide_with_the_offer_of_the_revised(seeded):
    comparison = comparison_for(f"as_of={AFTER_BOTH}")
    row = next(r for r in comparison.rows if r.topic.slug == "us-draft")
    assert row.collisions == []


def test_both_us_drafts_are_reachable_through_the_version_filter(client, seeded):
    initial = comparison_for(f"as_of={AFTER_BOTH}&version=us-peace-plan:1")
    revised = comparison_for(f"as_of={AFTER_BOTH}&version=us-peace-plan:2")
    initial_cell = initial.cell("us-draft", "european-allies")
    revised_cell = revised.cell("us-draft", "russia")
    assert [t.kind for t in initial_cell.terms] == ["rejection"]
    assert initial.cell("us-draft", "russia").is_empty
    assert [t.kind for t in revised_cell.terms] == ["acceptance"]
    assert revised.cell("us-draft", "european-allies").is_empty
    page = client.get(COMPARE, {"version": "us-peace-plan:1"}).content.decode()
    assert 'value="us-peace-plan:1" selected' in page


def test_as_of_a_day_before_putins_remarks_the_table_shows_none_of_them(client, seeded):
    comparison = comparison_for(f"as_of={BEFORE_PUTIN}")
    assert all(cell.is_empty for row in comparison.rows for cell in row.cells)
    assert all(row.status == "" for row in comparison.rows)
    html = client.get(COMPARE, {"as_of": BEFORE_PUTIN}).content.decode()
    assert "military means" not in html


def test_as_of_the_day_of_putins_remarks_shows_russia_but_not_yet_ukraine(seeded):
    comparison = comparison_for("as_of=2025-11-27")
    assert not comparison.cell("troop-withdrawal", "russia").is_empty
    assert comparison.cell("troop-withdrawal", "ukraine").is_empty


def test_a_term_no_longer_standing_leaves_the_table_after_its_last_day(seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    condition.valid_until = datetime.date(2025, 12, 1)
    condition.save()
    assert not comparison_for("as_of=2025-12-01").cell("recognition", "russia").is_empty
    assert comparison_for("as_of=2025-12-02").cell("recognition", "russia").is_empty


def test_statements_made_after_the_as_of_date_are_left_out_of_a_cell(seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    later = make_statement(
        speaker=condition.statements.first().speaker,
        wording="Recognition is the only way.",
        said_on=datetime.date(2025, 12, 5),
    )
    condition.statements.add(later)
    assert comparison_for("as_of=2025-11-30").cell("recognition", "russia").statement_count == 1
    assert comparison_for("as_of=2025-12-05").cell("recognition", "russia").statement_count == 2


def test_the_party_filter_keeps_only_the_chosen_columns(client, seeded):
    response = client.get(COMPARE, {"party": ["russia", "ukraine"], "as_of": AFTER_BOTH})
    comparison = response.context["comparison"]
    assert [p.slug for p in comparison.parties] == ["russia", "ukraine"]
    html = response.content.decode()
    assert 'data-party="united-states"' not in html


def test_the_topic_filter_keeps_the_chosen_topic_and_its_sub_topics(seeded):
    comparison = comparison_for("topic=territory")
    assert [row.topic.slug for row in comparison.rows] == [
        "territory",
        "troop-withdrawal",
        "recognition",
        "front-line",
    ]
    assert [r.topic.slug for r in comparison_for("topic=recognition").rows] == ["recognition"]


def test_the_kind_filter_keeps_only_terms_of_those_kinds(seeded):
    comparison = comparison_for(f"kind=threat&kind=red_line&as_of={AFTER_BOTH}")
    kinds = {t.kind for row in comparison.rows for cell in row.cells for t in cell.terms}
    assert kinds == {"threat", "red_line"}


def test_filters_combine(client, seeded):
    query = {
        "party": ["russia", "ukraine"],
        "topic": "territory",
        "kind": ["precondition", "rejection"],
        "as_of": AFTER_BOTH,
    }
    comparison = client.get(COMPARE, query).context["comparison"]
    cells = {
        (row.topic.slug, cell.party.slug): [t.kind for t in cell.terms]
        for row in comparison.rows
        for cell in row.cells
        if not cell.is_empty
    }
    assert cells == {
        ("troop-withdrawal", "russia"): ["precondition"],
        ("troop-withdrawal", "ukraine"): ["rejection"],
    }
    assert statuses(comparison)["troop-withdrawal"] == "collision"


def test_a_cell_counts_statements_and_independent_sources(seeded):
    cell = comparison_for(f"as_of={AFTER_BOTH}").cell("troop-withdrawal", "russia")
    assert cell.statement_count == 3
    assert cell.source_count == 1
    assert cell.strongest.is_quote
    assert cell.strongest.wording == "If they don't, then we will achieve it by military means"


def test_another_report_by_another_publisher_counts_as_a_second_source(seeded):
    from negotiations.models import Attestation, Statement
    from tests.factories import make_source

    statement = Statement.objects.get(attestations__wording__startswith="If they don't")
    wording = "If they do not, we will achieve this by military means"
    source = make_source(text=f"Putin said: “{wording}.”", publisher="Another Wire")
    Attestation.objects.create(statement=statement, source=source, wording=wording, start=13)
    cell = comparison_for(f"as_of={AFTER_BOTH}").cell("troop-withdrawal", "russia")
    assert cell.source_count == 2
    assert cell.statement_count == 3


def test_the_htmx_request_gets_only_the_table_and_a_vary_header(client, seeded):
    response = client.get(COMPARE, {"party": "russia"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<header" not in html.split("<table")[0].lower()
    assert 'class="grid"' in html and 'name="party"' in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_full_page(client, seeded):
    response = client.get(
        COMPARE,
        {"party": "russia"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_the_export_links_carry_the_filters_on_screen(client, seeded):
    html = client.get(COMPARE, {"party": "russia", "as_of": AFTER_BOTH}).content.decode()
    assert "/export.csv?party=russia&amp;as_of=2025-11-28" in html
    assert "/export.xlsx?party=russia&amp;as_of=2025-11-28" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"party": "nobody"}, "Unknown party: nobody"),
        ({"topic": "nothing"}, "Unknown topic: nothing"),
        ({"kind": "wish"}, "Unknown kind of term: wish"),
        ({"as_of": "2025-13-45"}, "is not a date"),
        ({"as_of": "yesterday"}, "is not a date"),
        ({"version": "us-peace-plan:9"}, "Unknown proposal version"),
        ({"version": "garbage"}, "Choose a proposal version"),
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


def test_parse_filters_removes_duplicates_and_blanks():
    from django.http import QueryDict

    filters = parse_filters(QueryDict("party=russia&party=russia&party=&as_of="))
    assert filters == Filters(parties=("russia",))
    with pytest.raises(FilterError):
        parse_filters(QueryDict("kind=nonsense"))


def test_drafts_are_hidden_from_readers_and_shown_to_editors(editor_client, seeded):
    from django.test import Client

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
    assert "A draft term" not in Client().get(COMPARE).content.decode()
    assert "A draft term" in editor_client.get(COMPARE).content.decode()


def test_a_published_term_resting_on_a_draft_statement_shows_no_draft_words(client, seeded):
    party = Party.objects.get(slug="united-states")
    topic = Topic.objects.get(slug="recognition")
    statement = make_statement(
        party=party, wording="Secret words.", mode="quote", status=PublishStatus.DRAFT
    )
    make_condition(party, topic, summary="Public term", statements=[statement])
    html = client.get(COMPARE).content.decode()
    assert "Public term" in html
    assert "Secret words." not in html


def query_count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"party": ["russia", "ukraine"], "as_of": AFTER_BOTH},
        {"version": "us-peace-plan:2", "kind": ["acceptance", "offer"]},
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
    assert small == large <= 10
    assert small_cached == large_cached <= 2


def test_the_htmx_partial_makes_no_more_queries_than_the_page_at_either_size(client, seeded):
    headers = {"HX-Request": "true"}
    with CaptureQueriesContext(connection) as small:
        client.get(COMPARE, headers=headers)
    grow(times=4)
    with CaptureQueriesContext(connection) as large:
        client.get(COMPARE, headers=headers)
    assert len(small) == len(large)


def test_a_cached_table_never_outlives_a_write(client, seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    assert condition.summary in client.get(COMPARE).content.decode()
    condition.summary = "Recognition first, then everything else."
    condition.save()
    assert "Recognition first, then everything else." in client.get(COMPARE).content.decode()


def test_an_edit_through_the_admin_shows_on_the_next_request(client, editor, seeded):
    from django.test import Client

    from tests.admin_forms import admin_form_data

    reader = Client()
    assert "Recognition first" not in reader.get(COMPARE).content.decode()
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    url = reverse("admin:negotiations_condition_change", args=[condition.pk])
    client.force_login(editor)
    form = admin_form_data(client.get(url))
    form["summary"] = "Recognition first, then everything else."
    assert client.post(url, form).status_code == 302
    assert "Recognition first, then everything else." in reader.get(COMPARE).content.decode()


def test_adding_a_statement_to_a_term_shows_on_the_next_request(client, seeded):
    condition = Condition.objects.get(party__slug="russia", topic__slug="recognition")
    cell = 'data-topic="recognition" data-party="russia" data-kinds="demand" data-statements="{}"'
    assert cell.format(1) in client.get(COMPARE).content.decode()
    condition.statements.add(
        make_statement(speaker=condition.statements.first().speaker, wording="Recognise it.")
    )
    assert cell.format(2) in client.get(COMPARE).content.decode()


def test_editors_see_their_draft_at_once_while_readers_keep_the_cached_published_table(
    editor_client, seeded
):
    from django.test import Client

    reader = Client()
    reader.get(COMPARE)
    party = Party.objects.get(slug="united-states")
    make_condition(
        party,
        Topic.objects.get(slug="recognition"),
        summary="A draft seen only by editors",
        statements=[make_statement(party=party, wording="Draft.", status=PublishStatus.DRAFT)],
        status=PublishStatus.DRAFT,
    )
    assert "A draft seen only by editors" in editor_client.get(COMPARE).content.decode()
    assert "A draft seen only by editors" not in reader.get(COMPARE).content.decode()
