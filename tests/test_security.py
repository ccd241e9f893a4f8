"""Deployment settings, security headers and a strict CSP on every response, templates that need
no inline script or style, login throttling, and refused oversized bodies and unknown hosts."""

import datetime
import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parties.editors import add_to_editors

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


# -- Deployment settings --------------------------------------------------------------------------


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow Django's ORM inside Playwright's event loop for this test
        # process only; a deployment never sets it (check --deploy says so).
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "READERS_MUST_LOG_IN",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**environment, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_settings_pass_the_deployment_checks_without_a_warning():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="tracker.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "django-insecure-development-only-never-use-in-production"],
    ids=["unset", "empty", "the development key"],
)
def test_without_a_real_secret_key_django_refuses_to_start_when_debug_is_off(secret_key):
    env = {"DEBUG": "0", "ALLOWED_HOSTS": "tracker.example.org"}
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key

    result = manage("check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


# -- Headers on every response --------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password=PASSWORD)


@pytest.fixture
def editor(db):
    return add_to_editors(get_user_model().objects.create_user("editor", password=PASSWORD))


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def get(path, data=None, **kwargs):
    return lambda users: Client(raise_request_exception=False).get(path, data, **kwargs)


# Each kind of response, with the status it must have: the headers go on errors too.
RESPONSES = {
    "page": (200, get(reverse("negotiations:compare"))),
    "htmx partial": (200, get(reverse("negotiations:compare"), headers={"HX-Request": "true"})),
    "export": (200, get(reverse("negotiations:export", args=["csv"]))),
    "feed": (200, get(reverse("negotiations:feed_statements"))),
    "healthz": (200, get(reverse("healthz"))),
    "admin login": (200, get(reverse("admin:login"))),
    "admin changelist": (
        200,
        lambda users: logged_in(users["superuser"]).get(
            reverse("admin:negotiations_statement_changelist")
        ),
    ),
    "admin redirect to log in": (302, get(reverse("admin:index"))),
    "403": (
        403,
        lambda users: logged_in(users["editor"]).get(reverse("admin:auth_user_changelist")),
    ),
    "404": (404, get(reverse("negotiations:party", args=["no-such-party"]))),
    "400, a bad filter": (400, get(reverse("negotiations:compare"), {"as_of": "not a day"})),
    "400, an unknown host": (
        400,
        get(reverse("negotiations:compare"), headers={"host": "attacker.example.net"}),
    ),
    "405": (405, lambda users: Client().post(reverse("negotiations:compare"))),
}


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    csp = response.headers.get("Content-Security-Policy")
    assert csp, "no Content-Security-Policy"
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    directives = csp_directives(csp)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "same-origin"
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert "camera=()" in response.headers.get("Permissions-Policy", "")


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_response_carries_a_strict_csp_and_the_security_headers(kind, superuser, editor):
    status, fetch = RESPONSES[kind]

    response = fetch({"superuser": superuser, "editor": editor})

    assert response.status_code == status
    assert_security_headers(response)


def test_a_static_file_carries_the_security_headers_too(settings):
    settings.WHITENOISE_USE_FINDERS = True
    page = Client().get(reverse("negotiations:compare")).content.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)

    response = Client().get(stylesheet)

    assert response.status_code == 200
    assert_security_headers(response)
    response.close()


# -- No inline script or style --------------------------------------------------------------------

TEMPLATES_DIR = settings.BASE_DIR / "templates"
TEMPLATE_FILES = sorted(TEMPLATES_DIR.rglob("*.html"))

DJANGO_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
# What a strict CSP blocks, or what htmx would have to eval.
FORBIDDEN = {
    "a <style> element": re.compile(r"<style\b", re.I),
    "a style= attribute": re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.I | re.S),
    "an on*= event attribute": re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I | re.S),
    "an hx-on attribute": re.compile(r"<[a-z][^>]*?\s(?:data-)?hx-on", re.I | re.S),
    "a javascript: address": re.compile(r"javascript:", re.I),
}


def inline_code(html):
    """What in `html` a strict CSP would block: inline scripts, styles and event handlers."""
    html = DJANGO_COMMENT.sub("", html)
    found = [
        f"an inline <script>: {body.strip()[:60]!r}"
        for _attributes, body in SCRIPT.findall(html)
        if body.strip()
    ]
    found += [what for what, pattern in FORBIDDEN.items() if pattern.search(html)]
    return found


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">\n import x from "/x.js";\n</script>',
        "<style>p { color: red }</style>",
        '<p class="x" style="color: red">',
        '<button type="button" onclick="go()">',
        '<body\n  onload="go()">',
        '<div hx-on:click="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_the_template_scan_finds_inline_code(snippet):
    assert inline_code(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/x.js" defer></script>',
        "{% comment %}No <style> or <script>alert(1)</script> here.{% endcomment %}",
        '<p class="based on=x">Talks went on = nothing.</p>',
    ],
)
def test_the_template_scan_leaves_external_scripts_and_comments_alone(snippet):
    assert inline_code(snippet) == []


def test_there_are_templates_to_scan():
    assert len(TEMPLATE_FILES) >= 10


@pytest.mark.parametrize(
    "path", TEMPLATE_FILES, ids=lambda path: str(path.relative_to(TEMPLATES_DIR))
)
def test_no_template_has_inline_script_style_or_event_handlers(path):
    assert inline_code(path.read_text(encoding="utf-8")) == []


def htmx_config(html):
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert match, "no htmx-config meta tag"
    return json.loads(match.group(1))


def test_the_htmx_config_turns_off_indicator_styles_and_eval():
    for html in [
        (TEMPLATES_DIR / "base.html").read_text(encoding="utf-8"),
        Client().get(reverse("negotiations:compare")).content.decode(),
    ]:
        config = htmx_config(html)
        assert config["includeIndicatorStyles"] is False
        assert config["allowEval"] is False


RENDERED = {
    "comparison": lambda users: Client().get(reverse("negotiations:compare")),
    "search": lambda users: Client().get(reverse("negotiations:search"), {"q": "putin"}),
    "reader login": lambda users: Client().get(reverse("login")),
    "admin login": lambda users: Client().get(reverse("admin:login")),
    "admin index": lambda users: logged_in(users["editor"]).get(reverse("admin:index")),
    "admin changelist": lambda users: logged_in(users["editor"]).get(
        reverse("admin:negotiations_statement_changelist")
    ),
    "admin add form": lambda users: logged_in(users["editor"]).get(
        reverse("admin:negotiations_statement_add")
    ),
    "intake paste": lambda users: logged_in(users["editor"]).get(reverse("intake:paste")),
}


@pytest.mark.parametrize("kind", RENDERED)
def test_rendered_pages_load_every_script_from_this_site_and_run_none_inline(
    kind, superuser, editor
):
    response = RENDERED[kind]({"superuser": superuser, "editor": editor})
    assert response.status_code == 200
    html = response.content.decode()

    scripts = SCRIPT.findall(html)
    for attributes, body in scripts:
        assert body.strip() == "", attributes
        src = re.search(r'\ssrc="([^"]+)"', attributes)
        assert src, f"a script without src: {attributes}"
        assert src.group(1).startswith("/"), src.group(1)
        assert not src.group(1).startswith("//"), src.group(1)
    assert inline_code(html) == []


# -- Login throttling -----------------------------------------------------------------------------

LOGINS = {
    "admin": ("admin:login", reverse("admin:index")),
    "reader": ("login", reverse(settings.LOGIN_REDIRECT_URL)),
}
UNTIL = re.compile(r"Try again after\s*<strong>(\d{2}):(\d{2}) UTC</strong> on ([^.<]+)\.")


def login_client():
    # A server error must show as a 500 response here, as a browser would get it.
    return Client(raise_request_exception=False)


def log_in(client, which, username, password):
    url_name, landing = LOGINS[which]
    # What the login form posts, its hidden `next` included.
    form = {"username": username, "password": password, "next": landing}
    return client.post(reverse(url_name), form)


def fail_until_locked_out(client, which, username):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, which, username, "wrong password")
        if attempt < settings.AXES_FAILURE_LIMIT - 1:
            assert response.status_code == 200, attempt
            assert "_auth_user_id" not in client.session


def assert_logged_in(client, which, response, user):
    _url_name, landing = LOGINS[which]
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == landing
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("which", LOGINS)
def test_after_the_failure_limit_even_the_right_password_gets_the_lock_out_page(which, editor):
    client = login_client()
    fail_until_locked_out(client, which, editor.username)

    before = timezone.now()
    response = log_in(client, which, editor.username, PASSWORD)

    assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed logins" in html
    hours, minutes, day = UNTIL.search(html).groups()
    until = before + settings.AXES_COOLOFF_TIME
    shown = datetime.datetime.strptime(f"{day} {hours}:{minutes}", "%d %B %Y %H:%M").replace(
        tzinfo=datetime.UTC
    )
    assert until - datetime.timedelta(minutes=2) <= shown <= until + datetime.timedelta(minutes=1)
    assert_security_headers(response)
    attempt = AccessAttempt.objects.get(username=editor.username)
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


@pytest.mark.parametrize("which", LOGINS)
def test_a_reset_lets_the_locked_out_user_in_again(which, editor):
    client = login_client()
    fail_until_locked_out(client, which, editor.username)
    assert log_in(client, which, editor.username, PASSWORD).status_code == 429

    reset(username=editor.username)

    assert_logged_in(client, which, log_in(client, which, editor.username, PASSWORD), editor)


@pytest.mark.parametrize("which", LOGINS)
def test_after_the_cool_off_the_user_logs_in_again(which, editor):
    client = login_client()
    fail_until_locked_out(client, which, editor.username)
    assert log_in(client, which, editor.username, PASSWORD).status_code == 429

    # The cool-off runs from the latest failure: move that back past it instead of waiting.
    AccessAttempt.objects.filter(username=editor.username).update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )

    assert_logged_in(client, which, log_in(client, which, editor.username, PASSWORD), editor)


@pytest.mark.parametrize("which", LOGINS)
def test_the_lock_out_holds_one_user_name_not_everybody_at_that_address(which, editor):
    other = get_user_model().objects.create_user("other", password=PASSWORD, is_staff=True)
    client = login_client()
    fail_until_locked_out(client, which, editor.username)

    other_client = login_client()
    assert_logged_in(
        other_client, which, log_in(other_client, which, other.username, PASSWORD), other
    )
    assert log_in(client, which, editor.username, PASSWORD).status_code == 429


# -- Oversized bodies and unknown hosts -----------------------------------------------------------


@pytest.mark.parametrize("login", ["admin:login", "login"])
@pytest.mark.parametrize("with_csrf", [False, True], ids=["", "with the CSRF token"])
def test_a_login_post_over_the_upload_limit_is_refused_not_a_server_error(db, login, with_csrf):
    body = "username=someone&password=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)
    client = Client(enforce_csrf_checks=with_csrf, raise_request_exception=False)
    headers = {}
    if with_csrf:
        # As a browser posts it: with the cookie from the login page and its token.
        client.get(reverse(login))
        headers["X-CSRFToken"] = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        reverse(login), body, content_type="application/x-www-form-urlencoded", headers=headers
    )

    assert response.status_code in (400, 413)


@pytest.mark.parametrize("host", ["attacker.example.net", "tracker.example.org.attacker.net"])
def test_a_host_not_in_allowed_hosts_gets_a_400(db, host):
    response = Client(raise_request_exception=False).get(
        reverse("negotiations:compare"), headers={"host": host}
    )

    assert response.status_code == 400


# -- Behind the documented reverse proxy (TRUSTED_PROXY_HEADER=1) ---------------------------------
PROXY = "10.0.0.1"


def behind_the_proxy(client_address):
    """A client whose requests reach the app through the proxy, as the deployment documents."""
    client = login_client()
    client.defaults.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)
    return client


@pytest.mark.parametrize("which", LOGINS)
def test_behind_the_proxy_one_reader_s_failures_lock_out_only_that_reader(which, editor, settings):
    # What TRUSTED_PROXY_HEADER=1 sets (config/settings.py): the client's address from the header.
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    attacker, colleague = behind_the_proxy("203.0.113.7"), behind_the_proxy("198.51.100.9")

    fail_until_locked_out(attacker, which, editor.username)

    assert log_in(attacker, which, editor.username, PASSWORD).status_code == 429
    assert_logged_in(colleague, which, log_in(colleague, which, editor.username, PASSWORD), editor)
    assert AccessAttempt.objects.get(username=editor.username).ip_address == "203.0.113.7"


def test_the_proxy_settings_read_the_client_address_from_the_header(monkeypatch):
    import importlib

    import config.settings

    monkeypatch.setenv("TRUSTED_PROXY_HEADER", "1")
    monkeypatch.setenv("PROXY_COUNT", "2")
    try:
        reloaded = importlib.reload(config.settings)
        assert reloaded.AXES_IPWARE_PROXY_COUNT == 2
        assert reloaded.AXES_IPWARE_META_PRECEDENCE_ORDER[0] == "HTTP_X_FORWARDED_FOR"
    finally:
        monkeypatch.delenv("TRUSTED_PROXY_HEADER")
        monkeypatch.delenv("PROXY_COUNT")
        importlib.reload(config.settings)
