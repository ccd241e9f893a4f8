"""Fixtures shared by the whole suite: the seeded article, clients for each kind of user."""

import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from negotiations.management.seed import load_seed
from tests import seed_snapshot

SEED_FILE = settings.SEED_DIR / "negotiation.toml"
ARTICLE_FILE = settings.SEED_DIR / "article.txt"

# Hypothesis: the same examples on every run of `make test` (derandomized, no example database,
# so CI cannot fail on a run that happened to draw something new); `make fuzz` draws afresh and
# many more (HYPOTHESIS_PROFILE=fuzz).
_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large]
hypothesis_settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, suppress_health_check=_SLOW_IS_FINE
)
hypothesis_settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    deadline=None,
    max_examples=1000,
    suppress_health_check=_SLOW_IS_FINE,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config, items):
    """Tests marked postgresql_only are deselected, not skipped, on any other database: CI fails
    on a skip, and these tests prove what only PostgreSQL's real transactions and locks can."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql_only")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql_only")]


def pytest_configure(config):
    # PBKDF2's million rounds per test user would dominate the suite; what the tests check of
    # passwords (right, wrong, locked out) does not depend on the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its database starts afresh, data version included."""
    from django.core.cache import cache

    from negotiations.caching import pages

    cache.clear()
    pages.clear()
    yield
    cache.clear()
    pages.clear()


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker):
    """The rows `manage.py seed` writes, read once per session from a real load (then undone)."""
    with django_db_blocker.unblock(), transaction.atomic():
        snapshot = seed_snapshot.take(lambda: load_seed(SEED_FILE))
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def seeded(db, seed_rows):
    """The negotiation of the seed article, exactly as `manage.py seed` loads it: the rows of
    one real load, written back in bulk (a load per test would dominate the suite)."""
    return seed_rows.restore()


# The seed stores two sources: the article, and the background notes beside it.
SEED_ARTICLE_PUBLISHER = "Seed article (publisher not recorded)"


def the_seed_article():
    from negotiations.models import Source

    return Source.objects.get(publisher=SEED_ARTICLE_PUBLISHER)


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
