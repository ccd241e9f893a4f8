"""Every kind of page passes axe-core without a serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from negotiations.models import Statement

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}

PAGES = [
    pytest.param("negotiations:compare", [], id="comparison"),
    pytest.param("negotiations:cell", ["troop-withdrawal", "russia"], id="cell"),
    pytest.param("negotiations:party", ["russia"], id="party"),
    pytest.param("negotiations:person", ["vladimir-putin"], id="person"),
    pytest.param("negotiations:topic", ["troop-withdrawal"], id="topic"),
    pytest.param("negotiations:proposal", ["us-peace-plan"], id="proposal"),
]


def blocking_violations(page):
    """axe-core's serious and critical violations on `page`, printed so they can be fixed."""
    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    for violation in violations:
        print(f"\n{violation['id']} ({violation['impact']}): {violation['help']}")
        print(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            print(f"  - {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                print("    " + node["failureSummary"].replace("\n", "\n    "))
    return [(v["id"], v["impact"], len(v["nodes"])) for v in violations]


@pytest.mark.parametrize(("url_name", "args"), PAGES)
def test_the_page_has_no_serious_accessibility_violation(site, page, url_name, args):
    response = page.goto(site + reverse(url_name, args=args))
    assert response.status == 200
    assert blocking_violations(page) == []


def test_a_statement_page_has_no_serious_accessibility_violation(site, page):
    statement = Statement.objects.order_by("pk").first()
    response = page.goto(site + reverse("negotiations:statement", args=[statement.pk]))
    assert response.status == 200
    assert blocking_violations(page) == []


def test_the_400_page_for_a_bad_date_has_no_serious_accessibility_violation(site, page):
    response = page.goto(site + reverse("negotiations:compare") + "?as_of=bad")
    assert response.status == 400
    expect(page.locator("p.error[role=alert]")).to_be_visible()
    assert blocking_violations(page) == []


def test_the_comparison_with_filters_open_and_a_cell_opened_has_no_serious_violation(site, page):
    page.goto(site + reverse("negotiations:compare") + "?as_of=2025-11-28")
    for summary in page.locator(".filters summary, .legend summary").all():
        summary.click()
    page.locator("#group-territory a.toggle").first.click()
    page.locator("#cell-troop-withdrawal-russia").click()
    expect(page.locator("#cell-detail")).to_be_visible()
    assert blocking_violations(page) == []
