"""Who the words before or after a reporting verb name, resolved as a reader resolves them: a
known person in any spelling, a new person by the full name the article gives, a pronoun or "the
official" by the last person named as a subject, and unnamed sources as anonymous."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from negotiations.intake.names import (
    TOKEN_RE,
    ArticleNames,
    KnownPeople,
    after_known_name,
    fold,
    is_name_word,
    kind_label,
    name_runs,
    other_names_of,
    roles_of,
)
from negotiations.intake.quotes import QUOTE_CHARS
from negotiations.intake.vocabulary import (
    AUXILIARIES,
    CONJUNCTIONS,
    DETERMINERS,
    FLOATING,
    HEADLINE_NOUNS,
    INDEFINITE,
    MEDIA_WORDS,
    OFFICE_NOUNS,
    ORG_WORDS,
    PARTICLES,
    PERSON_NOUNS,
    PLACES,
    PLURAL_PERSON_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVES,
    REPORT_VERBS,
    SCENE_SETTERS,
    TITLES,
    party_of,
)

# "according to what the two conflicting parties confirmed": who said it, then the verb.
_WHAT_SAID = re.compile(
    r"\s*what\s+(?P<who>[^,;:.]{2,80}?)\s+(?:"
    + "|".join(sorted(REPORT_VERBS, key=len, reverse=True))
    + r")(?![\w’'-])"
)
# "Axios said" set between a subject and its verb: "Mr. Zelenskyy, Axios said, suggested".
OUTLET_SAID = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}\s+(?:said|reported)"
_OUTLET_SAID = re.compile(rf"\s*{OUTLET_SAID}\s*")
_INITIALS = re.compile(r"(?:[A-Z]\.){2,3}|[A-Z]{2,3}")
# Words that open a phrase of time or place set between a subject and its verb.
ASIDE_OPENERS = frozenset(
    # ("quoted by the state-run TASS news agency": who reported the words, not who said them.)
    ["after", "before", "during", "following", "speaking", "in", "at", "on", "earlier", "later"]
    # ("Vladimir Putin, while speaking at an investment forum in Moscow on Tuesday, stated")
    + ["while"]
    + ["quoted", "cited"]
    # ("The Russian delegation, led by former culture minister Vladimir Medinski, said": the
    # delegation spoke.)
    + ["led", "headed"]
    # ("Russia, for its part, says it prefers a diplomatic settlement")
    + ["for"]
)
# Roles a description names, which the last person named may not hold ("the Kremlin
# spokesman" after a sentence about Putin).
_SPOKES_NOUNS = frozenset(["spokesman", "spokeswoman", "spokesperson"])
_ROLE_NOUNS = _SPOKES_NOUNS | {"envoy"}
_SPOKESPEOPLE = ("spokes", "press secretary")
# "Ukraine's former president" is not the office's holder.
NOT_THE_HOLDER = frozenset(["former", "ex", "late", "then", "next", "future", "previous", "acting"])
# How the adjectives that describe an aide end ("diplomatic", "political", "senior").
_ADJECTIVE_ENDINGS = ("ic", "al", "ive", "ary", "ior", "ign")
# A sentence opening with one capitalised word and a verb ("Trump has set …").
# ("Wartime voting is banned": a word before a noun in -ing is no name.)
_HEAD_NAME = re.compile(r"\s*([A-Z][\w’'-]+)\s+(?=[a-z])(?![a-z]+ing\b)")
_COUNTRY_INITIALS = frozenset({"US", "U.S", "USA", "UK", "U.K", "EU", "E.U"})
_INSTITUTION_HEAD = re.compile(
    r"\s*(?:But\s+|And\s+)?((?:[Tt]he\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+"
    r"(?:is|was|has|had|will|would)\b"
)
# "Aide to Russian President Vladimir Putin, Yuri Ushakov, commented …": the person named in
# the title is not the subject; the name after it is.
_TITLE_TO = re.compile(r"\s*[A-Z][a-z]+\s+(?:to|of)\s+[^,]{3,80},\s*(?=[A-Z])")
# "The Ukrainian delegation was led by … Rustem Umerov.": the leader is whom "him" means next.
_LED_BY = re.compile(r"\b(?:was|were|is|are|will\s+be)\s+(?:led|headed)\s+by\s+(?=[A-Z])")
_WORD_BEFORE_NAME = re.compile(r"([^\W\d_][\w’'\-]*) \Z")
_POSSESSIVE = re.compile(r"['’]s?\Z")


@dataclass
class Who:
    """A resolved speaker: a known person, a new person's name, an anonymous source, or no one."""

    person: Any = None
    new_name: str | None = None
    text: str = ""
    confidence: float = 0.0
    reason: str = ""
    anonymous: bool = False
    party: str | None = None
    ambiguous: bool = False
    spelling: str | None = None  # a spelling of a known person's name not yet among their names
    # Where the words of a relative clause's speaker begin ("…, than ones made by President
    # Donald Trump, who on Tuesday called …"): the rest of the sentence is not theirs.
    clause_start: int | None = None

    @property
    def found(self):
        return self.person is not None or self.new_name is not None

    @property
    def label(self):
        """The person's name; for an unnamed source, how the text names it, in quotes."""
        if self.person is not None:
            return self.person.name
        return self.new_name or f"'{self.text}'"

    def copy(self, **changes):
        return Who(**{**self.__dict__, **changes})


# ("Agence France-Presse (AFP), citing anonymous sources, reports …": a name its own initials
# follow in parentheses is an organisation's; people are not known by their initials so.)
_INITIALS_AFTER = re.compile(r"\s*\((?P<initials>[A-Z]{2,6})\)")
_NAME_PIECE = re.compile(r"[^\s-]+")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+\Z")
# ("Russia continues to insist on …": a stance still held; the subject ends before it.)
CONTINUES_TO = re.compile(r"\s*\b(?:continues|continue|continued)\s+to\s*\Z")
# A body that speaks for a person: "the office of Friedrich Merz", "the press service of …".
_BODY_OF = re.compile(
    r"(?:the\s+)?(?:office|press\s+service|press\s+office|administration|government|"
    r"ministry|embassy|team|camp|spokespeople)\s+of\s",
    re.I,
)
# Words that may stand alone between commas in a subject ("The Kremlin, however, said").
_ASIDE_WORDS = AUXILIARIES | CONJUNCTIONS | frozenset(["too", "though", "instead"])


def unsure(text, reason):
    return Who(text=text, reason=f"unsure: {reason}")


@dataclass
class Mention:
    """Where the text names a known person (by name, other name, role title or spelling)."""

    start: int
    end: int
    person: Any  # None when the alias names several people (see `others`)
    kind: str
    possessive: bool
    shadow_name: str | None  # "Oleksandr Zelensky": a known surname inside another name
    others: list[str]
    in_quote: bool = False


def scan_mentions(text, known):
    """Every mention of a known person in `text`, in order."""
    if known.regex is None:
        return []
    mentions = []
    for match in known.regex.finditer(text):
        start, end = match.span()
        matched = match.group()
        person, kind = known.lookup(matched)
        others, kind = (kind, "") if person is None else ([], kind)
        after = text[end : end + 2]
        possessive = after[:1] in ("'", "’") and (len(after) < 2 or not after[1].isalnum())
        possessive = possessive or after in ("'s", "’s")
        shadow = None
        if person is not None and " " not in matched:
            before = _WORD_BEFORE_NAME.search(text, max(0, start - 40), start)
            # ("the meeting with Putin Witkoff on Thursday said": a page lost the comma
            # between two known people; a known name is no given name.)
            if (
                before
                and _is_given_name(before.group(1))
                and not known.by_spelling(before.group(1))
            ):
                full = f"{before.group(1)} {matched}"
                # "Vladimir Zelensky" is a spelling of Volodymyr Zelensky, not a stranger.
                if known.by_spelling(full) is not person:
                    shadow = full
        mentions.append(Mention(start, end, person, kind, possessive, shadow, list(others)))
    return mentions


def _office_word(word):
    """A word of a title, a spokesman, spokeswoman and spokesperson being one office."""
    return "spokesperson" if word in _SPOKES_NOUNS else word


def _title_words(before):
    """The title that stands right before a name ("Kremlin spokesman"), from the words before."""
    title = []
    for word in reversed(before.split()):
        folded = word.casefold()
        if word[-1:] in ",;:" or not (
            word[:1].isupper() or folded in TITLES or folded in ("of", "for", "the")
        ):
            break
        title.insert(0, word)
    return title


def _uncontracted(word):
    """ "he’d" is "he" (had or would), as a subject."""
    folded = word.casefold()
    base, mark, rest = folded.replace("’", "'").partition("'")
    return base if mark and rest == "d" and base in PRONOUNS else folded


def _single_new_name(who):
    """True for a new person named by one word only."""
    return who.person is None and who.new_name is not None and " " not in who.new_name


def _is_given_name(word):
    # (A headline's participle is no given name: "Drones Targeting Putin Residence".)
    participle = word.casefold().endswith("ing") and len(word) >= 7
    return is_name_word(word) and not participle


class SpeakerResolver:
    """Resolves the phrases that name speakers, remembering the last person named as a subject."""

    def __init__(self, text, known: KnownPeople, mentions):
        self.text = text
        self.known = known
        self.names = ArticleNames(text, known)
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.last_person: Who | None = None
        self.sentence = 0
        self.last_person_sentence = -1
        self.sentence_starts: dict[int, int | None] = {}
        self.last_unnamed: Who | None = None
        self.last_unnamed_sentence = -1
        # A subject's name nobody could resolve, and the sentence that named it.
        self.unresolved: tuple[str, int] | None = None

    # -- memory ---------------------------------------------------------------------------------
    def next_sentence(self, at=None):
        self.sentence += 1
        self.sentence_starts[self.sentence] = at

    def remember(self, who):
        """A person named as a subject becomes what "he" and "the official" refer to next."""
        if who is not None and who.found and not who.ambiguous:
            self.last_person = Who(who.person, who.new_name, party=who.party, spelling=who.spelling)
            self.last_person_sentence = self.sentence

    def remember_unnamed(self, who):
        """An unnamed source that spoke ("a senior U.S. official", "Axios, citing …"): what
        "the official" or "the source" refers to next, rather than the last person named."""
        self.last_unnamed = who
        self.last_unnamed_sentence = self.sentence

    def remember_subject(self, ss, se, heading=False):
        """A sentence with no statement may still name its subject ("Umerov steps into …"),
        after a clause that sets the scene ("While the Americans killed time, Putin held …")."""
        who = self.head_subject(ss, se)
        if who is not None and heading and _single_new_name(who):
            return  # "European Resistance": a subheading, no one named by a single word
        if who is not None:
            self.remember(who)
            return
        led = _LED_BY.search(self.text, ss, se)
        if led is not None:
            who = self._named(led.end(), se, nearest_last=False)
            if who is not None and who.found:
                self.remember(who)
                return
        head = _HEAD_NAME.match(self.text, self.main_clause(ss, se), se)
        if head is not None and is_name_word(head.group(1)):
            # "Trump has set a Thursday deadline …. But he also has suggested …", Trump named
            # by surname only: "he" may be that person, not the one named before.
            self._note_unresolved(*head.span(1))

    def head_subject(self, ss, se):
        """The known or fully named person at the head of the main clause of text[ss:se],
        before its first comma, or None."""
        start = self.main_clause(ss, se)
        titled = _TITLE_TO.match(self.text, start, se)
        if titled is not None and titled.group().split()[0].casefold() in PERSON_NOUNS:
            start = titled.end()
        comma = self.text.find(",", start, se)
        end = min(se, start + 80, comma if comma >= 0 else se)
        if TOKEN_RE.search(self.text, start, end) is None:
            return None
        who = self._named(start, end, nearest_last=False)
        return who if who is not None and who.found and self._at_start(start, who) else None

    def main_clause(self, ss, se):
        """Where the main clause of a sentence starts: after "While …," or "Just before …,"."""
        first = TOKEN_RE.search(self.text, ss, se)
        comma = self.text.find(",", ss, min(se, ss + 120))
        if first is not None and comma > 0 and first.group().casefold() in SCENE_SETTERS:
            return comma + 1
        return ss

    def _at_start(self, ss, who):
        # Only a name at the head of the sentence is its subject: "It favoured Russia,
        # prompting Zelenskyy to …" has no person as subject.
        head = self.text[ss : ss + 60]
        return bool(who.text) and head.find(who.text) >= 0 and head.find(who.text) < 45

    # -- the phrases ----------------------------------------------------------------------------
    def subject(self, a, b, verb="", nearest_last=True):
        """Who the phrase text[a:b] names as the speaker of `verb`: the piece nearest the verb
        first, past an appositive ("Yury Ushakov, a top aide to Putin, said") to the name."""
        a, b = self._trim(a, b)
        if a >= b:
            return None
        body = _BODY_OF.match(self.text, a, b)
        if body is not None:
            # "The office of German Chancellor Friedrich Merz also called …": the office spoke.
            words = self.text[a:b].split()
            while len(words) > 1 and words[-1].casefold() in AUXILIARIES:
                words.pop()  # "… Friedrich Merz also called"
            phrase = " ".join(words)
            return self.anonymous(phrase, party_of(words), "an institution")
        segments = self._segments(a, b, nearest_last)
        if nearest_last and len(segments) > 1 and self._aside(*segments[0]):
            # "Marco Rubio, after a meeting with the Ukrainian delegation, said": the aside
            # between the subject and its verb says when, not who.
            segments = segments[1:]
        for index, (sa, sb) in enumerate(segments[:4]):
            if index and not nearest_last and not self._only_a_name(sa, sb):
                break  # "according to the American leader, Witkoff and Kushner are …"
            if index and nearest_last and not self._name_with_title(sa, sb):
                break  # "Witkoff met Umerov, a source said": a clause, not a name described
            phrase = self._known_by_initials(sa, sb)
            if phrase is not None:
                kind = "the press" if set(fold(phrase).split()) & MEDIA_WORDS else "an institution"
                return self.anonymous(phrase, party_of(phrase.split()), kind)
            named = self._named(sa, sb, nearest_last)
            if named is not None:
                return named
            words = [_uncontracted(w) for w in TOKEN_RE.findall(self.text, sa, sb)]
            core = [w for w in words if w not in AUXILIARIES | CONJUNCTIONS]
            if core and core[0] in ("he", "she", "him", "her", "they", "it"):
                own = (
                    self._sentence_subject(sa)
                    if core[0] in ("he", "she")
                    else self._sentence_institution(sa)
                    if core[0] == "it"
                    else None
                )
                if own is not None:
                    # "As he prepared …, Zelenskyy remained optimistic about what he called …"
                    return own.copy(
                        confidence=0.7,
                        reason=f"'{core[0]}' refers to {own.label}, the subject of this sentence",
                    )
                # The pronoun as the text writes it ("They"), for an unnamed source's attribution.
                written = next(
                    w for w in TOKEN_RE.findall(self.text, sa, sb) if _uncontracted(w) == core[0]
                )[: len(core[0])]
                return self.pronoun(written, sa)
            if nearest_last and not self._appositive(sa, sb):
                break
            if not nearest_last and self._unnamed_person(core):
                return self._described(self.text[sa:sb], verb)
        if not segments:
            return None
        sa, sb = segments[0]
        self._note_unresolved(sa, sb)
        return self._described(self.text[sa:sb], verb)

    def _known_by_initials(self, sa, sb):
        """The name that ends text[sa:sb] when its own initials follow it in parentheses
        ("Agence France-Presse (AFP)", "National Security and Defense Council (NSDC)"), or
        None."""
        after = _INITIALS_AFTER.match(self.text, sb)
        if after is None:
            return None
        wanted, at = after.group("initials"), sb
        for word in reversed(list(_NAME_PIECE.finditer(self.text, sa, sb))):
            if not wanted:
                break
            if word.group()[0].isupper():
                if word.group()[0] != wanted[-1]:
                    return None
                wanted, at = wanted[:-1], word.start()
            elif word.group() not in ("and", "of", "for", "the", "on"):
                return None
        if wanted:
            return None
        article = _THE_BEFORE.search(self.text, sa, at)  # "the Center for … Studies (CSIS)"
        return self.text[article.start() if article else at : sb].strip()

    def _note_unresolved(self, sa, sb):
        """A subject that is a single name nobody could resolve ("Starmer said …", Starmer named
        by surname only): "he" in the next sentences may be that person, not the one before."""
        runs = [run for run in name_runs(self.text, sa, sb) if not run.is_org]
        if len(runs) == 1 and len(runs[0].words) == 1:
            word = runs[0].words[0]
            known = self.known.by_spelling(word) is not None  # "the top Putin … aide"
            if word.casefold() not in PLACES and not word.isupper() and not known:
                self.unresolved = (word, self.sentence)

    def _sentence_subject(self, at):
        """The person named at the head of this sentence's main clause, before `at`, or None."""
        ss = self.sentence_starts.get(self.sentence)
        if ss is None or ss >= at or self.text[ss:at].lstrip()[:1] in tuple(QUOTE_CHARS):
            return None  # '"Putin has now …," he said': a name in the quote is not its subject
        who = self.head_subject(ss, at)
        return None if who is None or who.ambiguous else who

    def _sentence_institution(self, at):
        """The institution at the head of this sentence's main clause, before `at` ("But the
        Kremlin is unlikely to accept the changes, as it already called them …"), or None."""
        ss = self.sentence_starts.get(self.sentence)
        if ss is None or ss >= at:
            return None
        head = _INSTITUTION_HEAD.match(self.text, self.main_clause(ss, at), at)
        who = self._described(head.group(1), "") if head is not None else None
        return who if who is not None and who.anonymous else None

    def _only_a_name(self, sa, sb):
        """True for ", Andriy Yermak," after "his chief of staff": a name standing alone."""
        words = TOKEN_RE.findall(self.text, sa, sb)
        capitals = [w for w in words if w[:1].isupper()]
        return bool(words) and len(words) <= 4 and len(capitals) >= len(words) - 1

    def _aside(self, sa, sb):
        """True for "after a meeting in Geneva on Sunday": a phrase of time or place."""
        first = TOKEN_RE.search(self.text, sa, sb)
        return first is not None and first.group().casefold() in ASIDE_OPENERS

    def _name_with_title(self, sa, sb):
        """True for "Yury Ushakov" or "US Secretary of State Marco Rubio" before an appositive:
        capitalised words (and "of", "the"), no clause."""
        words = TOKEN_RE.findall(self.text, sa, sb)
        # ("Ukrainian official Rustem Umerov": a title in lower case too.)
        # ("Ukrainian top negotiator Rustem Umerov, a former defence minister, said")
        return 0 < len(words) <= 8 and all(
            w[:1].isupper() or w.casefold() in PARTICLES | PERSON_NOUNS | TITLES | {"of", "the"}
            for w in words
        )

    @staticmethod
    def _unnamed_person(words):
        """ "a senior U.S. official", "one source": someone the text does not name."""
        return len(words) > 1 and words[0] in INDEFINITE and words[-1] in PERSON_NOUNS

    def _appositive(self, sa, sb):
        """ "a top aide to Putin", "head of the President's Office": a description of the name
        before it (not "with a spokesperson", which is a phrase of its own)."""
        first = TOKEN_RE.search(self.text, sa, sb)
        if first is None:
            return False
        word = first.group().casefold()
        possessive = bool(_POSSESSIVE.search(first.group())) and first.group()[0].isupper()
        words = {w.casefold() for w in TOKEN_RE.findall(self.text, sa, sb)}
        if words & ORG_WORDS and not words & PERSON_NOUNS:
            return False  # "the Russian Foreign Ministry" describes no person
        after = TOKEN_RE.search(self.text, first.end(), sb)
        # ("Secretary of the National Security and Defence Council": a title's office.)
        office = word in PERSON_NOUNS | TITLES and after is not None and after.group() == "of"
        # ("Dr Anwar Gargash, diplomatic adviser to the President, told": an adjective first.)
        following = [w.casefold() for w in TOKEN_RE.findall(self.text, first.end(), sb)][:2]
        qualified = first.group()[0].islower() and bool(set(following) & (PERSON_NOUNS | TITLES))
        return (
            word in DETERMINERS
            or possessive
            or (word in PERSON_NOUNS | TITLES and first.group()[0].islower())
            or office
            or qualified
        )

    def agent(self, a, b, verb=""):
        """Who "according to X", "as stated by X" or "quoted X as saying" names."""
        what = _WHAT_SAID.match(self.text, a, b)
        if what is not None:
            # "according to what the two conflicting parties confirmed on Wednesday"
            a, b = what.span("who")
        return self.subject(a, b, verb, nearest_last=False)

    def pronoun(self, word, at=None):
        if word.casefold() in ("they", "another") and self._unnamed_just_before():
            # "According to US officials, … They said …", "… one US official said. Another
            # said …": the unnamed sources of the sentence before, or another like them.
            source = self.last_unnamed
            return self.anonymous(
                word,
                source.party,
                f"the unnamed source{'s' if word.casefold() == 'they' else ''} before",
            )
        if word.casefold() == "it" and self._unnamed_just_before():
            # "The White House later said … It added that …": the institution again.
            source = self.last_unnamed
            return self.anonymous(source.text, source.party, "the institution before")
        if word.casefold() not in ("he", "she", "him", "her"):
            return unsure(word, f"'{word}' names no single person")
        return self.antecedent(word, at)

    def _unnamed_just_before(self):
        return (
            self.last_unnamed is not None
            and self.last_unnamed_sentence == self.sentence - 1
            and self.last_unnamed_sentence >= self.last_person_sentence
        )

    def antecedent(self, words, at=None):
        previous = self.last_person
        if self.unresolved is not None and self.unresolved[1] > self.last_person_sentence:
            name = self.unresolved[0]
            return unsure(words, f"'{words}' may be {name}, named by surname only")
        if previous is None:
            return unsure(words, f"'{words}' follows no person named as a subject")
        between = self._named_since(previous, at)
        if between is not None:
            # "… searches of Yermak's apartment. He confirmed …": a sentence since the subject
            # named someone else; a reader could take either.
            return unsure(words, f"'{words}' may be {previous.label} or {between}")
        where = (
            "previous sentence"
            if self.last_person_sentence == self.sentence - 1
            else ("same sentence" if self.last_person_sentence == self.sentence else "earlier")
        )
        return Who(
            previous.person,
            previous.new_name,
            words,
            0.7,
            f"'{words}' refers to {previous.label}, the last person named as a subject ({where})",
            party=previous.party,
        )

    def _named_since(self, previous, at=None):
        """The name of a known person other than `previous` that a sentence between the one
        naming `previous` and this one mentions, or this one before `at` ("… opening
        statements from Putin as Witkoff arrived, in which he accused …"), or None."""
        after = self.sentence_starts.get(self.last_person_sentence + 1)
        until = self.sentence_starts.get(self.sentence)
        if at is not None and until is not None and self.last_person_sentence < self.sentence:
            after, until = (until if after is None or after > until else after), at
        if self.last_person_sentence >= self.sentence - 1 and at is None:
            return None
        if after is None or until is None:
            return None
        for mention in self.mentions_in(after, until):
            if mention.in_quote:
                continue  # '"… Putin has to know that …," he said': words quoted, no subject
            if mention.person is not None and mention.person is not previous.person:
                return mention.person.name
        return None

    # -- names ----------------------------------------------------------------------------------
    def _segments(self, a, b, nearest_last):
        """The comma-separated pieces of text[a:b], parentheses and relative clauses left out."""
        text, pieces, start, depth = self.text, [], a, 0
        for index in range(a, b):
            char = text[index]
            if char in "([":
                if depth == 0 and index > start:
                    pieces.append((start, index))
                depth += 1
            elif char in ")]":
                depth = max(0, depth - 1)
                start = index + 1
            elif depth == 0 and (char == "," or (char in "–—" and text[index - 1 : index] == " ")):
                # A comma, or a dash set off by spaces ("… senior advisor respectively – Mr.
                # Peskov confirmed"), ends a piece.
                pieces.append((start, index))
                start = index + 1
        if depth == 0:
            pieces.append((start, b))
        kept = []
        for sa, sb in pieces:
            first = TOKEN_RE.search(text, sa, sb)
            if first is None:
                continue
            word = first.group().casefold()
            after = TOKEN_RE.search(text, first.end(), sb)
            # (Not a name: "Downing Street said", "Beijing said".)
            named = first.group()[:1].isupper() and (after is None or after.group()[:1].isupper())
            if word in RELATIVES or (word.endswith("ing") and len(word) > 5 and not named):
                continue  # ", speaking in a video posted by the Kremlin," / ", who met …"
            if all(w.casefold() in _ASIDE_WORDS for w in TOKEN_RE.findall(text, sa, sb)):
                continue  # ", also," / ", then," / "The Kremlin, however, said"
            if kept and _OUTLET_SAID.fullmatch(text, sa, sb):
                continue  # "Mr. Zelenskyy, Axios said, suggested": who reported it

            kept.append((sa, sb))
        return kept[::-1] if nearest_last else kept

    def _named(self, sa, sb, nearest_last):
        """The person a segment names: a known one, or a new one by their full name."""
        mentions = [m for m in self.mentions_in(sa, sb) if self._is_subject(m, sa)]
        if mentions and nearest_last:
            return self.known_mention(mentions[-1])
        runs = [
            run
            for run in (
                after_known_name(r, self.known, self.text) for r in name_runs(self.text, sa, sb)
            )
            if not run.is_org
            and not self._after_preposition(run.start, sa)
            and not self._modifies_noun(run.end)
        ]
        if nearest_last:
            runs.reverse()
        for run in runs:
            # (A name the article gives in full comes before a known one after it: "Peskov
            # also said that Putin had agreed …".)
            who = self.named_run(run)
            if who is not None:
                return who
        return self.known_mention(mentions[0]) if mentions else None

    def named_run(self, run):
        text = self.text[run.start : run.end]
        person = self.known.by_spelling(run.text)
        if person is not None:
            party = getattr(getattr(person, "party", None), "name", None)
            spelling = None if self.known.is_alias(text) else text
            reason = f"'{text}' is {kind_label('spelling', person)}"
            return Who(person, None, text, 0.85, reason, party=party, spelling=spelling)
        if len(run.words) >= 2:
            if not run.looks_like_person:
                return self._surname_then_verb(run)
            longer = self.names.longer_name(run.words)
            if longer is not None:
                # "H.H. Sheikh Abdullah bin Zayed expressed …" after "… Abdullah bin Zayed Al
                # Nahyan, Deputy Prime Minister …": the name met in full.
                return self._new(longer, text, 0.6, f"'{text}' begins {longer}, named in full")
            return self._new(run.text, text, 0.6)
        word = run.words[0]
        full = self.names.full_name(word)
        if full is not None:
            return self._new(full, text, 0.6, f"'{text}' is the surname of {full}, named in full")
        if word.casefold() in PLACES or word.isupper():
            return None
        if run.had_title and not run.after_function_word:
            return self._new(word, text, 0.4, None, single=True)
        return None

    def _surname_then_verb(self, run):
        """A headline in capitals opens with a surname and its verb, which no vocabulary
        lists ("Rubio Reassures Zelenskyy Of US Commitment, But Warns …"): the person the
        article names in full, or a known person; "Putin Allies" names someone else."""
        first, second = run.words[0], run.words[1]
        folded = second.casefold()
        if not (
            len(second) > 3
            and folded.endswith("s")
            and not folded.endswith(("ss", "'s", "’s"))
            and folded not in PERSON_NOUNS | ORG_WORDS | PLACES | HEADLINE_NOUNS
        ):
            return None
        person = self.known.by_spelling(first)
        if person is not None:
            party = getattr(getattr(person, "party", None), "name", None)
            reason = f"'{first}' is {kind_label('spelling', person)}"
            return Who(person, None, first, 0.7, reason, party=party)
        full = self.names.full_name(first)
        if full is not None:
            return self._new(full, first, 0.6, f"'{first}' is the surname of {full}, named in full")
        return None

    def _new(self, name, text, confidence, reason=None, single=False):
        note = " (a single word: check it is a person)" if single else ""
        return Who(
            None,
            name,
            text,
            confidence,
            reason or f"'{name}' matches no known person: offered as a new person{note}",
            party=party_of(_title_words(self.names.title_of(name))),
        )

    def known_mention(self, mention):
        matched = self.text[mention.start : mention.end]
        if mention.person is None:
            return Who(
                text=matched,
                confidence=0.3,
                reason=f"unsure: '{matched}' may be any of " + ", ".join(mention.others),
                ambiguous=True,
            )
        if mention.shadow_name:
            return self._new(mention.shadow_name, mention.shadow_name, 0.6)
        person = mention.person
        confidence = 0.8 if mention.kind == "role" else 0.9
        party = getattr(getattr(person, "party", None), "name", None)
        return Who(
            person,
            None,
            matched,
            confidence,
            f"'{matched}' is {kind_label(mention.kind, person)}",
            party=party,
        )

    def _is_subject(self, mention, floor):
        return (
            not mention.possessive
            and not mention.in_quote
            and not mention.others
            and not self._after_preposition(mention.start, floor)
            and not self._modifies_noun(mention.end)
        ) or (mention.person is None and not mention.in_quote and not mention.possessive)

    def _modifies_noun(self, end):
        """True for "Putin" in "a Putin aide" or "the top Putin diplomatic aide": a name before
        a role noun (an adjective or two between) is not the speaker."""
        after = self.text[end : end + 40].split()[:2]
        nouns = (PERSON_NOUNS | ORG_WORDS) - REPORT_VERBS  # ("Putin states …" is a verb)
        if not after or not after[0].islower():
            return False
        if after[0].strip(",.") in nouns:
            return True
        return (
            len(after) == 2
            and after[0].endswith(_ADJECTIVE_ENDINGS)
            and after[1].strip(",.") in nouns
        )

    def _after_preposition(self, at, floor):
        """True for "to Putin" in "a top aide to Putin" (within the phrase read from `floor`)."""
        before = self.text[max(floor, at - 40) : at].split()
        if before and before[-1].casefold() in PREPOSITIONS:
            return True
        country = False
        for _ in range(3):  # "a senior adviser to (Russian) President Vladimir Putin"
            if before and _INITIALS.fullmatch(before[-1]):
                before.pop()  # ("Administration officials for U.S. President Donald Trump")
                country = True
            elif before and before[-1][:1].isupper() and before[-1].casefold() in TITLES:
                before.pop()
        # (Not "High Representative for Foreign Policy Kaja Kallas": "for" in her title.)
        return bool(before) and (
            before[-1].casefold() == "to" or (country and before[-1].casefold() == "for")
        )

    def mentions_in(self, a, b):
        index = bisect_left(self.mention_starts, a)
        while index < len(self.mentions) and self.mentions[index].start < b:
            if self.mentions[index].end <= b:
                yield self.mentions[index]
            index += 1

    # -- descriptions ---------------------------------------------------------------------------
    def _described(self, phrase, verb):
        core = TOKEN_RE.findall(phrase)
        while core and core[0].casefold() in AUXILIARIES | CONJUNCTIONS | PREPOSITIONS:
            core.pop(0)
        if [w.casefold() for w in core[-2:]] in (["so", "far"], ["thus", "far"]):
            core = core[:-2]  # "Ukraine has so far rejected …"
        while core and (
            core[-1].casefold() in AUXILIARIES | CONJUNCTIONS | FLOATING
            or (core[-1].islower() and core[-1].endswith("ly") and len(core) > 1)
        ):
            # "officials have both spoken …", "Kyiv had similarly characterized …": the
            # subject is "officials", "Kyiv".
            core.pop()
        if not core:
            return None
        folded = [w.casefold().rstrip(".") for w in core]
        if len(core) == 1 and folded[0] in ("he", "she", "him", "her", "they", "it", "another"):
            return self.pronoun(core[0])
        description = " ".join(core)
        if folded[0] == "their" and self._unnamed_just_before():
            # "Ukrainian specialists have acknowledged … Their assessment suggests …"
            return self.anonymous(
                description, self.last_unnamed.party, "the unnamed sources before"
            )
        party = party_of(core) or self._people_party(phrase)
        head = self._head(folded)
        # ("representatives": the plural of a person noun names people too.)
        people = head in PERSON_NOUNS or (head.endswith("s") and head[:-1] in PERSON_NOUNS)
        if people and not (set(folded) & {"media"}):
            plural = head.endswith("s") or head in PLURAL_PERSON_NOUNS
            if folded[0] in INDEFINITE or plural and folded[0] not in ("the",):
                # "a senior official", "sources close to …", "people familiar with the matter"
                return self.anonymous(description, party, "an unnamed source")
            if head in OFFICE_NOUNS and party and not set(folded) & NOT_THE_HOLDER:
                # "Ukraine's president" names whoever holds the office, not the last person
                # named: the known holder, or nobody.
                return self._office_holder(description, head, party)
            if head == "leader" and party:
                # "The Ukrainian leader told Axios …" after a sentence about Trump: the known
                # head of that state, if the database has one.
                holder = self._office_holder(description, "president", party)
                if holder.found:
                    return holder
            # ("The Kremlin spokesman said …": a word that qualifies the title stands with it;
            # "Kremlin spokesperson also criticized …", with no article, too.)
            bare = len(core) == 2 and folded[0] in TITLES and folded[0] not in DETERMINERS
            qualified = (len(core) == 3 and folded[1] in TITLES) or bare
            titled = (
                self._titled_before(head, folded[-2] if qualified else None)
                if (folded[0] == "the" and (len(core) == 2 or qualified)) or bare
                else None
            )
            if titled is not None:
                # "The secretary also stressed …" after "Secretary of State Marco Rubio": the
                # one person named so far under that title, whoever was named last.
                return titled
            if (
                folded[0] == "the"
                and self.last_unnamed is not None
                and self.last_unnamed_sentence >= self.last_person_sentence
            ):
                # "the official added" after "Axios reported, citing a senior U.S. official":
                # the unnamed source again, never the last person named before it.
                return self.anonymous(description, party, "an unnamed source named before")
            if plural:
                # "the critics", "The plan contains terms critics say": never one person; a
                # long phrase is a clause before them, and they are named by their noun.
                named = description if len(core) <= 3 else core[-1]
                return self.anonymous(named, party, "an unnamed source")
            if len(core) == 2 and folded[0].endswith(("’s", "'s")) and head in _SPOKES_NOUNS:
                # "Starmer’s spokesman called the current track …": someone speaking for a
                # person, unnamed, never the last person named.
                return self.anonymous(description, party, "an unnamed spokesperson")
            last = self.last_person
            if (
                head in OFFICE_NOUNS | _ROLE_NOUNS
                and last is not None
                and not self._holds(last, head)
            ):
                # "the president blasted Ukraine …" after a sentence about the Secretary of
                # State: the office is someone else's.
                return unsure(description, f"'{description}' is not an office {last.label} holds")
            if party and last is not None and last.party and last.party != party:
                # "Putin's adviser" after a sentence about Witkoff: someone not yet named.
                return unsure(description, f"'{description}' does not fit {last.label}")
            return self.antecedent(description)
        names = [w for w, c in zip(folded, core, strict=True) if c[:1].isupper()]
        countries = names and all(w in PLACES or w in TITLES for w in names)
        # ("US touts ‘productive’ talks with Ukraine …": a country by its initials.)
        initials = core[-1].rstrip(".") in _COUNTRY_INITIALS and (
            len(core) == 1 or (len(core) == 2 and folded[0] == "the")
        )
        if (
            set(folded) & (ORG_WORDS | MEDIA_WORDS)
            or (countries and set(folded) & PLACES)
            or initials
        ):
            kind = "the press" if set(folded) & MEDIA_WORDS else "an institution"
            return self.anonymous(description, party, kind)
        body = self.names.bodies.get(fold(core[0])) if len(core) == 1 else None
        if body is not None:
            # "Izvestia said", after "The Izvestia newspaper": the press, not a person.
            kind = "the press" if body in MEDIA_WORDS else "an institution"
            return self.anonymous(description, party, kind)
        named = core[1:] if len(core) == 2 and folded[0] == "the" else core
        if (
            len(named) == 1
            and named[0][:1].isupper()
            and verb.casefold() in ("reported", "reports")
        ):
            # A name the article gives no person, reporting: an outlet ("Suspilne reported").
            return self.anonymous(description, None, "the press")
        return unsure(description, f"'{description}' names no known person or full name")

    def _titled_before(self, head, qualifier=None):
        """The one person the article has named so far with `head` in their title ("Secretary
        of State Marco Rubio" for "the secretary"; with "Kremlin" too for "the Kremlin
        spokesman"), or None."""
        at = self.sentence_starts.get(self.sentence) or 0
        wanted = {head} | ({qualifier} if qualifier else set())
        found = {
            name
            for name, title in self.names.titles.items()
            if self.names.first_named[name] < at
            and {_office_word(w) for w in wanted}
            <= {_office_word(word.casefold()) for word in _title_words(title)}
        }
        for index in range(bisect_left(self.mention_starts, at)):
            person = self.mentions[index].person
            if person is not None and all(self._holds(Who(person), o) for o in wanted):
                found.add(person.name)
        last = self.last_person
        if last is not None and last.person is not None and self._holds(last, head):
            # (The last subject, though the article spells the name otherwise: "Zelenskyy".)
            found.add(last.person.name)
        if len(found) != 1:
            return None
        (name,) = found
        reason = f"'the {head}' is {name}, the one person named so far with that title"
        person = self.known.by_spelling(name)
        if person is None:
            return self._new(name, f"the {head}", 0.7, reason)
        party = getattr(getattr(person, "party", None), "name", None)
        return Who(person, None, f"the {head}", 0.7, reason, party=party)

    def _holds(self, who, office):
        """True when what the article or the database calls this person names the office."""
        if who.person is not None:
            titles = [getattr(role, "title", "") or "" for role in roles_of(who.person)]
            titles += other_names_of(who.person)
            # ("US special envoy Steve Witkoff": what the article calls them, too.)
            titles += [
                " ".join(_title_words(self.text[max(0, m.start - 60) : m.start]))
                for m in self.mentions
                if m.person is who.person
            ]
        else:
            name = who.new_name
            titles = [
                " ".join(_title_words(self.names.title_of(name))),
                self.names.described.get(name, ""),
            ]
        # (A spokesman is also a "press secretary".)
        names = _SPOKESPEOPLE if office in _SPOKES_NOUNS else (office,)
        return any(name in str(title).casefold() for title in titles for name in names)

    def _office_holder(self, description, head, party):
        """The known person whose current role is this office of this party ("President of
        Ukraine" for "Ukraine's president"), or unsure."""
        holders = {
            id(person): person
            for person in self.known.people
            for role in roles_of(person)
            if getattr(role, "ended_on", None) is None
            and (title := TOKEN_RE.findall(str(getattr(role, "title", "") or "")))
            and title[0].casefold() == head
            and party_of(title) == party
        }
        if not holders:
            # ("the US president" in an article that names "US President Donald Trump", whom
            # the database does not know yet: the one it so names.)
            named = [
                name
                for name, before in self.names.titles.items()
                if head in (title := [w.casefold() for w in _title_words(before)])
                and party_of(title) == party
            ]
            if len(named) == 1:
                reason = f"'{description}' is {named[0]}, whom the article so titles"
                return self._new(named[0], description, 0.7, reason)
        if len(holders) != 1:
            return unsure(description, f"'{description}' names an office no known person holds")
        (person,) = holders.values()
        return Who(
            person,
            None,
            description,
            0.8,
            f"'{description}' is the office {person.name} holds",
            party=party,
        )

    @staticmethod
    def _head(folded):
        """The noun a description is about: "chief" in "the chief of the President's Office"."""
        for index, word in enumerate(folded):
            if word in ("of", "to", "for", "from", "at", "in", "on", "with", "familiar", "close"):
                return folded[index - 1] if index else word
        return folded[-1]

    def _people_party(self, phrase):
        """The party of a known person the description hangs on ("Putin's aide", "a Putin aide")."""
        for word in TOKEN_RE.findall(phrase):
            if word[:1].isupper():
                person = self.known.by_spelling(_POSSESSIVE.sub("", word))
                if person is not None:
                    return getattr(getattr(person, "party", None), "name", None)
        return None

    @staticmethod
    def anonymous(description, party, kind):
        where = f", {party}" if party else ""
        return Who(
            text=description,
            confidence=0.7,
            reason=f"'{description}' is {kind}{where}: recorded as anonymous, with no speaker",
            anonymous=True,
            party=party,
        )

    def _trim(self, a, b):
        text = self.text
        while a < b and not (text[a].isalnum()):
            a += 1
        while b > a and not (text[b - 1].isalnum() or text[b - 1] in ")’'"):
            b -= 1
        going_on = CONTINUES_TO.search(text, a, b)  # "Russia", not "Russia continues to"
        return (a, going_on.start()) if going_on is not None else (a, b)
