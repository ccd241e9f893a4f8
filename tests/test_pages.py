"""The party, person, topic, proposal, statement and cell pages, and /healthz."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.models import (
    Attestation,
    Proposal,
    ProposalPoint,
    ProposalVersion,
    PublishStatus,
    Statement,
)
from parties.models import Party, Person
from tests.factories import grow, make_statement, the_process

pytestmark = pytest.mark.django_db


def page(client, name, *args, **params):
    response = client.get(reverse(f"negotiations:{name}", args=args), params)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_the_party_page_shows_its_people_terms_and_statements_newest_first(client, seeded):
    make_statement(
        speaker=Person.objects.get(slug="andriy-yermak"),
        wording="A later remark.",
        said_on=datetime.date(2025, 12, 2),
    )
    html = page(client, "party", "ukraine")
    assert "Andriy Yermak" in html and "Top aide to President Volodymyr Zelensky" in html
    assert "Rejects the condition of ceding land" in html
    statements = html[html.index('<li class="statement') :]
    assert statements.index("2 Dec 2025") < statements.index("27 Nov 2025")


def test_the_person_page_lists_roles_other_names_and_statements(client, seeded):
    html = page(client, "person", "vladimir-putin")
    assert "President of Russia" in html
    assert "the Russian leader" in html
    assert "military means" in html


def test_the_topic_page_draws_every_partys_terms_as_a_timeline(client, seeded):
    html = page(client, "topic", "troop-withdrawal")
    assert "<svg" in html and 'class="bar kind-precondition open"' in html
    assert 'class="bar kind-rejection open"' in html
    assert "Russia" in html and "Ukraine" in html


def test_the_topic_timeline_is_drawn_wide_and_narrow_with_terms_stacked(client, seeded):
    html = page(client, "topic", "troop-withdrawal")
    assert 'class="timeline-wide"' in html and 'class="timeline-narrow"' in html
    # Russia's precondition and threat stand at once: the second is drawn on a row of its own.
    assert 'data-kind="term" data-row="1"' in html
    assert 'data-kind="event"' in html and 'data-kind="version"' in html
    assert "22 Nov 2025 to 9 Dec 2025" in html


def test_the_topic_page_shows_how_a_term_is_qualified(client, seeded):
    html = page(client, "topic", "us-draft")
    assert "“could potentially”" in html
    assert "if: <bdi>Ukraine must withdraw its troops from the territories Moscow claims" in html
    assert "inferred from the report: <bdi>The reporter describes Washington" in html


def test_a_parent_topic_gathers_its_sub_topics_terms_regions_and_background(client, seeded):
    html = page(client, "topic", "territory")
    assert "No party has stated a term" not in html
    assert "No region is named" not in html
    assert "Any lasting agreement must include international recognition" in html
    assert "<bdi>Luhansk</bdi> (also <bdi>Lugansk</bdi>)" in html
    assert "<bdi>Crimea</bdi>, <bdi>Donetsk</bdi>, <bdi>Luhansk</bdi>, among others" in html
    assert '<th scope="col">Sub-topic</th>' in html
    assert "According to Yermak, the current front line is 1,100 kilometres long." in html


def test_the_topic_page_lists_the_regions_involved_with_their_other_names(client, seeded):
    html = page(client, "topic", "recognition")
    assert "Luhansk" in html and "Lugansk" in html and "Crimea" in html


def test_a_topic_without_terms_says_so(client, seeded):
    from negotiations.models import Topic

    Topic.objects.create(process=the_process(), name="Prisoner exchange", slug="prisoners")
    html = page(client, "topic", "prisoners")
    assert "No party has stated a term on this topic." in html
    assert "No region is named in the terms on this topic." in html


def test_the_background_on_a_topic_cites_the_notes_for_what_the_article_lacks(client, seeded):
    html = page(client, "topic", "front-line")
    assert "as of 27 Nov 2025" in html
    assert "Date of Yermak&#x27;s interview" in html
    assert "Background notes, not in the article" in html


def test_the_proposal_page_shows_versions_points_and_each_partys_reaction(client, seeded):
    html = page(client, "proposal", "us-peace-plan")
    assert "Initial draft" in html and "Revised draft" in html
    assert "A Ukrainian withdrawal from Donetsk." in html
    assert "an estimated 20" in html
    assert "Its points are not known, so what it kept, reworded or dropped cannot be said" in html
    assert "Criticised the initial US draft" in html
    assert "The revised US draft could potentially form the basis" in html


def test_the_proposal_page_shows_the_versions_side_by_side_point_by_point(client, seeded):
    html = page(client, "proposal", "us-peace-plan")
    assert '<div class="proposal-versions">' in html
    assert html.count('<section class="version"') == 2
    assert '<table class="points-side">' in html
    assert html.count('data-version="Version 2: Revised draft"') == 2
    # The initial draft's points are labelled as such, not shaded as added.
    assert html.count('<span class="badge change-first">first version</span> <bdi>A Ukrainian') == 1
    assert "change-added" not in html.split('<table class="points-side">')[1]
    assert '<span class="badge change-unknown">not reported</span>' in html


def test_the_proposal_page_cites_the_counts_of_points_the_article_lacks(client, seeded):
    html = page(client, "proposal", "us-peace-plan")
    assert "points: 28 (2 reported here)" in html
    assert "Number of points: other sources counted 19" in html
    assert "counted 19 points in the revised draft" in html
    assert "Background notes, not in the article" in html


def test_the_proposal_page_shows_qualified_reactions_and_ageing_meetings(client, seeded):
    html = page(client, "proposal", "us-peace-plan")
    assert "if: <bdi>Ukraine must withdraw its troops" in html
    assert "inferred from the report" in html
    assert "“<bdi>could potentially</bdi>”" in html
    assert "expected in the week of 1 Dec 2025; not confirmed" in html


def test_the_proposal_page_marks_points_kept_reworded_added_and_dropped(client, seeded):
    party = Party.objects.get(slug="united-states")
    proposal = Proposal.objects.create(
        process=the_process(), title="Test plan", slug="test-plan", party=party
    )
    first = ProposalVersion.objects.create(proposal=proposal, number=1, label="First")
    second = ProposalVersion.objects.create(proposal=proposal, number=2, label="Second")
    kept = ProposalPoint.objects.create(version=first, number=1, text="Keep the ceasefire.")
    reworded = ProposalPoint.objects.create(version=first, number=2, text="Hold elections.")
    ProposalPoint.objects.create(version=first, number=3, text="Lift all sanctions.")
    ProposalPoint.objects.create(version=second, number=1, text=kept.text, previous=kept)
    ProposalPoint.objects.create(
        version=second, number=2, text="Hold elections within 100 days.", previous=reworded
    )
    ProposalPoint.objects.create(version=second, number=3, text="Form a monitoring board.")
    html = page(client, "proposal", "test-plan")
    assert "Points: kept 1, reworded 1, added 1, dropped 1" in html
    assert "was: <bdi>Hold elections.</bdi>" in html
    assert (
        '<span class="badge change-dropped">dropped</span> <del><bdi>Lift all sanctions.</bdi></del>'
        in html
    )
    assert (
        '<span class="badge change-added">added</span> 3. <bdi>Form a monitoring board.</bdi>'
        in html
    )
    assert '<span class="badge change-kept">kept</span> 1. <bdi>Keep the ceasefire.</bdi>' in html
    # Side by side: the dropped point's row holds it in the first version and "dropped" in the
    # second; the added point's row is empty in the first.
    rows = html.split('<table class="points-side">')[1].split("<tr>")[2:]
    assert len(rows) == 4
    dropped = next(row for row in rows if "Lift all sanctions" in row)
    assert dropped.index("change-first") < dropped.index("change-dropped")
    added = next(row for row in rows if "monitoring board" in row)
    assert added.index("change-absent") < added.index("change-added")


def test_the_statement_page_highlights_the_quote_in_its_source(client, seeded):
    statement = Statement.objects.get(attestations__wording__startswith="Overall, we agree")
    html = page(client, "statement", statement.pk)
    assert '">Overall, we agree that it could form the basis for future agreements</mark>' in html
    attestation = statement.attestations.get()
    before = attestation.source.text[: attestation.start]
    assert before.endswith('"')


def test_the_statement_page_shows_every_report_side_by_side(client, seeded):
    from tests.factories import make_source

    statement = Statement.objects.get(attestations__wording__startswith="Overall, we agree")
    wording = "On the whole we agree it may be a basis for future agreements"
    source = make_source(text=f"He said: {wording}.", publisher="Second Wire")
    Attestation.objects.create(statement=statement, source=source, wording=wording, start=9)
    html = page(client, "statement", statement.pk)
    assert html.count('<figure class="wording">') == 2
    assert "Second Wire" in html and wording in html


def test_the_cell_page_shows_every_statement_behind_the_cell(client, seeded):
    html = page(client, "cell", "troop-withdrawal", "russia", as_of="2025-11-28")
    assert "3 statements" in html
    assert "Answers to journalists at the end of his state visit to Kyrgyzstan" in html
    assert "direct quote" in html and "reported speech" in html
    assert "Back to the table" in html


def test_the_next_statements_of_a_cell_are_returned_to_htmx(client, seeded):
    response = client.get(
        reverse("negotiations:cell", args=["troop-withdrawal", "russia"]),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html and html.count('<li class="statement') == 3
    assert "HX-Request" in response["Vary"]


def test_an_empty_cell_says_so(client, seeded):
    assert "No stated term." in page(client, "cell", "front-line", "russia")


def test_a_cell_with_a_bad_filter_gets_a_400(client, seeded):
    url = reverse("negotiations:cell", args=["troop-withdrawal", "russia"])
    response = client.get(url, {"as_of": "not-a-date"})
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/parties/nobody/",
        "/people/nobody/",
        "/topics/nothing/",
        "/proposals/nothing/",
        "/statements/999999/",
        "/cells/nothing/russia/",
        "/cells/recognition/nobody/",
    ],
)
def test_an_unknown_address_is_a_404(client, seeded, url):
    assert client.get(url).status_code == 404


def test_a_draft_statement_is_a_404_for_readers_and_visible_to_editors(editor_client, seeded):
    from django.test import Client

    party = Party.objects.get(slug="russia")
    draft = make_statement(party=party, wording="Not yet.", status=PublishStatus.DRAFT)
    url = reverse("negotiations:statement", args=[draft.pk])
    assert Client().get(url).status_code == 404
    assert "draft" in editor_client.get(url).content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/parties/russia/",
        "/people/vladimir-putin/",
        "/topics/troop-withdrawal/",
        "/topics/territory/",
        "/proposals/us-peace-plan/",
        "/cells/troop-withdrawal/russia/",
    ],
)
def test_page_queries_do_not_grow_with_the_data(client, seeded, url):
    small = count_queries(client, url)
    grow(times=3)
    party = Party.objects.get(slug="russia")
    for day in range(5):
        make_statement(
            speaker=party.people.first(),
            wording=f"More words {day}.",
            said_on=datetime.date(2025, 11, 1 + day),
        )
    assert count_queries(client, url) == small


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


HEALTHZ_IN_A_FRESH_PROCESS = """
import django, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get(sys.argv[1])
print(response.status_code, response.content.decode().strip())
"""


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://root@127.0.0.1:1/unreachable",
        "sqlite:////nonexistent-folder/db.sqlite3",
    ],
)
def test_healthz_answers_503_when_the_database_does_not(database_url):
    import os
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "-c", HEALTHZ_IN_A_FRESH_PROCESS, "/healthz"],
        env={**os.environ, "DATABASE_URL": database_url, "ALLOWED_HOSTS": "testserver"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "503 database unavailable", result.stderr[-2000:]


@pytest.mark.parametrize("path", ["/", "/parties/russia/", "/search/?q=military"])
def test_a_page_answers_503_saying_so_while_the_database_is_down(path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "-c", HEALTHZ_IN_A_FRESH_PROCESS, path],
        env={
            **os.environ,
            "DATABASE_URL": "postgres://root@127.0.0.1:1/unreachable",
            "ALLOWED_HOSTS": "testserver",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("503 "), result.stdout[-500:] + result.stderr[-2000:]
    assert "Temporarily unavailable" in result.stdout
    assert "Traceback" not in result.stdout


def test_a_partys_statements_come_fifty_to_a_page_newest_first(client, seeded):
    party = Party.objects.get(slug="russia")
    for day in range(60):
        make_statement(
            speaker=party.people.first(),
            wording=f"Numbered remark {day}.",
            said_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=day),
        )
    first = page(client, "party", "russia")
    assert first.count('<li class="statement') == 50
    assert "Page 1 of 2 (68 statements)" in first
    assert "Numbered remark 0." not in first
    second = page(client, "party", "russia", page="2")
    assert "Numbered remark 0." in second
    assert page(client, "party", "russia", page="999").count('<li class="statement') == 18
    assert client.get("/parties/russia/", {"page": "x"}).status_code == 200


def test_the_icon_browsers_ask_for_on_a_first_visit_is_served(client, db):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.ico")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file's signature
