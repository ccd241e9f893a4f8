"""Fixtures shared by the whole suite: the seeded article, clients for each kind of user."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from negotiations.management.seed import load_seed

SEED_FILE = settings.SEED_DIR / "negotiation.toml"
ARTICLE_FILE = settings.SEED_DIR / "article.txt"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its database starts afresh, data version included."""
    from django.core.cache import cache

    from negotiations import rendered

    cache.clear()
    rendered.clear_local()
    yield
    cache.clear()
    rendered.clear_local()


@pytest.fixture
def seeded(db):
    """The negotiation of the seed article, loaded exactly as `manage.py seed` loads it."""
    return load_seed(SEED_FILE)


@pytest.fixture
def article_text():
    return ARTICLE_FILE.read_text(encoding="utf-8")


@pytest.fixture
def editor(db):
    from parties.editors import add_to_editors

    user = get_user_model().objects.create_user("editor", password="correct horse battery")
    add_to_editors(user)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", password="correct horse battery")
    client.force_login(user)
    return client


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: a required part of the suite did not run."""
    import os

    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every test must run in CI.")
        session.exitstatus = 1
