"""The methodology page: what each kind of term means, how dates are read, the rules, sources and
how to cite a view; linked from the footer of every page."""

import pytest
from django.urls import reverse

from negotiations.comparison.rules import COLLISION_RULE
from negotiations.models import CONDITION_KIND_MEANINGS, ConditionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def html(client):
    response = client.get(reverse("negotiations:methodology"))
    assert response.status_code == 200
    return response.content.decode()


def test_every_kind_of_term_is_explained(html):
    for kind in ConditionKind:
        assert f'<th scope="row">{kind.label}</th>' in html
        assert CONDITION_KIND_MEANINGS[kind][1:] in html


def test_every_precision_of_a_date_is_shown_with_an_example(html):
    for example in [
        "1 Dec 2025",
        "week of 1 Dec 2025",
        "December 2025",
        "around 1 Dec 2025",
        "by 1 Dec 2025",
    ]:
        assert f"<td>{example}</td>" in html


def test_the_page_says_how_as_of_and_ageing_events_are_read(html):
    assert "“As of” a day shows the picture a reader could have had that day." in html
    assert "expected in the week of 1 Dec 2025; not confirmed" in html


def test_the_rules_include_the_comparisons_own_and_conditional_overlaps(html):
    assert COLLISION_RULE.replace("'", "&#x27;") in html
    assert "conditional overlap" in html
    assert "the condition is the obstacle" in html


def test_the_page_explains_inferred_hedged_terms_sources_and_citing(html):
    assert "inferred from the report" in html
    assert "could potentially" in html
    assert "two reports from one publisher count once" in html
    assert "Background notes, not in the article" in html
    assert 'id="citing"' in html and "?topic=territory&amp;as_of=2025-11-28" in html


@pytest.mark.parametrize("url", ["/", "/search/", "/changes/", "/methodology/"])
def test_every_page_links_the_methodology_in_its_footer(client, url):
    html = client.get(url).content.decode()

    footer = html.split('<footer class="site">')[1]
    assert f'href="{reverse("negotiations:methodology")}"' in footer


def test_the_methodology_page_reads_next_to_nothing_from_the_database(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        assert client.get(reverse("negotiations:methodology")).status_code == 200
