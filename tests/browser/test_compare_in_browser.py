"""The comparison in a real browser: htmx swaps, the address bar as state, history, and no JS."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WITHDRAWAL_QUOTE = "If they don't, then we will achieve it by military means"
ALL_PARTIES = ["Topic", "Russia", "Ukraine", "United States", "European allies"]


def compare_url(site, query=""):
    return f"{site}{reverse('negotiations:compare')}{query}"


def column_headers(page):
    return page.locator("table.grid thead th")


def row_statuses(page):
    return page.locator("table.grid tr[data-status]").evaluate_all(
        "rows => rows.map(row => [row.dataset.topic, row.dataset.status])"
    )


def mark_the_window(page):
    """A flag that only survives as long as the document does: a full page load wipes it."""
    page.evaluate("window.__marker = 1")


def assert_no_page_load(page):
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped by htmx"


def assert_full_page(page):
    expect(page.locator("header.site")).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text("Where the parties stand")
    expect(page.locator("#comparison")).to_have_count(1)


def show_only_russia(page):
    """Tick Russia in the Parties filter, as a reader would, and wait for the swapped table."""
    page.locator("details", has=page.locator("summary", has_text="Parties")).locator(
        "summary"
    ).click()
    page.get_by_role("checkbox", name="Russia", exact=True).check()
    page.wait_for_url(re.compile(r"[?&]party=russia(&|$)"))
    expect(column_headers(page)).to_have_text(["Topic", "Russia"])


def test_changing_a_filter_swaps_the_table_without_a_page_load_and_changes_the_address(site, page):
    page.goto(compare_url(site))
    expect(column_headers(page)).to_have_text(ALL_PARTIES)
    mark_the_window(page)

    show_only_russia(page)

    assert_no_page_load(page)
    assert_full_page(page)
    expect(page.locator("td.cell[data-party]:not([data-party='russia'])")).to_have_count(0)


def test_back_restores_the_previous_table_as_a_full_page_and_forward_the_filtered_one(site, page):
    page.goto(compare_url(site))
    show_only_russia(page)

    page.go_back()
    page.wait_for_url(lambda url: "party=russia" not in url)
    expect(column_headers(page)).to_have_text(ALL_PARTIES)
    assert_full_page(page)

    page.go_forward()
    page.wait_for_url(re.compile(r"[?&]party=russia(&|$)"))
    expect(column_headers(page)).to_have_text(["Topic", "Russia"])
    assert_full_page(page)


def test_back_with_an_empty_history_cache_asks_the_server_for_the_full_page(site, page):
    # htmx restores from its sessionStorage snapshot when it can; without one it sends a history
    # restore request, which must get the whole page, never the bare partial.
    page.goto(compare_url(site))
    show_only_russia(page)
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")

    with page.expect_request(
        lambda request: request.headers.get("hx-history-restore-request") == "true"
    ):
        page.go_back()

    page.wait_for_url(lambda url: "party=russia" not in url)
    expect(column_headers(page)).to_have_text(ALL_PARTIES)
    assert_full_page(page)
    expect(page.locator("footer.site")).to_have_count(1)


def test_opening_a_cell_shows_its_statements_without_a_page_load(site, page):
    page.goto(compare_url(site))
    address = page.url
    mark_the_window(page)

    page.locator('td.cell[data-topic="troop-withdrawal"][data-party="russia"] .counts a').click()

    panel = page.locator("#cell-panel")
    expect(panel.locator("article.cell-detail")).to_have_count(1)
    expect(panel).to_contain_text(WITHDRAWAL_QUOTE)
    expect(panel.locator("h2")).to_contain_text("Russia on Troop withdrawal")
    assert_no_page_load(page)
    assert page.url == address, "opening a cell must not change the address"


def test_reloading_a_copied_address_shows_the_same_table(site, context, page):
    address = compare_url(site, "?party=russia&party=ukraine&as_of=2025-11-28")
    page.goto(address)
    expect(column_headers(page)).to_have_text(["Topic", "Russia", "Ukraine"])
    headers, rows = column_headers(page).all_inner_texts(), row_statuses(page)
    assert rows, "the table has no rows"

    copy = context.new_page()
    copy.goto(address)
    assert_full_page(copy)
    assert column_headers(copy).all_inner_texts() == headers
    assert row_statuses(copy) == rows
    copy.close()


def test_an_address_pushed_by_htmx_reopens_as_the_full_page_with_the_same_table(
    site, context, page
):
    page.goto(compare_url(site))
    show_only_russia(page)
    table = page.locator("table.grid").inner_text()
    rows = row_statuses(page)

    fresh = context.new_page()
    fresh.goto(page.url)
    assert_full_page(fresh)
    expect(column_headers(fresh)).to_have_text(["Topic", "Russia"])
    assert row_statuses(fresh) == rows
    assert fresh.locator("table.grid").inner_text() == table
    fresh.close()


def test_before_putins_remarks_every_cell_says_no_stated_term(site, page):
    page.goto(compare_url(site, "?as_of=2025-11-26"))
    cells = page.locator("table.grid td.cell")
    assert cells.count() > 0
    expect(page.locator("table.grid td.cell:not(.empty)")).to_have_count(0)
    for text in cells.all_inner_texts():
        assert text.strip() == "No stated term"
    expect(page.locator("tr[data-status='collision']")).to_have_count(0)


def test_after_putins_remarks_the_troop_withdrawal_row_is_a_collision(site, page):
    page.goto(compare_url(site, "?as_of=2025-11-26"))
    mark_the_window(page)

    page.get_by_label("As of").fill("2025-11-28")

    page.wait_for_url(re.compile(r"[?&]as_of=2025-11-28(&|$)"))
    expect(
        page.locator('tr[data-topic="troop-withdrawal"][data-status="collision"]')
    ).to_have_count(1)
    expect(page.locator(".as-of strong")).to_have_text("28 November 2025")
    assert_no_page_load(page)


def test_the_filter_form_works_with_javascript_disabled(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(compare_url(site))
        page.locator("details", has=page.locator("summary", has_text="Parties")).locator(
            "summary"
        ).click()
        page.get_by_role("checkbox", name="Russia", exact=True).check()

        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()

        assert re.search(r"[?&]party=russia(&|$)", page.url)
        assert_full_page(page)
        expect(column_headers(page)).to_have_text(["Topic", "Russia"])
    finally:
        context.close()


def test_the_comparison_page_logs_no_console_errors(site, page, console_errors):
    page.goto(compare_url(site))
    show_only_russia(page)
    page.locator('td.cell[data-topic="troop-withdrawal"][data-party="russia"] .counts a').click()
    expect(page.locator("#cell-panel")).to_contain_text(WITHDRAWAL_QUOTE)
    page.go_back()
    expect(column_headers(page)).to_have_text(ALL_PARTIES)

    assert console_errors == []


def test_a_screenshot_of_the_comparison_is_written_for_the_readme(site, browser):
    # A fixed day, so the picture only changes when the page does, not with the calendar.
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(compare_url(site, "?as_of=2025-11-28"))
        expect(page.locator("table.grid")).to_be_visible()
        target = settings.BASE_DIR / "docs" / "screenshots" / "compare.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)
    finally:
        context.close()
    assert target.stat().st_size > 10_000
