"""Reading and taking away, in a real browser on the live server: a search typed into the header
(ranked among the most recent matches when many match, and saying so), and the comparison's CSV
downloaded from its link and read back, as an analyst's spreadsheet would read it."""

import csv
import io

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
SEED_TITLE = "Putin Offers Ukraine Peace Deal: Withdraw Troops or Face Force"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_search_typed_in_the_header_says_when_its_ranking_was_bounded(
    open_page, monkeypatch, viewport
):
    monkeypatch.setattr("negotiations.search.CANDIDATES", 1)
    page = open_page("/", viewport)
    box = page.locator("#site-search-q")
    box.click()
    box.press_sequentially("Ukraine", delay=30)
    box.press("Enter")
    page.wait_for_url("**/search/?q=Ukraine")

    statements = page.locator("section", has=page.get_by_role("heading", name="Statements"))
    expect(statements.locator("li")).to_have_count(1)
    expect(page.get_by_text("the best matches among the 1 most recent").first).to_be_visible()
    expect(page.get_by_text("(where many match, best among the 1 most recent)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_csv_link_downloads_the_view_with_its_regions_and_sources(open_page):
    page = open_page("/?as_of=2025-11-28", DESKTOP, accept_downloads=True)
    with page.expect_download() as download:
        page.locator("p.exports").get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "comparison-as-of-2025-11-28.csv"
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows, "the view's terms"
    demand = next(row for row in rows if row["kind"] == "demand")
    assert (demand["topic_slug"], demand["parent_topic"]) == ("recognition", "Territory")
    assert demand["regions"] == "Crimea; Donetsk; Luhansk"
    acceptance = next(row for row in rows if row["kind"] == "acceptance")
    assert acceptance["proposal_version"] == "US peace plan, Revised draft"
    assert all(SEED_TITLE in row["sources"] for row in rows if row["statement_id"])
    assert {row["as_of"] for row in rows} == {"2025-11-28"}
