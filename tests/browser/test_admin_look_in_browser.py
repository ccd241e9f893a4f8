"""The admin in a real browser at 1,280 x 900: every change form fits the window, the calendar
writes ISO dates, and nothing an editor can click on a History page answers 403."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Sum
from django.db.models.functions import Length
from django.urls import reverse
from playwright.sync_api import expect

from negotiations.models import Condition, Event, Fact, ProposalVersion, Source, Statement
from parties.models import Person

pytestmark = pytest.mark.browser

WINDOW_WIDTH = 1280

# For each change form, the seeded record that fills it most: the longest wording in a tabular
# inline is what once pushed the statement form to 1,722 px.
WIDEST_RECORDS = {
    Statement: lambda: Statement.objects.annotate(size=Sum(Length("attestations__wording"))),
    Condition: lambda: Condition.objects.annotate(size=Length("summary") + Length("details")),
    Source: lambda: Source.objects.annotate(size=Length("text")),
    Person: lambda: Person.objects.annotate(
        size=Count("roles", distinct=True) + Count("other_names", distinct=True)
    ),
    ProposalVersion: lambda: ProposalVersion.objects.annotate(size=Count("points")),
    Event: lambda: Event.objects.annotate(size=Length("title") + Count("participants")),
    Fact: lambda: Fact.objects.annotate(size=Length("summary")),
}

# How far the page and each tabular inline reach to the right, in CSS pixels.
MEASURE = """() => ({
  page: document.documentElement.scrollWidth,
  inlines: Array.from(document.querySelectorAll('.inline-related.tabular table'),
                      (table) => Math.ceil(table.getBoundingClientRect().right)),
})"""


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_every_change_form_fits_a_1280_pixel_window(site, editor_page):
    too_wide = {}
    for model, records in WIDEST_RECORDS.items():
        record = records().order_by("-size", "pk").first()
        editor_page.goto(site + change_url(record))
        expect(editor_page.locator("#content-main form")).to_be_visible()
        reach = editor_page.evaluate(MEASURE)
        # Not merely hidden by a scrolling box: every inline table ends inside the window too.
        if max([reach["page"], *reach["inlines"]]) > WINDOW_WIDTH:
            too_wide[f"{model.__name__} {record.pk}"] = reach
    assert not too_wide, too_wide


def test_the_admin_header_names_the_tracker(site, editor_page):
    expect(editor_page.locator("#site-name")).to_contain_text("Negotiation tracker")
    expect(editor_page).to_have_title(re.compile("Negotiation tracker"))
    expect(editor_page.get_by_role("link", name="Paste an article")).to_be_visible()


def test_the_calendar_writes_the_date_it_picks_as_iso(site, editor_page):
    editor_page.goto(site + reverse("admin:negotiations_statement_add"))
    field = editor_page.locator("#id_said_on")
    editor_page.locator(".field-said_on .datetimeshortcuts a", has_text="Today").click()
    expect(field).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    field.fill("")
    editor_page.locator(".field-said_on .date-icon").click()
    editor_page.locator(".calendarbox:visible td a", has_text=re.compile(r"^15$")).click()
    expect(field).to_have_value(re.compile(r"^\d{4}-\d{2}-15$"))


def test_nothing_an_editor_can_follow_on_a_history_page_answers_403(site, editor_page):
    statement = Statement.objects.order_by("pk").first()
    # Changed once by a superuser: the History page names them in "Changed by".
    root = get_user_model().objects.create_superuser("root", password="a long root password")
    statement.summary = "A corrected summary."
    statement._history_user = root
    statement.save()

    editor_page.goto(site + reverse("admin:negotiations_statement_history", args=[statement.pk]))
    history = editor_page.locator("#change-history")
    expect(history).to_contain_text("root")
    links = editor_page.locator("#content a[href]").evaluate_all(
        "(links) => links.map((link) => link.href)"
    )
    assert links, "the History page offers nothing to follow"
    assert not [link for link in links if "/admin/auth/user/" in link]
    for link in links:
        response = editor_page.request.get(link)
        assert response.status < 400, f"{link} answered {response.status}"
    expect(history.locator("td.history-date").first).to_have_text(
        re.compile(r"^\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s*$")
    )
