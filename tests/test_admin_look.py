"""The admin reads as the tracker's: its name in the header, ISO dates in every list and field,
intake one click from the home page, and History pages whose links open for editors."""

import datetime
import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse

from negotiations.models import Condition, Statement, Topic

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


def cells(html, css_class):
    """The text of every changelist cell of the column `css_class`, in order."""
    pattern = rf'<td class="{css_class}(?: [^"]*)?">(.*?)</td>'
    return [text.strip() for text in re.findall(pattern, html, flags=re.DOTALL)]


def history_url(obj):
    return reverse(f"admin:negotiations_{obj._meta.model_name}_history", args=[obj.pk])


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="correct horse battery")


@pytest.fixture
def statement_changed_by(seeded, editor, superuser):
    """A statement changed once by the editor and once by a superuser, as History records it."""
    statement = Statement.objects.order_by("pk").first()
    for user, summary in [(editor, "First correction."), (superuser, "Second correction.")]:
        statement.summary = summary
        statement._history_user = user
        statement.save()
    return statement


def test_the_admin_is_branded_as_the_tracker_not_as_django(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Django administration" not in html
    assert "Django site admin" not in html
    assert re.search(r'<div id="site-name"><a href="/admin/">Negotiation tracker</a>', html)
    assert re.search(r"<title>[^<]*Negotiation tracker[^<]*</title>", html)


def test_the_admin_home_page_offers_to_paste_an_article(editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:negotiations_source_paste")}"' in html
    assert "Paste an article" in html


def test_every_admin_page_loads_the_admin_stylesheet(editor_client, seeded):
    statement = Statement.objects.order_by("pk").first()
    for url in [
        reverse("admin:index"),
        reverse("admin:negotiations_statement_change", args=[statement.pk]),
        reverse("admin:negotiations_source_paste"),
    ]:
        assert 'href="/static/css/admin.css"' in editor_client.get(url).content.decode(), url


def test_a_changelist_shows_dates_as_iso(editor_client, seeded):
    html = editor_client.get(reverse("admin:negotiations_condition_changelist")).content.decode()
    shown = [text for text in cells(html, "field-valid_from") if text != "-"]
    assert shown, "no term with a start date in the list"
    assert all(ISO_DATE.match(text) for text in shown), shown
    expected = {f"{day:%Y-%m-%d}" for day in Condition.objects.values_list("valid_from", flat=True)}
    assert set(shown) <= expected


def test_a_changelist_shows_times_as_iso_date_and_24_hour_time(editor_client, seeded):
    html = editor_client.get(reverse("admin:negotiations_topic_changelist")).content.decode()
    shown = cells(html, "field-updated_at")
    assert len(shown) == Topic.objects.count()
    assert all(ISO_DATETIME.match(text) for text in shown), shown


def test_a_date_field_shows_its_value_as_iso(editor_client, seeded):
    statement = Statement.objects.exclude(said_on=None).order_by("pk").first()
    html = editor_client.get(
        reverse("admin:negotiations_statement_change", args=[statement.pk])
    ).content.decode()
    field = re.search(r'<input type="text" name="said_on"[^>]*>', html).group()
    assert f'value="{statement.said_on:%Y-%m-%d}"' in field
    assert 'class="vDateField' in field


def test_a_date_is_read_as_iso_and_an_ambiguous_one_is_refused():
    field = forms.DateField()
    assert field.clean("2025-11-27") == datetime.date(2025, 11, 27)
    # 03/04/2025 is March in one country and April in another: never guess.
    for ambiguous in ["03/04/2025", "27/11/2025", "11/27/2025"]:
        with pytest.raises(forms.ValidationError):
            field.clean(ambiguous)


def test_a_datetime_field_reads_iso_with_or_without_seconds():
    field = forms.DateTimeField()
    assert field.clean("2025-11-27 14:05").replace(tzinfo=None) == datetime.datetime(
        2025, 11, 27, 14, 5
    )
    assert field.clean("2025-11-27 14:05:30").second == 30


def test_intake_dates_are_iso_text_fields_not_the_browsers_date_picker(editor_client):
    html = editor_client.get(reverse("admin:negotiations_source_paste")).content.decode()
    field = re.search(r'<input[^>]*name="published_on"[^>]*>', html).group()
    assert 'type="text"' in field
    assert 'placeholder="YYYY-MM-DD"' in field


def test_a_readers_page_keeps_its_readers_dates(client, seeded):
    statement = Statement.objects.exclude(said_on=None).order_by("pk").first()
    html = client.get(reverse("negotiations:statement", args=[statement.pk])).content.decode()
    assert f"{statement.said_on.day} {statement.said_on:%b %Y}" in html


def test_history_shows_an_editor_who_changed_what_without_a_link_they_cannot_open(
    editor_client, editor, superuser, statement_changed_by
):
    html = editor_client.get(history_url(statement_changed_by)).content.decode()
    assert "/admin/auth/user/" not in html
    assert "editor" in html and "root" in html
    # The link is left out because it would not open for them.
    for user in [editor, superuser]:
        url = reverse("admin:auth_user_change", args=[user.pk])
        assert editor_client.get(url).status_code == 403


def test_history_links_a_superuser_to_the_user_who_changed_it(
    client, editor, superuser, statement_changed_by
):
    client.force_login(superuser)
    html = client.get(history_url(statement_changed_by)).content.decode()
    assert f'<a href="{reverse("admin:auth_user_change", args=[editor.pk])}">editor</a>' in html


def test_history_shows_each_change_time_as_iso(editor_client, statement_changed_by):
    html = editor_client.get(history_url(statement_changed_by)).content.decode()
    shown = cells(html, "history-date")
    assert len(shown) == statement_changed_by.history.count()
    assert all(ISO_DATETIME.match(text) for text in shown), shown
