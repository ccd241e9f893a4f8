"""The review page of article intake, driven through its rendered HTML as a browser sends it:
anonymous and institutional sources, party suggestions, "unsure", spellings that become names,
accepting twice, the admin home page's link and ISO dates."""

from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from negotiations.models import Attestation, PublishStatus, Source, Statement
from parties.models import Party, Person, PersonName

# From the evaluation set: MEAWW, 2 December 2025, and a Zelenskyy quote of 29 November.
KREMLIN_ARTICLE = (
    "Putin meets Witkoff and Kushner for 5 hours in Moscow, no Ukraine peace deal achieved\n\n"
    "KREMLIN, MOSCOW: Russian President Vladimir Putin met on Tuesday, December 2, with Steve "
    "Witkoff, President Donald Trump’s special envoy for Ukraine negotiations, and Jared Kushner "
    "for what the Kremlin described as a “very useful, constructive” five-hour meeting.\n\n"
    "But Kremlin adviser Yuri Ushakov, speaking in a video posted by the Kremlin, said, “a lot "
    "more work needs to be done,” stressing that no breakthrough was achieved.\n\n"
    # From LinkedPrime, 30 November 2025: a quote with no attribution of its own.
    "The Ukrainian delegation was led by security council secretary Rustem Umerov.\n\n"
    '"We are working to secure real peace for Ukraine and reliable, long-term security '
    'guarantees."'
)
ZELENSKYY_ARTICLE = (
    "“The dialogue based on the Geneva points will continue. Diplomacy remains active,” "
    "Ukrainian President Volodymyr Zelenskyy said."
)


class _FormControls(HTMLParser):
    """The name and value of every control of one form, as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.textarea = self.select = None
        self.selected = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            checkbox = attrs.get("type") == "checkbox"
            if not checkbox or "checked" in attrs:
                self.data.append([attrs["name"], attrs.get("value", "on" if checkbox else "")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select, self.selected = attrs["name"], []
        elif tag == "option" and self.select and "selected" in attrs:
            self.selected.append(attrs.get("value", ""))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            self.data.append([self.textarea[0], self.textarea[1].removeprefix("\n")])
            self.textarea = None
        elif tag == "select" and self.select:
            self.data += [[self.select, value] for value in self.selected]
            self.select = None


def rendered_form(response, form_id="intake-review-form"):
    parser = _FormControls(form_id)
    parser.feed(response.content.decode())
    return parser.data


def ticked(data, row, changes=None):
    """The form data with row `row` accepted (and its fields changed), as a list of pairs."""
    prefix = f"candidates-{row}-"
    changes = {"accept": "on", **(changes or {})}
    kept = [[k, v] for k, v in data if k.removeprefix(prefix) not in changes]
    return kept + [[prefix + name, value] for name, value in changes.items() if value is not None]


def post(client, url, pairs):
    body = {}
    for key, value in pairs:
        body.setdefault(key, []).append(value)
    return client.post(url, body)


def _errors(response):
    return [form.errors for form in response.context["formset"].forms if form.errors]


def paste(client, text, title):
    data = {
        "text": text,
        "publisher": "MEAWW",
        "title": title,
        "url": "",
        "published_on": "2025-12-02",
        "published_on_precision": "day",
        "language": "en",
    }
    response = client.post(reverse("admin:negotiations_source_paste"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Source.objects.get(title=title)


def review(client, source):
    url = reverse("admin:negotiations_source_review", args=[source.pk])
    return url, client.get(url)


def row_of(response, words):
    return next(
        i for i, row in enumerate(response.context["rows"]) if words in row.candidate.wording
    )


@pytest.fixture
def kremlin(seeded, editor_client):
    source = paste(editor_client, KREMLIN_ARTICLE, "Putin meets Witkoff and Kushner")
    return (source, *review(editor_client, source))


def test_the_review_page_shows_anonymous_unsure_and_the_suggested_party(kremlin):
    source, url, page = kremlin
    html = page.content.decode()
    data = dict(rendered_form(page))
    row = row_of(page, "what the Kremlin described")
    russia = Party.objects.get(slug="russia")

    assert "<strong>Anonymous</strong> or institutional source: “the Kremlin”" in html
    assert "<strong>Unsure</strong> who said it" in html
    assert "Party suggested by the text: <strong>Russia</strong>" in html
    assert data[f"candidates-{row}-anonymous"] == "on"
    assert data[f"candidates-{row}-attribution"] == "the Kremlin"
    assert data[f"candidates-{row}-party"] == str(russia.pk)
    assert data[f"candidates-{row}-speaker"] == ""


def test_an_editor_accepts_an_anonymous_statement_and_the_pages_show_its_attribution(
    kremlin, editor_client, client
):
    source, url, page = kremlin
    row = row_of(page, "what the Kremlin described")

    response = post(editor_client, url, ticked(rendered_form(page), row))

    assert response.status_code == 302, _errors(response)
    statement = Statement.objects.get(attestations__source=source)
    assert (statement.speaker, statement.party.slug) == (None, "russia")
    assert statement.attribution == "the Kremlin"
    assert statement.attributed_to == "the Kremlin"
    assert "the Kremlin" in editor_client.get(statement.get_absolute_url()).content.decode()


def test_an_anonymous_row_with_a_speaker_is_refused_and_nothing_is_saved(kremlin, editor_client):
    source, url, page = kremlin
    row = row_of(page, "what the Kremlin described")
    putin = Person.objects.get(slug="vladimir-putin")

    response = post(editor_client, url, ticked(rendered_form(page), row, {"speaker": putin.pk}))

    assert response.status_code == 200
    assert "An anonymous source has no speaker" in response.content.decode()
    assert not Statement.objects.filter(attestations__source=source).exists()


def test_an_unsure_row_offers_no_speaker_and_can_be_given_one(kremlin, editor_client):
    source, url, page = kremlin
    row = row_of(page, "We are working to secure")
    data = dict(rendered_form(page))
    assert page.context["rows"][row].candidate.unsure
    assert data[f"candidates-{row}-speaker"] == data[f"candidates-{row}-new_person"] == ""

    ukraine = Party.objects.get(slug="ukraine")
    changes = {"new_person": "Rustem Umerov", "party": str(ukraine.pk), "anonymous": None}
    post(editor_client, url, ticked(rendered_form(page), row, changes))

    statement = Statement.objects.get(attestations__source=source)
    assert statement.speaker.name == "Rustem Umerov" and statement.attribution == ""


def test_accepting_the_same_rows_twice_creates_nothing_the_second_time(kremlin, editor_client):
    source, url, page = kremlin
    row = row_of(page, "a lot more work needs to be done")
    post(editor_client, url, ticked(rendered_form(page), row))
    assert Statement.objects.filter(attestations__source=source).count() == 1

    again = editor_client.get(url)
    assert "accepting it again creates nothing" in again.content.decode()
    response = post(editor_client, url, ticked(rendered_form(again), row))

    assert Statement.objects.filter(attestations__source=source).count() == 1
    assert Attestation.objects.filter(source=source).count() == 1
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("already saved from this source" in m for m in said), said


def test_a_confirmed_spelling_becomes_one_of_the_persons_other_names(seeded, editor_client):
    source = paste(editor_client, ZELENSKYY_ARTICLE, "Zelenskyy on Geneva")
    url, page = review(editor_client, source)
    assert "is taken as a spelling of Volodymyr Zelensky's name" in page.content.decode()

    post(editor_client, url, ticked(rendered_form(page), 0))

    name = PersonName.objects.get(name="Volodymyr Zelenskyy")
    assert name.person.slug == "volodymyr-zelensky"
    assert "article intake" in name.note and f"source {source.pk}" in name.note


def test_a_spelling_is_not_added_when_the_editor_chose_another_speaker(seeded, editor_client):
    source = paste(editor_client, ZELENSKYY_ARTICLE, "Zelenskyy on Geneva")
    url, page = review(editor_client, source)
    yermak = Person.objects.get(slug="andriy-yermak")

    post(editor_client, url, ticked(rendered_form(page), 0, {"speaker": str(yermak.pk)}))

    assert Statement.objects.get(attestations__source=source).speaker == yermak
    assert not PersonName.objects.filter(name="Volodymyr Zelenskyy").exists()


def test_the_admin_home_page_offers_paste_an_article_to_editors(seeded, editor_client, client):
    html = editor_client.get(reverse("admin:index")).content.decode()

    assert f'href="{reverse("admin:negotiations_source_paste")}"' in html
    assert "Paste an article" in html


def test_the_first_intake_address_serves_the_same_page(seeded, editor_client):
    response = editor_client.get(reverse("intake:paste"))

    assert response.status_code == 200
    assert "admin/intake/paste.html" in [t.name for t in response.templates]


def test_intake_shows_and_takes_dates_as_iso(kremlin):
    source, url, page = kremlin
    html = page.content.decode()
    data = dict(rendered_form(page))

    assert '<time datetime="2025-12-02">2025-12-02</time>' in html
    assert data["candidates-0-said_on"] == "2025-12-02"
    assert source.status == PublishStatus.DRAFT
