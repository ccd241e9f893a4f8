"""Article intake in the admin: paste an article, review the statements found, save them as drafts."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from negotiations.intake import clean_text
from negotiations.intake.forms import MAX_TEXT_BYTES
from negotiations.models import (
    Attestation,
    Condition,
    ConditionKind,
    PublishStatus,
    Source,
    Statement,
)
from parties.models import Party, Person
from tests.conftest import the_seed_article

PASTE = "admin:negotiations_source_paste"
MILITARY_MEANS = "If they don't, then we will achieve it by military means"
BASIS = "Overall, we agree that it could form the basis for future agreements"
YERMAK = (
    "As long as Zelensky is president, no one should count on us giving up territory. "
    "He will not sign away territory"
)
NEW_SPEAKER_ARTICLE = """Talks resume in Geneva

“We are ready to talk, but not to surrender,” said Olena Kovalenko, a Ukrainian deputy foreign \
minister. Asked about the front line, she was blunt. “Not one more village will be traded away,” \
Kovalenko said."""


def paste_form(text, **changes):
    data = {
        "text": text,
        "publisher": "The Second Paper",
        "title": "Putin repeats his terms in Bishkek",
        "url": "",
        "published_on": "2025-11-28",
        "published_on_precision": "day",
        "language": "en",
    }
    data.update(changes)
    return data


def paste(client, text, **changes):
    """Post the paste form; return the stored source (or None) and the response."""
    before = set(Source.objects.values_list("pk", flat=True))
    response = client.post(reverse(PASTE), paste_form(text, **changes))
    new = Source.objects.exclude(pk__in=before)
    return new.first(), response


def review_url(source):
    return reverse("admin:negotiations_source_review", args=[source.pk])


def review_post(page, rows):
    """What the review form posts: each row as the page prefilled it, changed as `rows` says.

    `rows` maps a row's index on the page to the fields to change; a row named there is accepted
    unless it says otherwise.
    """
    formset = page.context["formset"]
    data = {"fingerprint": page.context["fingerprint"]}
    for field in formset.management_form:
        data[field.html_name] = field.value()
    for index, form in enumerate(formset.forms):
        values = {field.name: field.value() for field in form}
        if index in rows:
            values.update({"accept": True, **rows[index]})
        for name, value in values.items():
            key = form.add_prefix(name)
            if name in ("accept", "conditions"):
                if value:  # as a browser does, an unticked box or empty multiple select is left out
                    data[key] = "on" if value is True else value
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            elif value is None:
                data[key] = ""
            else:
                data[key] = value
    return data


def rows(page):
    return page.context["rows"]


def quote_rows(page):
    return [row for row in rows(page) if row.candidate.is_quote]


def index_of(page, wording):
    return next(i for i, row in enumerate(rows(page)) if row.candidate.wording == wording)


def russia_precondition():
    return Condition.objects.get(
        party__slug="russia", topic__slug="troop-withdrawal", kind=ConditionKind.PRECONDITION
    )


def count_everything():
    """How many rows every model has, history and admin log included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def withdrawal_cell_for_readers(client):
    response = client.get(
        reverse("negotiations:compare"), {"open": "territory", "cell": "troop-withdrawal:russia"}
    )
    assert response.status_code == 200
    detail = response.context["view"].detail
    return detail.statement_count, detail.source_count


@pytest.fixture
def staff_client(db):
    """Staff, so the admin lets them in, but not an editor."""
    user = get_user_model().objects.create_user(
        "visitor", password="correct horse battery", is_staff=True
    )
    client = Client()
    client.force_login(user)
    return client


# -- the whole flow -------------------------------------------------------------------------------


def test_an_editor_pastes_the_seed_article_and_saves_two_of_its_three_quotes_as_drafts(
    seeded, editor_client, article_text
):
    source, response = paste(editor_client, article_text)

    assert response.status_code == 302
    assert response.url == review_url(source)
    assert source.status == PublishStatus.DRAFT
    assert source.text == clean_text(article_text)
    assert source.publisher == "The Second Paper"

    page = editor_client.get(review_url(source))
    assert page.status_code == 200
    quotes = quote_rows(page)
    assert [row.candidate.wording for row in quotes] == [MILITARY_MEANS, BASIS, YERMAK]
    putin, yermak = (
        Person.objects.get(slug="vladimir-putin"),
        Person.objects.get(slug="andriy-yermak"),
    )
    assert [row.form["speaker"].value() for row in quotes] == [putin.pk, putin.pk, yermak.pk]
    assert [row.form["mode"].value() for row in quotes] == ["quote"] * 3
    html = page.content.decode()
    assert f'<option value="{putin.pk}" selected>Vladimir Putin</option>' in html
    assert "asserted" in html and "the surname of Andriy Yermak" in html
    assert "<mark>" + escape(MILITARY_MEANS) in html

    condition = russia_precondition()
    before = Statement.objects.count()
    response = editor_client.post(
        review_url(source),
        review_post(
            page,
            {
                index_of(page, MILITARY_MEANS): {"conditions": [condition.pk]},
                index_of(page, YERMAK): {"said_on": "2025-11-28", "said_on_precision": "by"},
            },
        ),
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:negotiations_statement_changelist"))
    assert Statement.objects.count() == before + 2
    new = list(Statement.objects.filter(attestations__source=source).order_by("pk"))
    assert [s.speaker for s in new] == [putin, yermak]
    assert all(s.status == PublishStatus.DRAFT for s in new)
    assert [s.mode for s in new] == ["quote", "quote"]
    for statement in new:
        (attestation,) = statement.attestations.all()
        assert source.text[attestation.start : attestation.end] == attestation.wording
    assert [s.attestations.get().wording for s in new] == [MILITARY_MEANS, YERMAK]
    assert new[0].said_on == datetime.date(2025, 11, 28)
    assert new[0] in condition.statements.all()
    assert not new[1].conditions.exists()

    changelist = editor_client.get(response.url)
    assert changelist.status_code == 200
    assert list(changelist.context["cl"].result_list) == sorted(
        new, key=lambda s: (-s.said_on.toordinal(), s.pk)
    )
    message = str(list(changelist.context["messages"])[0])
    assert "2 draft statements were created" in message and "published" in message

    # Drafts: a reader sees the cell as it was, until the statement and its source are published.
    client = Client()
    assert withdrawal_cell_for_readers(client) == (3, 1)
    assert client.get(reverse("negotiations:statement", args=[new[0].pk])).status_code == 404
    new[0].status = PublishStatus.PUBLISHED
    new[0].save()
    source.status = PublishStatus.PUBLISHED
    source.save()
    assert withdrawal_cell_for_readers(client) == (4, 2)


def test_the_sources_changelist_links_to_the_paste_page(seeded, editor_client):
    response = editor_client.get(reverse("admin:negotiations_source_changelist"))
    assert f'href="{reverse(PASTE)}"' in response.content.decode()


def test_the_paste_page_looks_like_the_admin(editor_client):
    response = editor_client.get(reverse(PASTE))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="breadcrumbs"' in html and reverse("admin:index") in html
    assert 'id="site-name"' in html
    assert "<script>" not in html and " style=" not in html


# -- wording --------------------------------------------------------------------------------------


def test_a_trimmed_wording_that_is_still_verbatim_is_accepted(seeded, editor_client, article_text):
    source, _ = paste(editor_client, article_text)
    page = editor_client.get(review_url(source))

    response = editor_client.post(
        review_url(source),
        review_post(page, {index_of(page, YERMAK): {"wording": "He will not sign away territory"}}),
    )

    assert response.status_code == 302
    attestation = Attestation.objects.get(source=source)
    assert attestation.wording == "He will not sign away territory"
    assert source.text[attestation.start : attestation.end] == attestation.wording
    assert attestation.statement.speaker.slug == "andriy-yermak"


def test_a_wording_that_is_not_verbatim_is_refused_and_nothing_is_saved(
    seeded, editor_client, article_text
):
    source, _ = paste(editor_client, article_text)
    page = editor_client.get(review_url(source))
    before = count_everything()

    response = editor_client.post(
        review_url(source),
        review_post(
            page,
            {
                # A valid row first: it must be undone with the invalid one.
                index_of(page, MILITARY_MEANS): {"conditions": [russia_precondition().pk]},
                index_of(page, YERMAK): {"wording": "He will never sign away territory"},
            },
        ),
    )

    assert response.status_code == 200
    assert "not found verbatim" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    failed = rows(response)[index_of(page, YERMAK)].form
    assert "not found verbatim" in str(failed.errors["wording"])
    assert count_everything() == before


def test_the_engines_offsets_keep_the_right_occurrence_of_a_repeated_quote(seeded, editor_client):
    text = (
        '"We will not retreat from our positions," Putin said on Monday.\n\n'
        'On Tuesday, in Kyiv, the words came back. "We will not retreat from our positions," '
        "Yermak said."
    )
    source, _ = paste(editor_client, text)
    page = editor_client.get(review_url(source))
    assert [row.candidate.speaker_name for row in rows(page)] == ["Vladimir Putin", "Andriy Yermak"]

    editor_client.post(review_url(source), review_post(page, {1: {}}))

    attestation = Attestation.objects.get(source=source)
    assert attestation.start == source.text.rindex("We will not retreat")
    assert attestation.statement.speaker.slug == "andriy-yermak"


def attested_wordings(source):
    """The wordings of the one statement accepted from `source`, in the order of the text; each
    must stand verbatim where its attestation says."""
    statement = Statement.objects.filter(attestations__source=source).distinct().get()
    attestations = list(statement.attestations.order_by("start"))
    for attestation in attestations:
        assert source.text[attestation.start : attestation.end] == attestation.wording
    return [attestation.wording for attestation in attestations]


def test_a_quote_split_by_its_attribution_is_kept_as_one_attestation_per_part(
    seeded, editor_client
):
    text = (
        "“We will not give up our land,” Yermak said, “and no one in Kyiv will sign such a deal.”"
    )
    source, _ = paste(editor_client, text)
    page = editor_client.get(review_url(source))
    (row,) = rows(page)
    assert row.candidate.is_split

    editor_client.post(review_url(source), review_post(page, {0: {}}))

    assert attested_wordings(source) == [
        "We will not give up our land",
        "and no one in Kyiv will sign such a deal.",
    ]


def test_a_quote_over_two_lines_is_kept_as_one_attestation_per_line(seeded, editor_client):
    text = (
        "Zelensky, having earlier confirmed the trilateral meeting, said: ‘Right now, our team "
        "is heading to the Emirates for meetings with both the American and Russian sides.\n"
        "We’re waiting to see how it goes and will decide on the next steps.’"
    )
    source, _ = paste(editor_client, text)
    page = editor_client.get(review_url(source))
    (row,) = rows(page)
    assert row.candidate.is_split
    assert "A quote in 2 parts" in page.content.decode()

    editor_client.post(review_url(source), review_post(page, {0: {}}))

    assert attested_wordings(source) == [
        "Right now, our team is heading to the Emirates for meetings with both the American and "
        "Russian sides.",
        "We’re waiting to see how it goes and will decide on the next steps.",
    ]


def test_an_accepted_row_needs_a_date_and_a_speaker(seeded, editor_client, article_text):
    source, _ = paste(editor_client, article_text)
    page = editor_client.get(review_url(source))
    before = count_everything()

    response = editor_client.post(
        review_url(source),
        review_post(page, {index_of(page, MILITARY_MEANS): {"said_on": "", "speaker": ""}}),
    )

    form = rows(response)[index_of(page, MILITARY_MEANS)].form
    assert "said_on" in form.errors and "speaker" in form.errors
    assert count_everything() == before


# -- speakers -------------------------------------------------------------------------------------


def test_an_unknown_speaker_is_offered_as_a_new_person_and_created_in_the_chosen_party(
    seeded, editor_client
):
    russia, ukraine = Party.objects.get(slug="russia"), Party.objects.get(slug="ukraine")
    # Someone else already has the slug the new name makes: she must not be matched to them.
    namesake = Person.objects.create(name="O. K.", slug="olena-kovalenko", party=russia)
    people_before = Person.objects.count()
    source, _ = paste(editor_client, NEW_SPEAKER_ARTICLE, title="Talks resume")
    page = editor_client.get(review_url(source))

    first, second = rows(page)
    assert first.candidate.speaker is None
    assert first.form["new_person"].value() == "Olena Kovalenko"
    assert first.form["speaker"].value() is None
    assert second.form["new_person"].value() == "Olena Kovalenko"
    assert 'value="Olena Kovalenko"' in page.content.decode()

    response = editor_client.post(
        review_url(source),
        review_post(page, {0: {"party": ukraine.pk}, 1: {"party": ukraine.pk}}),
    )

    assert response.status_code == 302
    assert Person.objects.count() == people_before + 1
    person = Person.objects.get(name="Olena Kovalenko")
    assert person.party == ukraine
    assert person.slug == "olena-kovalenko-2"
    assert person != namesake
    statements = Statement.objects.filter(attestations__source=source)
    assert {s.speaker for s in statements} == {person}
    assert {s.party for s in statements} == {ukraine}


def test_a_new_person_needs_a_party_and_excludes_a_known_speaker(seeded, editor_client):
    putin = Person.objects.get(slug="vladimir-putin")
    source, _ = paste(editor_client, NEW_SPEAKER_ARTICLE, title="Talks resume")
    page = editor_client.get(review_url(source))
    before = count_everything()

    response = editor_client.post(
        review_url(source), review_post(page, {0: {}, 1: {"speaker": putin.pk}})
    )

    first, second = (row.form for row in rows(response))
    assert first.errors["party"] == ["Choose the new person's party."]
    assert "not both" in second.errors["new_person"][0]
    assert count_everything() == before


def test_a_statement_can_be_attributed_to_a_party_alone(seeded, editor_client, article_text):
    ukraine = Party.objects.get(slug="ukraine")
    source, _ = paste(editor_client, article_text)
    page = editor_client.get(review_url(source))

    editor_client.post(
        review_url(source),
        review_post(page, {index_of(page, YERMAK): {"speaker": "", "party": ukraine.pk}}),
    )

    statement = Statement.objects.get(attestations__source=source)
    assert statement.speaker is None
    assert statement.party == ukraine


# -- bad input ------------------------------------------------------------------------------------


def test_html_is_stored_as_cleaned_text(seeded, editor_client):
    html = (
        "<html><head><title>x</title><style>p { color: red }</style></head><body>"
        "<script>alert('no')</script><p>&ldquo;We will never give up Kharkiv,&rdquo; "
        "Yermak&nbsp;said.</p><p>Nothing else here.</p></body></html>"
    )
    source, response = paste(editor_client, html)

    assert response.status_code == 302
    assert source.text == clean_text(html)
    assert "<" not in source.text and "alert" not in source.text and "color" not in source.text
    page = editor_client.get(review_url(source))
    assert [row.candidate.wording for row in rows(page)] == ["We will never give up Kharkiv"]


def test_an_article_with_no_quotes_says_no_quotes_were_found(seeded, editor_client):
    source, _ = paste(editor_client, "The weather in Geneva was mild. Nobody spoke to reporters.")
    page = editor_client.get(review_url(source))

    assert page.status_code == 200
    html = page.content.decode()
    assert "No quotes found" in html
    assert reverse("admin:negotiations_statement_add") in html
    assert "intake-review-form" not in html


def test_an_article_with_unbalanced_quotes_is_reviewed_without_error(seeded, editor_client):
    text = (
        'Putin said "we will see, and then he left. The aide added: “nothing is agreed.\n\n'
        '"This is not a peace plan," Driscoll said. ”Odd” and "" and “ and ".'
    )
    source, _ = paste(editor_client, text)
    page = editor_client.get(review_url(source))

    assert page.status_code == 200
    assert "This is not a peace plan" in [row.candidate.wording for row in rows(page)]


def test_an_article_of_two_megabytes_is_stored_and_reviewed_a_page_at_a_time(
    seeded, editor_client, article_text
):
    text = "\n\n".join([article_text] * (2_000_000 // len(article_text)))
    assert 1_900_000 < len(text.encode()) <= 2 * 1024 * 1024
    source, response = paste(editor_client, text)

    assert response.status_code == 302
    page = editor_client.get(review_url(source))
    assert page.status_code == 200
    assert page.context["candidate_count"] > 1000
    assert len(rows(page)) == 50
    last = editor_client.get(review_url(source) + f"?page={page.context['page_count']}")
    assert last.status_code == 200
    assert 0 < len(rows(last)) <= 50


@pytest.mark.parametrize("letter", ["a", "é"], ids=["ascii", "two-byte"])
def test_a_text_over_three_megabytes_is_refused_with_a_form_error(
    db, editor_client, settings, letter
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    text = letter * (MAX_TEXT_BYTES // len(letter.encode()) + 1)

    response = editor_client.post(reverse(PASTE), paste_form(text))

    assert response.status_code == 200
    assert "too large" in response.context["form"].errors["text"][0]
    assert "too large" in response.content.decode()
    assert not Source.objects.exists()


def test_a_body_over_the_servers_upload_limit_is_refused_with_a_form_error_too(
    db, editor_client, settings
):
    # Django refuses such a body before any form reads it: the page still answers with the form.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = editor_client.post(reverse(PASTE), paste_form("a" * (2 * 1024 * 1024)))

    assert response.status_code == 413
    assert "too large" in response.context["form"].errors["text"][0]
    assert "1.0\xa0MB" in response.context["form"].errors["text"][0]
    assert not Source.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n\t ", "<p> &nbsp; </p><script>x</script>"])
def test_an_empty_text_is_refused(db, editor_client, text):
    response = editor_client.post(reverse(PASTE), paste_form(text))

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not Source.objects.exists()


def test_an_address_already_stored_is_refused(seeded, editor_client, article_text):
    Source.objects.filter(pk=the_seed_article().pk).update(url="https://example.org/putin-terms")
    response = editor_client.post(
        reverse(PASTE), paste_form(article_text, url="https://example.org/putin-terms")
    )

    assert response.status_code == 200
    assert "already stored" in str(response.context["form"].errors["url"])
    assert Source.objects.count() == seeded["sources"]


def test_a_fresh_address_is_stored(seeded, editor_client, article_text):
    source, response = paste(editor_client, article_text, url="https://example.org/fresh")
    assert response.status_code == 302
    assert source.url == "https://example.org/fresh"


def test_a_review_of_a_deleted_source_is_a_404(seeded, editor_client, article_text):
    source, _ = paste(editor_client, article_text)
    page = editor_client.get(review_url(source))
    data = review_post(page, {index_of(page, MILITARY_MEANS): {}})
    url = review_url(source)
    source.delete()
    before = count_everything()

    response = editor_client.post(url, data)

    assert response.status_code == 404
    assert count_everything() == before


def test_a_review_of_a_source_whose_text_changed_saves_nothing_and_says_so(
    seeded, editor_client, article_text
):
    source, _ = paste(editor_client, article_text)
    page = editor_client.get(review_url(source))
    data = review_post(page, {index_of(page, MILITARY_MEANS): {}})
    Source.objects.filter(pk=source.pk).update(text="Another text.")
    before = count_everything()

    response = editor_client.post(review_url(source), data, follow=True)

    assert count_everything() == before
    assert "text changed" in str(list(response.context["messages"])[0])


def test_accepting_nothing_creates_nothing(seeded, editor_client, article_text):
    source, _ = paste(editor_client, article_text)
    page = editor_client.get(review_url(source))
    before = count_everything()

    response = editor_client.post(review_url(source), review_post(page, {}))

    assert response.status_code == 302
    assert count_everything() == before


def test_the_review_page_makes_the_same_few_queries_however_many_statements_are_found(
    seeded, editor_client, article_text
):
    short, _ = paste(editor_client, article_text)
    long, _ = paste(editor_client, "\n\n".join([article_text] * 5), title="Five times over")

    with CaptureQueriesContext(connection) as few:
        found = len(rows(editor_client.get(review_url(short))))
    with CaptureQueriesContext(connection) as many:
        assert len(rows(editor_client.get(review_url(long)))) == 5 * found == 45

    assert len(few) <= 15
    assert len(many) == len(few)


# -- access ---------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_admin_login(seeded, client):
    source = the_seed_article()
    for url in (reverse(PASTE), review_url(source)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
        assert client.post(url, {}).status_code == 302
    assert Source.objects.count() == seeded["sources"]


def test_staff_outside_the_editors_get_a_403(seeded, staff_client, article_text):
    source = the_seed_article()
    assert staff_client.get(reverse(PASTE)).status_code == 403
    assert staff_client.post(reverse(PASTE), paste_form(article_text)).status_code == 403
    assert staff_client.get(review_url(source)).status_code == 403
    assert staff_client.post(review_url(source), {}).status_code == 403
    assert Source.objects.count() == seeded["sources"]


def test_staff_who_may_add_statements_but_not_people_or_terms_cannot_add_or_link_them(seeded):
    user = get_user_model().objects.create_user(
        "intake-only", password="correct horse battery", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="negotiations", codename__in=["add_source", "add_statement"]
        )
    )
    client = Client()
    client.force_login(user)
    source, _ = paste(client, NEW_SPEAKER_ARTICLE, title="Talks resume")
    page = client.get(review_url(source))
    ukraine = Party.objects.get(slug="ukraine")
    before = count_everything()

    response = client.post(
        review_url(source),
        review_post(page, {0: {"party": ukraine.pk, "conditions": [russia_precondition().pk]}}),
    )

    form = rows(response)[0].form
    assert "You may not add people" in form.errors["new_person"][0]
    assert "You may not change terms" in form.errors["conditions"][0]
    assert count_everything() == before


def test_the_paste_form_still_checks_the_csrf_token(seeded, editor, article_text):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(reverse(PASTE), paste_form(article_text))

    assert response.status_code == 403
    assert Source.objects.count() == seeded["sources"]
