"""Fixtures for the real-browser tests: one Chromium per session, a fresh page per test, and the
seed served by pytest-django's live server."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import sync_playwright

from negotiations.management.seed import load_seed
from parties.editors import add_to_editors

# Playwright's sync API drives the browser from an asyncio event loop in the test's own thread, and
# Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation), which would
# break loading the seed and pytest-django's flush after each test. Here it is a false alarm: the
# ORM and the browser never run at the same time in this thread, and the live server answers the
# browser from its own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once for the whole session (Playwright cannot fetch its own)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: `apt-get install chromium` to run the browser tests"
        if os.environ.get("CI"):
            # CI must never pass by skipping the only tests that prove htmx swaps and history.
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's base address, with the seed negotiation loaded."""
    load_seed(settings.SEED_DIR / "negotiation.toml")
    return live_server.url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception of `page`, as text, in the order they came."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


EDITOR_PASSWORD = "a long and correct horse battery"


def new_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def log_in_editor(site, browser):
    """Make an editor and log them in through the admin's real login form (django-axes and all),
    in a browser context of their own; returns their page, on the admin home page."""
    contexts = []

    def log_in(username="editor"):
        user = get_user_model().objects.create_user(username, password=EDITOR_PASSWORD)
        add_to_editors(user)
        context = new_context(browser)
        contexts.append(context)
        page = context.new_page()
        home = reverse("admin:index")
        page.goto(f"{site}{reverse('admin:login')}?next={home}")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(EDITOR_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{site}{home}")
        return page

    yield log_in
    for context in contexts:
        context.close()


@pytest.fixture
def editor_page(log_in_editor):
    """One editor, logged in, on the admin home page."""
    return log_in_editor("editor")


@pytest.fixture
def new_reader(site, browser):
    """Opens pages in a browser context of its own that never logged in: what an anonymous reader
    sees. Each call is another reader, with an empty HTTP cache (a reader's browser may keep a
    public page for its max-age)."""
    contexts = []

    def open_reader():
        context = new_context(browser)
        contexts.append(context)
        return context.new_page()

    yield open_reader
    for context in contexts:
        context.close()


@pytest.fixture
def reader(new_reader):
    return new_reader()


@pytest.fixture
def open_page(browser, site):
    """Opens a path of the live site at a viewport size (with any other options of a browser
    context); every page is closed after the test."""
    contexts = []

    def open_(path, viewport, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{site}{path}")
        return page

    yield open_
    for context in contexts:
        context.close()
