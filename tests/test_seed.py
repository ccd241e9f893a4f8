"""The seed command: it loads the article's negotiation once, checks every word, all or nothing."""

import datetime
import shutil
import tomllib
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from negotiations.models import (
    Attestation,
    Citation,
    Condition,
    Event,
    Fact,
    Proposal,
    ProposalPoint,
    ProposalVersion,
    Region,
    Source,
    Statement,
    Topic,
)
from parties.models import Party, Person, Role

SEED_FILE = settings.SEED_DIR / "negotiation.toml"
ARTICLE_FILE = settings.SEED_DIR / "article.txt"
NOTES_FILE = settings.SEED_DIR / "background-notes.md"
ARTICLE_TITLE = "Putin Offers Ukraine Peace Deal: Withdraw Troops or Face Force"
NOTES = "Background notes, not in the article"

MILITARY_MEANS = "If they don't, then we will achieve it by military means"
BASIS_FOR_AGREEMENTS = "Overall, we agree that it could form the basis for future agreements"
YERMAK_NO_TERRITORY = (
    "As long as Zelensky is president, no one should count on us giving up territory. "
    "He will not sign away territory"
)
CEDING_LAND = "Ukraine has outright rejected the condition of ceding land."
QUOTES = [
    (MILITARY_MEANS, "vladimir-putin"),
    (BASIS_FOR_AGREEMENTS, "vladimir-putin"),
    (YERMAK_NO_TERRITORY, "andriy-yermak"),
]

EVIDENCED_MODELS = [Proposal, ProposalVersion, ProposalPoint, Condition, Event, Fact]


def row_counts():
    """How many rows every model of the tracked apps holds, history and link tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in ("parties", "negotiations")
    }


def snapshot():
    """Every row of every tracked model, to tell whether anything changed at all."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in ("parties", "negotiations")
    }


def run_seed(*args):
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def statement_saying(wording, **filters):
    return Statement.objects.get(attestations__wording=wording, **filters)


def us_plan_version(number):
    return ProposalVersion.objects.get(proposal__slug="us-peace-plan", number=number)


def article():
    return Source.objects.get(title=ARTICLE_TITLE)


@pytest.fixture
def broken_seed(tmp_path):
    """Writes the seed, with text replaced, beside copies of its sources; returns its path."""

    def write(*replacements):
        text = SEED_FILE.read_text(encoding="utf-8")
        for old, new in replacements:
            assert text.count(old) == 1, f"the replaced text must occur once: {old!r}"
            text = text.replace(old, new)
        shutil.copy(ARTICLE_FILE, tmp_path / "article.txt")
        shutil.copy(NOTES_FILE, tmp_path / "background-notes.md")
        path = tmp_path / "negotiation.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


# -- the command -------------------------------------------------------------------------------


def test_the_seed_command_says_how_many_of_each_kind_it_created(db):
    output = run_seed()

    assert "Seed loaded: created" in output
    for model in [Source, Statement, Attestation, Condition, Event, Fact, ProposalPoint, Role]:
        count = model.objects.count()
        assert count > 0
        assert f"{count} {model._meta.verbose_name_plural}" in output


def test_a_second_run_creates_nothing_and_says_so(db):
    run_seed()

    output = run_seed()

    assert "nothing created" in output
    assert "Seed loaded" not in output


def test_a_second_run_leaves_the_row_count_of_every_model_unchanged(db):
    run_seed()
    before = row_counts()

    run_seed()

    assert row_counts() == before


@pytest.mark.parametrize(
    ("entries", "model"),
    [
        ("parties", Party),
        ("people", Person),
        ("topics", Topic),
        ("regions", Region),
        ("proposals", Proposal),
        ("statements", Statement),
        ("conditions", Condition),
        ("events", Event),
        ("facts", Fact),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_every_entry_of_the_seed_file_is_stored_as_a_row_of_its_own(seeded, entries, model):
    with SEED_FILE.open("rb") as handle:
        data = tomllib.load(handle)

    assert model.objects.count() == len(data[entries])


# -- every word is the article's ---------------------------------------------------------------


def test_the_source_stores_the_article_text(seeded, article_text):
    assert article().text == article_text


def test_the_background_notes_are_a_source_of_their_own_stored_verbatim(seeded):
    notes = Source.objects.get(publisher=NOTES)

    assert notes.text == NOTES_FILE.read_text(encoding="utf-8")
    assert notes != article()


def test_every_attestation_wording_is_in_the_article_at_its_offsets(seeded, article_text):
    attestations = list(Attestation.objects.all())

    assert len(attestations) == Statement.objects.count()
    for attestation in attestations:
        assert attestation.wording in article_text
        assert article_text[attestation.start : attestation.end] == attestation.wording


@pytest.mark.parametrize("model", [*EVIDENCED_MODELS, Role], ids=lambda model: model.__name__)
def test_every_source_excerpt_is_in_the_article(seeded, article_text, model):
    rows = list(model.objects.all())

    assert rows
    for row in rows:
        assert row.source_excerpt
        assert row.source_excerpt in article_text


@pytest.mark.parametrize("model", EVIDENCED_MODELS, ids=lambda model: model.__name__)
def test_every_evidenced_row_names_the_article_as_its_source(seeded, model):
    assert {row.source_id for row in model.objects.all()} == {article().pk}


def test_every_condition_rests_on_a_statement_or_is_inferred_from_an_article_sentence(seeded):
    assert Condition.objects.exists()
    for condition in Condition.objects.filter(statements__isnull=True):
        assert condition.is_inferred
        assert condition.source_excerpt in article().text


def test_every_citation_quotes_rows_of_the_background_notes_verbatim(seeded):
    notes = Source.objects.get(publisher=NOTES)
    citations = list(Citation.objects.all())

    assert citations
    for citation in citations:
        assert citation.source == notes
        assert citation.excerpt in notes.text
        assert all(line.startswith("| ") for line in citation.excerpt.splitlines())


# -- quotes and reported speech ----------------------------------------------------------------


@pytest.mark.parametrize(("wording", "speaker"), QUOTES, ids=["military", "basis", "yermak"])
def test_each_direct_quote_is_a_quote_by_its_speaker(seeded, wording, speaker):
    statement = statement_saying(wording)

    assert statement.mode == "quote"
    assert statement.speaker.slug == speaker


def test_every_other_statement_is_reported_speech(seeded):
    others = Statement.objects.exclude(attestations__wording__in=[w for w, _ in QUOTES])

    assert others.count() == Statement.objects.count() - len(QUOTES)
    assert set(others.values_list("mode", flat=True)) == {"reported"}


def test_putins_statements_are_dated_27_november_to_the_day(seeded):
    statements = Statement.objects.filter(speaker__slug="vladimir-putin")

    assert statements.count() == 8
    assert set(statements.values_list("said_on", "said_on_precision")) == {
        (datetime.date(2025, 11, 27), "day")
    }


def test_yermaks_statements_are_dated_27_november_as_the_notes_correct(seeded):
    statements = Statement.objects.filter(speaker__slug="andriy-yermak")

    assert statements.count() == 2
    assert set(statements.values_list("said_on", "said_on_precision")) == {
        (datetime.date(2025, 11, 27), "day")
    }


def test_the_article_is_dated_approximately_to_the_day_the_notes_give(seeded):
    source = article()

    assert source.published_on == datetime.date(2025, 11, 27)
    assert source.published_on_precision == "approx"
    assert source.published_display == "around 27 Nov 2025"
    assert "on or soon after 2025-11-27" in source.citations.get().excerpt


@pytest.mark.parametrize("model", [Source, Statement, Condition], ids=lambda m: m.__name__)
def test_everything_seeded_is_published(seeded, model):
    rows = list(model.objects.all())

    assert rows
    assert all(row.status == "published" and row.published_at for row in rows)


# -- Russia's terms ----------------------------------------------------------------------------


def test_russia_requires_ukraine_to_withdraw_first_resting_on_the_military_means_quote(seeded):
    condition = Condition.objects.get(party__slug="russia", kind="precondition")

    assert condition.topic.slug == "troop-withdrawal"
    assert condition.addressed_to.slug == "ukraine"
    assert statement_saying(MILITARY_MEANS) in condition.statements.all()


def test_russia_threatens_to_take_the_territories_by_military_means(seeded):
    condition = Condition.objects.get(party__slug="russia", kind="threat")

    assert condition.addressed_to.slug == "ukraine"
    assert list(condition.statements.all()) == [statement_saying(MILITARY_MEANS)]


def test_russia_offers_to_cease_combat_operations(seeded):
    condition = Condition.objects.get(party__slug="russia", kind="offer")

    assert condition.topic.slug == "cessation-of-hostilities"
    assert condition.addressed_to.slug == "ukraine"
    assert "cease its combat operations" in condition.source_excerpt


def test_russia_demands_recognition_of_donetsk_crimea_and_luhansk(seeded):
    condition = Condition.objects.get(party__slug="russia", kind="demand")

    assert condition.topic.slug == "recognition"
    assert set(condition.regions.values_list("name", flat=True)) == {
        "Donetsk",
        "Crimea",
        "Luhansk",
    }


@pytest.mark.parametrize("name", ["Lugansk", "luhansk"])
def test_luhansk_is_found_under_its_other_name_and_in_any_case(seeded, name):
    assert Region.find(name) == Region.objects.get(slug="luhansk")


def test_the_revised_us_draft_has_an_estimated_twenty_points(seeded):
    version = us_plan_version(2)

    assert version.point_count == 20
    assert version.point_count_is_estimate
    assert version.point_count_display == "an estimated 20"


def test_russia_accepts_the_revised_us_draft_as_a_basis(seeded):
    condition = Condition.objects.get(party__slug="russia", kind="acceptance")

    assert condition.proposal_version == us_plan_version(2)
    assert statement_saying(BASIS_FOR_AGREEMENTS) in condition.statements.all()


# -- the initial US draft ----------------------------------------------------------------------


def test_the_initial_us_draft_had_points_on_withdrawal_from_donetsk_and_recognition(seeded):
    texts = list(us_plan_version(1).points.values_list("text", flat=True))

    assert any("withdrawal from Donetsk" in text for text in texts)
    assert any("recognised" in text for text in texts)


def test_the_initial_us_draft_was_drafted_without_european_allies(seeded):
    assert "without European allies" in us_plan_version(1).summary


def test_europe_and_ukraine_criticised_the_initial_us_draft(seeded):
    positions = Condition.objects.filter(proposal_version=us_plan_version(1))

    assert set(positions.values_list("party__slug", flat=True)) == {"european-allies", "ukraine"}
    for condition in positions:
        assert condition.kind == "position"
        assert {s.party_id for s in condition.statements.all()} == {condition.party_id}


# -- Ukraine's terms ---------------------------------------------------------------------------


def test_ukraine_rejects_ceding_territory(seeded):
    condition = Condition.objects.get(
        party__slug="ukraine", kind="rejection", topic__slug="troop-withdrawal"
    )

    assert statement_saying(CEDING_LAND) in condition.statements.all()
    assert statement_saying(YERMAK_NO_TERRITORY) in condition.statements.all()


def test_ukraine_draws_a_red_line_on_recognition(seeded):
    condition = Condition.objects.get(party__slug="ukraine", kind="red_line")

    assert condition.topic.slug == "recognition"
    assert list(condition.statements.all()) == [statement_saying(YERMAK_NO_TERRITORY)]


def test_ukraine_would_only_discuss_the_1100_km_front_line(seeded):
    condition = Condition.objects.get(party__slug="ukraine", topic__slug="front-line")

    assert condition.topic.slug == "front-line"
    assert "1,100-kilometre front line" in condition.source_excerpt
    assert condition.statements.get().speaker.slug == "andriy-yermak"


# -- events and background ---------------------------------------------------------------------


def test_witkoff_is_expected_to_travel_to_moscow_in_the_week_of_1_december(seeded):
    event = Event.objects.get(participants__slug="steve-witkoff")

    assert event.status == "expected"
    assert event.place == "Moscow"
    assert (event.starts_on, event.starts_on_precision) == (datetime.date(2025, 12, 1), "week")
    assert event.proposal_version == us_plan_version(2)


def test_driscoll_is_scheduled_to_visit_kyiv(seeded):
    event = Event.objects.get(participants__slug="dan-driscoll")

    assert event.status == "scheduled"
    assert event.place == "Kyiv"


def test_the_occupied_regions_are_approximately_one_fifth_of_ukraine(seeded):
    fact = Fact.objects.get(summary__contains="one-fifth")

    assert fact.is_approximate


def test_the_war_is_nearing_its_fourth_year(seeded):
    assert Fact.objects.filter(summary__contains="fourth year").exists()


# -- broken seeds ------------------------------------------------------------------------------

LAST_CONDITION = 'party = "united-states"\ntopic = "us-draft"\nkind = "offer"'
LAST_FACT_DATE = 'as_of = 2025-11-27\ntopic = "front-line"\nsentence = "He stated'
LAST_FACT_SENTENCE = 'topic = "front-line"\nsentence = "He stated that the only realistic topic'
BROKEN_LAST_FACT_SENTENCE = LAST_FACT_SENTENCE.replace("realistic", "sensible")
LAST_FACT = "facts[3] (According to Yermak, the current front line is 1,100 kilometres long.)"

BROKEN = {
    "invalid-toml": (
        (
            '[[facts]]\nsummary = "According to Yermak',
            '[[facts]\nsummary = "According to Yermak',
        ),
        "(file)",
        "not valid TOML",
    ),
    "wording-not-in-article": (
        (
            f'wording = "{MILITARY_MEANS}"',
            'wording = "If they don\'t, then we will achieve it by force"',
        ),
        "statements[3] (putin-military-means)",
        "'wording' is not found verbatim in the article",
    ),
    "unknown-statement-key": (
        ('statements = ["yermak-front-line-only-topic"]', 'statements = ["yermak-front"]'),
        "conditions[7] (ukraine-front-line-only-topic)",
        "unknown statement keys: yermak-front",
    ),
    "unknown-party": (
        (LAST_CONDITION, LAST_CONDITION.replace("united-states", "usa")),
        "conditions[10]",
        "unknown party 'usa'",
    ),
    "missing-field": (
        ('summary = "According to Yermak, the current front line is 1,100 kilometres long."\n', ""),
        "facts[3]",
        "'summary' is missing",
    ),
    "excerpt-not-in-article": (
        (LAST_FACT_SENTENCE, BROKEN_LAST_FACT_SENTENCE),
        LAST_FACT,
        "'sentence' is not found verbatim in the article",
    ),
    "invalid-kind": (
        (LAST_CONDITION, LAST_CONDITION.replace("offer", "ultimatum")),
        "conditions[10]",
        "kind: Value 'ultimatum' is not a valid choice",
    ),
    "date-as-string": (
        (LAST_FACT_DATE, LAST_FACT_DATE.replace("2025-11-27", '"2025-11-27"')),
        "facts[3]",
        "'as_of' must be date, got str",
    ),
    "unknown-background-row": (
        ('rows = ["\\"next week\\" for Witkoff\'s Moscow trip"]', 'rows = ["next month"]'),
        "events[2] (Witkoff's trip to Moscow to discuss the revised draft)",
        "the background notes have no single row for 'next month'",
    ),
    "rows-that-do-not-follow-one-another": (
        (
            'rows = ["Yermak\'s remarks", "Yermak\'s role"]',
            'rows = ["Putin\'s remarks", "Yermak\'s role"]',
        ),
        "people[2] (andriy-yermak)",
        "the rows of a 'background' entry must follow one another in the notes",
    ),
    "term-neither-stated-nor-inferred": (
        ('inferred = true\ninference_note = "The reporter', 'inference_note = "The reporter'),
        "conditions[10] (us-revised-plan)",
        "Only a term inferred from the report has an inference note",
    ),
    "term-without-statements": (
        (
            'inferred = true\ninference_note = "The reporter describes Washington trying to restart talks with a new plan; no US statement is quoted or reported, so reading it as an offer is the editors\' inference."\n',
            "",
        ),
        "conditions[10] (us-revised-plan)",
        "Name the statements this term rests on, or mark it inferred",
    ),
    "hedging-not-in-the-sentence": (
        ('hedging = "could potentially"', 'hedging = "might perhaps"'),
        "conditions[4] (russia-accepts-revised-draft)",
        "hedging: Hedging is quoted from the source sentence",
    ),
    "unknown-condition-key": (
        (
            'depends_on = ["russia-withdrawal-precondition"]\nproposal_version',
            'depends_on = ["russia-withdraws"]\nproposal_version',
        ),
        "conditions[4] (russia-accepts-revised-draft)",
        "unknown condition keys: russia-withdraws",
    ),
}


@pytest.mark.parametrize(("replacement", "entry", "reason"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_seed_fails_naming_the_file_the_entry_and_the_reason(
    db, broken_seed, replacement, entry, reason
):
    path = broken_seed(replacement)

    with pytest.raises(CommandError) as failure:
        run_seed(str(path))

    message = str(failure.value)
    assert "nothing was changed" in message
    assert f"{path}: {entry}" in message
    assert reason in message


@pytest.mark.parametrize(("replacement", "entry", "reason"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_seed_writes_nothing(db, broken_seed, replacement, entry, reason):
    path = broken_seed(replacement)

    with pytest.raises(CommandError):
        run_seed(str(path))

    assert set(row_counts().values()) == {0}


def test_a_broken_seed_run_after_a_good_one_leaves_the_good_data_unchanged(db, broken_seed):
    run_seed()
    before = snapshot()
    # A new party is written first, then the last fact fails.
    path = broken_seed(
        (
            '[[parties]]\nslug = "russia"',
            '[[parties]]\nslug = "belarus"\nname = "Belarus"\n\n[[parties]]\nslug = "russia"',
        ),
        (LAST_FACT_SENTENCE, BROKEN_LAST_FACT_SENTENCE),
    )

    with pytest.raises(CommandError, match="facts"):
        run_seed(str(path))

    assert snapshot() == before
