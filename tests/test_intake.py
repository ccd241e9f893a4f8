"""Article intake: cleaning pasted text and proposing the statements in it, with their speakers."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from negotiations.intake import Candidate, clean_text, find_candidates
from parties.models import Person

SEED_QUOTES = {
    "If they don't, then we will achieve it by military means": ("vladimir-putin", "asserted"),
    "Overall, we agree that it could form the basis for future agreements": (
        "vladimir-putin",
        "said",
    ),
    "As long as Zelensky is president, no one should count on us giving up territory. "
    "He will not sign away territory": ("andriy-yermak", "told"),
}


@pytest.fixture
def people(seeded):
    return list(Person.objects.prefetch_related("roles"))


def quotes_in(text, people):
    return [c for c in find_candidates(text, people) if c.is_quote]


def only_quote(text, people):
    found = quotes_in(text, people)
    assert len(found) == 1, [c.wording for c in found]
    return found[0]


def assert_verbatim(text, candidate):
    for part in candidate.parts:
        assert text[part.start : part.end] == part.wording
    if not candidate.is_split:
        assert text[candidate.start : candidate.end] == candidate.wording


def slug(candidate):
    return candidate.speaker.slug if candidate.speaker is not None else None


def model_counts():
    models = [*apps.get_app_config("negotiations").get_models()]
    models += [*apps.get_app_config("parties").get_models()]
    return {model.__name__: model.objects.count() for model in models}


# -- The seed article -----------------------------------------------------------------------------


def test_cleaning_leaves_the_seed_article_byte_identical(article_text):
    assert clean_text(article_text) == article_text


def test_it_finds_exactly_the_three_quotes_of_the_seed_article(people, article_text):
    found = quotes_in(clean_text(article_text), people)

    assert {c.wording: (slug(c), c.verb) for c in found} == SEED_QUOTES
    for candidate in found:
        assert_verbatim(article_text, candidate)
        assert candidate.parts and not candidate.is_split


def test_the_asserted_quote_goes_to_putin_through_he(people, article_text):
    candidate = next(c for c in quotes_in(article_text, people) if c.verb == "asserted")

    assert candidate.speaker_text == "he"
    assert "Vladimir Putin" in candidate.reason


def test_the_yermak_quote_that_names_zelensky_is_still_yermaks(people, article_text):
    candidate = next(c for c in quotes_in(article_text, people) if "Zelensky" in c.wording)

    assert slug(candidate) == "andriy-yermak"
    assert candidate.speaker_text == "Yermak"


def test_it_offers_reported_speech_for_known_speakers_in_the_seed_article(people, article_text):
    reported = [c for c in find_candidates(article_text, people) if not c.is_quote]

    assert [(slug(c), c.verb) for c in reported] == [
        ("vladimir-putin", "stated"),
        ("vladimir-putin", "declared"),
        # "Putin confirmed he has seen the new version and believes it could be a starting
        # point": what he confirmed, and what he thinks of it, is his position.
        ("vladimir-putin", "confirmed"),
        # '"Overall, …," he said, noting that the United States has shortened the document':
        # what the attribution goes on to report.
        ("vladimir-putin", "noting"),
        ("vladimir-putin", "insisted"),
        ("andriy-yermak", "stated"),
    ]
    assert reported[-1].wording == (
        "He stated that the only realistic topic for discussion at the moment is defining the "
        "current 1,100-kilometre front line."
    )
    for candidate in reported:
        assert_verbatim(article_text, candidate)


# -- Articles written here ------------------------------------------------------------------------


def test_it_reads_straight_quotes(people):
    text = 'Talks resumed. "We will never give up Crimea, not now and not later," Zelensky said.'

    candidate = only_quote(text, people)

    assert candidate.wording == "We will never give up Crimea, not now and not later"
    assert (slug(candidate), candidate.verb, candidate.speaker_text) == (
        "volodymyr-zelensky",
        "said",
        "Zelensky",
    )
    assert_verbatim(text, candidate)


def test_it_reads_curly_quotes(people):
    text = "“Our position has not changed at all,” Putin told reporters in Bishkek."

    candidate = only_quote(text, people)

    assert candidate.wording == "Our position has not changed at all"
    assert (slug(candidate), candidate.verb) == ("vladimir-putin", "told")
    assert_verbatim(text, candidate)


def test_a_split_quote_is_one_candidate_with_both_parts(people):
    text = '"We are ready to talk," Putin said, "but only on our terms."'

    candidate = only_quote(text, people)

    assert candidate.is_split
    assert [p.wording for p in candidate.parts] == [
        "We are ready to talk",
        "but only on our terms.",
    ]
    assert candidate.wording == "We are ready to talk ... but only on our terms."
    assert (candidate.start, candidate.end) == (candidate.parts[0].start, candidate.parts[1].end)
    assert (slug(candidate), candidate.verb) == ("vladimir-putin", "said")
    assert_verbatim(text, candidate)


def test_a_quote_inside_a_quote_stays_in_the_outer_wording(people):
    text = "“They keep telling us ‘we will never sign’ and I believe them,” Yermak said."

    candidate = only_quote(text, people)

    assert candidate.wording == "They keep telling us ‘we will never sign’ and I believe them"
    assert slug(candidate) == "andriy-yermak"


def test_attribution_before_the_quote_with_a_colon(people):
    text = (
        'Speaking in Bishkek, Putin said: "The basis for an agreement is there, but work remains."'
    )

    candidate = only_quote(text, people)

    assert candidate.wording == "The basis for an agreement is there, but work remains."
    assert (slug(candidate), candidate.verb, candidate.speaker_text) == (
        "vladimir-putin",
        "said",
        "Putin",
    )


def test_a_pronoun_resolves_to_the_person_named_in_the_previous_sentence(people):
    text = (
        "Yermak spoke to reporters on Friday. "
        '"The document has shrunk to twenty points, and that is progress," he said.'
    )

    candidate = only_quote(text, people)

    assert (slug(candidate), candidate.speaker_text) == ("andriy-yermak", "he")
    assert "previous sentence" in candidate.reason


@pytest.mark.parametrize(
    "attribution",
    ["the Russian leader said", "the President of Russia said", "President Putin said"],
)
def test_a_role_title_or_description_names_the_person(people, attribution):
    text = f'"Our troops will stay where they are for now," {attribution}.'

    candidate = only_quote(text, people)

    assert slug(candidate) == "vladimir-putin"
    assert candidate.speaker_text.lower() in attribution.lower()


def test_an_unknown_named_speaker_is_offered_as_a_new_person(people):
    text = (
        "Putin spoke first. "
        '"The talks are over for now, and we expect nothing more," said Dmitry Peskov, '
        "the Kremlin spokesman."
    )

    candidate = only_quote(text, people)

    assert candidate.speaker is None
    assert candidate.new_person_name == "Dmitry Peskov"
    assert "new person" in candidate.reason


def test_a_stranger_sharing_a_known_surname_is_not_taken_for_the_known_person(people):
    text = 'Oleksandr Zelensky, a farmer, said: "Nobody asked us what we think of this plan."'

    candidate = only_quote(text, people)

    assert candidate.speaker is None
    assert candidate.new_person_name == "Oleksandr Zelensky"


def test_a_quote_with_no_attribution_says_so(people):
    text = 'The mood was grim. "Nothing will change before the winter comes, nothing at all."'

    candidate = only_quote(text, people)

    assert candidate.speaker is None and candidate.new_person_name is None
    assert candidate.reason == "no attribution found"


def test_html_input_gives_the_same_candidates_as_the_plain_text(people):
    plain = (
        "Putin met reporters in Bishkek. “We are ready to talk, but not at any price,” he said.\n\n"
        "Yermak’s answer came the next day. “No one should count on us giving up territory,” "
        "Yermak told The Atlantic."
    )
    markup = (
        "<html><head><style>p { margin: 0 }</style></head><body>\n"
        "<script>var fake = '\"Not a quote,\" he said';</script>\n"
        "<p>Putin met reporters in <b>Bishkek</b>.&nbsp;&ldquo;We are ready to talk, but not at "
        'any price,&rdquo; he said.</p>\n<!-- "a comment" -->\n'
        "<p>Yermak&rsquo;s answer came the next day. &#8220;No one should count on us giving up "
        "territory,&#8221; Yermak told <i>The Atlantic</i>.</p></body></html>"
    )

    cleaned = clean_text(markup)

    assert cleaned == plain
    assert [c.as_dict() for c in find_candidates(cleaned, people)] == [
        c.as_dict() for c in find_candidates(plain, people)
    ]
    assert len(quotes_in(cleaned, people)) == 2


def test_odd_whitespace_is_normalised_and_quotes_still_found(people):
    messy = (
        "\ufeff  Putin met reporters.\r\n\r\n\r\n\t“We are\u00a0ready   to talk,\u201d\u2009 he "
        "said.\u200b \r\nThe talks\tcontinue.  \r\n"
    )

    cleaned = clean_text(messy)

    assert (
        cleaned == "Putin met reporters.\n\n“We are ready to talk,” he said.\nThe talks continue."
    )
    assert clean_text(cleaned) == cleaned
    candidate = only_quote(cleaned, people)
    assert (candidate.wording, slug(candidate)) == ("We are ready to talk", "vladimir-putin")


def test_apostrophes_are_not_taken_as_quote_marks(people):
    text = (
        "Russia's leader didn't mention the ‘90s, and Ukraine’s officials weren't quoted. "
        "\"We don't accept Russia's terms or the Kremlin’s timetable,\" Yermak said."
    )

    candidate = only_quote(text, people)

    assert candidate.wording == "We don't accept Russia's terms or the Kremlin’s timetable"


def test_an_unbalanced_quote_is_skipped_without_swallowing_the_rest(people):
    text = (
        'Putin said: "We will win this war whatever it costs. The talks ended there.\n\n'
        '"Nobody will sign away territory under pressure," Yermak said.\n\n'
        "The next round is expected in December."
    )

    candidate = only_quote(text, people)

    assert candidate.wording == "Nobody will sign away territory under pressure"
    assert slug(candidate) == "andriy-yermak"


def test_scare_quotes_are_not_candidates(people):
    text = 'The so-called "peace plan" was discussed by Witkoff and the "coalition of the willing".'

    assert quotes_in(text, people) == []


def test_british_single_quotes_are_read_when_there_are_no_double_quotes(people):
    text = "‘We will not accept this deal under any circumstances,’ said Andriy Yermak."

    candidate = only_quote(text, people)

    assert candidate.wording == "We will not accept this deal under any circumstances"
    assert slug(candidate) == "andriy-yermak"


def test_an_article_without_quotes_gives_no_quote_candidates(people):
    text = "Talks continued in Geneva.\n\nNo agreement was reached, and none is expected."

    assert find_candidates(text, people) == []


def test_a_two_megabyte_article_completes_with_every_quote(people, article_text):
    repeats = 2_000_000 // len(article_text) + 1
    text = clean_text("\n\n".join([article_text] * repeats))
    assert len(text.encode()) >= 2_000_000

    found = quotes_in(text, people)

    assert len(found) == 3 * repeats
    assert {c.wording for c in found} == set(SEED_QUOTES)
    assert all(text[c.start : c.end] == c.wording for c in found)


def test_nul_bytes_and_right_to_left_marks_are_dropped(people):
    raw = '\x00"We\x00 are ready \u200fto talk\u202e about everything," Putin\x00 said.\x00'

    cleaned = clean_text(raw)

    assert cleaned == '"We are ready to talk about everything," Putin said.'
    assert only_quote(cleaned, people).wording == "We are ready to talk about everything"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        '"',
        '"' * 100_000,
        '" ' * 50_000,
        "“”‘’" * 20_000,
        '"a ' * 50_000,
        "\x00" * 10_000,
        "\u202e\u200f" * 10_000,
        "<" * 50_000,
        "<script>" * 10_000,
        "<!--" * 10_000,
        "&amp;" * 10_000,
        "said that " * 10_000,
        '"We will never accept this," he said, ' * 5_000,
    ],
    ids=lambda raw: repr(raw[:12]),
)
def test_hostile_input_never_raises(raw):
    text = clean_text(raw)

    candidates = find_candidates(text, [])

    assert all(isinstance(c, Candidate) for c in candidates)
    assert all(text[p.start : p.end] == p.wording for c in candidates for p in c.parts)


# -- The command ----------------------------------------------------------------------------------


def run_intake(*args, **kwargs):
    out = io.StringIO()
    call_command("intake", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_the_command_lists_the_seed_quotes_as_a_table(seeded, settings):
    output = run_intake(str(settings.SEED_DIR / "article.txt"))

    assert "3 direct quote(s)" in output
    for wording in SEED_QUOTES:
        assert wording in output
    assert "Andriy Yermak" in output and "asserted" in output


def test_the_command_shows_an_unknown_speaker_as_a_new_person(seeded, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text('"The talks are over for now," said Dmitry Peskov.', encoding="utf-8")

    assert "unknown (new person: Dmitry Peskov)" in run_intake(str(article))


def test_the_command_prints_json_with_the_documented_keys(seeded, settings):
    data = json.loads(run_intake(str(settings.SEED_DIR / "article.txt"), "--json"))

    keys = {"wording", "start", "end", "is_quote", "verb", "speaker", "speaker_name"}
    keys |= {"speaker_text", "new_person_name", "parts"}
    assert all(keys <= set(item) for item in data)
    quotes = {item["wording"]: (item["speaker"], item["verb"]) for item in data if item["is_quote"]}
    assert quotes == SEED_QUOTES


def test_the_command_saves_nothing(seeded, settings):
    before = model_counts()

    run_intake(str(settings.SEED_DIR / "article.txt"))
    run_intake(str(settings.SEED_DIR / "article.txt"), "--json")

    assert model_counts() == before


def test_the_command_reads_standard_input(seeded):
    stdin = io.BytesIO(b'"We are ready to talk about it," Putin said.')

    data = json.loads(run_intake("-", "--json", stdin=stdin))

    assert [(item["wording"], item["speaker"]) for item in data] == [
        ("We are ready to talk about it", "vladimir-putin")
    ]


def test_the_command_refuses_a_file_that_is_not_utf8(db, tmp_path):
    article = tmp_path / "latin1.txt"
    article.write_bytes("“Déjà vu,” he said.".encode("cp1252"))

    with pytest.raises(CommandError, match="not UTF-8"):
        run_intake(str(article))


def test_the_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_intake(str(tmp_path / "missing.txt"))


# -- work that grows with the page, not with its square ------------------------------------------


def test_a_sentence_of_many_clauses_is_read_at_its_first_few(people, monkeypatch):
    """A page with no full stops is one long sentence: each place it may split into two
    speakers' clauses costs a reading of the rest of it, so only the first few are tried."""
    from negotiations.intake import attribution, extraction

    calls = []
    real = attribution.Attributions.reported

    def counting(self, *args, **kwargs):
        calls.append(args[:2])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(attribution.Attributions, "reported", counting)
    text = "Peskov said so; a U.S. official said that; " * 300
    find_candidates(text, people)
    assert 0 < len(calls) <= 3 * extraction._MAX_SPLITS


def test_a_closing_single_mark_looks_back_only_as_far_as_a_quote_can_open(monkeypatch):
    """ "'Destroyed'Lavrov": whether a mark that opened a quote stands before it is looked
    for within the few words a headline's quote holds, never back to the paragraph's start."""
    from negotiations.intake import layout

    windows = []
    real = layout._OPENED_SINGLE

    class Spy:
        def search(self, text, pos, endpos):
            windows.append(endpos - pos)
            return real.search(text, pos, endpos)

    monkeypatch.setattr(layout, "_OPENED_SINGLE", Spy())
    text = "word’Word " * 2000
    layout.sentences(text, 0, len(text), [])
    assert windows and max(windows) <= 64
