"""`manage.py create_editor`: an editor is staff in the Editors group, with a checked password."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from parties.editors import EDITORS_GROUP

STRONG = "lugansk crimea donetsk 1100"

pytestmark = pytest.mark.django_db


def create_editor(*args):
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def password_from_env(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", STRONG)


@pytest.fixture
def typed(monkeypatch):
    """Answers typed at the password prompts, in order; the environment variable is unset."""
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    answers = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers.pop(0))
    return answers


def test_it_creates_a_staff_editor_who_is_not_a_superuser(password_from_env):
    output = create_editor("olena", "--email", "olena@example.org")

    user = get_user_model().objects.get(username="olena")
    assert user.is_staff
    assert not user.is_superuser
    assert user.email == "olena@example.org"
    assert user.check_password(STRONG)
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert user.has_perm("negotiations.add_statement")
    assert not user.has_perm("auth.change_user")
    assert "Created olena" in output


def test_a_weak_password_is_refused_and_no_user_is_created(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "password")

    with pytest.raises(CommandError, match="too common"):
        create_editor("olena")

    assert not get_user_model().objects.filter(username="olena").exists()


def test_a_password_like_the_username_is_refused(monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", "olena-kovalenko")

    with pytest.raises(CommandError, match="too similar"):
        create_editor("olena-kovalenko")


def test_running_it_again_updates_the_user_instead_of_adding_one(password_from_env, monkeypatch):
    create_editor("olena", "--email", "olena@example.org")
    monkeypatch.setenv("EDITOR_PASSWORD", "a different strong passphrase")

    output = create_editor("olena", "--email", "olena@example.com")

    user = get_user_model().objects.get(username="olena")
    assert user.email == "olena@example.com"
    assert user.check_password("a different strong passphrase")
    assert user.groups.filter(name=EDITORS_GROUP).count() == 1
    assert "Updated olena" in output


def test_it_makes_an_existing_user_an_editor_and_keeps_their_email(password_from_env):
    get_user_model().objects.create_user("olena", email="olena@example.org")

    create_editor("olena")

    user = get_user_model().objects.get(username="olena")
    assert user.is_staff
    assert not user.is_superuser
    assert user.email == "olena@example.org"
    assert user.groups.filter(name=EDITORS_GROUP).exists()


def test_without_the_variable_it_asks_for_the_password_twice(typed):
    typed.extend([STRONG, STRONG])

    create_editor("olena")

    assert get_user_model().objects.get(username="olena").check_password(STRONG)
    assert typed == []


def test_two_different_passwords_at_the_prompt_are_refused(typed):
    typed.extend([STRONG, STRONG + "!"])

    with pytest.raises(CommandError, match="do not match"):
        create_editor("olena")

    assert not get_user_model().objects.filter(username="olena").exists()


def test_an_empty_password_is_refused(typed):
    typed.extend(["", ""])

    with pytest.raises(CommandError, match="empty"):
        create_editor("olena")


def test_an_invalid_username_is_refused(password_from_env):
    with pytest.raises(CommandError, match="Invalid username"):
        create_editor("olena kovalenko")
