"""Finding the statements in an article's text: direct quotes and reported speech, with speakers,
read paragraph by paragraph and sentence by sentence as a reader reads them."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from negotiations.intake.attribution import CLOSING_GAP, VERB_RE, Attributions
from negotiations.intake.layout import (
    is_heading,
    paragraphs,
    sentences,
    skip_dateline,
    skip_label,
)
from negotiations.intake.names import HAS_WORD, KnownPeople
from negotiations.intake.quotes import QUOTE_CHARS, find_quotes
from negotiations.intake.speakers import SpeakerResolver, Who, scan_mentions, unsure
from negotiations.intake.vocabulary import PERSON_NOUNS, VIEW_NOUNS

__all__ = ["Candidate", "Part", "find_candidates"]

_AFTER_VERB = re.compile(r"[\s,;:—–-]*(?:[^\s" + QUOTE_CHARS + r"]+\s+){0,8}?[a-z]+")
# Between the two halves of a split quote, after the verb: a short object, then a comma.
_SPLIT_REST_RE = re.compile(rf"(?:\s*[^\s,.;:!?{QUOTE_CHARS}]+){{0,4}}\s*,\s*")
_MAX_WINDOW = 200
# A clause's end, then a conjunction the quote after it opens with: "…, though “…”".
_THEN_BUT = re.compile(r",\s+(?:though|but|although)\Z")
# A sentence may open with one of these before its quote: "But 'there's still …', Rubio said".
_OPENING_CONJUNCTIONS = frozenset(["But", "And", "Yet", "So"])
# Where a sentence's closing clause may bring a speaker of its own: "…, after the US president
# said …", "…, as a US mediator cautioned that …", "…, a view echoed by Kirill Dmitriev.", "…
# the Iran war but Ukraine's president says …".
_VIEW_NOUN_ALTERNATION = "|".join(sorted(VIEW_NOUNS))
_SECOND_CLAUSE = re.compile(
    # ("… surrender the rest — a demand Kyiv has rejected.": a dash before a stance noun.)
    # ("…the Donbas region—a demand Kyiv rejects.": the dash may stand unspaced.)
    rf"(?:(?P<comma>,[”\"’']?)\s+|\s?[—–]\s*(?=an?\s+(?:{_VIEW_NOUN_ALTERNATION})\b)|"
    r"(?=\s+(?:but|while|whereas)\s+(?:[A-Z]|(?:the|a|an|his|her|its|"
    r"their)\s))\s+)(?:and\s+)?(?:even\s+)?(?P<tail>(?:after|but|as(?!\s+(?:reported|quoted|cited|per)\b)|though|"
    r"although|while|whereas|with(?=(?:\s+[^\s,.;:]+){1,10}?\s+[a-z]+ing\b)|"
    rf"an?\s+(?:{_VIEW_NOUN_ALTERNATION})|"
    # "…, and Russian officials have already decried …": a new subject after ", and" (or
    # after a quote closed by its comma: 'wrote about "significant progress," and Rustem
    # Umerov wrote about …').
    r"(?:(?<=, and )|(?<=,[”\"’'] and ))(?=[A-Z][a-z]))\b)"
)
# A line that only names someone, before a colon: "Yuri Samonkin, political scientist and head
# of the Eurasian Institute of Youth Initiatives (Russia):"
_NAMED_LINE = re.compile(r"(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3}),[^:\n]{3,200}:\s*")
_ENDS_THAT = re.compile(r"\sthat\s*\Z")
_CONTRAST = re.compile(r"(?:while|whereas)\s")
# "…, who suggested …": a relative clause about the person before it.
_RELATIVE = re.compile(r",\s+(?P<tail>who)\b")
# "Although critics … have derided Trump’s plan …, the president said …": a sentence that
# opens with a clause of concession, each clause with its own speaker.
_CONCESSION = re.compile(r"(?:Although|Though|While|Whereas)\s")
_AFTER_CONCESSION = re.compile(r"(?P<comma>,[”\"’']?)\s+(?P<tail>)(?=\S)")
# "Ukrainian President Volodymyr Zelenskyy said Monday." opening a paragraph: whose the
# sentence above it was.
_SAID_LINE = re.compile(
    r"\s*(?P<who>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?P<verb>said|says)"
    r"(?:\s+(?:on\s+)?[A-Z][a-z]+day)?\.(?:\s+|\Z)"
)
# A paragraph that ends with a quote and a comma ('…in the next three weeks",'): its
# attribution may stand in the line below.
_CLOSED_WITH_COMMA = re.compile(r"(?:[\"”],|,[\"”])\s*\Z")
# "…; Moscow says the pause could end …": a clause after a semicolon, with its own subject.
_AFTER_SEMICOLON = re.compile(r"(?P<comma>;)\s+(?P<tail>[A-Za-z])")
# "…, which Ukrainian President Volodymyr Zelenskiy categorically rejects.": what the clause
# before says, and a stance on it by a subject of its own.
_WHICH_CLAUSE = re.compile(r"(?P<comma>,)\s+(?P<tail>which\s+(?=[A-Z]))")
# After a quote: its attribution, then more it reports (`," Ushakov said, noting that …`).
_AND_MORE = re.compile(
    r"[\s,”\"’']*(?P<attribution>[^,.;:!?]{0,60}?\b(?:said|added|continued|explained|noted|"
    r"stressed|cautioned|warned|wrote|posted|remarked|told\s+\w+|quoted\s+as\s+saying)"
    # ("…,” said Ukrainian President Volodymyr Zelenskyy, welcoming …")
    r"(?:\s+(?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]+)?"
    r"(?:\s+(?:during|at|in|on|after)\s+[^,.;:!?]{1,50})?"
    # ("…,” Lavrov said, according to Reuters, calling the alleged attack …")
    r"(?:\s*,\s+according\s+to\s+[^,.;:!?]{1,40})?)\s*,\s*"
    r"(?:(?:and\s+)?(?P<verb>noting|adding|stressing|acknowledging|calling|citing|"
    r"urging|urged|insisting|warning|revealing|explaining|suggesting|arguing|emphasizing|"
    r"emphasising|dismissing|rejecting|denying|welcoming|praising|criticising|criticizing|"
    r"underscoring|underlining|describing)"
    # `"It may not work out," Rubio cautioned, though he maintained that …`
    r"|(?:though|but)\s+(?:he|she)\s+(?:also\s+)?(?P<finite>maintained|insisted|added|said|"
    r"stressed|noted|argued)\s+that)\b"
)
# How many places where a sentence may split into two speakers' clauses are tried.
_MAX_SPLITS = 8
# A line that ends a sentence, the next opening another: "…sides.\nWe’re waiting …".
_LINE_AFTER_SENTENCE = re.compile(r"(?<=[.!?…])[ \t]*\n\s*(?=[A-Z‘“\"'])")
_ADDING = re.compile(r"\b(?:adding|added)\s*[,:]?\Z")
# A source closing a sentence: "…, the Wall Street Journal reports."
_CLOSING_SOURCE = re.compile(
    r",\s+(?:[^\s,;:]+\s+){1,8}?(?:reports|reported|said|says|wrote|writes|added|adds|noted|"
    r"notes)\s*[.!?]?\s*\Z"
)
# A sentence that names who said what the sentence before it says: "This was announced by
# Kremlin spokesperson Dmitry Peskov.", "Peskov told reporters about this."
# A line naming where the words below come from, as Ukrainska Pravda prints it: "Source: Witkoff
# on X (Twitter)", then paragraphs "Quote: "…"".
_SOURCE_LINE = re.compile(r"Source:\s+(?P<who>[^\n.]{2,80}?)\s*(?:\Z|\n)")
_QUOTE_LINE = re.compile(r"Quote:\s+[\"“]")
# "According to the post," after a sentence saying someone wrote it.
_THE_DOCUMENT = re.compile(r"(?:the|his|her) (?:post|statement|message)", re.I)
_IN_A_DOCUMENT = re.compile(r"\bin an? (?:[a-z]+ )?(?:post|statement|message)\b")
# "Ryabkov made this statement in an interview with ABC News": the words before were his.
_THIS_STATEMENT = re.compile(r"\bmade\s+(?:this|these|the)\s+(?:statement|remarks?|comments?)\b")
_BACK_REFERENCE = re.compile(
    # ("This was stated on November 25 by …": a date may stand before "by".)
    r"\b[Tt]his\s+(?:was|were|has\s+been|had\s+been)\s+(?:also\s+)?[a-z]+\s+"
    r"(?:on\s+[^,.;]{1,25}?\s+)?by\b"
    r"|\b(?:about|of)\s+this\b"
)


@dataclass(frozen=True)
class Part:
    """One verbatim piece of a candidate: `text[start:end] == wording`."""

    start: int
    end: int
    wording: str


@dataclass
class Candidate:
    """A proposed statement: a direct quote (`is_quote`) or a reported-speech sentence.

    `parts` holds every verbatim piece (one; two or more for a quote split by its attribution
    or running over several paragraphs). For a single part, `wording == text[start:end]`. For
    several, `wording` joins the parts with " ... " and `start`/`end` span from the first part
    to the last, so it is not a slice; store one Attestation per part.

    A speaker is `speaker` (a known person), or `new_person_name`, or neither: then the
    statement is `anonymous` (an unnamed official, an institution, the press: `attribution`
    says how the text names it), or the intake is `unsure` and offers no speaker at all.
    """

    wording: str
    start: int
    end: int
    is_quote: bool
    verb: str | None
    speaker: Any
    speaker_text: str
    confidence: float
    reason: str
    new_person_name: str | None = None
    parts: list[Part] = field(default_factory=list)
    anonymous: bool = False
    attribution: str = ""
    party_hint: str | None = None
    spelling: str | None = None

    @property
    def is_split(self):
        return len(self.parts) > 1

    @property
    def unsure(self):
        return self.speaker is None and not self.new_person_name and not self.anonymous

    @property
    def speaker_name(self):
        return None if self.speaker is None else getattr(self.speaker, "name", str(self.speaker))

    def as_dict(self):
        return {
            "wording": self.wording,
            "start": self.start,
            "end": self.end,
            "is_quote": self.is_quote,
            "verb": self.verb,
            "speaker": None if self.speaker is None else getattr(self.speaker, "slug", None),
            "speaker_name": self.speaker_name,
            "speaker_text": self.speaker_text,
            "new_person_name": self.new_person_name,
            "anonymous": self.anonymous,
            "attribution": self.attribution,
            "party_hint": self.party_hint,
            "spelling": self.spelling,
            "unsure": self.unsure,
            "confidence": self.confidence,
            "reason": self.reason,
            "parts": [{"start": p.start, "end": p.end, "wording": p.wording} for p in self.parts],
        }


def find_candidates(text: str, people) -> list[Candidate]:
    """Candidate statements in `text` (the output of clean_text), in the order they appear.

    `people` is an iterable of Person (roles and other names prefetched): each is matched by
    name, surname, other names, role titles and spellings of their name. Offsets refer to `text`.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return ArticleReader(text, KnownPeople(people)).read()


def _describes_person(text):
    """True for a speaker described but not named ("the US president", "a US mediator")."""
    return any(word.casefold() in PERSON_NOUNS for word in text.split())


def _same_source(first, second):
    """True when two attributions name one source: the same person, or the same words."""
    if first.found or second.found:
        return first.found and second.found and first.label == second.label
    return first.text == second.text


@dataclass
class _RunOn:
    """A quote left open at the end of a paragraph, which the next paragraph may continue."""

    part: Part
    who: Who | None
    verb: str | None


class ArticleReader:
    """Reads an article in order, keeping what a reader keeps in mind from one sentence to the
    next: who spoke last (in the resolver), whose quote may continue, and a quote left open."""

    def __init__(self, text, known):
        self.text = text
        self.mentions = scan_mentions(text, known)
        self.mention_starts = [m.start for m in self.mentions]
        self.resolver = SpeakerResolver(text, known, self.mentions)
        self.attributions = Attributions(text, self.resolver)
        self.candidates: list[Candidate] = []
        self.previous_quote: Who | None = None
        self.previous_reported: tuple[Who, int] | None = None
        self.paragraph = 0
        self.run_on: _RunOn | None = None
        # The last sentence that made no statement, or one with no known speaker: (start,
        # paragraph, its candidate or None).
        self.bare_sentence: tuple[int, int, Candidate | None] | None = None
        # Whom the last "Source: …" line named, and whether this paragraph opens "Quote:".
        self.named_source: Who | None = None
        self.quote_line = False
        self.last_who: Who | None = None  # the speaker of the last candidate
        self.sentence_quote: Who | None = None  # the speaker of a quote earlier in the sentence
        self.introduces = self.introduced = False
        # Whom a line of its own names before a colon ("Yuri Samonkin, political scientist …:"),
        # for the quote in the paragraph below it.
        self.introducer: Who | None = None
        self.introduced_by: Who | None = None
        # A quote whose paragraph ends `…",` and has no attribution: the next line may give it.
        self.awaiting: Candidate | None = None
        # The last sentence, when it made no statement: a line below may say whose it was.
        self.unclaimed: tuple[int, int] | None = None

    def read(self):
        for ps, pe in paragraphs(self.text):
            self._paragraph(ps, pe)
        return self.candidates

    def _paragraph(self, ps, pe):
        self.paragraph = ps
        # (A paragraph that ends with a colon introduces the next.)
        self.introduced, self.introduces = self.introduces, self.text[ps:pe].rstrip().endswith(":")
        self.introduced_by, self.introducer = self.introducer, None
        if self.introduces:
            line = _NAMED_LINE.fullmatch(self.text, ps, pe)
            who = self.resolver.subject(*line.span("who")) if line is not None else None
            if who is not None and who.found:
                self.introducer = who
        source = _SOURCE_LINE.fullmatch(self.text, ps, pe)
        if source is not None:
            who = self.resolver.agent(*source.span("who"), "source")
            self.named_source = who if who is not None and who.found else None
            return
        self.quote_line = _QUOTE_LINE.match(self.text, ps, pe) is not None
        awaiting, self.awaiting = self.awaiting, None
        if awaiting is not None and self._attributed_below(awaiting, ps, pe):
            return
        unclaimed, self.unclaimed = self.unclaimed, None
        said = self._said_below(unclaimed, ps, pe) if unclaimed is not None else None
        if said is not None and not self.text[said:pe].strip():
            return
        start = skip_dateline(self.text, ps, pe) if said is None else said
        quotes, dangling = find_quotes(self.text, start, pe)
        self._flag_quoted_mentions(start, pe, quotes)
        run_on, self.run_on = self.run_on, None
        continues = run_on is not None and quotes and quotes[0][0] == start
        if continues and self._continue(run_on, quotes[0], pe):
            # Read on after the continued quote: its words were someone's, not a sentence.
            start, quotes = quotes[0][1] + 1, quotes[1:]
        if not quotes and self._said_after_a_dash(start, pe):
            return
        heading = is_heading(self.text, start, pe)
        qi = 0
        for ss, se in sentences(self.text, start, pe, quotes):
            ss = skip_label(self.text, ss, se)
            own = []
            while qi < len(quotes) and quotes[qi][0] < se:
                if quotes[qi][0] >= ss:
                    own.append(quotes[qi])
                qi += 1
            # A line of its own that reads as a headline, in a paragraph of lines.
            # (Or a headline a page ran into the next sentence: "… Putin Residence
            # 'Destroyed'Lavrov told reporters …".)
            run_into = se < pe and self.text[se - 1] in "'’" and self.text[se].isupper()
            line = (ss == start or self.text[ss - 1] == "\n") and (
                se >= pe or self.text[se] == "\n" or run_into
            )
            self._sentence(ss, se, own, heading or (line and is_heading(self.text, ss, se)))
        if dangling is not None:
            self.run_on = self._left_open(start, dangling, pe)
        last = self.candidates[-1] if self.candidates else None
        if (
            last is not None
            and last.is_quote
            and last.unsure
            and last.verb is None
            and last.end >= ps
            and _CLOSED_WITH_COMMA.search(self.text, ps, pe)
        ):
            self.awaiting = last

    def _claim_the_quote_before(self, candidate, who, ss):
        """`“We will not subscribe to … Ukrainian territory.”` and then `Russian Deputy Foreign
        Minister Sergei Ryabkov made this statement in an interview …`: the quote just before,
        left with no speaker, is the one this sentence names."""
        index = self.candidates.index(candidate)
        quote = self.candidates[index - 1] if index else None
        if (
            quote is None
            or not quote.is_quote
            or not quote.unsure
            or self.text[quote.end : ss].strip(CLOSING_GAP + "\n")
        ):
            return
        reason = f"the sentence after it says {who.label} made this statement"
        claimed, _ = self._add(quote.parts, True, None, who.copy(reason=reason))
        self.candidates.pop()
        self.candidates[index - 1] = claimed
        self.last_who = who

    def _said_below(self, sentence, ps, pe):
        """'Kyiv — Ukraine and the United States are close to finalizing a framework …' and,
        opening the next paragraph, 'Zelenskyy said Monday.': the line says whose the sentence
        above it was; where the paragraph's own words begin after it, or None."""
        line = _SAID_LINE.match(self.text, ps, pe)
        if line is None:
            return None
        who = self.resolver.subject(*line.span("who"), line.group("verb"))
        if who is None or not who.found:
            return None
        self.resolver.next_sentence(ps)
        ss, se = sentence
        self._add([Part(ss, se, self.text[ss:se])], False, line.group("verb"), who)
        self.resolver.remember(who)
        return line.end()

    def _attributed_below(self, quote, ps, pe):
        """`"We're hopeful … in the next three weeks",` and, as a paragraph of its own, `Steve
        Witkoff reported.`: the line below names the quote's speaker."""
        if pe - ps > 80 or any(c in QUOTE_CHARS for c in self.text[ps:pe]):
            return False
        found = self.attributions.after_quote(ps, pe)
        if found is None or not (found[0].found or found[0].anonymous):
            return False
        who, verb = found
        self.resolver.next_sentence(ps)
        self.candidates.remove(quote)
        self._add(quote.parts, True, verb, who)
        self.resolver.remember(who)
        self.previous_quote = who if who.found else None
        return True

    def _said_after_a_dash(self, ps, pe):
        found = self.attributions.dash_attribution(ps, pe)
        if found is None:
            return False
        end, who, verb = found
        part = self._part(ps - 1, end)
        if part is None:
            return False
        self.resolver.next_sentence(ps)
        self._add([part], True, verb, who)
        self.resolver.remember(who)
        self.previous_quote = who if who.found else None
        return True

    def _flag_quoted_mentions(self, ps, pe, quotes):
        qi = 0
        for index in range(bisect_left(self.mention_starts, ps), len(self.mentions)):
            mention = self.mentions[index]
            if mention.start >= pe:
                break
            while qi < len(quotes) and quotes[qi][1] < mention.start:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] < mention.start < quotes[qi][1]:
                mention.in_quote = True

    # -- quotes over several paragraphs ---------------------------------------------------------
    def _left_open(self, start, opened, pe):
        part = self._part(opened, pe)
        if part is None:
            return None
        sentence_start = max(start, self.text.rfind(". ", start, opened) + 1)
        found = self.attributions.before_quote(sentence_start, opened)
        who, verb = found if found is not None else (self.previous_quote, None)
        return _RunOn(part, who, verb)

    def _continue(self, run_on, quote, pe):
        """A quote that opens a paragraph continues the one left open, unless it is someone
        else's: its own attribution names another speaker."""
        second = self._part(*quote)
        if second is None:
            return False
        found = self.attributions.after_quote(quote[1] + 1, min(pe, quote[1] + 1 + _MAX_WINDOW))
        who, verb = run_on.who, run_on.verb
        if found is not None:
            own, own_verb = found
            if who is not None and who.found and own.found and own.label != who.label:
                return False
            if who is None or not who.found:
                who, verb = own, own_verb
        who = who or Who(reason="no attribution found")
        self._add([run_on.part, second], True, verb, who)
        self.previous_quote = who if who.found else None
        return True

    # -- one sentence ---------------------------------------------------------------------------
    def _sentence(self, ss, se, quotes, heading):
        self.resolver.next_sentence(ss)
        groups = self._groups(quotes)
        made = []
        opened = groups[0][0][0] if groups else ss
        introduced = self.attributions.before_colon(ss, opened) if groups else None
        if introduced is None and groups:
            introduced = self._before_semicolon(ss, opened)
        if introduced is not None:
            # What the reporter says they said before the colon is a statement of its own.
            who, verb, colon = introduced
            made.append(self._add([Part(ss, colon, self.text[ss:colon])], False, verb, who))
        self.sentence_quote = None
        for gi in range(len(groups)):
            found = self._quote(ss, se, groups, gi)
            if found is not None:
                made.append(found)
                self.sentence_quote = found[1]
        if made and quotes and made[-1][0].is_quote and made[-1][1].found:
            # (From the last quote offered: a scare quote may stand later in the sentence.)
            more = self._said_and_more(made[-1][0].parts[-1].end, se, made[-1][1])
            if more is not None:
                made.append(more)
        if not made:
            made.extend(self._two_speakers(ss, se, quotes, heading))
        if not made:
            found = self._reported(ss, se, quotes, heading)
            if found is not None:
                made.append(found)
        if made and made[0][1].found and _THIS_STATEMENT.search(self.text, ss, se):
            self._claim_the_quote_before(made[0][0], made[0][1], ss)
        for candidate, who in made:
            if candidate.anonymous:
                self.resolver.remember_unnamed(who)
            else:
                self.resolver.remember(who)
        if not made:
            self.resolver.remember_subject(ss, se, heading)
        self.unclaimed = (ss, se) if not made else None
        # What a sentence naming whose words they were ("This was announced by …") may take
        # over: a sentence with no statement, or with one of no known speaker.
        unnamed = len(made) == 1 and not made[0][0].is_quote and not made[0][1].found
        self.bare_sentence = (ss, self.paragraph, made[0][0] if unnamed else None)
        if made and not unnamed:
            self.bare_sentence = None
        quoted = [who for candidate, who in made if candidate.is_quote]
        last = quoted[-1] if quoted else None
        self.previous_quote = last if last is not None and (last.found or last.anonymous) else None
        # `… remain outstanding, Sybiha said. "The most sensitive …"`: a bare quote right after
        # a sentence of someone's reported words, in the same paragraph, is theirs too.
        reported = [who for candidate, who in made if not candidate.is_quote and who.found]
        self.previous_reported = (reported[-1], self.paragraph) if reported and not quoted else None

    def _groups(self, quotes):
        groups = []
        for quote in quotes:
            # Real split quotes have two or three parts; longer chains are separate quotes.
            if groups and len(groups[-1]) < 3 and self._joins(groups[-1][-1], quote):
                groups[-1].append(quote)
            else:
                groups.append([quote])
        return groups

    def _joins(self, first, second):
        """True when only an attribution stands between two quotes: `"A," he said, "B."`."""
        text = self.text
        a, b = first[1] + 1, second[0]
        if b - a > 150 or b <= a:
            return False
        ends_with_comma = text[first[1] - 1] == "," or text[a:b].lstrip().startswith(",")
        if not ends_with_comma:
            return False
        found = self.attributions.after_quote(a, b)
        if found is None:
            return False
        verb_end = _AFTER_VERB.match(text, a, b)
        return bool(verb_end and _SPLIT_REST_RE.fullmatch(text, verb_end.end(), b))

    def _quote(self, ss, se, groups, gi):
        group = groups[gi]
        parts = [p for p in (self._part(o, c) for o, c in group) if p is not None]
        parts = [line for part in parts for line in self._lines(part)]
        if not parts:
            return None
        first_open, last_close = group[0][0], group[-1][1]
        if len(group) > 1:
            found = self.attributions.after_quote(group[0][1] + 1, group[1][0])
        else:
            previous_close = groups[gi - 1][-1][1] + 1 if gi else ss
            next_open = groups[gi + 1][0][0] if gi + 1 < len(groups) else se
            after = self.attributions.after_quote(
                last_close + 1, min(next_open, last_close + 1 + _MAX_WINDOW)
            )
            before = self.attributions.before_quote(
                max(previous_close, first_open - _MAX_WINDOW), first_open, ss
            )
            lead = self.text[previous_close:first_open].strip(" \t\n—–-'‘")  # `''We …`
            # ("But 'there's still some work to be done', Rubio said": a conjunction leads.)
            leads = not lead or (previous_close == ss and lead in _OPENING_CONJUNCTIONS)
            if before is None and gi and _ADDING.search(lead):
                at = self.text.rfind("add", previous_close, first_open)
                before = self._added(groups[gi - 1][-1], ss, at)
            if before is None and gi and lead == "and":
                before = self._and_quote(groups[gi - 1][-1])
            if not leads and before is None:
                if after is not None and lead.endswith(",") and len(lead.split()) <= 6:
                    # `On occupied Ukrainian territories, "so far …," Ushakov added.`: a
                    # phrase saying what about, then the quote and its attribution.
                    leads = True
                elif after is not None and lead.endswith(":"):
                    # '…, an option that the US and its European allies would also support:
                    # " Decisions on the territory are up to …," the leaders underlined': a
                    # colon introduces the words, and the attribution after them says whose.
                    leads = True
                elif after is not None and after[0].found and _THEN_BUT.search(lead):
                    # "… set out a 15-year term …, though “I would like the guarantee to be
                    # much longer,” Mr Zelensky said": the reporter's clause, then his words.
                    leads = True
                else:
                    return None  # quoted words inside the reporter's sentence: read as reported
            if leads:
                found = after or before or self._unread_after(last_close, se) or self._continued()
            else:
                found = before or after
            if found is None and first_open == ss:
                found = self._said_on_the_line_above(ss)
            if found is None and first_open == ss and self.introduced_by is not None:
                # "Yuri Samonkin, political scientist …:" on a line of its own, the quote below.
                who = self.introduced_by
                found = (who.copy(reason=f"quoted below a line naming {who.label}"), None)
            if found is None and self.quote_line:
                found = self._quote_line_speaker()
        who, verb = found or (Who(reason="no attribution found"), None)
        words = sum(len(p.wording.split()) for p in parts)
        if verb is None and words < 6 and parts[-1].wording[-1] not in ".!?…":
            return None  # scare quotes and titles ("the so-called "peace plan"") are not statements
        return self._add(parts, True, verb, who)

    def _offered(self, quote):
        """The candidate offered for the quote at (open, close), if it was the last one."""
        last = self.candidates[-1] if self.candidates else None
        if last is not None and last.is_quote and quote[0] < last.parts[-1].end <= quote[1]:
            return last
        return None

    def _added(self, previous, ss, at):
        """`"…," Trump stated, adding, "I have to tell you it was very nice."`: the speaker of
        the quote offered just before; when the words before were no quote of anyone's
        ("Trump … echoed Zelensky’s optimism, calling their meeting ‘good’ but adding, ‘…’"),
        the sentence's subject."""
        if self._offered(previous) is not None:
            if self.last_who is not None:
                return (self.last_who.copy(reason="added to the quote before it"), "adding")
            return None
        found = self.attributions.participle(ss, at, "adding")
        return found if found is not None and found[0].found else None

    def _before_semicolon(self, ss, opened):
        """(who, verb, the semicolon) when a clause reporting someone's words ends with a
        semicolon before the sentence's first quote: "U.S. envoy Steve Witkoff said before the
        talks that one major issue remained; Mr. Zelensky said in Davos that “…”"."""
        semicolon = self.text.rfind(";", ss, opened)
        if semicolon < 0:
            return None
        found = self.attributions.reported(ss, semicolon, ())
        if found is None:
            return None
        return (*found, semicolon)

    def _and_quote(self, previous):
        """`He added: "I think we're getting very close" and "We're closer to peace than ever"`:
        a second quote joined by "and" to a quote offered just before it is the same speaker's."""
        last = self._offered(previous)
        if last is None:
            return None
        who = self.last_who
        if who is None or not (who.found or who.anonymous):
            return None
        return (who.copy(reason="joined by 'and' to the quote before it"), last.verb)

    def _said_on_the_line_above(self, ss):
        """`Trump, speaking to Politico, said:` on a line of its own, the quote on the next."""
        colon = len(self.text[:ss].rstrip()) - 1
        if colon < 0 or self.text[colon] != ":" or "\n" not in self.text[colon:ss]:
            return None
        line = self.text.rfind("\n", 0, colon) + 1
        return self.attributions.before_quote(max(line, colon - _MAX_WINDOW), ss, line)

    def _quote_line_speaker(self):
        """Whose words a paragraph `Quote: "…"` gives: the person its "Source:" line names; or,
        when that line names an outlet ("Source: Russia's Interfax"), the person the report
        is about, the last named as a subject ("Kremlin spokesperson Dmitry Peskov has said")."""
        who = self.named_source
        if who is not None:
            return (who.copy(reason=f"quoted below a line naming {who.label} as source"), None)
        who = self.resolver.antecedent("the quote")
        return (who, None) if who.found else None

    def _unread_after(self, close_at, se):
        """`“…,” National Security and Defense Council Secretary … told reporters`: a quote that
        ends with a comma has its attribution after it; when the intake cannot read it, the quote
        is unsure, never taken as continuing whoever spoke before."""
        text = self.text
        after = text[close_at + 1 : close_at + 3].lstrip()
        if text[close_at - 1] != "," and not after.startswith(","):
            return None
        end = min(se, close_at + 1 + _MAX_WINDOW)
        said = VERB_RE.search(text, close_at + 1, end)
        if said is None:
            return None
        verb = said.group("verb")
        return (
            unsure(verb, f"an attribution after the quote that could not be read ('{verb}')"),
            verb,
        )

    def _continued(self):
        # (A quote earlier in the same sentence comes before any of the sentence before.)
        previous = self.sentence_quote or self.previous_quote
        if previous is None and self.previous_reported is not None:
            who, paragraph = self.previous_reported
            # ("According to Ushakov, … the President of the Russian Federation:" and, as a
            # paragraph of its own, «The US President was shocked …»: Ushakov's words.)
            if paragraph == self.paragraph or self.introduced:
                return (
                    who.copy(
                        confidence=0.5,
                        reason=f"no attribution; follows words reported of {who.label} in the "
                        "sentence before",
                    ),
                    None,
                )
        if previous is None or not (previous.found or previous.anonymous):
            return None  # (an unnamed official's quote continues too: "the official said")
        who = previous.copy(
            confidence=0.5,
            reason=f"no attribution; continues the quote by {previous.label} in the previous "
            "sentence",
        )
        return (who, None)

    def _lines(self, part):
        """A quote's part cut where a line ends a sentence and the next opens another ("…
        Russian sides.\nWe’re waiting …"): each line is a part, as a quote of several
        paragraphs is; a line broken inside a sentence stays one part."""
        lines, start = [], part.start
        for cut in _LINE_AFTER_SENTENCE.finditer(self.text, part.start, part.end):
            lines.append(Part(start, cut.start(), self.text[start : cut.start()]))
            start = cut.end()
        return [*lines, Part(start, part.end, self.text[start : part.end])] if lines else [part]

    def _part(self, open_at, close_at):
        text = self.text
        start, end = open_at + 1, close_at
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and text[end - 1] == ",":
            end -= 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if not HAS_WORD.search(text, start, end):
            return None
        return Part(start, end, text[start:end])

    def _said_and_more(self, after, se, who):
        """`"…," Ushakov said, noting that the Americans gave …`: what the attribution goes on
        to report after the quote is a statement of its own, by the quote's speaker."""
        match = _AND_MORE.match(self.text, after, se)
        if match is None:
            return None
        start = match.start("attribution")
        verb = match.group("verb") or match.group("finite")
        return self._add([Part(start, se, self.text[start:se])], False, verb, who)

    def _two_speakers(self, ss, se, quotes, heading):
        """`Zelenskyy had earlier expressed thanks to Trump …, after the US president said …`:
        a sentence whose closing clause has a speaker of its own is two statements, each
        with its speaker; [] when it is not."""
        splits = sorted(
            [
                *_SECOND_CLAUSE.finditer(self.text, ss, se),
                *_AFTER_SEMICOLON.finditer(self.text, ss, se),
                *_WHICH_CLAUSE.finditer(self.text, ss, se),
                # ('While a U.S. official suggested that Ukraine "has agreed to the peace
                # deal," Ukrainian authorities stressed that …': a comma in a quote is no end.)
                *self._after_concession(ss, se, quotes),
                *_RELATIVE.finditer(self.text, ss, se),
            ],
            key=lambda match: match.start(),
        )
        # (A sentence of many clauses is read at its first few: each costs a reading of the
        # rest of the sentence, and a page with no full stops must not take minutes.)
        for match in splits[:_MAX_SPLITS]:
            if match.re is _RELATIVE:
                made = self._relative_speaker(ss, se, quotes, match)
                if made:
                    return made
                continue
            # The first clause ends before its comma, or after the quote the comma closes.
            closing = match.group("comma") or ""
            comma = match.end("comma") if len(closing) > 1 else match.start()
            tail = match.start("tail")
            if any(o < comma - 1 < c for o, c in quotes):
                continue
            if _ENDS_THAT.search(self.text, ss, comma):
                continue  # "The Hill reports that while Zelenskyy could not …, he did say …"
            # "…, a claim Kyiv immediately denied, Axios reports.": a source closing the
            # sentence is the whole sentence's, so the clause is read without it.
            closing = _CLOSING_SOURCE.search(self.text, tail, se)
            clause_end = closing.start() if closing else se
            second = self.attributions.reported(
                tail, clause_end, [q for q in quotes if tail <= q[0] < clause_end]
            )
            if second is None or not (
                second[0].found or second[0].anonymous or _describes_person(second[0].text)
            ):
                continue  # "…, though he stressed …": "he" is the sentence's own speaker
            if second[1] == "according to":
                continue  # "…, but wanted …, according to two people briefed": the whole's
            first = self.attributions.reported(ss, comma, [q for q in quotes if q[1] < comma])
            if first is None and _CONTRAST.match(self.text, tail) and second[0].found:
                # "Putin shared ideas for …, while Trump reiterated his push for …": the
                # clause of contrast is its own subject's; what comes before is not theirs.
                return [self._one_clause(second, (tail, se))]
            if first is None and match.re is _WHICH_CLAUSE and second[0].found:
                # "Trump was optimistic about … talks, which Zelensky described as "90
                # percent" completed.": the relative clause is its speaker's words; the clause
                # before it reports no one's.
                return [self._one_clause(second, (tail, se))]
            if first is None and match.re is _AFTER_CONCESSION and second[0].found:
                # 'Although there are still issues that “must yet be resolved,” Zelensky
                # signaled openness to …': the concession is part of the main clause's words.
                return [self._one_clause(second, (ss, se))]
            if first is None:
                continue
            # ("Russia’s foreign minister alleged that …, a claim that was immediately rejected
            # by Kyiv.": a first clause whose speaker is not yet known is a statement too.)
            if _same_source(first[0], second[0]):
                continue
            return self._both(first, (ss, comma), second, (tail, se))
        return []

    def _both(self, first, first_span, second, second_span):
        """One statement for each clause of a sentence, each with its own speaker."""
        return [self._one_clause(first, first_span), self._one_clause(second, second_span)]

    def _one_clause(self, found, span):
        """The statement of one clause, text[span], by its own speaker."""
        who, verb = found
        if who.found:
            who = who.copy(confidence=round(max(0.1, who.confidence - 0.1), 2))
        a, b = span
        return self._add([Part(a, b, self.text[a:b])], False, verb, who)

    def _relative_speaker(self, ss, se, quotes, match):
        """`the Ukrainian leader pushed back at criticism from Donald Trump, who suggested …`:
        the relative clause is its person's statement, the clause before it the sentence's
        subject's; [] unless each reports."""
        comma, tail = match.start(), match.start("tail")
        second = self.attributions.relative_clause(ss, tail, se, quotes)
        if second is None or not (second[0].found or second[0].anonymous):
            return []
        first = self.attributions.reported(ss, comma, [q for q in quotes if q[1] < comma])
        if first is None or _same_source(first[0], second[0]):
            return []
        return self._both(first, (ss, comma), second, (tail, se))

    def _after_concession(self, ss, se, quotes):
        """The end of a clause of concession that opens the sentence ("Although …,"): its
        first comma outside quotation marks; () when the sentence opens otherwise."""
        if not _CONCESSION.match(self.text, ss):
            return ()
        for match in _AFTER_CONCESSION.finditer(self.text, ss, se):
            closes = len(match.group("comma")) > 1  # '… peace deal," Ukrainian …'
            if closes or not any(o < match.start() < c for o, c in quotes):
                return (match,)
        return ()

    def _reported(self, ss, se, quotes, heading):
        found = self.attributions.heading(ss, se) if heading else None
        if found is None:
            found = self.attributions.reported(ss, se, quotes, heading)
        if found is None:
            return None
        who, verb = found
        if who.clause_start is not None and ss < who.clause_start < se:
            # "…, than ones made recently by President Donald Trump, who on Tuesday called …":
            # only the relative clause, with the person it is about, is theirs.
            ss = who.clause_start
        if verb == "according to" and who.anonymous and _THE_DOCUMENT.fullmatch(who.text):
            who = self._author_of_the_document(ss) or who
        if heading and not who.found and not who.anonymous and who.text:
            who = self.attributions.described_later(who.text, se, verb) or who
        if heading and verb is None and len(quotes) == 1:
            # 'Kremlin: “No compromise on territories”': a headline that is a source and its
            # words, quoted whole, is a quote.
            open_at, close_at = quotes[0]
            head = self.text[ss:open_at].rstrip()
            if head.endswith(":") and not self.text[close_at + 1 : se].strip(" .!?"):
                part = self._part(open_at, close_at)
                if part is not None:
                    return self._add([part], True, None, who)
        if who.found:
            who = who.copy(confidence=round(max(0.1, who.confidence - 0.1), 2))
        bare = self.bare_sentence
        if (
            bare is not None
            and bare[1] == self.paragraph
            and (who.found or (who.anonymous and bare[2] is None))
            and _BACK_REFERENCE.search(self.text, ss, se)
        ):
            # "… to the Russian Federation. This was announced by Kremlin spokesperson Dmitry
            # Peskov.": the words are the sentence before, and this one says whose they are.
            ss = bare[0]
            if bare[2] is not None:
                self.candidates.remove(bare[2])
        return self._add([Part(ss, se, self.text[ss:se])], False, verb, who)

    def _author_of_the_document(self, ss):
        """`…," Witkoff said in a post on social media platform X. According to the post, …`:
        the post is the one its speaker wrote, in the sentence before."""
        if not self.candidates or self.last_who is None or not self.last_who.found:
            return None
        between = self.text[self.candidates[-1].end : ss]
        if len(between) > 200 or not _IN_A_DOCUMENT.search(between):
            return None
        who = self.last_who
        return who.copy(reason=f"the document is the one {who.label} wrote, just before")

    def _add(self, parts, is_quote, verb, who):
        if len(parts) == 1:
            wording, start, end = parts[0].wording, parts[0].start, parts[0].end
        else:
            wording = " ... ".join(p.wording for p in parts)
            start, end = parts[0].start, parts[-1].end
        candidate = Candidate(
            wording=wording,
            start=start,
            end=end,
            is_quote=is_quote,
            verb=verb.lower() if verb else None,
            speaker=who.person,
            speaker_text=who.text,
            confidence=round(who.confidence, 2),
            reason=who.reason,
            new_person_name=who.new_name if who.person is None else None,
            parts=parts,
            anonymous=who.anonymous,
            attribution=who.text if who.anonymous else "",
            party_hint=who.party,
            spelling=who.spelling if who.person is not None else None,
        )
        self.candidates.append(candidate)
        self.last_who = who
        return candidate, who
