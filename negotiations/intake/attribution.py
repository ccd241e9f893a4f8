"""The forms reporters attribute words by: `"…," X said`, `X said: "…"`, `X said (that) …`,
`…, X said.`, `according to X, …`, `as stated by X`, `X quoted Y as saying`, and headlines."""

from __future__ import annotations

import re
from bisect import bisect_left

from rapidfuzz import fuzz

from negotiations.intake.layout import is_heading
from negotiations.intake.names import name_runs
from negotiations.intake.quotes import OPENING_MARKS, QUOTE_CHARS
from negotiations.intake.speakers import (
    CONTINUES_TO,
    OUTLET_SAID,
    SpeakerResolver,
    Who,
    unsure,
)
from negotiations.intake.vocabulary import (
    ABBREVIATIONS,
    AUXILIARIES,
    CHARACTERISING_VERBS,
    CLAUSE_PRONOUNS,
    DETERMINERS,
    FEELINGS,
    FINITE_AUXILIARIES,
    MEDIA_WORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NOT_A_CLAUSE_START,
    NOT_A_SUBJECT_END,
    ORG_WORDS,
    PARTICIPLES,
    PERSON_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    QUOTE_ONLY_VERBS,
    RELATIVES,
    REPORT_VERBS,
    SAY_VERBS,
    SPOKE_OF,
    STANCE_PHRASES,
    STANCE_VERBS,
    TITLES,
    VERB_PHRASES,
    VIEW_NOUNS,
    party_of,
    words,
)

_NWB = r"(?<![\w’'-])"
_NWA = r"(?![\w’'-])"


def _verb_of(match):
    """The verb a match found, in lower case; "as per X" and ", per X" read as "according to X"."""
    verb = " ".join(match.group("verb").split()).lower()
    return "according to" if verb in ("as per", "per") else verb


def _alternation(words):
    return "|".join(sorted(words, key=len, reverse=True))


_PHRASES = "|".join(phrase.replace(" ", r"\s+") for phrase in VERB_PHRASES)
# ", per the New York Times" after a clause, never "per cent" or "per day".
_AGENT = r"[Aa]ccording\s+to|[Aa]s\s+per|(?<=, )per(?=\s+(?:the\s+)?[A-Z])"
_VERB = rf"(?:{_AGENT}|{_PHRASES}|{_alternation(REPORT_VERBS | STANCE_VERBS | QUOTE_ONLY_VERBS)})"
# Verbs are written in lower case in a sentence ("United States" is no verb), in any case in a
# headline ("Putin Says …"); "According to" opens sentences.
VERB_RE = re.compile(rf"{_NWB}(?P<verb>{_AGENT}|{_VERB}){_NWA}")
# A headline's "Kremlin comments on …": in a sentence, "comments" is mostly the noun.
HEADING_VERB_RE = re.compile(rf"{_NWB}(?P<verb>{_VERB}|comments\s+on){_NWA}", re.I)
# "…, saying that …", or a clause straight after ("…, saying it is conducted from a position of
# weakness").
_PARTICIPLE_RE = re.compile(
    # ("…, stating only that …": an adverb may stand between.)
    rf"{_NWB}(?P<verb>{_alternation(PARTICIPLES)})\s+(?:[a-z]+ly\s+)?"
    rf"(?:that|it|he|she|they|there|this|we|i)"
    rf"{_NWA}"
    # "…, saying Kyiv was awaiting a "clear signal"": a name opens the clause it says.
    rf"|{_NWB}(?P<saying>saying)\s+(?=[A-Z][\w’'-]+\s+[a-z]"
    # ("…, saying negotiations could continue beyond that date.", "…, saying the military
    # would take …")
    r"|(?:the\s+)?[a-z]+(?:\s+(?:[a-z]+|[A-Z][a-z]+)){0,9}?\s+(?:could|would|will|were|was|had|have|is|are|should|"
    r"must|may|might)\b"
    # ("…, saying 55,000 Ukrainian soldiers had died since …")
    r"|\d[\d,.]*\s+(?:[A-Za-z]+\s+){0,3}?(?:could|would|will|were|was|had|have|is|are)\b)"
    # "…, also describing the meeting with the U.S. delegation as constructive."
    rf"|{_NWB}(?P<describing>describing)\s+(?=[^;:!?]{{1,80}}?\sas\s)"
    # "Putin visited a command post over the weekend, praising progress in “an important
    # area”.": a stance taken, after a comma.
    r"|(?<=, )(?P<stance>praising|hailing|criticising|criticizing|condemning)\s"
    # ("…, with spokesperson Dmitry Peskov telling Sky News the Russian leader had …": whom
    # they told, then what.)
    r"|\b(?P<telling>telling)\s+(?=(?:reporters|journalists|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})"
    r"\s+(?:that|the|he|she|it|they)\b)"
)
# After a closing quote: a short subject (or none, for `," said Putin`) and a reporting verb.
_AFTER_RE = re.compile(
    rf"[\s,;:—–-]*(?P<pre>(?:[^\s{QUOTE_CHARS}]+\s+){{0,15}}?)(?P<verb>{_VERB}){_NWA}"
)
# Right before an opening quote: the verb, a short object, then `:`, `,` or `that`.
_BEFORE_RE = re.compile(
    # ("On the 19% of Ukraine under Russian control, Ushakov was blunt: “No compromise …”":
    # only before the words it introduces, never on its own.)
    rf"{_NWB}(?P<verb>{_VERB}|saying|stating|telling|writing|was\s+blunt)(?P<obj>(?:\s+[^\s,.;:!?{QUOTE_CHARS}]+){{0,6}}?"
    # ("Rutte said later, in a panel discussion: "…"": an aside before a colon.)
    rf"(?:,\s+(?:in|at|during|after|on)(?:\s+[^\s,.;:!?{QUOTE_CHARS}]+){{1,5}}?(?=\s*:))?)"
    rf"\s*(?P<sep>[:,]|{_NWB}that)\s*\Z"
)
# `… he would like to return to trade. - noted the American leader.`: a paragraph of someone's
# words printed without quotation marks, attributed after a dash.
_DASH_SAID = re.compile(rf"\s[-–—]\s+(?P<verb>{_VERB})\s+(?P<who>[^.\n]{{2,80}}?)\.?\s*\Z")
_COLON_RE = re.compile(r"[^:\n]{2,60}:\s*\Z")
_HEAD_PREFIX = re.compile(r"(?P<who>[^:\n]{2,40}):\s+\S")
# Where the object of a verb ends: a preposition, a clause or the sentence.
_OBJECT_END = re.compile(r"\s(?:for|to|at|in|on|as|with|who|and said)\s|[,;:.!?]\s|[,;:!?]\Z")
# An aside set in dashes between a subject and its verb.
# ("Peskov highlighted what the Kremlin calls the “spirit of Anchorage”": the name others give
# the words quoted is part of the object, and introduces no words of its own.)
_WHAT_IT_IS_CALLED = re.compile(
    r"\s+what\s+(?:[^\s,.;:]+\s+){1,4}(?:calls|called|describes|described|dubs|dubbed|terms|"
    r"termed)\s+(?:as\s+)?(?:(?:the|a|an)\s+)?\Z"
)
# A relative clause about a person set off by commas before their verb.
_WHO_ASIDE = re.compile(r",\s+who\s+[^,;]{3,140},\s*\Z")
# What someone stresses is needed is a position: "underlined the need for …", "highlighted the
# importance of …".
_THE_NEED = re.compile(r"\s+the\s+(?:urgent\s+)?(?:need|importance|necessity)\s+(?:for|of|to)\b")
_DASHED_ASIDE = re.compile(r"\s[—–]\s[^—–]{3,200}?\s[—–]\s*\Z")
# ("The meeting, first reported by Politico and later acknowledged by Kremlin spokesman Dmitry
# Peskov, signal …": who made the subject known is named in an aside, not as the subject.)
_BY_ASIDE = re.compile(r",\s+(?:[a-z]+\s+){0,2}[a-z]+ed\s+by\s[^,]{2,160},\s*\Z")
_REFERRING_TO = re.compile(r",\s+referring to (?P<place>[A-Z][\w’'-]+)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
# ("… - shortly after Trump hailed progress in peace talks": a clause, not who spoke.)
_CLAUSE_SUFFIX = re.compile(r"(?!(?:the|a|an)\s)[a-z]")
_HEAD_SUFFIX = re.compile(r"(?:\s[-–—]|:)\s+(?P<who>[^-–—:\n]{2,60})\Z")
# ("was first announced during a cabinet meeting": when, not by whom.)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|be|is|are|as)\s+(?:also\s+|first\s+|\w+ly\s+)?\Z", re.I
)
# ("This was stated on November 25 by …": a date may stand before "by".)
# ("were described as constructive by all sides": what they were described as, then "by".)
_BY = re.compile(r"(?:\s+on\s+[^,.;]{1,25}?|\s+as\s+[^,.;\"“]{1,40}?)?\s+by\s+", re.I)
# "He announced this in his evening address": where the words before were said.
_THIS_IN = re.compile(r"\s+(?:this|it)\s+(?:in|on|at|during|via)\b")
# "Russian media reported this on Monday, February 2.": where the sentence before came from.
_THIS_REPORTED = re.compile(r"\s+this(?:\s+on\s+[^.;]{1,30})?\.?\s*\Z")
# Where a sentence's first verb begins: its subject stands before ("…, Zelenskyy, did not …").
_FIRST_AUXILIARY = re.compile(r",?\s+(?:did|does|do|has|have|had|is|are|was|were|will|would)\b")
# "has not (yet) been", "never": a verb so negated reports nothing.
_NEGATED = re.compile(r"(?<![\w’'-])(?:not|never)(?:\s+(?:yet|been|be|[a-z]+ly))*\s+\Z")
# ("The Ukrainian military has managed …": a noun of an institution may close it.)
_CAPITALISED_HEAD = re.compile(
    # ("…, where Russia controls most territory and insists on …": after "where".)
    # ("Kremlin spokesperson Dmitry Peskov downplayed …": a title in lower case inside.)
    rf"\s*(?:where\s+)?(?P<who>[A-Z][\w’'-]*"
    rf"(?:(?:\s+(?:{_alternation(PERSON_NOUNS)}))*\s+[A-Z][\w’'-]*){{0,3}}"
    rf"(?:\s+(?:{_alternation(ORG_WORDS)}))?)"
    r"\s+(?=[a-z])"
)
# "Both Trump and Zelenskiy", "US and Ukraine": two named together.
_JOINT = re.compile(
    r"\s*(?:[Bb]oth\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}\s+and\s+[A-Z][\w’'-]+"
    r"(?:\s+[A-Z][\w’'-]+){0,2}\s+(?:(?:have|had|both|also|jointly)\s+)*"
)
# "both the chief Russian negotiator and Ukraine's Volodymyr Zelensky": two, described.
_BOTH = re.compile(r"\s*[Bb]oth\s+[^,;:]{2,80}?\s+and\s+[^,;:]{2,80}?\s*")
# "…, though neither Ukraine nor Russia has …": a subject that says no one.
_NEITHER = re.compile(r"(?:[^,.;]*,\s+)?(?:though\s+)?[Nn]either\b[^.;,]*\Z")
# "rejected (repeatedly) by Ukrainian President …": the holder of a stance after "by".
_STANCE_BY = re.compile(r"(?:\s+[a-z]+ly)?\s+by\s+(?=[A-Z])")
# "is said to be …": hearsay.
_TO_BE = re.compile(r"\s+to\s+(?:be|have)\b")
# "…, a view echoed by Russian negotiator Kirill Dmitriev": the view is the one who echoed it's.
_VIEWS = rf"(?:{_alternation(VIEW_NOUNS)})"
_VIEW_BEFORE = re.compile(rf"(?<![\w’'-])an?\s+{_VIEWS}\s+(?:[a-z]+\s+)?\Z")
# The object before its subject: "…, an idea Kiev has rejected."
_VIEW_FIRST = re.compile(rf"\s*an?\s+{_VIEWS}\s+[A-Z]")
_WHICH_FIRST = re.compile(r"\s*which\s+[A-Z]")
# A sentence opening with a name and its title set off by commas, then the verb (an adverb may
# stand before it): "Rustem Umerov, Secretary of the … Council of Ukraine, publicly announced".
_TITLED_SUBJECT = re.compile(
    # ("Sheikh Abdullah bin Zayed Al Nahyan, UAE Deputy Prime Minister …, said")
    r"\s*(?P<who>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}"
    r"|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+(?:bin|ibn)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}),"
    r"\s+[^,\"“”]{2,120},\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:[a-z]+ly\s+|also\s+)?\Z"
)
_CITED_BY = re.compile(r"\s+(?:cited|quoted)\s+by\s+[^,]{2,80}\Z")
# "expressed concern that …", "expressed thanks to Trump", "voiced alarm over …": a feeling
# expressed is a position.
_FEELING = re.compile(
    r"\s+(?:(?:the|his|her|its|their|a|an)\s+)?(?:[a-z]+\s+){0,2}?"
    rf"(?:{_alternation(FEELINGS | {'fear', 'fears'})}){_NWA}"
)
# A name, then an aside set off by commas, before the verb: `Sybiha, in post since 2024, said`.
_NAME_ASIDE = re.compile(
    r"(?P<who>[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|and|of)){0,7}),\s+[^,\"“”]{2,80},\s*\Z"
)
# `described as "productive" by the US president (and "friendly" by …)`: quoted words and
# the one they are the words of, after "by".
_DESCRIBED_BY = re.compile(
    # ("after a first day described as productive and positive by both Kyiv and Moscow")
    r"\s+as\s+(?:[\"“‘'][^\"”’\n]{1,80}[\"”’']|[a-z]+(?:\s+[a-z]+){0,3})\s+by\s+"
    r"(?P<who>[^,;:.\"“]{2,80}?)(?=\s+and\s+[\"“‘']|\s*[,;:.]|\s*\Z)"
)
# "Dmitry Peskov, addressing reporters during a routine press briefing, reiterated …": an
# aside after a name, closed right before the verb.
_PARTICIPLE_ASIDE = re.compile(r"[A-Z][\w’'-]*,\s+[a-z]+ing\s[^,;:]{2,90},\s*\Z")
# A subject in capitals and its verb in the past or present ("The Kremlin toned down").
_PROPER_HEAD = re.compile(
    r"\s*((?:[Tt]he\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+[a-z]+(?:ed|s)\b"
)
# A phrase of time opening a sentence: "Earlier this month", "Last week", "On Tuesday".
_OPENER = re.compile(
    r"\s*(?:Earlier|Later|Last|This|On|In|Over|Since|However|Meanwhile)(?:\s+[a-z]+){0,2}(?:\s+[A-Z][a-z]+)?\s*"
)
_DENIED_BEFORE = re.compile(r"(?<![\w’'-])(?:did|does|do|has|have|had)\s+not\s+[a-z]+\b[^;]*,\s*\Z")
_BRACKETS_LAST = re.compile(r"\s*\([^()]*\)\s*\Z")
_CONTRACTED = re.compile(r"(?:he|she|they|we|i|it)[’'](?:ll|d|s|re|ve|m)")
_NAME_TO_END = re.compile(r"(?:\s+[A-Z][\w’'.-]*){1,4}\s*\Z")
_BY_AS = re.compile(r"\s+by\s+(?P<who>[^,;:.\"“]{2,80}?)\s+as\s")
_AS_SAYING = re.compile(r"\s+as\s+(?:saying|telling)\b", re.I)
_BY_AS_SAYING = re.compile(r"\s+by\s+[^,.;:\"“]{2,60}?\s+as\s+(?:saying|telling)\b")
# Whom a report quotes, right before "as saying" ("reported Peskov as saying").
_OBJECT_AS_SAYING = re.compile(r"(?P<who>(?:\s+[^\s,.;:!?]+){1,4}?)\s+as\s+(?:saying|telling)\b")
_WORD = re.compile(r"[^\s,.;:!?]+")
# "accused Europe of seeking …", "blaming Europe for derailing …": what someone said of another.
# ("accused Russian President Vladimir Putin on Wednesday of feigning …": a day between.)
_BLAME_OBJECT = re.compile(r"(?:\s+[^\s,.;:!?]+){1,6}?\s+(?:of|for)\s")
# ", however, that": an adverb set off by commas between a verb and its clause.
_ASIDE_THAT = re.compile(r"\s*,\s*[a-z]+(?:\s+[^\s,.;:!?]+){0,3}\s*,\s*that\b")
_THAT = re.compile(r"\s+that\b")
# "disagreed, saying that …": a stance, then what was said.
_THEN_SAYING = re.compile(r"\s*,\s*(?:saying|adding|arguing|noting|insisting|stressing)\b")
# An adverb of manner between a verb and its clause ("stated unequivocally that").
_MANNER = re.compile(r"[a-z]{3,}ly")
_AND_TOLD = re.compile(r",?\s+and\s+told\s+(?:reporters|journalists)\s*\Z")
# `…, he said, adding: "…"`: the clause before reports words of its own.
_ADDING = re.compile(r",\s+(?:adding|and\s+added)\s*\Z")
# A clause's own verb, soon after the reporting verb: "acknowledged the process was complex",
# "told reporters on Saturday discussions were proceeding".
_FINITE = r"\s+(?:was|were|is|are|had|has|would|could|will)\b"
_FINITE_SOON = re.compile(rf"(?:\s+[\w’'-]+){{1,4}}?{_FINITE}")
_TOLD_CLAUSE = re.compile(
    rf"\s+(?:reporters|journalists)(?:\s+(?:on|in|at)\s+[\w’'-]+)?(?:\s+[\w’'-]+){{1,6}}?{_FINITE}"
)
# "Mr. Zelenskyy, Axios said, suggested …": who reported it, set between a subject and its verb.
_OUTLET_SAID = re.compile(rf"(?<=[A-Za-z]),\s+{OUTLET_SAID},(?=\s+{_VERB}{_NWA})")
_AS_BEFORE = re.compile(r",\s+as\s+\Z")
# "Russian official", "Kremlin source": a source described by its side and what it is.
_UNNAMED_TITLE = re.compile(r"[A-Z][\w’'.-]*\s+(?:official|source|diplomat|negotiator)")
# A name that is the object of a preposition, right before a participle: "about the U.S.".
_OBJECT_OF_PREPOSITION = re.compile(
    r"(?<![\w’'-])(?:about|of|for|with|from|by|against|over)\s+the\s+[A-Z][\w.’'-]*\s+\Z"
)
# (A form of a verb that is also a plural noun, after a preposition and its adjective, is the
# noun: "disagreements, particularly over territorial claims, continue …".)
_AFTER_PREPOSITION = re.compile(
    r"(?<![\w’'-])(?:over|of|about|on|with|for|against|from|by|amid)\s+(?P<words>(?:[a-z]+\s+){1,2})\Z"
)
# An aside set in dashes, spaced or not, with a clause after it.
_IN_DASHES = re.compile(r"—[^—\n]{3,120}—(?=\s*[A-Za-z])")
# "…, who raised the idea of a Christmas truce and said …": what they did, then "and".
_WHO_END = re.compile(r"(?<![\w’'-])who\s*\Z")
_DID_AND = re.compile(r"\s*[a-z][\w’'-]*(?:\s+[^\s,;:]+){0,12}?\s+and(?:\s+also)?\s+")
# Words that open a relative clause, never a speaker: `the "plan" that Putin said …`.
_RELATIVE_HEADS = frozenset(["that", "which", "what", "who"])
# '…, expressed optimism that …, stating, "…"': the participle that introduces the quote.
_STATING = re.compile(
    # ("But Moscow rejected the idea with Peskov saying, “…”": the clause before "with".)
    r",\s+stating\s*,\s*[\"“]?\Z"
    r"|(?P<with>\s+with\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+saying)\s*,\s*[\"“]?\Z"
)
# "Hostilities … had so far no impact on weapons supplies …, Zelenskyy said: “But …”": the
# clause before a closing attribution is a statement of its own.
_SAID_BEFORE_COLON = re.compile(r"\S\s*,\s+(?:[^\s,.;:]+\s+){1,4}?(?:said|says)\s*\Z")
# (Not after a question or an occasion: "Asked whether …, Peskov said:", "Commenting on …,".)
_OCCASION = re.compile(r"\s*(?:When\s+|After\s+being\s+)?(?:[Aa]sked|[A-Z][a-z]+ing)\b")
_IN_CONTENT = re.compile(r"\b(?:that|whether)\b")
_CITING_THAT = re.compile(r"(?:\s*,\s*citing\s[^,]{2,80},)?\s+that\s")
_ASKED_TO = re.compile(r"\s+(?:both\s+)?(?:[\w’'-]+\s+){1,3}?to\s+[a-z]+")
_BE_AND_BUT = words("is are was were been and but")
_AND_BUT = re.compile(r"[\s,](?:and|but)(?:\s+(?:also|then|later|has|have|had|\w+ly))*\s*\Z")
_IN_VIEW = re.compile(
    r"\s*In\s+(?P<who>[^,.;:]{2,60}?)['’]s?\s+(?:view|opinion|assessment)\s*,"
    # "In his words, the good news is that …"
    r"|\s*In\s+(?P<pronoun>his|her)\s+words\s*,"
)
_VERB_THAT = re.compile(
    rf"{_NWB}{_VERB}(?:[\s,(]+[^\s,.;:!?()]+\)?){{0,8}}?[\s,]+that(?:\s+[^\s:]+){{3}}"
)
# A verb's adverbial phrase (where, when, to whom), then its clause: "said during a press
# conference in Bishkek, Kyrgyzstan, on Thursday (November 27) that …".
_THAT_AFTER_ADVERBIAL = re.compile(r"(?:[\s,(]+[^\s,.;:!?()]+\)?){1,24}?[\s,]+that\b")
# "repeated Moscow's demands, including that …": the words it reports follow the object.
_OBJECT_INCLUDING = re.compile(r"(?:\s+[^\s,.;:!?]+){1,5}\s*,\s*including\s+that\b")
# "repeated on Wednesday his oft-stated belief that …": a view named, then its clause.
_OBJECT_THAT = re.compile(
    r"(?:\s+[^\s,.;:!?]+){1,6}?\s+(?:belief|view|position|claim|assertion|demands?|call|"
    r"argument|assessment|conviction|stance|warning|insistence|hopes?|expectation)\s+that\b"
)
# A subject that is a thing of someone's ("The involvement of Umerov and Hnatov"), unless the
# thing speaks ("The head of …", "The office of …").
_THING_OF = re.compile(r"(?:The|the|A|a|An|an|This|this) (?P<noun>[a-z]+) of ")
_SPEAKING_HEADS = PERSON_NOUNS | ORG_WORDS | MEDIA_WORDS
_LEAD = re.compile(r"\s*")
_HAVING = re.compile(r"(?<![\w’'-])having(?:\s+[a-z]+ly)?\s+\Z")
_WITH_SUBJECT = re.compile(r"\bwith\s+(?P<who>[^,;:]{2,60}?)\s+\Z")
# 'Putin "agreed to do that," Trump continued, adding that …': the participle goes on from the
# attribution just before it, whose subject is its own.
_SAID_THEN = re.compile(
    r"(?P<who>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?:said|continued|added)\s*,\s*\Z"
)
_BOUNDARY_WORD = re.compile(
    # ("The Kremlin has since said …": "since" after an auxiliary is an adverb of time.)
    r"(?<![\w’'-])(?:what|which|that|who|after|as|when|while|because|(?<!has )(?<!have )since|"
    r"if|whether|though|although|until|where)(?![\w’'-])"
)
_MAX_VERBS = 16
# Words of rank that reports vary in one description of a person ("chief", "lead" negotiator).
_RANKS = words("chief lead top senior head main principal")
# What may stand between a quote's last word and the verb closing it: `," added Witkoff`.
CLOSING_GAP = " ,\"”’'"


_DAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def _past_adverbials(words):
    """How many of `words` are adverbials of time or occasion ("on Tuesday", "last week",
    "also", "in an interview", "at a briefing", "conducted Friday")."""
    index = 0
    while index < len(words) and index < 8:
        word = words[index].casefold()
        following = [w.casefold() for w in words[index + 1 : index + 4]]
        if word == "on" and following[:1] and following[0] in _DAYS:
            index += 2
        elif word == "on" and len(following) >= 2 and _is_date(following[0], following[1]):
            index += 3  # "said on Nov. 28", "said on 28 November"
        elif word == "in" and following[:1] and following[0] in MONTHS:
            index += 2  # "said in December there were …"
        elif word in ("in", "at", "during") and following[:1] in (["a"], ["an"], ["his"], ["her"]):
            nouns = 0
            while nouns < 2 and len(following) > nouns + 1 and following[nouns + 1] in _OCCASIONS:
                nouns += 1
            if not nouns:
                break
            index += 2 + nouns
            rest = [w.casefold() for w in words[index:]]
            if rest[:1] in (["with"], ["to"]) and len(rest) <= 8 and not set(rest) & RELATIVES:
                # "…, he said in an interview with the Italian newspaper Corriere della Sera."
                return len(words)
        elif word == "conducted" and following[:1] and following[0] in _DAYS:
            index += 2
        elif word.startswith("(") and word.endswith(")") and word[1:-1] in _DAYS:
            index += 1  # "revealed today (Tuesday) that …"
        elif word in AUXILIARIES and word != "on":
            index += 1
        else:
            break
    return index


def _is_date(first, second):
    """True for a day of a month, either way round: "Nov 28", "December 1", "28 November"."""
    months = MONTHS | MONTH_ABBREVIATIONS
    return (first in months and second.isdigit()) or (first.isdigit() and second in months)


# Where words were said, closing an attribution: "…, Sybiha said in an interview."
_OCCASIONS = words(
    "interview statement post video address briefing speech press conference remarks call "
    "televised news"
)


def _only_adverbs(text):
    """True when a clause holds no word but adverbs ("also", "then") or none at all."""
    return all(word.casefold().strip(",") in AUXILIARIES for word in text.split())


def _together(phrase):
    """Two people named or described together: a source of its own, never one of them."""
    return SpeakerResolver.anonymous(phrase.strip(), None, "two speakers together")


def _subject_word(word):
    """A word that may stand in a speaker's name or title ("Kremlin spokesman Dmitry Peskov")."""
    folded = word.casefold().strip("’'\"“”()")
    return (
        word[:1].isupper()
        or folded in DETERMINERS | PERSON_NOUNS | ORG_WORDS | TITLES
        or folded in ("of", "to", "for", "and")
    )


class Attributions:
    """Finds who a quote or a sentence of reported speech is attributed to."""

    def __init__(self, text, resolver):
        self.text = text
        self.resolver = resolver
        self._body_places: dict[str, list[int]] = {}  # name -> where it stands outside headlines

    # -- quotes ---------------------------------------------------------------------------------
    def after_quote(self, a, b):
        """`," he said` / `," said Putin` / `," TASS quoted Putin's aide as saying`."""
        text = self.text
        if a >= b:
            return None
        match = _AFTER_RE.match(text, a, b)
        if not match:
            return None
        verb = _verb_of(match)
        rest = text[match.end() : match.end() + 3].lstrip()
        if rest[:1] == ":" and rest[1:].lstrip()[:1] in OPENING_MARKS:
            return None  # `" Peskov said: "…"`: the colon introduces the next quote
        pre_start, pre_end = match.span("pre")
        aside = _NAME_ASIDE.match(text, pre_start, pre_end)
        if aside is not None:
            # `," Sybiha, in post since 2024, said`: the aside tells who they are, not who spoke.
            pre_end = aside.end("who")
        if verb == "according to" or pre_end == pre_start:
            end = self._clause_end(match.end(), b)
            who = self.resolver.agent(match.end(), end, verb)
        else:
            first = text[pre_start:pre_end].split()[0].casefold()
            if text[pre_start:pre_end].rstrip().endswith(",") and first not in _RELATIVE_HEADS:
                # '"Some countries really welcome this informal structure" of transactional
                # deal-making, said Asli Aydintasbas of the Brookings Institution': the words
                # run on to an inverted attribution.
                inverted = self._inverted(match.end(), b, verb)
                return inverted if inverted is not None and inverted[0].found else None
            if (
                first in _RELATIVE_HEADS
                or "," in text[pre_start:pre_end]
                or not self._subject_like(pre_start, pre_end)
            ):
                return None  # `the "plan" that Putin said …` is not an attribution
            who = self._speaker_of(pre_start, pre_end, verb, match.end(), b)
            referring = _REFERRING_TO.match(text, match.end(), b)
            if (
                who is not None
                and referring is not None
                and text[pre_start:pre_end].strip().casefold() in PRONOUNS
                and who.party is not None
                and party_of([referring.group("place")]) == who.party
            ):
                # `"Some of that land has been taken," he said, referring to Ukraine.` after
                # Zelenskyy: no one speaks so of their own country; "he" is someone else.
                who = unsure(verb, f"'he' speaks of {referring.group('place')}, {who.label}'s own")
        return (who or unsure(verb, f"no speaker found for '{verb}'"), verb)

    def before_quote(self, a, b, ss=None):
        """`Putin said: "` / `he asserted, "` / `told Interfax that "` / `according to X, "`;
        `ss`, where the sentence starts, gives a participle its subject."""
        if a >= b:
            return None
        text = self.text
        match = _BEFORE_RE.search(text, max(a, b - 160), b)
        nearer = _BEFORE_RE.search(text, match.end("verb"), b) if match is not None else None
        if nearer is not None and _WITH_SUBJECT.search(text, match.end("verb"), nearer.start()):
            match = nearer  # ("rejected the idea with Peskov saying, “…”": Peskov's participle.)
        if match is not None and match.start() >= a:
            verb = _verb_of(match)
            if verb == "according to":
                who = self.resolver.agent(match.end("verb"), match.start("sep"), verb)
            else:
                who = None
                own = _WITH_SUBJECT.search(text, max(a, match.start() - 80), match.start())
                if verb.endswith("ing") and own is not None:
                    # "But Moscow rejected the idea with Peskov saying, “…”": the participle's
                    # own subject.
                    found = self.resolver.subject(own.start("who"), own.end("who"), verb)
                    who = found if found is not None and (found.found or found.anonymous) else None
                elif (
                    verb.endswith("ing")
                    and ss is not None
                    and text[a : match.start()].rstrip().endswith(",")
                ):
                    # "Trump singled out Zelensky as the main obstacle …, saying, “…”": the
                    # participle's subject is the sentence's, not the name nearest to it.
                    found = self.participle(ss, match.start(), verb)
                    who = found[0] if found is not None and found[0].found else None
                if who is None and _AND_BUT.search(text, a, match.start()):
                    # `Lavrov stated that … , but added: "…"`, "He said he discussed the
                    # proposal with Trump in Davos, Switzerland, on Thursday, and told
                    # reporters:": the verb shares the subject of the clause before it.
                    shared = self.reported(a, match.start(), ())
                    if shared is not None and shared[0].found:
                        who = shared[0].copy(reason=shared[0].reason + "; the sentence's speaker")
                who = who or self._speaker_of(a, match.start(), verb, match.end("verb"), b)
                if (
                    (who is None or not (who.found or who.anonymous))
                    and ss is not None
                    and verb.endswith("ing")
                ):
                    # 'The Kremlin described the talks as … "constructive spirit", while
                    # cautioning that "…"': the participle's subject is the sentence's.
                    first = VERB_RE.search(text, ss, match.start())
                    if first is not None:
                        who = self.resolver.subject(ss, first.start(), verb) or who
            if (who is None or not (who.found or who.anonymous)) and not verb.endswith("ing"):
                # ("While Steve Witkoff, U.S. President Donald Trump’s special envoy, said the
                # prisoner swap showed that “…”": the name, not its title.)
                who = self._titled_subject(a, match.start(), verb) or who
            if who is not None or verb != "saying":
                return (who or unsure(verb, f"no speaker found for '{verb}'"), verb)
        colon = _COLON_RE.search(text, max(a, b - 62), b)
        if colon is not None and colon.start() >= a:
            end = text.rfind(":", a, b)
            who = self.resolver.subject(max(a, colon.start()), end)
            if who is not None and (who.found or who.anonymous) and self._whole(who, a, end):
                who.reason += "; no reporting verb, a colon introduces the quote"
                return (who, None)
        found = self.before_colon(a, b)
        if found is not None:
            who, verb, _colon = found
            return (who.copy(reason=who.reason + "; the sentence's speaker"), verb)
        return None

    def before_colon(self, a, b):
        """(who, verb, where its statement ends: the colon, or before ", adding:") when text[a:b]
        ends with a colon (or ", stating,") after a clause that reports someone's words: `he
        affirmed that … and issued an ultimatum: "…"`, `…, he said, adding: "…"`."""
        stating = _STATING.search(self.text, a, len(self.text[:b].rstrip()))
        if not self.text[a:b].rstrip().endswith(":") and stating is None:
            return None
        # ('…, expressed optimism that a resolution was near, stating, "…"': the clause before
        # the participle that introduces the quote.)
        colon = stating.start() if stating else self.text.rindex(":", a, b)
        # ("He said he discussed the proposal …, and told reporters:": the clause before "and
        # told" reports too.)
        adding = _ADDING.search(self.text, a, colon) or _AND_TOLD.search(self.text, a, colon)
        if adding is None and stating is not None and stating.group("with"):
            adding = stating  # the statement ends before " with Peskov saying,"
        closing = _SAID_BEFORE_COLON.search(self.text, a, colon)
        closing = closing and not _OCCASION.match(self.text, a, colon)
        if not (_VERB_THAT.search(self.text, a, colon) or adding or closing):
            return None  # `Putin stated: "…"`: the verb introduces the quote, reports nothing
        end = adding.start() if adding else colon  # the statement ends before ", adding:"
        found = self.reported(a, end, ())
        if found is None or not (found[0].found or found[0].anonymous):
            return None
        return (*found, end)

    def _speaker_of(self, pre_start, pre_end, verb, after, limit):
        """The subject before the verb, or for "quoted", the person quoted after it."""
        if verb in ("quoted", "cited", "reported"):
            passive = _PASSIVE_BEFORE.search(self.text, pre_start, pre_end)
            if passive is not None and passive.start() > pre_start:
                # `…," Kremlin spokesman Dmitry Peskov was quoted as saying by TASS.`
                return self.resolver.subject(pre_start, passive.start(), verb)
            # "Tass reported Peskov as saying": the person quoted, not the outlet ("reported"
            # only so, right before "as saying").
            near = _OBJECT_AS_SAYING.match(self.text, after, limit)
            saying = near.end("who") if near else None
            if saying is None and verb != "reported":
                found = _AS_SAYING.search(self.text, after, limit)
                saying = found.start() if found else None
            if saying is not None:
                return self.resolver.agent(after, saying, "quoted")
        return self.resolver.subject(pre_start, pre_end, verb)

    def dash_attribution(self, ps, pe):
        """(where the words end, who, verb) of a paragraph ending `- said Donald Trump.`."""
        match = _DASH_SAID.search(self.text, max(ps, pe - 120), pe)
        if match is None or len(self.text[ps : match.start()].split()) < 6:
            return None
        verb = match.group("verb").lower()
        who = self.resolver.agent(match.start("who"), match.end("who"), verb)
        if who is None or not (who.found or who.anonymous):
            return None
        return match.start(), who, verb

    # -- reported speech ------------------------------------------------------------------------
    def reported(self, ss, se, quotes, heading=False):
        """(who, verb) of a sentence that reports what someone said, or None."""
        text = self.text
        view = _IN_VIEW.match(text, ss, se)
        if view is not None:
            # "In Rutte's view, the Kremlin leader will face pressure …": according to Rutte.
            if view.group("pronoun"):
                who = self.resolver.pronoun("he" if view.group("pronoun") == "his" else "she")
            else:
                who = self.resolver.agent(view.start("who"), view.end("who"), "according to")
            if who is not None and (who.found or who.anonymous):
                return (who, "according to")
        verbs = HEADING_VERB_RE if heading else VERB_RE
        medium = None
        # ("Following referendums in 2022—widely rejected by Kiev and its Western allies—Moscow
        # declared that …": a verb in an aside set in dashes is not the sentence's.)
        asides = [m.span() for m in _IN_DASHES.finditer(text, ss, se)]
        # ("Mr. Zelenskyy, Axios said, suggested …": the outlet's words set off by commas.)
        asides += [m.span() for m in _OUTLET_SAID.finditer(text, ss, se)]
        for count, match in enumerate(verbs.finditer(text, ss, se)):
            if count >= _MAX_VERBS:
                break
            if any(o < match.start() < c for o, c in (*quotes, *asides)):
                continue
            found = self._reporting(ss, se, match, quotes)
            if medium is not None and (found is None or not found[0].found):
                continue  # only a person speaking in the clause outranks the medium
            if (
                found is not None
                and medium is None
                and (
                    (_verb_of(match) == "according to" and not text[ss : match.start()].strip())
                    or (
                        _verb_of(match) in ("reported", "reports")
                        and _CITING_THAT.match(text, match.end(), se)
                        and not found[0].found
                    )
                )
            ):
                # "According to Russian state media, Peskov noted that …", "IANS reported,
                # citing Xinhua news agency, that Lavrov added that …": the medium reports what
                # a person said; the person, if the clause names one, is the speaker.
                medium = found
                continue
            if found is not None:
                if not found[0].found:
                    # "…, representatives … said that …, Sybiha said.": the closing attribution
                    # is whose account the sentence gives.
                    return self._closing(ss, se, quotes, match.end()) or found
                # 'Trump believes "this carnage has to stop," added Witkoff.': the words are
                # Witkoff's account of what Trump believes; so are "Trump had been shocked
                # when Putin told him that …, Ushakov said." and "…, the Kremlin said."
                return self._closing(ss, se, quotes, match.end(), anyone=True) or found
        if medium is not None:
            return medium
        participle = _PARTICIPLE_RE.search(text, ss, se)
        if participle is not None:
            verb = participle.group("verb") or participle.group("saying")
            verb = verb or participle.group("describing") or participle.group("stance")
            verb = verb or participle.group("telling")
            return self.participle(ss, participle.start(), verb)
        return None

    def _closing(self, ss, se, quotes, after, anyone=False):
        """The attribution that closes a sentence (`…, Sybiha said.`), if it names a person;
        with `anyone`, an unnamed source too (`…, the Kremlin said.`)."""
        last = None
        for match in VERB_RE.finditer(self.text, after, se):
            last = match
        if last is None:
            return None
        follows_quote = any(
            c <= last.start() and not self.text[c : last.start()].strip(CLOSING_GAP)
            for _o, c in quotes
        )
        # (`…," added Witkoff.`, and "But now Trump and his negotiating team have suggested a
        # compromise, said Zelenskyy.")
        inverted_said = _verb_of(last) in SAY_VERBS - {"reported", "reports"} and self.text[
            after : last.start()
        ].rstrip().endswith(",")
        if follows_quote or inverted_said:
            inverted = self._inverted(last.end(), se, _verb_of(last))
            if inverted is not None and inverted[0].found:
                return inverted
        if _past_adverbials(_WORD.findall(self.text, last.end(), se)) != len(
            _WORD.findall(self.text, last.end(), se)
        ):
            return None
        found = self._reporting(ss, se, last, quotes)
        # (Not the press carrying a person's words: "Peskov said …, Xinhua news agency
        # reported.")
        carried = _verb_of(last) in ("reported", "reports")
        if found is None or not (found[0].found or (anyone and found[0].anonymous and not carried)):
            return None
        return found

    def _reporting(self, ss, se, match, quotes):
        text = self.text
        verb = _verb_of(match)
        vs, ve = match.span()
        if verb == "according to":
            return (self._agent_or_unsure(ve, self._clause_end(ve, se), verb), verb)
        # (Not what was only made known: "the 5 p.m. time announced by Putin's press secretary".)
        holds = verb in STANCE_VERBS and verb not in ("announced", "confirmed", "mentioned")
        agent = _STANCE_BY.match(text, ve, se) if holds else None
        if agent is not None and not _NEGATED.search(text, max(ss, vs - 30), vs):
            # "territorial concessions rejected repeatedly by Ukrainian President Volodymyr
            # Zelenskyy", "a position that has been opposed by Moscow": a stance whose holder
            # follows "by".
            end = self._clause_end(agent.end(), se)
            return (self._agent_or_unsure(agent.end(), end, verb), verb)
        # ("Ukraine has already agreed to attend the talks, as confirmed by Zelensky.")
        as_by = _AS_BEFORE.search(text, max(ss, vs - 8), vs) and _BY.match(text, ve, se)
        if verb in STANCE_VERBS and (
            _IN_CONTENT.search(text, ss, vs)
            or not (
                self._stance_subject_before(ss, vs) or _VIEW_BEFORE.search(text, ss, vs) or as_by
            )
        ):
            # "whether … Putin had rejected the proposals": what was asked or said; "sent
            # mixed signals": a noun.
            return None
        if verb == "concluded" and not _THAT.match(text, ve, se):
            return None  # "Putin's meeting with US envoy Steve Witkoff has concluded after …"
        asks = verb == "asked" and _ASKED_TO.match(text, ve, se)
        if verb in QUOTE_ONLY_VERBS and not (_THAT.match(text, ve, se) or asks):
            # "he replied:" introduces a quote; "he replied that …" reports, and so does
            # "Washington reportedly asked both parties to agree to a temporary ceasefire".
            return None
        described = _DESCRIBED_BY.match(text, ve, se)
        if described is None and verb in CHARACTERISING_VERBS:
            # "The conversation, described by Kremlin aide Yuri Ushakov as businesslike, …"
            described = _BY_AS.match(text, ve, se)
        if described is not None:
            # `a call described as "productive" by the US president`: the words are the
            # agent's, whoever the sentence is about.
            return (self._agent_or_unsure(*described.span("who"), verb), verb)
        passive = _PASSIVE_BEFORE.search(text, max(ss, vs - 24), vs) or _VIEW_BEFORE.search(
            text, max(ss, vs - 40), vs
        )
        if _NEGATED.search(text, max(ss, vs - 30), vs) or _NEITHER.match(text, ss, vs):
            # "which has not been confirmed by Russia", "neither Ukraine nor Russia has
            # officially confirmed": no one said it.
            return None
        if passive is not None and not verb.split()[0].endswith("ing"):
            return self._passive(ss, se, passive.start(), ve, verb)
        before = text[max(ss, vs - 30) : vs].split()
        if before and before[-1].casefold() == "to" and not CONTINUES_TO.search(text, ss, vs):
            return None  # "correct to say that …": no one says it here
        if verb.endswith("ed") and _OBJECT_OF_PREPOSITION.search(text, max(ss, vs - 40), vs):
            return None  # "spoke … about the U.S. proposed peace plan": an adjective
        noun = _AFTER_PREPOSITION.search(text, max(ss, vs - 40), vs)
        if (
            verb.endswith("s")
            and noun is not None
            and not set(noun.group("words").split()) & (CLAUSE_PRONOUNS | RELATIVES | DETERMINERS)
        ):
            return None  # "particularly over territorial claims": a noun
        if before and before[-1].casefold().strip("’'") in NOT_A_SUBJECT_END | {"s"}:
            return None  # "Witkoff's reported guidance", "the reported plan"
        if before and before[-1].endswith(("’s", "'s")):
            return None
        if verb == "states" and before and before[-1].casefold() == "united":
            return None  # "… and the United States Since Start of War": a headline's country
        if verb in ("reported", "reports") and _THIS_REPORTED.match(text, ve, se):
            return None  # the sourcing of the sentence before, no statement of its own
        if verb == "announced" and _THIS_IN.match(text, ve, se):
            return None  # "He announced this in his traditional evening video address"
        if verb in ("reports", "report") and before and before[-1] in MEDIA_WORDS:
            return None  # "… are following media reports.": the noun; not "Axios reports"
        head = text[ss:vs].rstrip()
        # ("US, Ukraine narrowed 28-point peace plan to 19 points says Rubio": a headline's
        # inverted attribution needs no comma.)
        named_last = verb in ("says", "said") and _NAME_TO_END.match(text, ve, se) is not None
        if (
            head.endswith(",")
            or (head[-1:] in QUOTE_CHARS and head[:-1].endswith(","))
            or named_last
        ):
            # `…, said Putin.` and `…stop," added Witkoff.`
            inverted = self._inverted(ve, se, verb)
            if inverted is not None:
                return inverted
        if _HAVING.search(text, max(ss, vs - 30), vs):
            # "…, with Trump having previously said he'd only meet …": a participle's clause.
            return self.participle(ss, vs, verb)
        progressive = (
            before and before[-1].casefold() in ("is", "are", "was", "were", "been")
        ) or verb.startswith("is ")
        if verb.endswith("ing") and not progressive:
            # ("Russia is demanding that …" is a finite verb, read below.)
            quoted = any(ve < o < ve + 60 for o, _ in quotes)
            blames = _BLAME_OBJECT.match(text, ve, min(se, ve + 60)) is not None
            return self.participle(ss, vs, verb) if quoted or blames else None
        if verb in ("quoted", "cited"):
            # "TASS quoted Peskov as saying", "Kommersant cited Ushakov as saying": the words
            # are the person's, not the outlet's.
            # ("cited" alone also means "named": its "as saying" must follow closely.)
            saying = _AS_SAYING.search(text, ve, se if verb == "quoted" else min(se, ve + 80))
            if saying is not None:
                return (self._agent_or_unsure(ve, saying.start(), verb), verb)
            if verb == "quoted":
                return None
        if not (asks or self._has_content(ss, vs, ve, se, verb, quotes)):
            return None
        aside = _DASHED_ASIDE.search(text, ss, vs)
        if aside is not None:
            # "Trump — who has been stymied in his attempts … — acknowledged that": the subject
            # stands before the aside.
            end = aside.start()
            who = self.resolver.subject(self._subject_start(ss, end), end, verb)
            if who is not None and who.found:
                return (who, verb)
        aside = _BY_ASIDE.search(text, ss, vs)
        if aside is not None:
            who = self.resolver.subject(self._subject_start(ss, aside.start()), aside.start(), verb)
            return (who, verb) if who is not None and (who.found or who.anonymous) else None
        who = self._titled_subject(ss, vs, verb)
        if who is not None:
            return (who, verb)
        shared = self._coordinated(ss, vs, verb)
        if shared is not None:
            return shared
        start = self._subject_start(ss, vs)
        if _WHO_END.search(text, max(ss, start - 6), start) and _DID_AND.fullmatch(text, start, vs):
            # "…, Friedrich Merz, who raised the idea of a Christmas truce and said it would
            # depend on Russia’s response": the person before "who" did and said.
            return self._who_said(max(ss, vs - 200), vs, verb)
        if _only_adverbs(text[start:vs]):
            window = max(ss, vs - 200)
            clause = text[max(window, text.rfind(",", window, vs) + 1) : vs]
            relative = clause.split()
            while relative and relative[-1].casefold() in AUXILIARIES:
                relative.pop()  # "…, who have argued that …"
            if relative[-1:] == ["who"]:
                return self._who_said(window, vs, verb)
            if not _only_adverbs(clause):
                return None  # "…, which suggested …": the verb's subject is a relative pronoun
            start = window  # `Lavrov on Tuesday (November 25), reinforced that`
        view = _VIEW_FIRST.match(text, max(start, text.rfind(",", start, vs) + 1))
        if view is not None:
            start = view.end() - 1  # "an idea Kiev has rejected": the subject is "Kiev"
        thing = _THING_OF.match(text, _LEAD.match(text, start, vs).end(), vs)
        if (
            thing is not None
            and thing.group("noun").casefold() not in _SPEAKING_HEADS
            and "," not in text[thing.end() : vs]
        ):
            return None  # "The involvement of Umerov and Hnatov signals …": no one speaks
        if _JOINT.fullmatch(text, start, vs) or _BOTH.fullmatch(text, start, vs):
            # "Both Trump and Zelenskiy said …": the two together, never one of them.
            return (_together(text[start:vs]), verb)
        cited = _CITED_BY.search(text, start, vs)
        # "A Trump administration official cited by CNN and CBS News said": the official spoke;
        # the outlets only carried it.
        who = self.resolver.subject(start, cited.start() if cited else vs, verb)
        if who is None:
            return None
        return (who, verb)

    def _stance_subject_before(self, ss, vs):
        """True when the word before a verb of stance may end its subject ("Kremlin signals",
        "Moscow has rejected", "Kyiv immediately denied"), not a noun's modifier."""
        # ("The White House on Friday (local time) announced …": past the brackets.)
        before = _BRACKETS_LAST.sub("", self.text[max(ss, vs - 40) : vs]).split()
        if before[-2:] in (["so", "far"], ["thus", "far"]):
            before = before[:-2]  # "Ukraine has so far rejected …"
        if not before:
            return True
        word = before[-1].strip("’'\"“”(),")
        folded = word.casefold()
        return (
            _PARTICIPLE_ASIDE.search(self.text, max(ss, vs - 120), vs) is not None
            # ("Trump, who recently launched a global “Board of Peace” initiative, reiterated
            # his stance …": a comma closes an aside between the subject and its verb.)
            or _WHO_ASIDE.search(self.text, max(ss, vs - 160), vs) is not None
            or word[:1].isupper()
            or folded in PERSON_NOUNS | ORG_WORDS | AUXILIARIES | CLAUSE_PRONOUNS | _BE_AND_BUT
            or (folded.endswith("ly") and len(folded) > 3)
            or (folded.endswith("s") and folded[:-1] in PERSON_NOUNS | ORG_WORDS)
        )

    def _coordinated(self, ss, vs, verb):
        """`Moscow has called Zelenskyy illegitimate and demanded his removal`: a verb after
        "and" shares the subject of the verb before it, not the name just before it."""
        joined = _AND_BUT.search(self.text, max(ss, vs - 20), vs)
        if joined is None:
            return None
        clause = max(ss, self.text.rfind(",", ss, joined.start()) + 1)
        if not self.text[clause : joined.start()].strip():
            # "Ukraine’s president, Volodymyr Zelenskyy, did not immediately confirm …, but
            # said that …": the subject stands before the sentence's first verb.
            first = _FIRST_AUXILIARY.search(self.text, ss, joined.start())
            head = _CAPITALISED_HEAD.match(self.text, ss, joined.start())
            if first is not None:
                who = self.resolver.subject(ss, first.start(), verb)
            elif head is not None:
                who = self.resolver.subject(*head.span("who"), verb)  # "Russia controls …"
            else:
                return None
            return (who, verb) if who is not None and (who.found or who.anonymous) else None
        earlier = None
        for match in VERB_RE.finditer(self.text, clause, joined.start()):
            before = self.text[max(clause, match.start() - 20) : match.start()].split()
            if before[-1:] and before[-1].casefold() in NOT_A_SUBJECT_END:
                continue  # "reacted to the reports of drone strikes and said": a noun
            earlier = match
        if earlier is None:
            # "Russia controls nearly all of Luhansk …, and has demanded that …": the
            # capitalised words opening the clause, before its first verb.
            head = _CAPITALISED_HEAD.match(self.text, clause, joined.start())
            if head is None:
                # "Now, US President Donald Trump, who has been trying …, reacted to the reports
                # … and said that …": the sentence's subject, named at its head.
                who = self.resolver.head_subject(ss, joined.start())
                return (who, verb) if who is not None else None
            who = self.resolver.subject(*head.span("who"), verb)
            if who is None or not (who.found or who.anonymous):
                return None
            if self.text[clause : head.start("who")].strip():
                # "…, where Russia controls most territory and insists on …": only the
                # relative clause is its subject's.
                who = who.copy(clause_start=_LEAD.match(self.text, clause).end())
            return (who, verb)
        start = self._subject_start(clause, earlier.start())
        who = self.resolver.subject(start, earlier.start(), verb)
        return (who, verb) if who is not None and (who.found or who.anonymous) else None

    def relative_clause(self, ss, who_at, se, quotes):
        """`…, who suggested Kyiv was using the war as a pretext …`: the speaker of a relative
        clause that reports (the person before "who") and its verb, or None."""
        after = who_at + len("who")
        match = VERB_RE.search(self.text, after, se)
        if match is None or not _only_adverbs(self.text[after : match.start()]):
            return None
        verb = _verb_of(match)
        vs, ve = match.span()
        if verb == "according to" or not self._has_content(who_at, vs, ve, se, verb, quotes):
            return None
        return self._who_said(ss, vs, verb)

    def _who_said(self, window, vs, verb):
        """`alarming Ukrainian and European officials who said …`: the people before "who"."""
        text = self.text
        who_at = text.rfind("who", window, vs)
        start = max(window, text.rfind(",", window, who_at) + 1)
        if not text[start:who_at].strip(" ,") and start > window:
            # "… with the view of European allies, who have argued …": the people are the
            # noun phrase before the comma, after its last preposition.
            end = start - 1
            start = self._noun_phrase_start(max(window, text.rfind(",", window, end) + 1), end)
            who = self.resolver.subject(start, end, verb)
            # (", Yuri Ushakov, who acknowledged that …": a person named, too.)
            if who is None or not (who.found or who.anonymous):
                return None
            return (
                who.copy(clause_start=_LEAD.match(text, start, end).end()),
                verb,
            )
        words = text[start:who_at].split()
        if words and words[0].casefold().endswith("ing"):
            start = text.find(words[1], start) if len(words) > 1 else who_at
        # ("… met with skepticism from observers who note that …": the people are the noun
        # after the last preposition here too.)
        who = self.resolver.subject(self._noun_phrase_start(start, who_at), who_at, verb)
        return (who, verb) if who is not None and (who.found or who.anonymous) else None

    def _noun_phrase_start(self, a, b):
        """Where the noun phrase of text[a:b] begins: after its last preposition, if any."""
        start = a
        for word in re.finditer(r"\S+", self.text[a:b]):
            if word.group().casefold() in PREPOSITIONS:
                start = a + word.end()
        return start

    def _titled_subject(self, ss, vs, verb):
        """The known person named before a title set off by commas right before the verb
        ("Rustem Umerov, Secretary of the National Security and Defense Council of Ukraine,
        publicly announced": the name is the subject, the title an aside), or None."""
        titled = _TITLED_SUBJECT.match(self.text, ss, vs)
        if titled is None:
            return None
        who = self.resolver.subject(*titled.span("who"), verb)
        return who if who is not None and who.found else None

    def _subject_start(self, ss, vs):
        """Where the subject of a verb may begin: after "what", "after", "as" … ("for what the
        Kremlin described as", "after a report suggested"), within the clause."""
        text = self.text
        start = max(ss, vs - 200)
        # "… Yield No Breakthrough; Moscow Rejects …": a subject never reaches back past ";",
        # nor past a colon ("Berlin talks: US and Ukraine announce …").
        start = max(start, text.rfind(";", start, vs) + 1, text.rfind(":", start, vs) + 1)
        clause = max(start, text.rfind(",", start, vs) + 1)
        for aside in _IN_DASHES.finditer(text, clause, vs):
            # "Following referendums in 2022—widely rejected by Kiev …—Moscow declared": the
            # subject stands after the aside.
            start = clause = aside.end()
        for match in _BOUNDARY_WORD.finditer(text, clause, vs):
            if text.count("(", clause, match.start()) <= text.count(")", clause, match.start()):
                start = match.end()
        return start

    def _passive(self, ss, se, auxiliary, ve, verb):
        """`confirmed by the Obschestvennoye news outlet` names who spoke after "by";
        `Peskov was quoted as saying` before "was"."""
        if verb == "quoted" and _BY_AS_SAYING.match(self.text, ve, se):
            # "Yuri Ushakov was quoted by Russian media as saying …": Ushakov said it.
            who = self.resolver.subject(self._subject_start(ss, auxiliary), auxiliary, verb)
            return (who, verb) if who is not None else None
        by = _BY.match(self.text, ve, se)
        if by is not None:
            who = self._agent_or_unsure(by.end(), self._clause_end(by.end(), se), verb)
            if _DENIED_BEFORE.search(self.text, ss, auxiliary):
                # "Ukrainian officials did not confirm whether Driscoll would visit Kyiv, as
                # indicated by U.S. President Donald Trump on Tuesday.": only the "as" clause
                # is the agent's; what the sentence opens with is someone else's silence.
                who = who.copy(clause_start=auxiliary)
            return (who, verb)
        if verb == "quoted" and _AS_SAYING.match(self.text, ve, se):
            who = self.resolver.subject(self._subject_start(ss, auxiliary), auxiliary, verb)
            return (who, verb) if who is not None else None
        if verb in ("said", "reported") and _TO_BE.match(self.text, ve, se):
            # "while Kyiv is said to be willing …": hearsay, whose source the text withholds.
            said = self.text[auxiliary:ve]
            return (SpeakerResolver.anonymous(said, None, "hearsay with no source"), verb)
        return None

    def participle(self, ss, vs, verb):
        """`…, calling it "not helpful"`: the participle's subject is the sentence's, unless it
        has its own (`with the Kremlin stating that …`)."""
        own = _WITH_SUBJECT.search(self.text, max(ss, vs - 80), vs) or _SAID_THEN.search(
            self.text, max(ss, vs - 60), vs
        )
        if own is not None:
            who = self.resolver.subject(own.start("who"), own.end("who"), verb)
            return (who, verb) if who is not None else None
        start = self.resolver.main_clause(ss, vs)
        comma = self.text.find(",", start, vs)
        if comma > start and _OPENER.fullmatch(self.text, start, comma):
            # "Earlier this month, Trump singled out Zelensky …, saying": past the opener.
            start = comma + 1
            comma = self.text.find(",", start, vs)
        end = comma if comma > start else vs
        joint = _JOINT.match(self.text, start, end)
        if joint is not None:
            # "Trump and Zelensky addressed the media …, revealing that …": the two together.
            return (_together(self.text[start : joint.end()]), verb)
        first = _WORD.search(self.text, start, end)
        if first is not None and first.group().casefold() in ("he", "she"):
            # "He also downplayed the deadline that President Donald Trump set …, simply
            # saying …": the clause's subject is "he", not a name further in.
            return (self.resolver.pronoun(first.group()), verb)
        who = self.resolver.subject(start, end, verb, nearest_last=False)
        head = _PROPER_HEAD.match(self.text, start, end)
        if who is not None and who.anonymous and len(who.text.split()) > 4 and head is not None:
            # "The Kremlin toned down expectations ahead of …, saying …": the Kremlin.
            named = self.resolver.subject(start, head.end(1), verb, nearest_last=False)
            who = named if named is not None and named.anonymous else who
        return (who, verb) if who is not None else None

    def _inverted(self, ve, se, verb):
        """`…, said Peskov.` / `…, stated Andriy Yermak, head of …`: the subject after the verb."""
        follows = _WORD.match(self.text, ve + 1, se) if ve < se else None
        if follows is None or follows.group().casefold() in ("that", *CLAUSE_PRONOUNS):
            return None
        end = self._next_clause(ve, se)
        words = _WORD.findall(self.text, ve, end)
        if "of" in words[2:] and all(w[:1].isupper() for w in words[: words.index("of")]):
            # "…, said Asli Aydintasbas of the Brookings Institution": the name, then where
            # they work.
            end = self.text.index(" of ", ve, end)
            words = words[: words.index("of")]
        unnamed = (
            1 < len(words) <= 6
            and words[0].casefold() in DETERMINERS
            and words[-1].casefold() in PERSON_NOUNS
        )  # "…, said a second source, who was not authorized to speak publicly."
        if not words or len(words) > 9 or not (unnamed or all(map(_subject_word, words))):
            return None  # "…, said the two sides achieved …": a clause, not an inverted subject
        who = self.resolver.agent(ve, end, verb)
        if who is None or not (who.found or who.anonymous):
            return None
        return (who, verb)

    def _has_content(self, ss, vs, ve, se, verb, quotes):
        """True when the verb reports words: `that …`, a clause, a quote, or it closes them."""
        text = self.text
        after = text[ve:se]
        stripped = after.lstrip()
        if _ASIDE_THAT.match(text, ve, se):
            return True  # "He stressed, however, that …"
        if verb in STANCE_VERBS and (_VIEW_FIRST.match(text, ss) or _WHICH_FIRST.match(text, ss)):
            # ("…, which Ukrainian President Volodymyr Zelenskiy categorically rejects.")
            return True  # "…, an idea Kiev has rejected.": the stance's object stands before
        if verb in STANCE_VERBS and _THEN_SAYING.match(text, ve, se):
            return True  # "Sikorski disagreed, saying that …"
        if not stripped or stripped[0] in ",.;" and text[ss:vs].strip():
            return bool(text[ss:vs].strip()) and self._content_before(ss, vs)
        words = _WORD.findall(text, ve, min(se, ve + 160))
        index = _past_adverbials(words)
        if index and index == len(words):
            # `…, Lavrov said on Tuesday.`: the verb and its time close the clause.
            return self._content_before(ss, vs)
        if verb in ("told", "tells", "tell"):
            if _TOLD_CLAUSE.match(text, ve, se):
                return True  # "told reporters on Saturday discussions were proceeding …"
            rest = words[index:]
            audience = rest[:1] in (["reporters"], ["journalists"])
            # ("…, Rubio told reporters after the first session.")
            occasion = (
                rest[1:2] in (["after"], ["at"], ["during"], ["following"]) and len(rest) <= 8
            )
            if audience and (occasion or _past_adverbials(rest[1:]) == len(rest[1:])):
                # `…, Yuri Ushakov, a senior adviser to …, told reporters on Wednesday.`
                return self._content_before(ss, vs)
            outlet = rest[1:] if rest[:1] == ["the"] else rest  # ("told the Financial Times")
            if 0 < len(outlet) <= 3 and all(word[:1].isupper() for word in outlet):
                # `…, Rodion Miroshnik, the … ambassador, told Izvestia.`: whom they told
                # closes the clause.
                return self._content_before(ss, vs)
            for offset, word in enumerate(words[index : index + 10]):
                if word.casefold() == "that" or word.casefold() in CLAUSE_PRONOUNS:
                    return True
                if (
                    offset
                    and word.casefold() == "not"
                    and words[index + offset + 1 :][:1] == ["to"]
                ):
                    return True  # "told reporters not to expect any news": what they asked
                if offset == 0 and word[0] in OPENING_MARKS:
                    return True
            return False
        while index + 1 < len(words) and _MANNER.fullmatch(words[index]):
            index += 1  # "He stated unequivocally that …"
        following = words[index].casefold() if index < len(words) else ""
        # A quote soon after the verb is its words, unless another verb introduces it ("In a
        # video statement posted to X, Zelensky said both sides have "good results"").
        quoted_soon = any(
            ve < o < ve + 120
            and (VERB_RE.search(text, ve, o) is None or _WHAT_IT_IS_CALLED.search(text, ve, o))
            for o, _ in quotes
        )
        if _THE_NEED.match(text, ve, se):
            return True  # "Zelensky underlined the need for a peace that comes with …"
        if verb in CHARACTERISING_VERBS:
            blames = verb.startswith("accuse") and _BLAME_OBJECT.match(text, ve, ve + 60)
            # "expressed concern that …", "expressed hope that …": what they said follows.
            feeling = verb in ("expressed", "voiced", "voices", "voicing", "extended") and bool(
                _FEELING.match(text, ve, se)
            )
            said_that = verb == "expressed" and following == "that"  # "Tusk expressed that …"
            return (
                quoted_soon or " as " in text[ve : ve + 100] or bool(blames) or feeling or said_that
            )
        if following == "that" or quoted_soon or _CONTRACTED.fullmatch(following):
            return True  # ("Zelenskyy Declares He’ll never Surrender …": a clause.)
        if verb in STANCE_PHRASES:
            return True  # "declined to comment further"
        if verb in STANCE_VERBS:
            # "thanked the US team", "rejected the possibility of …": the object is the stance.
            return bool(following) and not (verb.startswith("welcom") and self._a_guest(ve, se))
        if verb.startswith("spok") and following == "about":
            return True  # "spoke positively about the discussions": what they thought of it
        if verb in SPOKE_OF:
            return bool(following)  # "Kirill Dmitriev spoke of progress and positive movement"
        if following in PREPOSITIONS and _THAT_AFTER_ADVERBIAL.match(text, ve, se):
            return True  # "said during a press conference in Bishkek on Thursday that …"
        if _OBJECT_INCLUDING.match(text, ve, se):
            return True  # "repeated Moscow's demands, including that …"
        if _OBJECT_THAT.match(text, ve, se):
            return True  # "repeated on Wednesday his oft-stated belief that …"
        # Only the verbs of saying (and of a stance, above) take a clause without "that": "Putin
        # hoped the talks …" is no report ("hoped" names no words said).
        auxiliary = words[index + 1].casefold() if index + 1 < len(words) else ""
        if following in ("he", "she", "they", "we", "it") and auxiliary in FINITE_AUXILIARIES:
            return True  # "Trump announced he is sending Special Envoy Steve Witkoff …"
        if verb == "acknowledged" and _FINITE_SOON.match(text, ve, se):
            return True  # "both leaders acknowledged the process was complex"
        if following == "more" and words[index + 1 : index + 2] == ["than"]:
            return verb in SAY_VERBS  # "said more than 180 attack drones were deployed"
        return verb in SAY_VERBS and bool(following) and following not in NOT_A_CLAUSE_START

    def _a_guest(self, ve, se):
        """True for "welcomed Ukraine’s President Volodymyr Zelensky for …": a person received,
        no stance (not "welcomed Trump’s plan")."""
        end = _OBJECT_END.search(self.text, ve, se)
        end = end.start() if end is not None else se
        if any(not m.possessive for m in self.resolver.mentions_in(ve, end)):
            return True
        # ("welcomed the Ukrainian leader to his Mar-a-Lago estate": a person described.)
        if any(word.casefold() in PERSON_NOUNS for word in _WORD.findall(self.text, ve, end)):
            return True
        return any(run.looks_like_person for run in name_runs(self.text, ve, end))

    def _content_before(self, ss, vs):
        # `…, the Kremlin said.` closes a clause: there must be one before the subject.
        comma = self.text.rfind(",", ss, vs)
        quote_close = max(self.text.rfind(c, ss, vs) for c in "”\"’'")
        return max(comma, quote_close) > ss

    def _agent_or_unsure(self, a, b, verb):
        who = self.resolver.agent(a, b, verb)
        return who or unsure(verb, f"no speaker found for '{verb}'")

    def _clause_end(self, a, limit):
        text = self.text
        for index in range(a, min(limit, a + 200)):
            if text[index] in ";:!?" or (
                text[index] == "."
                and index + 1 < limit
                and text[index + 1] == " "
                and not self._abbreviation(index)
            ):
                return index
        return min(limit, a + 200)

    def _abbreviation(self, dot):
        """True for the dot of "U.S." or "Nov.", which ends no clause."""
        word = self.text[max(0, dot - 12) : dot].split()[-1:] or [""]
        folded = word[0].casefold()
        return folded in ABBREVIATIONS or (len(folded) == 1 and folded.isalpha())

    def _next_clause(self, a, limit):
        """Where an inverted subject ends: its appositive included, a relative clause not."""
        end = self._clause_end(a, limit)
        segment = self.text[a:end]
        for marker in (", who ", ", which ", ", according to ", ", writes ", ", while "):
            cut = segment.find(marker)
            if cut >= 0:
                end = a + cut
                segment = self.text[a:end]
        return end

    def _subject_like(self, a, b):
        words = self.text[a:b].split()
        return bool(words) and len(words) <= 8

    def _whole(self, who, a, end):
        """True when a headline's prefix is only the name ("Putin:"), not a sentence about it."""
        prefix = self.text[a:end].strip()
        return len(prefix.split()) <= 4 and who.text and len(who.text) >= 0.5 * len(prefix)

    # -- headlines ------------------------------------------------------------------------------
    def heading(self, ps, pe):
        """`Yermak: Zelenskyy wouldn't sign …` or `… - Head of presidential office`."""
        text = self.text
        prefix = _HEAD_PREFIX.match(text, ps, pe)
        if prefix is not None:
            end = prefix.end("who")
            said = self._headline_verb(ps, end)
            if said is not None:
                return said
            who = self.resolver.subject(ps, end)
            last = text[ps:end].split()[-1]
            if last.islower() and last not in ORG_WORDS | PERSON_NOUNS | MEDIA_WORDS:
                who = None  # "Ukraine war: Difficulties in finding agreement" names a topic
            if who is not None and (who.found or who.anonymous) and self._whole(who, ps, end):
                return (who, None)
        suffix = _HEAD_SUFFIX.search(text, ps, pe)
        if suffix is not None and not _CLAUSE_SUFFIX.match(text, suffix.start("who")):
            sa, sb = suffix.span("who")
            who = self.resolver.agent(sa, sb)
            if who is not None and not who.found and not who.anonymous:
                who = self.described_later(text[sa:sb], pe) or who
            if who is not None and not who.found and _UNNAMED_TITLE.fullmatch(text, sa, sb):
                # "…: Russian official": a headline's source described, never named after.
                who = SpeakerResolver.anonymous(
                    text[sa:sb], party_of(text[sa:sb].split()), "an unnamed source"
                )
            if (
                who is not None
                and who.person is None
                and who.new_name
                and not self._named_in_body(who.new_name.split()[-1], pe)
            ):
                # "…: Withdraw Troops or Face Force": a headline's capitals are no name unless
                # the article names that person.
                who = None
            if who is not None and who.anonymous and len(who.text.split()) > 5:
                who = None  # "Test article: an aide turns down a test draft": a clause, no source
            if who is not None and (who.found or who.anonymous):
                return (who, None)
        return None

    def _headline_verb(self, ps, end):
        """`Trump Tells Zelensky: …`: a headline in capitals names its speaker before its verb."""
        for match in _CAPITALISED.finditer(self.text, ps, end):
            if match.start() > ps and match.group().casefold() in REPORT_VERBS:
                who = self.resolver.subject(ps, match.start())
                if who is not None and who.found and self._whole(who, ps, match.start()):
                    return (who, match.group().casefold())
                return None
        return None

    def _named_in_body(self, name, after):
        """True when `name` stands after `after` in a line that is not a headline."""
        places = self._body_places.get(name)
        if places is None:
            # Found once per name for the whole article: a long one has many headlines.
            text = self.text
            places = []
            for match in re.compile(rf"{_NWB}{re.escape(name)}{_NWA}").finditer(text):
                ls = text.rfind("\n", 0, match.start()) + 1
                le = text.find("\n", match.start())
                if not is_heading(text, ls, le if le >= 0 else len(text)):
                    places.append(match.start())
            self._body_places[name] = places
        return bisect_left(places, after) < len(places)

    def described_later(self, description, after, verb=None):
        """The person the article goes on to name with this description, for a headline that
        gives only the description ("- Head of presidential office"); with the headline's
        verb, the person the article then names doing it first ("Kremlin aide praises …",
        then "Kremlin envoy Kirill Dmitriev praised …")."""
        window_text = self.text[after : after + 2000]
        wanted = description.casefold()
        best = None
        wanted_words = set(_WORD.findall(wanted.replace(".", "")))
        subjects = self._named_subjects(after, after + len(window_text))
        doing = re.compile(rf"\s+(?:[a-z]+ly\s+)?{re.escape(verb[:5])}", re.I) if verb else None
        for _sa, sb, who in subjects if doing is not None else ():
            if doing.match(self.text, sb):
                best = who
                break
        for sa, sb, who in subjects if best is None else ():
            # (Within the name's own clause: not "…, a Russian official has said, after talks
            # between … and Russian President Vladimir Putin".)
            start = max(after, sa - 90)
            start = max(start, *(self.text.rfind(mark, start, sa) + 1 for mark in ",;:."))
            context = self.text[start : sb + 90].casefold()
            # "US envoy" is how "U.S. special envoy Steve Witkoff" is introduced: each word
            # of the description stands by the name.
            near = set(
                _WORD.findall(self.text[max(after, sa - 40) : sb].casefold().replace(".", ""))
            )
            # "Ukraine's chief negotiator" for "Ukraine's lead negotiator Rustem Umerov": a
            # rank may be worded otherwise.
            if fuzz.partial_ratio(wanted, context) >= 85 or wanted_words - _RANKS <= near:
                best = who
                break
        if best is None:
            return None
        return best.copy(
            text=description,
            confidence=0.6,
            reason=f"'{description}' is how the article introduces {best.label}",
        )

    def _named_subjects(self, a, b):
        found = [
            (mention.start, mention.end, self.resolver.known_mention(mention))
            for mention in self.resolver.mentions_in(a, b)
            if mention.person is not None
        ]
        for run in name_runs(self.text, a, b):
            who = self.resolver.named_run(run)
            if who is not None and who.found:
                found.append((run.start, run.end, who))
        return sorted(found, key=lambda item: item[0])


__all__ = ["Attributions", "VERB_RE", "Who"]
