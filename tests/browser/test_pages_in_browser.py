"""The topic, proposal and methodology pages in a real browser, at a desktop and a phone width:
legible timelines without overflow, versions side by side, nothing greyed out by accident."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def timeline_text_heights(page, name):
    return page.locator(f"svg.timeline-{name} text").evaluate_all(
        "texts => texts.map(t => t.getBoundingClientRect().height)"
    )


def texts_outside_their_drawing(page, name):
    return page.locator(f"svg.timeline-{name}").evaluate(
        """svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => {
                const r = t.getBoundingClientRect();
                return r.left < box.left - 0.5 || r.right > box.right + 0.5;
            }).map(t => t.textContent);
        }"""
    )


def test_a_topic_timeline_on_a_phone_is_legible_and_the_page_does_not_overflow(open_page):
    page = open_page(reverse("negotiations:topic", args=["territory"]), PHONE)

    expect(page.locator("svg.timeline-narrow")).to_be_visible()
    expect(page.locator("svg.timeline-wide")).to_be_hidden()
    assert overflow(page) <= 0
    heights = timeline_text_heights(page, "narrow")
    assert heights and min(heights) >= 12
    assert texts_outside_their_drawing(page, "narrow") == []


def test_a_topic_timeline_on_a_desktop_keeps_every_label_inside_the_drawing(open_page):
    page = open_page(reverse("negotiations:topic", args=["us-draft"]), DESKTOP)

    expect(page.locator("svg.timeline-wide")).to_be_visible()
    expect(page.locator("svg.timeline-narrow")).to_be_hidden()
    assert overflow(page) <= 0
    assert min(timeline_text_heights(page, "wide")) >= 12
    assert texts_outside_their_drawing(page, "wide") == []


def test_stacked_terms_in_one_lane_do_not_cover_each_other(open_page):
    page = open_page(reverse("negotiations:topic", args=["troop-withdrawal"]), DESKTOP)

    boxes = page.locator("svg.timeline-wide g.bar rect").evaluate_all(
        "rects => rects.map(r => { const b = r.getBoundingClientRect(); return [b.top, b.bottom]; })"
    )
    assert len(boxes) == 3
    for index, (top, bottom) in enumerate(boxes):
        for other_top, other_bottom in boxes[index + 1 :]:
            assert bottom <= other_top or other_bottom <= top


def test_a_proposal_version_is_not_greyed_out(open_page):
    page = open_page(reverse("negotiations:proposal", args=["us-peace-plan"]), DESKTOP)

    version = page.locator("section.version").first
    heading = page.locator("h1")
    assert version.evaluate("s => getComputedStyle(s).color") == heading.evaluate(
        "h => getComputedStyle(h).color"
    )
    assert version.evaluate("s => getComputedStyle(s).fontSize") == page.locator("main").evaluate(
        "m => getComputedStyle(m).fontSize"
    )


def test_proposal_versions_stand_side_by_side_on_a_desktop_and_stack_on_a_phone(open_page):
    path = reverse("negotiations:proposal", args=["us-peace-plan"])
    desktop = open_page(path, DESKTOP)
    tops = desktop.locator("section.version").evaluate_all(
        "sections => sections.map(s => s.getBoundingClientRect().top)"
    )
    assert len(tops) == 2 and tops[0] == tops[1]
    cells = desktop.locator("table.points-side tbody tr").first.locator("td")
    expect(cells).to_have_count(2)

    phone = open_page(path, PHONE)
    tops = phone.locator("section.version").evaluate_all(
        "sections => sections.map(s => s.getBoundingClientRect().top)"
    )
    assert tops[1] > tops[0]
    assert overflow(phone) <= 0
    # Each point says which version it belongs to once the table's header is gone.
    label = phone.locator("table.points-side td").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label == '"Version 1: Initial draft"'


def test_the_footer_leads_to_the_methodology(open_page):
    page = open_page(reverse("negotiations:compare"), PHONE)

    page.locator("footer.site").get_by_role("link", name="Methodology").click()

    expect(page.locator("h1")).to_have_text("Methodology: how to read this tracker")
    assert overflow(page) <= 0
