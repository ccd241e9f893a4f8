"""The comparison in a real browser: the overview, topics and cells opened in place with their
own addresses, focus and Back, dates typed as people type them, "changes since", the kind
filter, a phone's layout, and the page without JavaScript."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WITHDRAWAL_QUOTE = "If they don't, then we will achieve it by military means"
ALL_PARTIES = ["Topic", "Russia", "Ukraine", "US", "Europe"]
AS_OF = "?as_of=2025-11-28"


def compare_url(site, query=""):
    return f"{site}{reverse('negotiations:compare')}{query}"


def column_headers(page):
    return page.locator("table.grid thead th")


def rows(page):
    return page.locator("table.grid tr[data-topic]").evaluate_all(
        "rows => rows.map(row => [row.dataset.topic, row.dataset.status])"
    )


def mark_the_window(page):
    """A flag that only survives as long as the document does: a full page load wipes it."""
    page.evaluate("window.__marker = 1")


def assert_no_page_load(page):
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped by htmx"


def assert_full_page(page):
    expect(page.locator("header.site")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("Where the parties stand")
    expect(page.locator("#comparison")).to_have_count(1)


def open_parties(page):
    page.locator("summary", has_text="Parties").click()


def show_only_russia(page):
    """Untick every party but Russia in the Parties filter, as a reader would."""
    open_parties(page)
    for name in ["Ukraine", "United States", "European allies"]:
        page.get_by_role("checkbox", name=name, exact=True).uncheck()
        page.wait_for_load_state("networkidle")
    expect(column_headers(page)).to_have_text(["Topic", "Russia"])


# -- the overview ------------------------------------------------------------------------------
def test_the_overview_fits_the_window_and_shows_top_level_topics(site, page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(compare_url(site, AS_OF))
    expect(column_headers(page)).to_have_text(ALL_PARTIES)
    assert rows(page) == [
        ["territory", "collision"],
        ["cessation-of-hostilities", ""],
        ["us-draft", "overlap"],
    ]
    # The page scrolls as a page: no box scrolls inside it, and nothing runs off to the side.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    table_bottom = page.locator("table.grid").bounding_box()
    assert table_bottom["y"] + table_bottom["height"] < 900, "the overview fits the screen"
    expect(
        page.locator('td[data-topic="territory"][data-party="russia"] .mark.collision')
    ).to_be_visible()
    expect(page).to_have_title(re.compile(r"as of 28 Nov 2025"))


def test_changing_a_filter_swaps_the_results_and_writes_the_columns_into_the_address(site, page):
    page.goto(compare_url(site, AS_OF))
    mark_the_window(page)
    show_only_russia(page)
    assert_no_page_load(page)
    assert_full_page(page)
    assert re.search(r"[?&]party=russia(&|$)", page.url)
    assert "version=" not in page.url and "since=" not in page.url, "empty parameters stay out"
    expect(page.locator("td.cell:not([data-party='russia'])")).to_have_count(0)


# -- opening a topic and a cell ----------------------------------------------------------------
def test_opening_a_topic_shows_its_sub_topics_in_place_and_back_closes_it(site, page):
    page.goto(compare_url(site, AS_OF))
    mark_the_window(page)
    page.locator("#group-territory a.toggle").first.click()
    page.wait_for_url(re.compile(r"open=territory"))
    expect(page.locator('tr[data-topic="troop-withdrawal"]')).to_be_visible()
    assert_no_page_load(page)
    order = [row[0] for row in rows(page)]
    assert order[:4] == ["territory", "troop-withdrawal", "recognition", "front-line"]

    page.go_back()
    page.wait_for_url(lambda url: "open=" not in url)
    expect(page.locator('tr[data-topic="troop-withdrawal"]')).to_have_count(0)


def test_opening_a_cell_shows_every_term_with_its_quote_under_its_row(site, page):
    page.goto(compare_url(site, AS_OF + "&open=territory"))
    mark_the_window(page)
    button = page.locator("#cell-troop-withdrawal-russia")
    button.click()

    detail = page.locator("#cell-detail")
    expect(detail).to_contain_text(WITHDRAWAL_QUOTE)
    expect(detail.locator("h2")).to_contain_text("Russia on Troop withdrawal")
    page.wait_for_url(re.compile(r"cell=troop-withdrawal%3Arussia"))
    assert_no_page_load(page)
    # Directly under its row, above the next one; focus moves into it.
    cell_row = page.locator('tr[data-topic="troop-withdrawal"]').bounding_box()
    next_row = page.locator('tr[data-topic="recognition"]').bounding_box()
    box = detail.bounding_box()
    assert cell_row["y"] < box["y"] < next_row["y"]
    expect(page.locator("#cell-detail-heading")).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "true")

    page.keyboard.press("Escape")
    expect(page.locator("#cell-detail")).to_have_count(0)
    expect(page.locator("#cell-troop-withdrawal-russia")).to_be_focused()
    page.wait_for_url(lambda url: "cell=" not in url)


def test_a_cells_close_control_and_back_both_close_it(site, page):
    page.goto(compare_url(site, AS_OF))
    page.locator("#cell-us-draft-russia").click()
    expect(page.locator("#cell-detail")).to_be_visible()
    page.locator("#cell-detail a.close").click()
    expect(page.locator("#cell-detail")).to_have_count(0)
    expect(page.locator("#cell-us-draft-russia")).to_be_focused()

    page.locator("#cell-us-draft-ukraine").click()
    expect(page.locator("#cell-detail")).to_contain_text("Ukraine on The US draft")
    page.go_back()
    page.wait_for_url(lambda url: "cell=" not in url)
    expect(page.locator("#cell-detail")).to_have_count(0)


def test_opening_a_cell_in_another_topic_closes_the_first(site, page):
    page.goto(compare_url(site, AS_OF))
    page.locator("#cell-us-draft-russia").click()
    expect(page.locator("#cell-detail")).to_contain_text("Russia on The US draft")
    page.locator("#cell-territory-ukraine").click()
    expect(page.locator("#cell-detail")).to_have_count(1)
    expect(page.locator("#cell-detail")).to_contain_text("Ukraine on Territory")


def test_a_copied_address_reopens_the_same_view_with_its_cell_open(site, context, page):
    page.goto(compare_url(site, AS_OF))
    page.locator("#group-territory a.toggle").first.click()
    page.locator("#cell-recognition-russia").click()
    expect(page.locator("#cell-detail")).to_be_visible()
    table = page.locator("table.grid").inner_text()

    copy = context.new_page()
    copy.goto(page.url)
    assert_full_page(copy)
    expect(copy.locator("#cell-detail")).to_contain_text("Russia on International recognition")
    assert copy.locator("table.grid").inner_text() == table
    copy.close()


def test_back_with_an_empty_history_cache_asks_the_server_for_the_full_page(site, page):
    page.goto(compare_url(site, AS_OF))
    show_only_russia(page)
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert_full_page(page)
    expect(page.locator("footer.site")).to_have_count(1)


# -- dates, since, kinds -----------------------------------------------------------------------
def test_a_date_typed_digit_by_digit_is_taken_once_complete(site, page):
    page.goto(compare_url(site))
    mark_the_window(page)
    addresses = []
    page.on(
        "request", lambda request: addresses.append(request.url) if "as_of" in request.url else None
    )
    field = page.get_by_label("As of")
    field.focus()  # as a keyboard reaches it: on its first part, the month
    # Chromium's date field reads month, day, then year, as a person types them; while the year
    # is typed it holds 0002, 0020 and 0202 before 2025.
    page.keyboard.type("11282025", delay=60)
    page.wait_for_url(re.compile(r"[?&]as_of=2025-11-28(&|$)"))
    expect(page.locator('tr[data-topic="territory"][data-status="collision"]')).to_have_count(1)
    assert field.input_value() == "2025-11-28", "the caret was not reset mid-typing"
    assert not [url for url in addresses if re.search(r"as_of=0", url)], addresses
    assert_no_page_load(page)


def test_changes_since_a_date_marks_the_cells_that_changed(site, page):
    # Every seeded term dates from 27 November: since the 26th each is new, since the 27th none.
    page.goto(compare_url(site, AS_OF))
    page.get_by_label("Changes since").fill("2025-11-26")
    page.get_by_label("Changes since").press("Enter")
    page.wait_for_url(re.compile(r"since=2025-11-26"))
    page.wait_for_load_state("networkidle")  # Enter is both a change and a submit
    for party in ("ukraine", "russia"):
        cell = page.locator(f'td[data-topic="territory"][data-party="{party}"]')
        expect(cell.locator(".change-new")).to_be_visible()
    page.locator("#cell-territory-ukraine").click()
    expect(page.locator("#cell-detail .change-new").first).to_be_visible()

    page.get_by_label("Changes since").fill("2025-11-27")
    page.get_by_label("Changes since").press("Enter")
    page.wait_for_url(re.compile(r"since=2025-11-27"))
    expect(page.locator("table.grid tbody .change")).to_have_count(0)


def test_the_kind_filter_hides_rows_without_such_a_term_and_says_what_is_absent(site, page):
    page.goto(compare_url(site, AS_OF))
    page.locator(".filters summary", has_text="Kinds of term").click()
    page.get_by_role("checkbox", name="demand", exact=True).check()
    page.wait_for_url(re.compile(r"kind=demand"))
    expect(page.locator("table.grid tr[data-topic]")).to_have_count(1)
    expect(page.locator('td[data-topic="territory"][data-party="ukraine"]')).to_have_text(
        "no demand stated"
    )


# -- a phone -----------------------------------------------------------------------------------
def test_on_a_phone_each_topic_is_a_card_and_nothing_scrolls_sideways(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(compare_url(site, AS_OF + "&open=territory&cell=troop-withdrawal:russia"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for locator in ["table.grid", "#cell-detail", ".filters"]:
            box = page.locator(locator).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, locator
        # One line per party: the party's name stands beside its terms.
        cell = page.locator('td[data-topic="troop-withdrawal"][data-party="russia"]')
        label = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"Russia"'
        assert page.locator("table.grid thead").is_hidden()
    finally:
        context.close()


# -- without JavaScript ------------------------------------------------------------------------
def test_the_page_works_with_javascript_disabled(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(compare_url(site, AS_OF))
        page.locator("#group-territory a.toggle").first.click()
        page.wait_for_url(re.compile(r"open=territory"))
        page.locator("#cell-recognition-russia").click()
        expect(page.locator("#cell-detail")).to_contain_text("International recognition")
        open_parties(page)
        page.get_by_role("checkbox", name="Ukraine", exact=True).uncheck()
        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()
        assert "party=russia" in page.url and "party=ukraine" not in page.url
        assert "open=territory" in page.url
        assert_full_page(page)
    finally:
        context.close()


def test_the_comparison_page_logs_no_console_errors(site, page, console_errors):
    page.goto(compare_url(site, AS_OF))
    page.locator("#group-territory a.toggle").first.click()
    page.locator("#cell-troop-withdrawal-russia").click()
    expect(page.locator("#cell-detail")).to_contain_text(WITHDRAWAL_QUOTE)
    show_only_russia(page)
    page.go_back()
    page.wait_for_load_state("networkidle")
    assert console_errors == []


def test_screenshots_of_the_comparison_are_written_for_the_readme(site, browser):
    # A fixed day, so the pictures only change when the page does, not with the calendar.
    shots = [
        ("compare.png", {"width": 1440, "height": 900}, "&open=territory&cell=us-draft:russia"),
        ("compare-phone.png", {"width": 390, "height": 844}, "&open=territory"),
    ]
    for name, viewport, query in shots:
        context = browser.new_context(viewport=viewport, locale="en-GB")
        try:
            page = context.new_page()
            page.goto(compare_url(site, AS_OF + query))
            expect(page.locator("table.grid")).to_be_visible()
            target = settings.BASE_DIR / "docs" / "screenshots" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target), full_page=viewport["width"] > 400)
        finally:
            context.close()
        assert target.stat().st_size > 10_000
