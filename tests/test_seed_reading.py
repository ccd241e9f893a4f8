"""The seed's reading of the article, checked against the article's own sentences: each record
says what the sentence says, no more, and what comes from elsewhere cites the background notes."""

import datetime
import re

import pytest

from negotiations.models import (
    Attestation,
    Citation,
    Condition,
    Event,
    Fact,
    ProposalPoint,
    ProposalVersion,
    Source,
    Statement,
)
from parties.models import Party, Role

NOTES = "Background notes, not in the article"

CRITICISM = "That initial plan was scaled back after facing criticism from both Europe and Ukraine."
NARRATIVE = (
    "The comments arrive as Washington actively tries to restart stalled peace talks with a new "
    "plan, hoping to engage both Moscow and Kyiv in discussions."
)
LEDE = (
    "Russian President Vladimir Putin has stated that a revised peace proposal from the United "
    "States could potentially form the basis for a future agreement."
)
PRECONDITION = (
    "However, he attached a major precondition: Kyiv must pull its troops out of the territories "
    "that Moscow claims as its own."
)
MILITARY_MEANS = '"If they don\'t, then we will achieve it by military means," he asserted.'
NO_TERRITORY = "He will not sign away territory"
THOSE_REGIONS = (
    "This follows an earlier US proposal, drafted without European allies, which suggested a "
    "Ukrainian withdrawal from Donetsk and would have effectively recognized those regions as "
    "Russian."
)
KYRGYZSTAN = "Speaking during a visit to Kyrgyzstan, President Putin issued a stark warning"
WITKOFF = "US negotiator Steve Witkoff expected to travel to Moscow next week"
FRONT_LINE = (
    "He stated that the only realistic topic for discussion at the moment is defining the current "
    "1,100-kilometre front line."
)
INCLUDING = "including Donetsk, Crimea, and Lugansk"


@pytest.fixture
def article(seeded, article_text):
    """The article's text, once each sentence these tests rely on is checked to be in it."""
    for sentence in [
        CRITICISM,
        NARRATIVE,
        LEDE,
        PRECONDITION,
        MILITARY_MEANS,
        NO_TERRITORY,
        THOSE_REGIONS,
        KYRGYZSTAN,
        WITKOFF,
        FRONT_LINE,
        INCLUDING,
    ]:
        assert sentence in article_text
    return article_text


def term(**filters):
    return Condition.objects.get(**filters)


def revised_draft():
    return ProposalVersion.objects.get(proposal__slug="us-peace-plan", number=2)


def cited(record):
    """The background notes' passages a record cites, joined."""
    citations = list(record.citations.all())
    assert citations, f"{record} cites nothing"
    assert {citation.source.publisher for citation in citations} == {NOTES}
    return "\n".join(citation.excerpt for citation in citations)


# -- kinds ---------------------------------------------------------------------------------------


def test_criticism_of_the_initial_draft_is_a_position_not_a_rejection(article):
    assert "reject" not in CRITICISM
    terms = Condition.objects.filter(source_excerpt=CRITICISM)

    assert set(terms.values_list("party__slug", "kind")) == {
        ("european-allies", "position"),
        ("ukraine", "position"),
    }
    assert not Condition.objects.filter(kind="rejection", proposal_version__number=1).exists()


def test_the_reporters_narrative_about_washington_is_no_statement(article):
    assert not Attestation.objects.filter(wording__contains="Washington actively tries").exists()
    assert not Statement.objects.filter(party__slug="united-states").exists()


def test_the_us_offer_is_inferred_from_the_narrative_and_says_so(article):
    offer = term(party__slug="united-states", kind="offer")

    assert offer.is_inferred
    assert offer.inferred_from == NARRATIVE
    assert not offer.statements.exists()
    assert offer.basis_label == "inferred from the report"
    assert "editors' inference" in offer.inference_note


def test_the_proposal_rests_on_the_narrative_as_its_own_evidence(article):
    proposal = revised_draft().proposal

    assert proposal.source_excerpt == NARRATIVE


# -- conditional and hedged ----------------------------------------------------------------------


def test_putins_acceptance_is_hedged_in_the_words_of_the_lede(article):
    acceptance = term(party__slug="russia", kind="acceptance")

    assert acceptance.hedging == "could potentially"
    assert acceptance.hedging in LEDE
    assert LEDE in acceptance.source_excerpt


def test_putins_acceptance_holds_only_if_ukraine_withdraws_both_on_the_revised_draft(article):
    acceptance = term(party__slug="russia", kind="acceptance")
    precondition = term(party__slug="russia", kind="precondition")

    assert list(acceptance.depends_on.all()) == [precondition]
    assert acceptance.is_conditional
    assert acceptance.proposal_version == precondition.proposal_version == revised_draft()
    assert precondition.source_excerpt == PRECONDITION
    assert "major precondition" in PRECONDITION


def test_the_offer_to_cease_combat_holds_only_if_ukraine_withdraws(article):
    offer = term(party__slug="russia", kind="offer")

    assert list(offer.depends_on.values_list("kind", flat=True)) == ["precondition"]
    assert "if Ukrainian forces voluntarily leave" in offer.source_excerpt


# -- smaller corrections -------------------------------------------------------------------------


def test_the_threat_says_achieve_it_as_putin_did(article):
    threat = term(party__slug="russia", kind="threat")

    assert "achieve it by military means" in threat.summary
    assert "take the territories" not in threat.summary


def test_the_red_line_on_recognition_is_noted_as_an_inference(article):
    red_line = term(party__slug="ukraine", kind="red_line")

    assert "recogni" not in NO_TERRITORY
    assert red_line.topic.slug == "recognition"
    assert red_line.is_inferred
    assert "recognition" in red_line.inference_note
    assert red_line.statements.exists()


def test_those_regions_is_never_left_without_saying_the_article_does_not_name_them(article):
    texts = list(ProposalPoint.objects.values_list("text", flat=True)) + list(
        ProposalVersion.objects.values_list("summary", flat=True)
    )

    mentions = [text for text in texts if "those regions" in text]
    assert mentions
    for text in mentions:
        assert '"those regions"' in text
        assert "does not say which" in text


def test_no_record_claims_a_press_conference_the_article_does_not_name(article):
    assert "press conference" not in article.lower()
    assert not Event.objects.filter(title__icontains="press conference").exists()
    assert not Statement.objects.filter(occasion__icontains="press conference").exists()
    remarks = Event.objects.get(participants__slug="vladimir-putin")
    assert remarks.source_excerpt.startswith(KYRGYZSTAN)


def test_witkoffs_visit_is_expected_as_the_article_says(article):
    visit = Event.objects.get(participants__slug="steve-witkoff")

    assert visit.status == "expected"
    assert visit.source_excerpt.find("expected to travel") > 0
    assert "scheduled" not in visit.title.lower()


def test_the_1100_km_front_line_is_yermaks_claim(article):
    fact = Fact.objects.get(summary__contains="1,100")

    assert fact.summary.startswith("According to Yermak")
    assert fact.source_excerpt == FRONT_LINE


def test_the_european_allies_are_not_called_ukraines(article):
    europe = Party.objects.get(slug="european-allies")

    assert "Ukraine's European allies" not in article
    assert "Ukraine's" not in europe.description


def test_the_regions_of_the_recognition_demand_are_examples(article):
    demand = term(party__slug="russia", kind="demand")

    assert demand.regions_are_examples
    assert INCLUDING in demand.source_excerpt
    assert set(demand.regions.values_list("slug", flat=True)) == {"donetsk", "crimea", "luhansk"}


def test_no_statement_has_a_language_neither_source_gives(article):
    notes = Source.objects.get(publisher=NOTES).text

    assert not re.search(r"\bru\b", article) and not re.search(r"\bru\b", notes)
    assert set(Statement.objects.values_list("language", flat=True)) == {""}


# -- details from the background notes -----------------------------------------------------------


@pytest.mark.parametrize("detail", ["Bishkek", "CSTO summit", "2025-11-27"])
def test_putins_date_place_and_occasion_cite_the_notes(article, detail):
    assert detail not in article
    statements = Statement.objects.filter(speaker__slug="vladimir-putin")

    assert statements.count() == 8
    for statement in statements:
        assert detail in cited(statement)
        assert "tass.com/politics/2049569" in cited(statement)
        assert statement.said_on == datetime.date(2025, 11, 27)


def test_the_interviewers_name_and_the_date_of_yermaks_interview_cite_the_notes(article):
    assert "Shuster" not in article
    for statement in Statement.objects.filter(speaker__slug="andriy-yermak"):
        assert "Simon Shuster" in statement.occasion
        assert "Simon Shuster of The Atlantic on Thursday 2025-11-27" in cited(statement)
        assert "en.interfax.com.ua" in cited(statement)
    interview = Event.objects.get(participants__slug="andriy-yermak")
    assert interview.starts_on == datetime.date(2025, 11, 27)
    assert "Simon Shuster" in cited(interview)


def test_yermaks_resignation_ends_his_role_citing_the_notes(article):
    role = Role.objects.get(person__slug="andriy-yermak")

    assert role.ended_on == datetime.date(2025, 11, 28)
    assert "resign" not in article
    assert "he resigned as head of the President's Office on 2025-11-28" in cited(role)
    assert "meduza.io" in cited(role)
    assert not role.is_held_on(datetime.date(2025, 11, 29))


def test_the_nineteen_points_are_not_in_the_revised_drafts_summary_but_cited(article):
    version = revised_draft()

    assert "19" not in article
    assert "19" not in version.summary
    assert "counted 19 points in the revised draft" in cited(version)
    assert version.point_count_display == "an estimated 20"


def test_the_initial_drafts_28_points_cite_the_notes(article):
    version = ProposalVersion.objects.get(proposal__slug="us-peace-plan", number=1)

    assert "28" not in article
    assert version.point_count == 28
    assert "| the initial US draft | 28 points | Kyiv Independent" in cited(version)


def test_nothing_cited_from_the_notes_names_the_article_as_its_source(article):
    article_source = Source.objects.exclude(publisher=NOTES).get()

    assert not Citation.objects.filter(source=article_source).exists()
    assert Citation.objects.count() > 0


def test_an_approximate_date_says_so(article):
    ceding = Statement.objects.get(attestations__wording__startswith="Ukraine has outright")

    assert ceding.said_display == "around 27 Nov 2025"
    assert "the article's own date" in cited(ceding)
