"""Who may see and do what: every analysts' page, admin page and admin action for anonymous
visitors, readers, editors and superusers; drafts kept from all but editors; and the login an
internal deployment (READERS_MUST_LOG_IN) asks of every reader."""

import io
import json
import os
import re
import subprocess
import sys
import textwrap
import types
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from negotiations.management.seed import load_seed
from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    ProposalPoint,
    ProposalVersion,
    PublishStatus,
    Statement,
    Topic,
)
from parties.editors import add_to_editors
from parties.models import Party, Person
from tests.conftest import SEED_FILE
from tests.factories import make_condition, make_source, make_statement

ANONYMOUS, READER, EDITOR, SUPERUSER = USERS = ("anonymous", "reader", "editor", "superuser")
PASSWORD = "correct horse battery"

# What a request can come to besides a status code: a redirect to a login page, with the page it
# asked for as `next`, or (for an admin action) done, that is, redirected back to the changelist.
LOGIN = "→ login"
ADMIN_LOGIN = "→ admin login"
ADMIN_INDEX = "→ admin index"
DONE = "done"

# Every draft's text holds MARKER, and nothing published does. SEARCH_WORD sits beside it, so a
# search for it cannot be told apart from a leak by the query echoed on the results page.
MARKER = "heronsay"
SEARCH_WORD = "plovermark"
DRAFT_WORDING = f"We will hold the {MARKER} line, {SEARCH_WORD} or not."
DRAFT_REPORT = f"An old remark, as the {MARKER} report tells it, {SEARCH_WORD} in hand."


# -- The data every test of this module shares ----------------------------------------------------


def build_world():
    load_seed(SEED_FILE)
    User = get_user_model()
    w = types.SimpleNamespace()
    w.users = {
        ANONYMOUS: None,
        READER: User.objects.create_user("matrix-reader", password=PASSWORD),
        EDITOR: add_to_editors(User.objects.create_user("matrix-editor", password=PASSWORD)),
        SUPERUSER: User.objects.create_superuser("matrix-root", password=PASSWORD),
    }
    us = Party.objects.get(slug="united-states")
    recognition = Topic.objects.get(slug="recognition")

    # A draft source, a draft statement it reports, and a draft term resting on it.
    draft_source = make_source(
        text=f"Lead. {DRAFT_WORDING} Middle. {DRAFT_REPORT} Tail.",
        title=f"Draft report {MARKER} {SEARCH_WORD}",
        status=PublishStatus.DRAFT,
    )
    draft_statement = make_statement(
        speaker=Person.objects.get(slug="steve-witkoff"),
        wording=DRAFT_WORDING,
        source=draft_source,
        status=PublishStatus.DRAFT,
        summary=f"Draft summary {MARKER} {SEARCH_WORD}",
    )
    make_condition(
        us,
        recognition,
        kind=ConditionKind.OFFER,
        summary=f"Draft term {MARKER} {SEARCH_WORD}",
        statements=[draft_statement],
        status=PublishStatus.DRAFT,
        proposal_version=ProposalVersion.objects.get(proposal__slug="us-peace-plan", number=2),
    )
    # Published things that touch the drafts: a term resting on the draft statement alone, and a
    # published statement that the draft source reports too.
    make_condition(
        us,
        recognition,
        kind=ConditionKind.POSITION,
        summary="A published term resting on a draft statement",
        statements=[draft_statement],
    )
    reported = Condition.objects.get(
        party__slug="russia", topic__slug="recognition"
    ).statements.get()
    attestation = Attestation(statement=reported, source=draft_source, wording=DRAFT_REPORT)
    attestation.full_clean()
    attestation.save()
    w.draft_statement = draft_statement.pk
    w.reported_statement = reported.pk
    w.published_statement = Statement.objects.published().exclude(pk=reported.pk).first().pk
    w.draft_source = draft_source.pk

    # One object of every model the admin shows, for its change, history and delete pages.
    if not ProposalPoint.objects.exists():
        ProposalPoint.objects.create(
            version=ProposalVersion.objects.first(), number=1, text="A point."
        )
    w.spare_user = User.objects.create_user("matrix-spare", password=PASSWORD).pk
    axes_fields = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test"}
    AccessAttempt.objects.create(
        **axes_fields, get_data="", post_data="", failures_since_start=1, path_info="/"
    )
    AccessLog.objects.create(**axes_fields, path_info="/")
    AccessFailureLog.objects.create(**axes_fields, path_info="/")
    w.objects = {}
    for model in admin.site._registry:
        obj = model.objects.order_by("pk").first()
        assert obj is not None, f"no {model._meta.label} to open"
        w.objects[model._meta.label] = obj.pk
    w.objects["auth.User"] = w.spare_user
    w.objects["auth.Group"] = Group.objects.get(name="Editors").pk
    statement = Statement.objects.get(pk=w.published_statement)
    w.history_record = statement.history.earliest().history_id
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The seed, the four kinds of user and the drafts, built once for the module and rolled
    back after it; each test runs in a savepoint inside it (as setUpTestData does)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def as_user(world, db):
    """A client for one kind of user: logged in as the world's user of that kind."""

    def client_for(kind):
        client = Client()
        if world.users[kind] is not None:
            client.force_login(world.users[kind])
        return client

    return client_for


def outcome(response, path):
    """The status code, or where a redirect goes when it goes to a login page or the admin."""
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"])
    asked_for = parse_qs(location.query).get("next", [None])[0]
    if location.path == reverse("admin:login") and asked_for == path:
        return ADMIN_LOGIN
    if location.path == reverse(settings.LOGIN_URL) and asked_for == path:
        return LOGIN
    if location.path == reverse("admin:index") and not location.query:
        return ADMIN_INDEX
    return f"302 → {response['Location']}"


def expand(table):
    """One case per cell: (label, url, user, expected)."""
    return [
        pytest.param(label, url, user, expected, id=f"{label} | {user}")
        for label, url, *expected_by_user in table
        for user, expected in zip(USERS, expected_by_user, strict=True)
    ]


class Id(str):
    """A URL argument read from the world: the ids are only known once the world is built."""


def page(name, *args, query=""):
    def url(w):
        return reverse(name, args=[getattr(w, a) if isinstance(a, Id) else a for a in args]) + query

    return url


# -- The matrix: analysts' pages ------------------------------------------------------------------

#   page                   url                                                          anonymous reader editor superuser
ANALYST_PAGES = [
    ("comparison",            page("negotiations:compare"),                                   200,  200,  200,  200),
    ("cell",                  page("negotiations:cell", "recognition", "united-states"),      200,  200,  200,  200),
    ("export.csv",            page("negotiations:export", "csv"),                             200,  200,  200,  200),
    ("export.xlsx",           page("negotiations:export", "xlsx"),                            200,  200,  200,  200),
    ("export.json",           page("negotiations:export", "json"),                            200,  200,  200,  200),
    ("export.md",             page("negotiations:export", "md"),                              200,  200,  200,  200),
    ("party",                 page("negotiations:party", "united-states"),                    200,  200,  200,  200),
    ("person",                page("negotiations:person", "steve-witkoff"),                   200,  200,  200,  200),
    ("topic",                 page("negotiations:topic", "recognition"),                      200,  200,  200,  200),
    ("proposal",              page("negotiations:proposal", "us-peace-plan"),                 200,  200,  200,  200),
    ("published statement",   page("negotiations:statement", Id("published_statement")),      200,  200,  200,  200),
    ("DRAFT statement",       page("negotiations:statement", Id("draft_statement")),          404,  404,  200,  200),
    ("search",                page("negotiations:search", query="?q=putin"),                  200,  200,  200,  200),
    ("changes",               page("negotiations:changes"),                                   200,  200,  200,  200),
    ("statements feed",       page("negotiations:feed_statements"),                           200,  200,  200,  200),
    ("party feed",            page("negotiations:feed_party", "russia"),                      200,  200,  200,  200),
    ("topic feed",            page("negotiations:feed_topic", "recognition"),                 200,  200,  200,  200),
]  # fmt: skip


@pytest.mark.parametrize(("label", "url", "user", "expected"), expand(ANALYST_PAGES))
def test_each_kind_of_user_gets_what_the_matrix_says_on_each_analysts_page(
    world, as_user, label, url, user, expected
):
    path = url(world)
    assert outcome(as_user(user).get(path), path) == expected


# -- The matrix: admin pages ----------------------------------------------------------------------

# Each registered model's changelist, add, change, history and delete pages.
ADMIN_VIEWS = ("changelist", "add", "change", "history", "delete")

#   model                            anonymous    reader       editor  superuser
ADMIN_MODELS = {
    "parties.Party":                 (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "parties.Person":                (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "parties.PersonName":            (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "parties.Role":                  (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.PeaceProcess":     (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Participation":    (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Source":           (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Statement":        (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Attestation":      (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Topic":            (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Region":           (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.RegionName":       (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Proposal":         (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.ProposalVersion":  (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.ProposalPoint":    (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Condition":        (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Event":            (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Fact":             (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    "negotiations.Citation":         (ADMIN_LOGIN, ADMIN_LOGIN, 200, 200),
    # User management stays with superusers.
    "auth.User":                     (ADMIN_LOGIN, ADMIN_LOGIN, 403, 200),
    "auth.Group":                    (ADMIN_LOGIN, ADMIN_LOGIN, 403, 200),
    # django-axes' records of login attempts.
    "axes.AccessAttempt":            (ADMIN_LOGIN, ADMIN_LOGIN, 403, 200),
    "axes.AccessLog":                (ADMIN_LOGIN, ADMIN_LOGIN, 403, 200),
    "axes.AccessFailureLog":         (ADMIN_LOGIN, ADMIN_LOGIN, 403, 200),
}  # fmt: skip

# Where a model's view differs from its row above.
#   (model, view)                                  anonymous    reader       editor  superuser
ADMIN_VIEW_EXCEPTIONS = {
    # axes writes its records itself: nobody adds one by hand.
    ("axes.AccessAttempt", "add"):                 (ADMIN_LOGIN, ADMIN_LOGIN, 403, 403),
    ("axes.AccessLog", "add"):                     (ADMIN_LOGIN, ADMIN_LOGIN, 403, 403),
    ("axes.AccessFailureLog", "add"):              (ADMIN_LOGIN, ADMIN_LOGIN, 403, 403),
}  # fmt: skip


def model_page(label, view):
    def url(w):
        app_label, model_name = label.lower().split(".")
        args = [] if view in ("changelist", "add") else [w.objects[label]]
        return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)

    return url


AUTOCOMPLETE = "?app_label=negotiations&model_name=condition&field_name=statements&term=a"

#   page                      url                                                     anonymous    reader       editor       superuser
ADMIN_PAGES = [
    ("admin login",            page("admin:login"),                                    200,         200,         ADMIN_INDEX, ADMIN_INDEX),
    ("admin index",            page("admin:index"),                                    ADMIN_LOGIN, ADMIN_LOGIN, 200,         200),
    ("app index: parties",     page("admin:app_list", "parties"),                      ADMIN_LOGIN, ADMIN_LOGIN, 200,         200),
    ("app index: negotiations", page("admin:app_list", "negotiations"),                ADMIN_LOGIN, ADMIN_LOGIN, 200,         200),
    ("app index: auth",        page("admin:app_list", "auth"),                         ADMIN_LOGIN, ADMIN_LOGIN, 404,         200),
    ("app index: axes",        page("admin:app_list", "axes"),                         ADMIN_LOGIN, ADMIN_LOGIN, 404,         200),
    ("intake paste",           page("intake:paste"),                                   ADMIN_LOGIN, ADMIN_LOGIN, 200,         200),
    ("intake review",          page("intake:review", Id("draft_source")),              ADMIN_LOGIN, ADMIN_LOGIN, 200,         200),
    ("statement revert form",  page("admin:negotiations_statement_simple_history",
                                    Id("published_statement"), Id("history_record")),  ADMIN_LOGIN, ADMIN_LOGIN, 200,         200),
    ("autocomplete",           page("admin:autocomplete", query=AUTOCOMPLETE),         ADMIN_LOGIN, ADMIN_LOGIN, 200,         200),
    ("user password change",   page("admin:auth_user_password_change", Id("spare_user")), ADMIN_LOGIN, ADMIN_LOGIN, 403,      200),
    *(
        (f"{label} {view}", model_page(label, view), *ADMIN_VIEW_EXCEPTIONS.get((label, view), expected))
        for label, expected in ADMIN_MODELS.items()
        for view in ADMIN_VIEWS
    ),
]  # fmt: skip


def test_the_matrix_covers_every_model_the_admin_shows():
    assert set(ADMIN_MODELS) == {model._meta.label for model in admin.site._registry}
    assert set(ADMIN_VIEW_EXCEPTIONS) <= {
        (label, view) for label in ADMIN_MODELS for view in ADMIN_VIEWS
    }


@pytest.mark.parametrize(("label", "url", "user", "expected"), expand(ADMIN_PAGES))
def test_each_kind_of_user_gets_what_the_matrix_says_on_each_admin_page(
    world, as_user, label, url, user, expected
):
    path = url(world)
    assert outcome(as_user(user).get(path), path) == expected


# -- The matrix: admin actions --------------------------------------------------------------------

#   model                     action               anonymous    reader       editor  superuser
ADMIN_ACTIONS = [
    ("negotiations.Source",    "publish",          ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("negotiations.Source",    "return_to_draft",  ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("negotiations.Source",    "delete_selected",  ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("negotiations.Statement", "publish",          ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("negotiations.Statement", "return_to_draft",  ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("negotiations.Statement", "delete_selected",  ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("negotiations.Condition", "publish",          ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("negotiations.Condition", "return_to_draft",  ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("negotiations.Condition", "delete_selected",  ADMIN_LOGIN, ADMIN_LOGIN, DONE,   DONE),
    ("auth.User",              "delete_selected",  ADMIN_LOGIN, ADMIN_LOGIN, 403,    DONE),
]  # fmt: skip

# What each action is run on, and how it leaves the object when it runs.
STARTS_AS = {"publish": PublishStatus.DRAFT, "return_to_draft": PublishStatus.PUBLISHED}
ENDS_AS = {"publish": PublishStatus.PUBLISHED, "return_to_draft": PublishStatus.DRAFT}


def make_target(label, action):
    status = STARTS_AS.get(action, PublishStatus.PUBLISHED)
    if label == "negotiations.Source":
        return make_source(text="A target.", status=status)
    party = Party.objects.get(slug="ukraine")
    if label == "negotiations.Statement":
        return make_statement(party=party, wording="A target.", status=status)
    if label == "negotiations.Condition":
        return make_condition(party, Topic.objects.get(slug="territory"), status=status)
    return get_user_model().objects.create_user("matrix-doomed")


def state_of(obj):
    """None once deleted, else its status (or, for a user, that it still exists)."""
    found = type(obj).objects.filter(pk=obj.pk).first()
    return None if found is None else getattr(found, "status", "exists")


@pytest.mark.parametrize(
    ("label", "action", "user", "expected"),
    [
        pytest.param(label, action, user, expected, id=f"{label} {action} | {user}")
        for label, action, *by_user in ADMIN_ACTIONS
        for user, expected in zip(USERS, by_user, strict=True)
    ],
)
def test_each_kind_of_user_gets_what_the_matrix_says_for_each_admin_action(
    world, as_user, label, action, user, expected
):
    target = make_target(label, action)
    before = state_of(target)
    app_label, model_name = label.lower().split(".")
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    form = {"action": action, "_selected_action": [target.pk]}
    if action == "delete_selected":
        form["post"] = "yes"  # the confirmation page's answer

    response = as_user(user).post(changelist, form)

    if expected == DONE:
        assert outcome(response, changelist) == f"302 → {changelist}"
        assert state_of(target) == ENDS_AS.get(action)  # None: deleted
    else:
        assert outcome(response, changelist) == expected
        assert state_of(target) == before


# -- Editors cannot manage users ------------------------------------------------------------------


def new_user_form(username):
    return {
        "username": username,
        "password1": "A long pass phrase 42!",
        "password2": "A long pass phrase 42!",
        "usable_password": "true",
    }


def user_change_form(user, **changes):
    """What the user change form posts for `user`, with `changes` on top."""
    form = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        # The inline of the peace processes the user may edit, none listed (every process).
        "process_rights-TOTAL_FORMS": "0",
        "process_rights-INITIAL_FORMS": "0",
        "process_rights-MIN_NUM_FORMS": "0",
        "process_rights-MAX_NUM_FORMS": "1000",
    }
    form.update(changes)
    return form


def test_an_editor_cannot_add_a_user_and_no_user_is_added(world, as_user):
    User = get_user_model()
    count = User.objects.count()

    response = as_user(EDITOR).post(reverse("admin:auth_user_add"), new_user_form("intruder"))

    assert response.status_code == 403
    assert User.objects.count() == count
    # The same form from a superuser adds the user: the editor was refused, not the form.
    response = as_user(SUPERUSER).post(reverse("admin:auth_user_add"), new_user_form("newcomer"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(username="newcomer").exists()


def test_an_editor_cannot_make_themselves_a_superuser_or_join_another_group(world, as_user):
    editor = world.users[EDITOR]
    admins = Group.objects.create(name="Administrators")
    admins.permissions.set(Permission.objects.filter(content_type__app_label="auth"))
    groups_before = set(editor.groups.values_list("pk", flat=True))
    url = reverse("admin:auth_user_change", args=[editor.pk])

    for changes in [
        {"is_superuser": "on"},
        {"groups": [*groups_before, admins.pk]},
        {
            "user_permissions": list(
                Permission.objects.filter(content_type__app_label="auth").values_list(
                    "pk", flat=True
                )
            )
        },
    ]:
        response = as_user(EDITOR).post(url, user_change_form(editor, **changes))
        assert response.status_code == 403, changes

    editor = get_user_model().objects.get(pk=editor.pk)
    assert not editor.is_superuser
    assert set(editor.groups.values_list("pk", flat=True)) == groups_before
    assert not editor.user_permissions.exists()
    assert not editor.has_perm("auth.change_user")
    # The same form from a superuser makes the change: the editor was refused, not the form.
    spare = get_user_model().objects.get(pk=world.spare_user)
    url = reverse("admin:auth_user_change", args=[spare.pk])
    response = as_user(SUPERUSER).post(url, user_change_form(spare, is_superuser="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    spare.refresh_from_db()
    assert spare.is_superuser


def test_an_editor_cannot_give_the_editors_group_more_permissions(world, as_user):
    editors = Group.objects.get(name="Editors")
    before = set(editors.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True))

    response = as_user(EDITOR).post(
        reverse("admin:auth_group_change", args=[editors.pk]),
        {"name": "Editors", "permissions": everything},
    )

    assert response.status_code == 403
    assert set(editors.permissions.values_list("pk", flat=True)) == before


def test_an_editor_cannot_set_a_superusers_password(world, as_user):
    root = world.users[SUPERUSER]

    response = as_user(EDITOR).post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {
            "password1": "Taken over 12345!",
            "password2": "Taken over 12345!",
            "usable_password": "true",
        },
    )

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.check_password(PASSWORD)


# -- Drafts stay with editors ---------------------------------------------------------------------

SHOWN, HIDDEN = "shown", "hidden"
HTMX = {"HX-Request": "true"}

CELL = ("recognition", "united-states")
OPENED = "?open=territory&cell=recognition:united-states&party=united-states"
SEARCH = f"?q={SEARCH_WORD}"

#   page                             url                                                    htmx   anonymous reader  editor  superuser
DRAFT_PAGES = [
    ("comparison, cell opened",       page("negotiations:compare", query=OPENED),            False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("comparison, htmx partial",      page("negotiations:compare", query=OPENED),            True,  HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("comparison, a topic's rows",    page("negotiations:rows", "territory", query=OPENED),   True,  HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("cell",                          page("negotiations:cell", *CELL),                      False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("cell, htmx partial",            page("negotiations:cell", *CELL),                      True,  HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("export.csv",                    page("negotiations:export", "csv"),                    False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("export.xlsx",                   page("negotiations:export", "xlsx"),                   False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("export.json",                   page("negotiations:export", "json"),                   False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("export.md",                     page("negotiations:export", "md"),                     False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("search",                        page("negotiations:search", query=SEARCH),             False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("search, htmx partial",          page("negotiations:search", query=SEARCH),             True,  HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("party",                         page("negotiations:party", "united-states"),           False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("topic",                         page("negotiations:topic", "recognition"),             False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("person who said the draft",     page("negotiations:person", "steve-witkoff"),          False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("proposal of the draft term",    page("negotiations:proposal", "us-peace-plan"),        False, HIDDEN, HIDDEN, SHOWN,  SHOWN),
    ("statement with a draft report", page("negotiations:statement", Id("reported_statement")), False, HIDDEN, HIDDEN, SHOWN, SHOWN),
    # The changelog lists published changes only, and feeds are public and cached: never drafts.
    ("changes",                       page("negotiations:changes"),                          False, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("statements feed",               page("negotiations:feed_statements"),                  False, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("party feed",                    page("negotiations:feed_party", "united-states"),      False, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("party feed of the draft report", page("negotiations:feed_party", "russia"),            False, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("topic feed",                    page("negotiations:feed_topic", "recognition"),        False, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
]  # fmt: skip


def readable_text(response):
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content(response)))
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content(response).decode("utf-8")


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(
    ("label", "url", "htmx", "user", "expected"),
    [
        pytest.param(label, url, htmx, user, expected, id=f"{label} | {user}")
        for label, url, htmx, *by_user in DRAFT_PAGES
        for user, expected in zip(USERS, by_user, strict=True)
    ],
)
def test_drafts_show_to_editors_only_and_never_in_feeds_or_the_changelog(
    world, as_user, label, url, htmx, user, expected
):
    response = as_user(user).get(url(world), headers=HTMX if htmx else {})

    assert response.status_code == 200
    text = readable_text(response).lower()
    assert (SHOWN if MARKER in text else HIDDEN) == expected


def test_the_draft_search_is_not_empty_for_want_of_matches(world, as_user):
    """The search hides the drafts from readers, not for lack of a match: its word is in them."""
    html = as_user(EDITOR).get(reverse("negotiations:search"), {"q": SEARCH_WORD}).content.decode()
    assert html.count(f"<mark>{SEARCH_WORD}</mark>") >= 3


# -- An internal deployment: every reader logs in -------------------------------------------------

LOGIN_REQUIRED = "django.contrib.auth.middleware.LoginRequiredMiddleware"
AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"


def without_login_required(middleware):
    return [name for name in middleware if name != LOGIN_REQUIRED]


def middleware_with_login_required(middleware):
    middleware = without_login_required(middleware)
    at = middleware.index(AUTHENTICATION) + 1
    return [*middleware[:at], LOGIN_REQUIRED, *middleware[at:]]


PRINT_MIDDLEWARE = (
    "import json; from config import settings; print(json.dumps(settings.MIDDLEWARE))"
)


def run_python(code, **env):
    environment = {key: value for key, value in os.environ.items() if key != "READERS_MUST_LOG_IN"}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(("flag", "login_required"), [("1", True), ("0", False), ("", False)])
def test_the_real_settings_give_the_middleware_these_tests_put_in_place(flag, login_required):
    result = run_python(PRINT_MIDDLEWARE, READERS_MUST_LOG_IN=flag)

    assert result.returncode == 0, result.stderr[-2000:]
    expected = (
        middleware_with_login_required(settings.MIDDLEWARE)
        if login_required
        else without_login_required(settings.MIDDLEWARE)
    )
    assert json.loads(result.stdout) == expected


@pytest.fixture
def readers_must_log_in(settings):
    """What READERS_MUST_LOG_IN=1 gives, for the clients made after it."""
    settings.MIDDLEWARE = middleware_with_login_required(settings.MIDDLEWARE)
    # Serve static files from the apps' folders, as no collectstatic runs for the tests.
    settings.WHITENOISE_USE_FINDERS = True


@pytest.mark.parametrize(
    ("label", "url", "expected"),
    [pytest.param(label, url, by_user[1], id=label) for label, url, *by_user in ANALYST_PAGES],
)
def test_with_login_required_every_analysts_page_sends_an_anonymous_visitor_to_log_in(
    world, as_user, readers_must_log_in, label, url, expected
):
    path = url(world)

    assert outcome(as_user(ANONYMOUS).get(path), path) == LOGIN
    # A reader who has logged in gets the page, as readers do without the setting.
    assert outcome(as_user(READER).get(path), path) == expected


STATIC_LINK = re.compile(rf'(?:src|href)="(/{re.escape(settings.STATIC_URL.strip("/"))}/[^"]+)"')


def test_with_login_required_healthz_the_login_pages_and_static_files_stay_open(
    world, as_user, readers_must_log_in
):
    anonymous = as_user(ANONYMOUS)
    page_html = as_user(READER).get(reverse("negotiations:compare")).content.decode()
    static_files = set(STATIC_LINK.findall(page_html))
    assert len(static_files) >= 3, "the page links its stylesheet, icon and htmx"

    for path in [reverse("healthz"), reverse("login"), reverse("admin:login"), *static_files]:
        response = anonymous.get(path)
        assert response.status_code == 200, path
        response.close()


def test_with_login_required_a_reader_logs_in_and_lands_on_the_page_they_asked_for(
    world, readers_must_log_in
):
    client = Client()
    asked_for = reverse("negotiations:topic", args=["recognition"])
    login_page = client.get(asked_for)["Location"]

    response = client.post(
        login_page, {"username": "matrix-reader", "password": PASSWORD, "next": asked_for}
    )

    assert response.status_code == 302
    assert response["Location"] == asked_for
    assert client.get(asked_for).status_code == 200


IN_A_FRESH_PROCESS = textwrap.dedent(
    """
    import json, os, re
    import django
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    anonymous, reader = Client(), Client()
    reader.force_login(get_user_model().objects.create_user("reader"))
    pages = [
        reverse("negotiations:compare"),
        reverse("negotiations:search") + "?q=x",
        reverse("negotiations:export", args=["csv"]),
        reverse("negotiations:changes"),
        reverse("negotiations:feed_statements"),
    ]
    page_html = reader.get(pages[0]).content.decode()
    static_files = sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page_html)))

    def answer(client, path):
        response = client.get(path)
        response.close()
        return [response.status_code, response.get("Location", "")]

    print(json.dumps({
        "login_url": reverse("login"),
        "healthz": answer(anonymous, reverse("healthz")),
        "anonymous": {path: answer(anonymous, path) for path in pages},
        "reader": {path: answer(reader, path) for path in pages},
        "static": {path: answer(anonymous, path) for path in static_files},
    }))
    """
)


def test_with_the_real_setting_in_a_fresh_process_anonymous_visitors_are_sent_to_log_in(tmp_path):
    result = run_python(
        IN_A_FRESH_PROCESS,
        READERS_MUST_LOG_IN="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="testserver",
        DEBUG="1",
    )

    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for path, (status, location) in answers["anonymous"].items():
        assert status == 302, path
        assert location == f"{answers['login_url']}?next={quote(path, safe='/')}"
    assert all(status == 200 for status, _ in answers["reader"].values()), answers["reader"]
    assert answers["healthz"] == [200, ""]
    assert len(answers["static"]) >= 3
    assert all(answer == [200, ""] for answer in answers["static"].values()), answers["static"]
