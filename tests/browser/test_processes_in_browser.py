"""Peace processes in a real browser: an editor enters a second process and its topic through the
admin's forms, and a reader moves between the processes, filters one, and comes back."""

import datetime
import re

from playwright.sync_api import expect

from negotiations.models import ConditionKind, PeaceProcess, Topic
from parties.models import Party
from tests.browser.test_compare_in_browser import column_headers, rows
from tests.factories import make_condition, make_statement


def enter_a_second_process(site, page):
    """As an editor would: the process's add form, then a topic's, choosing the process."""
    page.goto(f"{site}/admin/negotiations/peaceprocess/add/")
    page.get_by_label("Name:").fill("Sudan talks")  # the slug fills itself in as they type
    page.get_by_label("Conflict:").fill("War in Sudan")
    page.get_by_label("Sort order:").fill("200")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.goto(f"{site}/admin/negotiations/topic/add/")
    page.get_by_label("Process:").select_option(label="Sudan talks")
    page.get_by_label("Name:").fill("Humanitarian access")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def test_a_reader_moves_between_two_processes_and_filters_the_second(site, editor_page, new_reader):
    enter_a_second_process(site, editor_page)
    process = PeaceProcess.objects.get(name="Sudan talks")
    assert process.slug == "sudan-talks"
    topic = Topic.objects.get(name="Humanitarian access")
    assert topic.process == process
    army = Party.objects.create(name="Sudanese Armed Forces", slug="saf")
    process.participations.create(party=army)
    make_condition(
        party=army,
        topic=topic,
        kind=ConditionKind.OFFER,
        summary="Aid convoys may pass",
        statements=[make_statement(party=army, wording="Aid convoys may pass.")],
        valid_from=datetime.date(2025, 11, 20),
    )

    page = new_reader()
    page.goto(f"{site}/?as_of=2025-11-28")
    switcher = page.get_by_role("navigation", name="Peace processes")
    expect(switcher.locator("[aria-current=page]")).to_have_text("Russia–Ukraine peace talks")
    assert [row[0] for row in rows(page)][0] == "territory"

    switcher.get_by_role("link", name="Sudan talks").click()
    page.wait_for_url(re.compile(r"[?&]process=sudan-talks(&|$)"))
    expect(column_headers(page)).to_have_text(["Topic", "Sudanese Armed Forces"])
    assert [row[0] for row in rows(page)] == ["humanitarian-access"]

    # A filter keeps the process: htmx swaps the results and the address still names it.
    page.locator("#filters summary", has_text="Kinds of term").click()
    page.get_by_role("checkbox", name="offer", exact=True).check()
    page.wait_for_url(re.compile(r"kind=offer"))
    assert "process=sudan-talks" in page.url
    expect(column_headers(page)).to_have_text(["Topic", "Sudanese Armed Forces"])

    page.get_by_role("navigation", name="Site").get_by_role("link", name="Processes").click()
    expect(page.locator("h1")).to_have_text("Peace processes")
    page.get_by_role("link", name="Russia–Ukraine peace talks").click()
    page.wait_for_url(f"{site}/")
    assert "territory" in [row[0] for row in rows(page)]
    assert "humanitarian-access" not in [row[0] for row in rows(page)]


def test_a_reader_searches_one_process_by_choosing_it_beside_the_words(site, reader):
    sudan = PeaceProcess.objects.create(name="Sudan talks", slug="sudan", sort_order=200)
    army = Party.objects.create(name="Sudanese Armed Forces", slug="saf")
    sudan.participations.create(party=army)
    make_condition(
        party=army,
        topic=Topic.objects.create(process=sudan, name="Humanitarian access", slug="access"),
        kind=ConditionKind.OFFER,
        summary="Convoys may pass El Fasher",
        statements=[make_statement(party=army, wording="Aid convoys may pass El Fasher.")],
        valid_from=datetime.date(2025, 11, 20),
    )
    reader.goto(f"{site}/search/")
    reader.get_by_label("Search statements, terms").press_sequentially("Fasher")
    expect(reader.locator("#search-results")).to_contain_text("Convoys may pass")
    reader.get_by_label("In", exact=True).select_option(label="Russia–Ukraine peace talks")
    reader.wait_for_url(re.compile(r"process=russia-ukraine"))
    expect(reader.locator("#search-results")).not_to_contain_text("Convoys may pass")
    reader.get_by_label("In", exact=True).select_option(label="Sudan talks")
    reader.wait_for_url(re.compile(r"process=sudan"))
    expect(reader.locator("#search-results")).to_contain_text("Convoys may pass")


def test_a_superuser_limits_an_editor_to_one_process_and_the_admin_keeps_to_it(
    site, browser, log_in_editor
):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.browser.conftest import EDITOR_PASSWORD, new_context

    sudan = PeaceProcess.objects.create(name="Sudan talks", slug="sudan", sort_order=200)
    Topic.objects.create(process=sudan, name="Humanitarian access", slug="access")
    editor = log_in_editor("limited")
    editor.goto(f"{site}/admin/negotiations/topic/")
    expect(editor.locator("#result_list")).to_contain_text("Territory")  # every process, yet

    # The superuser gives the editor one process, on the editor's page, as a browser posts it.
    root = get_user_model().objects.create_superuser("root", password=EDITOR_PASSWORD)
    context = new_context(browser)
    admin = context.new_page()
    admin.goto(f"{site}{reverse('admin:login')}")
    admin.get_by_label("Username").fill("root")
    admin.get_by_label("Password").fill(EDITOR_PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    limited = get_user_model().objects.get(username="limited")
    admin.goto(f"{site}{reverse('admin:auth_user_change', args=[limited.pk])}")
    admin.get_by_text("Add another Peace process this editor may edit").click()
    admin.locator("select[name='process_rights-0-process']").select_option(label="Sudan talks")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    context.close()
    assert root.is_superuser

    # The editor's lists, choices and autocomplete now keep to Sudan.
    editor.goto(f"{site}/admin/negotiations/topic/")
    expect(editor.locator("#result_list tbody tr")).to_have_count(1)
    expect(editor.locator("#result_list")).to_contain_text("Humanitarian access")
    editor.goto(f"{site}/admin/negotiations/condition/add/")
    editor.locator("[aria-labelledby=select2-id_topic-container]").click()
    editor.locator(".select2-container--open .select2-search__field").press_sequentially("a")
    options = editor.locator(".select2-results__option")
    expect(options).to_have_text(["Humanitarian access"])
    editor.goto(f"{site}/admin/negotiations/peaceprocess/")
    expect(editor.get_by_role("link", name=re.compile("Add peace process", re.I))).to_have_count(0)
