"""The editors' day in a real browser, on the rendered admin pages and PostgreSQL's real
transactions: add through the popups, edit, conflict, revert, publish, intake, source text edits,
each checked afterwards on the public pages by a reader who never logged in."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from negotiations.models import Attestation, Condition, PublishStatus, Source, Statement
from parties.models import Party, Person
from tests.conftest import the_seed_article

pytestmark = [pytest.mark.browser, pytest.mark.postgresql_only]


@pytest.fixture
def screenshots(tmp_path):
    """Where the screenshots go: BROWSER_SCREENSHOTS when set, to look at after a run."""
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def site(live_server, transactional_db, seed_rows):
    """The live server's base address, with the seed written back from the session's snapshot
    (the same rows as a load, history included, in a fraction of the time)."""
    seed_rows.restore()
    return live_server.url


# --- Driving the admin as an editor does ---------------------------------------------------------


def submit(page, name):
    """Click the submit button labelled `name` and wait for the page it leads to; a 500 fails
    the test at once, naming the address."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name=name, exact=True).first.click()
    response = posted.value
    assert response.status < 500, f"POST {response.url} answered {response.status}"
    page.wait_for_load_state()
    return response


def errors_on(page):
    return page.locator(".errornote, ul.errorlist").all_inner_texts()


def expect_saved(page, done="changed successfully"):
    errors = errors_on(page)
    assert not errors, f"{page.url} refused the save: {' / '.join(errors)}"
    expect(page.locator("ul.messagelist li.success").first).to_contain_text(done)


def choose(page, select_id, typed, option):
    """Pick `option` in a select2 autocomplete: open it, type, click the result."""
    page.locator(f"[aria-labelledby=select2-{select_id}-container]").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(typed)
    page.locator(".select2-results__option", has_text=option).first.click()
    expect(page.locator(f"#select2-{select_id}-container")).to_contain_text(option)


def clear_choice(page, select_id):
    page.locator(f"#select2-{select_id}-container .select2-selection__clear").click()
    page.keyboard.press("Escape")
    expect(page.locator(f"#select2-{select_id}-container")).not_to_contain_text("×")


def open_popup(page, link_id):
    with page.context.expect_page() as opened:
        page.locator(f"#{link_id}").click()
    popup = opened.value
    popup.wait_for_load_state()
    return popup


def save_popup(popup):
    """Save the popup's form; it closes itself and hands the new row to the form that opened it."""
    try:
        with popup.expect_event("close"):
            with popup.expect_response(lambda r: r.request.method == "POST") as posted:
                popup.get_by_role("button", name="Save", exact=True).click()
            response = posted.value
            assert response.status < 500, f"POST {response.url} answered {response.status}"
    except PlaywrightTimeoutError:
        pytest.fail(f"the popup did not close: {errors_on(popup)}")


def run_action(page, row_text, action):
    """On a changelist, tick the row that says `row_text` and run the action named `action`."""
    page.locator("#result_list tbody tr", has_text=row_text).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    submit(page, "Go")
    return page.locator("ul.messagelist").inner_text()


def change_form(page, site, obj):
    meta = obj._meta
    page.goto(site + reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    return page


def public(reader, site, path):
    """Open a public page as the anonymous reader; returns the HTTP status."""
    return reader.goto(site + path).status


def insert_at(page, locator, offset, text):
    """Put the caret at `offset` in a text area and type `text` there."""
    locator.evaluate("(el, at) => { el.focus(); el.setSelectionRange(at, at); }", offset)
    page.keyboard.type(text)


# --- 1. A statement with a new person and a new source, through the "+" popups -----------------

SPEAKER = "Testa Editorova"
QUOTE = "We will not accept this test of the popups."
SOURCE_TITLE = "Test article for the admin popups"
SOURCE_TEXT = (
    "A test article written for the browser suite.\n\n"
    f'Testa Editorova, a test speaker, told test reporters: "{QUOTE}"\n\n'
    "Nothing else happened."
)


def test_an_editor_adds_a_statement_with_a_new_person_and_a_new_source_through_the_popups(
    site, editor_page, reader
):
    page = editor_page
    page.get_by_role("link", name="Statements").first.click()
    page.get_by_role("link", name="Add statement").click()

    popup = open_popup(page, "add_id_speaker")
    popup.locator("#id_name").press_sequentially(SPEAKER)
    choose(popup, "id_party", "Ukr", "Ukraine")
    save_popup(popup)
    expect(page.locator("#select2-id_speaker-container")).to_contain_text(SPEAKER)

    page.locator("#id_said_on").fill("2025-12-03")
    page.locator("#id_mode").select_option(label="direct quote")
    page.locator("#id_summary").fill("A test statement refusing a test proposal.")

    popup = open_popup(page, "add_id_attestations-0-source")
    popup.locator("#id_publisher").fill("Test Wire")
    popup.locator("#id_title").fill(SOURCE_TITLE)
    popup.locator("#id_published_on").fill("2025-12-03")
    popup.locator("#id_language").fill("en")
    popup.locator("#id_text").fill(SOURCE_TEXT)
    save_popup(popup)
    expect(page.locator("#select2-id_attestations-0-source-container")).to_contain_text(
        SOURCE_TITLE
    )
    page.locator("#id_attestations-0-wording").fill(QUOTE)
    submit(page, "Save")
    expect_saved(page, "added successfully")

    statement = Statement.objects.get(attestations__wording=QUOTE)
    person = Person.objects.get(name=SPEAKER)
    assert statement.speaker == person
    assert statement.party == Party.objects.get(slug="ukraine")
    assert statement.status == PublishStatus.DRAFT
    assert public(reader, site, statement.get_absolute_url()) == 404
    assert public(reader, site, reverse("negotiations:person", args=[person.slug])) == 404

    publish_statement(page, site, statement)

    assert public(reader, site, statement.get_absolute_url()) == 200
    expect(reader.locator(".wording blockquote")).to_have_text(QUOTE)
    expect(reader.locator(".wording figcaption")).to_contain_text(SOURCE_TITLE)
    assert public(reader, site, reverse("negotiations:person", args=[person.slug])) == 200
    expect(reader.locator("main")).to_contain_text(QUOTE)
    public(reader, site, f"{reverse('negotiations:search')}?q=Editorova")
    expect(reader.locator("#search-results")).to_contain_text(SPEAKER)


def publish_statement(page, site, statement):
    """Publish `statement` from its changelist as one step. Publishing must publish what it needs
    (its draft sources) or refuse, naming them; after a refusal the editor publishes the named
    sources and tries again."""
    page.goto(site + reverse("admin:negotiations_statement_changelist") + "?status__exact=draft")
    message = run_action(page, statement.summary, "publish")
    statement.refresh_from_db()
    drafts = Source.objects.filter(attestations__statement=statement, status=PublishStatus.DRAFT)
    if statement.is_published:
        assert not drafts.exists(), "a published statement's source was left a draft"
        return
    for source in drafts:
        assert source.title in message, f"the refusal does not name {source}: {message}"
        page.goto(site + reverse("admin:negotiations_source_changelist"))
        run_action(page, source.title, "publish")
    page.goto(site + reverse("admin:negotiations_statement_changelist") + "?status__exact=draft")
    run_action(page, statement.summary, "publish")
    statement.refresh_from_db()
    assert statement.is_published


# --- 2. Editing a statement, a term and a source -------------------------------------------------


def the_statement():
    return Statement.objects.filter(attestations__source=the_seed_article()).first()


def the_term():
    return Condition.objects.filter(statements__isnull=False).first()


def statement_page_of_term(term):
    return term.statements.first().get_absolute_url()


CORRECTION = "Reworded in a test of the editors' day"


def give_a_reason(page, reason=CORRECTION):
    """A published statement or term asks why it is corrected; a source does not."""
    field = page.get_by_label("Reason for the correction")
    if field.count():
        field.fill(reason)


def edit_twice(page, site, obj, field, label):
    """Change `field` and "Save and continue editing", then change it again and "Save"."""
    change_form(page, site, obj)
    first = f"Edited once in a test of the {label} form"
    page.locator(f"#id_{field}").fill(first)
    give_a_reason(page)
    submit(page, "Save and continue editing")
    expect_saved(page)
    expect(page.locator(f"#id_{field}")).to_have_value(first)

    second = f"Edited twice in a test of the {label} form"
    page.locator(f"#id_{field}").fill(second)
    give_a_reason(page)
    submit(page, "Save")
    expect_saved(page)
    obj.refresh_from_db()
    assert getattr(obj, field) == second
    return second


def test_an_editor_edits_a_statement_a_term_and_a_source_and_a_reader_sees_each_change(
    site, editor_page, reader
):
    statement, term, source = the_statement(), the_term(), the_seed_article()
    summary = edit_twice(editor_page, site, statement, "summary", "statement")
    term_summary = edit_twice(editor_page, site, term, "summary", "term")
    title = edit_twice(editor_page, site, source, "title", "source")

    assert public(reader, site, statement.get_absolute_url()) == 200
    expect(reader.locator(".summary")).to_have_text(summary)
    expect(reader.locator(".corrections")).to_contain_text(CORRECTION)
    expect(reader.locator(".wording figcaption", has_text=title)).to_have_count(1)
    assert public(reader, site, statement_page_of_term(term)) == 200
    expect(reader.locator("ul.terms")).to_contain_text(term_summary)


def test_the_statement_form_fits_a_1280_pixel_window(site, editor_page, screenshots):
    page = change_form(editor_page, site, the_statement())
    page.screenshot(path=screenshots / "statement-form.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"the statement form is {width} px wide in a 1280 px window"


# --- 3. Two editors on the same statement --------------------------------------------------------


def test_a_second_editor_sees_the_first_ones_change_and_can_keep_their_own(
    site, log_in_editor, reader, screenshots
):
    statement = the_statement()
    ada, bea = log_in_editor("ada"), log_in_editor("bea")
    change_form(ada, site, statement)
    change_form(bea, site, statement)

    ada.locator("#id_summary").fill("Ada's test summary")
    give_a_reason(ada)
    submit(ada, "Save")
    expect_saved(ada)

    bea.locator("#id_summary").fill("Bea's test summary")
    give_a_reason(bea)
    submit(bea, "Save")
    conflict = bea.locator(".errornote, ul.errorlist")
    expect(conflict.first).to_be_visible()
    expect(bea.locator("#content")).to_contain_text("Ada's test summary")
    bea.screenshot(path=screenshots / "conflict.png", full_page=True)
    statement.refresh_from_db()
    assert statement.summary == "Ada's test summary"

    # Having seen Ada's version, Bea saves hers again, deliberately.
    expect(bea.locator("#id_summary")).to_have_value("Bea's test summary")
    submit(bea, "Save")
    expect_saved(bea)
    statement.refresh_from_db()
    assert statement.summary == "Bea's test summary"
    assert public(reader, site, statement.get_absolute_url()) == 200
    expect(reader.locator(".summary")).to_have_text("Bea's test summary")


# --- 4. Revert from History ----------------------------------------------------------------------


def test_an_editor_reverts_a_statement_from_its_history(site, editor_page, reader):
    statement = the_statement()
    original = statement.summary
    statement.summary = "A mistaken test summary, to be reverted"
    statement.save()

    page = change_form(editor_page, site, statement)
    page.get_by_role("link", name="History").click()
    page.locator("#change-history a", has_text=original).first.click()
    expect(page.locator("#id_summary")).to_have_value(original)
    submit(page, "Revert")
    errors = errors_on(page)
    assert not errors, f"{page.url} refused the revert: {' / '.join(errors)}"
    expect(page.locator("ul.messagelist li.success").first).to_be_visible()

    statement.refresh_from_db()
    assert statement.summary == original
    assert public(reader, site, statement.get_absolute_url()) == 200
    expect(reader.locator(".summary")).to_have_text(original)


# --- 5. Publishing a draft statement whose source and speaker are new -------------------------

DRAFT_SPEAKER = "Drafta Unpublishedova"
DRAFT_QUOTE = "This test quote stays private until it is published."


def a_draft_statement_by_a_new_person():
    source = Source.objects.create(
        publisher="Test Wire",
        title="Test draft source",
        text=f'Drafta Unpublishedova said: "{DRAFT_QUOTE}" That is all.',
    )
    person = Person.objects.create(
        name=DRAFT_SPEAKER, slug="drafta-unpublishedova", party=Party.objects.get(slug="ukraine")
    )
    statement = Statement.objects.create(
        speaker=person,
        said_on="2025-12-04",
        mode="quote",
        summary="A test draft statement by a new person.",
    )
    attestation = Attestation(statement=statement, source=source, wording=DRAFT_QUOTE)
    attestation.full_clean()
    attestation.save()
    return statement, source, person


def test_no_reader_sees_a_published_statement_without_its_source_nor_a_new_person_before(
    site, editor_page, reader, new_reader
):
    statement, source, person = a_draft_statement_by_a_new_person()
    person_page = reverse("negotiations:person", args=[person.slug])
    search_page = f"{reverse('negotiations:search')}?q=Unpublishedova"

    assert public(reader, site, statement.get_absolute_url()) == 404
    assert public(reader, site, person_page) == 404
    public(reader, site, search_page)
    expect(reader.locator("#search-results")).not_to_contain_text(DRAFT_SPEAKER)

    page = editor_page
    page.goto(site + reverse("admin:negotiations_statement_changelist") + "?status__exact=draft")
    message = run_action(page, statement.summary, "publish")
    statement.refresh_from_db()
    source.refresh_from_db()

    if not statement.is_published:
        # Refusing is allowed, as long as the editor is told what is missing.
        assert source.title in message, f"refused without naming the draft source: {message}"
        assert public(reader, site, statement.get_absolute_url()) == 404
        assert public(reader, site, person_page) == 404
        return
    assert source.is_published, f"published with its source still a draft: {message}"
    # Another reader, whose browser has not kept the search page from before.
    reader = new_reader()
    assert public(reader, site, statement.get_absolute_url()) == 200
    expect(reader.locator("main")).not_to_contain_text("No published source reports it")
    expect(reader.locator(".wording blockquote")).to_have_text(DRAFT_QUOTE)
    assert public(reader, site, person_page) == 200
    public(reader, site, search_page)
    expect(reader.locator("#search-results")).to_contain_text(DRAFT_SPEAKER)


def test_publishing_from_the_statement_form_publishes_its_draft_source_too(
    site, editor_page, reader
):
    statement, source, person = a_draft_statement_by_a_new_person()
    page = change_form(editor_page, site, statement)
    page.locator("#id_status").select_option("published")
    submit(page, "Save")
    source.refresh_from_db()
    statement.refresh_from_db()
    if statement.is_published:
        expect_saved(page)
        assert source.is_published, "saved as published with its source still a draft"
    else:
        refusal = " ".join(errors_on(page) + page.locator("ul.messagelist").all_inner_texts())
        assert source.title in refusal, f"not published, and the draft source not named: {refusal}"
    status = public(reader, site, statement.get_absolute_url())
    if status == 200:
        expect(reader.locator("main")).not_to_contain_text("No published source reports it")
    person_public = public(reader, site, reverse("negotiations:person", args=[person.slug]))
    assert person_public == status


# --- 6. Intake: paste, review, accept twice, publish ---------------------------------------------

INTAKE_TITLE = "Test article: an aide turns down a test draft"
INTAKE_QUOTE = "We will not accept this."
INTAKE_ARTICLE = f"""{INTAKE_TITLE}

KYIV, 3 December 2025. This short article is test data written for the browser suite. Andriy \
Yermak, a top aide to President Volodymyr Zelensky, spoke to reporters on Wednesday about a test \
draft. He said: "{INTAKE_QUOTE}"

Nothing else in this test article is news."""


def test_an_editor_pastes_an_article_accepts_a_statement_twice_and_publishes_it_once(
    site, editor_page, reader
):
    page = editor_page
    page.get_by_role("link", name="Paste an article").click()
    page.get_by_label("Article text").fill(INTAKE_ARTICLE)
    page.get_by_label("Publisher").fill("Test Wire")
    page.get_by_label("Title").fill(INTAKE_TITLE)
    page.get_by_label("Published on").fill("2025-12-03")
    page.get_by_label("Language").fill("en")
    submit(page, "Store as a draft and review")

    row = page.locator("fieldset.intake-candidate", has_text=INTAKE_QUOTE)
    expect(row).to_have_count(1)
    review = page.url
    row.get_by_label("Accept this statement").check()
    row.get_by_label("One-line summary").fill("A test aide refuses a test draft.")
    submit(page, "Save the accepted statements as drafts")
    errors = errors_on(page)
    assert not errors, f"{page.url} refused the accepted row: {' / '.join(errors)}"

    # Back to the review, and accept the same row again: nothing new is made.
    page.goto(review)
    row = page.locator("fieldset.intake-candidate", has_text=INTAKE_QUOTE)
    row.get_by_label("Accept this statement").check()
    row.get_by_label("One-line summary").fill("A test aide refuses a test draft.")
    submit(page, "Save the accepted statements as drafts")
    errors = errors_on(page)
    assert not errors, f"{page.url} refused the accepted row: {' / '.join(errors)}"
    (statement,) = Statement.objects.filter(attestations__wording__contains=INTAKE_QUOTE)
    assert Attestation.objects.filter(wording__contains=INTAKE_QUOTE).count() == 1

    assert public(reader, site, statement.get_absolute_url()) == 404
    publish_statement(page, site, statement)
    assert public(reader, site, statement.get_absolute_url()) == 200
    expect(reader.locator(".wording blockquote")).to_contain_text(INTAKE_QUOTE)
    expect(reader.locator(".wording figcaption")).to_contain_text(INTAKE_TITLE)


# --- 7. A source's text: saved unchanged, edited above a quote, a quote deleted ------------------


def an_attestation_in_the_article():
    return (
        Attestation.objects.filter(source=the_seed_article(), start__isnull=False)
        .select_related("statement", "source")
        .order_by("start")
        .last()
    )


def save_statement_unchanged(page, site, statement):
    change_form(page, site, statement)
    submit(page, "Save")
    expect_saved(page)


def test_a_source_saved_unchanged_then_edited_above_a_quote_keeps_its_statements_right(
    site, editor_page, reader
):
    attestation = an_attestation_in_the_article()
    source, statement = attestation.source, attestation.statement
    text = source.text
    assert "\n" in text  # the browser sends it back with CRLF line endings

    # Saved unchanged: byte for byte the same text, and its statements still save.
    page = change_form(editor_page, site, source)
    submit(page, "Save")
    expect_saved(page)
    source.refresh_from_db()
    assert source.text == text
    save_statement_unchanged(page, site, statement)

    # A sentence typed in above every quote: the quotes move with the text.
    added = "A test sentence, added above every quote. "
    change_form(page, site, source)
    insert_at(page, page.locator("#id_text"), 0, added)
    submit(page, "Save")
    expect_saved(page)
    source.refresh_from_db()
    attestation.refresh_from_db()
    assert source.text == added + text
    assert source.text[attestation.start : attestation.end] == attestation.wording

    assert public(reader, site, statement.get_absolute_url()) == 200
    passage = reader.locator(".in-source .source-text").filter(has_text=added)
    expect(passage.locator("mark")).to_have_text(attestation.wording)
    # The page prints the text around the highlight from the offsets: the whole reads as stored
    # only if the offsets point at the wording.
    assert passage.text_content() == source.text
    save_statement_unchanged(page, site, statement)


def test_an_edit_that_deletes_a_quoted_passage_is_refused_naming_it(site, editor_page):
    attestation = an_attestation_in_the_article()
    source = attestation.source
    text = source.text
    page = change_form(editor_page, site, source)
    area = page.locator("#id_text")
    area.evaluate(
        "(el, [from, to]) => { el.focus(); el.setSelectionRange(from, to); }",
        [attestation.start, attestation.end],
    )
    page.keyboard.press("Delete")
    submit(page, "Save")
    expect(page.locator(".errornote")).to_be_visible()
    errors = " / ".join(page.locator("ul.errorlist").all_inner_texts())
    assert attestation.wording[:30] in errors, f"the refusal does not name the quote: {errors}"
    source.refresh_from_db()
    assert source.text == text


# --- 8. A form error, not a 500 ------------------------------------------------------------------


def test_clearing_both_speaker_and_party_is_a_form_error(site, editor_page):
    statement = Statement.objects.filter(speaker__isnull=False).first()
    page = change_form(editor_page, site, statement)
    clear_choice(page, "id_speaker")
    clear_choice(page, "id_party")
    submit(page, "Save")
    expect(page.locator(".errornote")).to_be_visible()
    errors = " / ".join(page.locator("ul.errorlist").all_inner_texts())
    assert "Name the speaker" in errors, errors
    statement.refresh_from_db()
    assert statement.speaker_id is not None
