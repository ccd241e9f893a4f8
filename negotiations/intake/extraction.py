"""Finding the statements in an article's text: direct quotes and reported speech, with speakers."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

__all__ = ["Candidate", "Part", "find_candidates"]


# -- Vocabulary -----------------------------------------------------------------------------------


def _words(text):
    return frozenset(text.split())


_VERB_WORDS = _words(
    "said says say told tells asserted asserts insisted insists declared declares stated added "
    "adds warned warns noted explained explains argued argues claimed stressed stresses "
    "emphasised emphasized emphasises emphasizes continued replied responded wrote writes "
    "announced announces remarked observed acknowledged acknowledges admitted admits suggested "
    "suggests urged urges cautioned conceded concedes confirmed confirms predicted recalled "
    "maintained maintains asked asks vowed vows pledged promised threatened reiterated "
    "reiterates repeated underlined underscored concluded proclaimed alleged affirmed contended "
    "commented posted tweeted answered boasted complained countered joked protested retorted "
    "indicated revealed agreed"
)
_NOT_REPORTING_THAT = {"asked", "asks", "continued", "posted", "tweeted", "answered", "joked"}
_VERB_PHRASES = ("pointed out", "went on", "[Aa]ccording to")


def _alternation(words):
    return "|".join(sorted(words, key=len, reverse=True))


_VERB = rf"(?:{'|'.join(_VERB_PHRASES)}|{_alternation(_VERB_WORDS)})"
_REPORT_VERB = _alternation(w for w in _VERB_WORDS if w not in _NOT_REPORTING_THAT)
_NOT_WORD_BEFORE = r"(?<![\w’'-])"
_NOT_WORD_AFTER = r"(?![\w’'-])"
_VERB_RE = re.compile(rf"{_NOT_WORD_BEFORE}(?P<verb>{_VERB}){_NOT_WORD_AFTER}")
_QUOTE_CHARS = '"“”«»„'
# After a closing quote: a short subject (or none, for `," said Putin`) and a reporting verb.
_AFTER_RE = re.compile(
    rf"[\s,;:—–-]*(?P<pre>(?:[^\s{_QUOTE_CHARS}]+\s+){{0,8}}?)(?P<verb>{_VERB}){_NOT_WORD_AFTER}"
)
# Before an opening quote: the verb, then at most a short object ("told reporters:").
_TAIL_RE = re.compile(rf"(?:\s+[^\s,.;!?{_QUOTE_CHARS}]+){{0,6}}\s*[:,]?\s*")
_COLON_TAIL_RE = re.compile(r"\s*:\s*")
# Between the two halves of a split quote, after the verb: a short object, then a comma.
_SPLIT_REST_RE = re.compile(rf"(?:\s*[^\s,.;:!?{_QUOTE_CHARS}]+){{0,4}}\s*[,:]\s*")
_POST_PHRASE_RE = re.compile(rf"[^,;:!?()\[\]—–{_QUOTE_CHARS}\n]{{0,120}}")
# Reported speech is found from a literal " that" (fast to search for), then the verb before it.
_THAT_RE = re.compile(r" that(?![\w’'-])")
_VERB_BEFORE_THAT = re.compile(
    rf"{_NOT_WORD_BEFORE}(?P<verb>{_REPORT_VERB})(?P<obj>(?:\s+[^\s,.;:!?{_QUOTE_CHARS}]+){{0,3}}?)"
    r"\s*\Z"
)
_ATTRIBUTION_AHEAD = re.compile(
    rf"\s+(?:[^\s.!?{_QUOTE_CHARS}]+\s+){{0,5}}?{_VERB}{_NOT_WORD_AFTER}"
)
# A character class first lets the regex engine skip ahead fast; the two-character lookbehind
# then checks what stands before the pronoun.
_PRONOUN_RE = re.compile(
    rf"(?P<p>[HhSsTt](?<![\w’'-].)(?:(?<=[Hh])e|(?<=[Ss])he|(?<=[Tt])hey)){_NOT_WORD_AFTER}"
)
_TOKEN_RE = re.compile(r"[^\W\d_][\w’'.\-]*")
_HAS_WORD = re.compile(r"[^\W_]")
_WORD_BEFORE = re.compile(r"([\w.]+)\Z")
_NEXT_CHAR = re.compile(r"\s*(\S)")
_LEAD_SPACE = re.compile(r"\s*")
_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)|[.!?…]*[\"”’»)\]]*(?=\s|\Z))")
_MARK_RE = re.compile(r"[\"“”„«»‘’]+")
_ELISION = re.compile(r"‘(?:\d\d|em\b|tis\b|twas\b|cause\b|til\b|n\b|n’)")

_OPEN_PUNCT = set("([{—–-/‘'“\"«„")
_CLOSE_PUNCT = set(".,;:!?)]}—–-…’'”\"»/")
_DOUBLES = set('"“”„«»')
_SENTENCE_OPENERS = set("\"“‘'([«„")
_ABBREVIATIONS = _words(
    "mr mrs ms dr prof gen sen rep gov lt col sgt capt st jr sr vs etc inc ltd co corp no jan feb "
    "mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u e.g i.e a.m p.m approx dept est fig "
    "maj adm cmdr rev hon messrs"
)
_TITLES = _words(
    "mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister foreign "
    "defence defense interior finance deputy secretary general gen lt col colonel major maj "
    "captain capt sgt sergeant admiral adm commander chief chancellor senator sen rep "
    "representative congressman congresswoman governor gov mayor ambassador envoy special "
    "spokesman spokeswoman spokesperson adviser advisor aide king queen prince princess pope "
    "premier speaker chairman chairwoman chair head director ceo leader patriarch rev father "
    "sheikh emir former acting outgoing incoming negotiator us u.s usa uk u.k eu un nato white "
    "state national security top senior russian ukrainian american european british french "
    "german chinese polish turkish israeli iranian indian japanese italian spanish hungarian "
    "belarusian georgian saudi qatari kyrgyz finnish swedish dutch belgian austrian swiss "
    "canadian estonian latvian lithuanian romanian moldovan slovak czech kremlin white house "
    "army navy air force"
)
_COMMON = _words(
    "the a an this that these those his her their its our my your but and or so yet however "
    "meanwhile moreover also still then now later earlier yesterday today tonight tomorrow when "
    "while after before as if since because although though in on at by for with from to of "
    "speaking asked according monday tuesday wednesday thursday friday saturday sunday january "
    "february march april june july august september october november december it he she they "
    "we i there here what why how who where not no yes one two several many some officials "
    "sources overall instead indeed again both"
)
_DETERMINERS = _words("the a an his her its their our one another some several")
_SUBJECT_WORDS = _DETERMINERS | _words("officials sources diplomats aides analysts")
_ORG_WORDS = _words(
    "ministry office house council committee government parliament army forces states nations "
    "union kremlin pentagon embassy agency service department administration commission party "
    "news times post press journal reuters tass interfax bank fund organization organisation "
    "alliance court command staff guard media television tv radio atlantic"
)
_PLACES = _words(
    "moscow kyiv kiev washington brussels beijing london paris berlin warsaw minsk ankara tehran "
    "istanbul geneva riyadh doha bishkek ukraine russia europe america china crimea donetsk "
    "luhansk lugansk kharkiv odesa zaporizhzhia kherson nato kremlin pentagon"
)
_PARTICLES = _words("de da di du del della van von der den ter bin ibn al el la le")
_OBJECT_WORDS = _words(
    "reporters journalists the a an media press parliament lawmakers legislators me us him her "
    "them on in at last this week interview statement also again repeatedly later publicly "
    "previously earlier today yesterday recently firmly clearly flatly once then now"
)
_PREPOSITIONS = _words("in at from to near for with by of on into inside outside across")
_RELATIVE = _words("that which who whom whose where when")
_SURNAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_TITLE_HEAD = re.compile(r"\s+(?:of|to|for|at|in|on)\s+")
_MAX_WINDOW = 200


def _key(text):
    return " ".join(text.replace("’", "'").split()).casefold()


# -- Results --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One verbatim piece of a candidate: `text[start:end] == wording`."""

    start: int
    end: int
    wording: str


@dataclass
class Candidate:
    """A proposed statement: a direct quote (`is_quote`) or a reported-speech sentence.

    `parts` holds every verbatim piece (one, or two or more for a quote split by its
    attribution). For a single part, `wording == text[start:end]`. For a split quote, `wording`
    joins the parts with " ... " and `start`/`end` span from the first part to the last, so it
    is not a slice; store one Attestation per part.
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

    @property
    def is_split(self):
        return len(self.parts) > 1

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
            "confidence": self.confidence,
            "reason": self.reason,
            "parts": [{"start": p.start, "end": p.end, "wording": p.wording} for p in self.parts],
        }


@dataclass
class _Who:
    person: Any = None
    new_name: str | None = None
    text: str = ""
    confidence: float = 0.0
    reason: str = ""
    ambiguous: bool = False

    @property
    def found(self):
        return self.person is not None or self.new_name is not None

    @property
    def label(self):
        return self.person.name if self.person is not None else self.new_name


# -- Known people ---------------------------------------------------------------------------------

_KIND_LABEL = {
    "name": "the name of {}",
    "surname": "the surname of {}",
    "other name": "one of {}'s other names",
    "role": "a role title of {}",
}


class _People:
    """Every way the known people are named, matched in one pass over the text."""

    def __init__(self, people):
        # key -> {id(person): (priority, person, kind)}; a higher priority wins a shared alias.
        self.owners: dict[str, dict[int, tuple[int, Any, str]]] = {}
        self.spellings: set[str] = set()
        for person in people or ():
            self._add_person(person)
        self.regex = self._build()

    def _add_person(self, person):
        name = " ".join(str(getattr(person, "name", "") or "").split())
        tokens = [t for t in name.split() if t.casefold() not in _SURNAME_SUFFIXES]
        surname = tokens[-1] if len(tokens) >= 2 else ""
        self._add(name, person, 3, "name")
        self._add(surname, person, 3, "surname")
        for other in _other_names_of(person):
            self._add(other, person, 3, "other name")
        for role in _roles_of(person):
            title = " ".join(str(getattr(role, "title", "") or "").split())
            priority = 2 if getattr(role, "ended_on", None) is None else 1
            self._add(title, person, priority, "role")
            head = _TITLE_HEAD.split(title, maxsplit=1)[0]
            # "President of Russia" also gives "President Putin" and "President Vladimir Putin".
            if head and name and len(head.split()) <= 4:
                self._add(f"{head} {surname}" if surname else "", person, priority, "role")
                self._add(f"{head} {name}", person, priority, "role")

    def _add(self, alias, person, priority, kind):
        alias = " ".join(alias.replace("’", "'").split())
        if len(alias) < 3 or not _HAS_WORD.search(alias) or alias.casefold() in _COMMON:
            return
        entry = self.owners.setdefault(_key(alias), {})
        current = entry.get(id(person))
        if current is None or current[0] < priority:
            entry[id(person)] = (priority, person, kind)
        self.spellings.add(alias)

    def _build(self):
        if not self.spellings:
            return None
        pieces, firsts = [], set()
        for alias in sorted(self.spellings, key=len, reverse=True):
            words = []
            for word in alias.split():
                escaped = re.escape(word).replace("'", "['’]")
                if not words and word[0].isalpha() and word[0].islower():
                    # Descriptions ("the Russian leader") may start a sentence capitalised.
                    escaped = f"[{word[0]}{word[0].upper()}]" + re.escape(word[1:]).replace(
                        "'", "['’]"
                    )
                    firsts.add(word[0].upper())
                words.append(escaped)
            firsts.add(alias[0])
            pieces.append(r"\s+".join(words))
        first = "".join(re.escape(c) for c in sorted(firsts))
        return re.compile(rf"(?<![\w-])(?=[{first}])(?:{'|'.join(pieces)})(?![\w-])")

    def lookup(self, matched):
        """(person, kind) for a matched alias, or (None, [names]) when it names several people."""
        entry = self.owners.get(_key(matched))
        if not entry:
            return None, []
        best = max(priority for priority, _, _ in entry.values())
        top = [(person, kind) for priority, person, kind in entry.values() if priority == best]
        if len(top) == 1:
            return top[0]
        return None, sorted(str(getattr(p, "name", p)) for p, _ in top)


def _other_names_of(person):
    names = getattr(person, "other_names", None)
    if names is None:
        return []
    if isinstance(names, str):
        return names.splitlines()
    return [str(getattr(other, "name", other)) for other in names.all()]


def _roles_of(person):
    roles = getattr(person, "roles", None)
    if roles is None:
        return []
    return list(roles.all()) if hasattr(roles, "all") else list(roles)


@dataclass
class _Mention:
    start: int
    end: int
    person: Any  # None when the alias names several people (see `others`)
    kind: str
    possessive: bool
    shadow_name: str | None  # "Oleksandr Zelensky": a known surname inside an unknown name
    others: list[str]
    in_quote: bool = False


# -- Extraction -----------------------------------------------------------------------------------


def find_candidates(text: str, people) -> list[Candidate]:
    """Candidate statements in `text` (the output of clean_text), in the order they appear.

    `people` is an iterable of Person (roles prefetched): each is matched by name, surname,
    other names and role titles. Offsets refer to `text`.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return _Extractor(text, _People(people)).run()


class _Extractor:
    def __init__(self, text, people):
        self.text = text
        self.people = people
        self.mentions = self._scan_mentions()
        self.mention_starts = [m.start for m in self.mentions]
        self.candidates: list[Candidate] = []
        self.sentence_candidates: list[Candidate] = []
        self.previous_subject: _Who | None = None
        self.previous_quote_speaker: _Who | None = None
        self.unknown_surnames: dict[str, str] = {}
        self.first_subject_mention = False
        self.sentence_speaker = None

    # -- passes ---------------------------------------------------------------------------------
    def _scan_mentions(self):
        regex, text = self.people.regex, self.text
        if regex is None:
            return []
        mentions = []
        for match in regex.finditer(text):
            start, end = match.span()
            matched = match.group()
            person, kind = self.people.lookup(matched)
            others, kind = (kind, "") if person is None else ([], kind)
            after = text[end : end + 2]
            possessive = after[:1] in ("'", "’") and (len(after) < 2 or not after[1].isalnum())
            possessive = possessive or after in ("'s", "’s")
            shadow = None
            if person is not None and " " not in matched:
                before = _WORD_BEFORE_NAME.search(text, max(0, start - 40), start)
                if before and _is_name_word(before.group(1)):
                    shadow = f"{before.group(1)} {matched}"
            mentions.append(_Mention(start, end, person, kind, possessive, shadow, list(others)))
        return mentions

    def run(self):
        text = self.text
        start = 0
        for brk in _PARA_BREAK.finditer(text):
            self._paragraph(start, brk.start())
            start = brk.end()
        self._paragraph(start, len(text))
        return self.candidates

    def _paragraph(self, ps, pe):
        if ps >= pe:
            return
        quotes = _find_quotes(self.text, ps, pe)
        self._flag_quoted_mentions(ps, pe, quotes)
        qi = 0
        for ss, se in self._sentences(ps, pe, quotes):
            own = []
            while qi < len(quotes) and quotes[qi][0] < se:
                if quotes[qi][0] >= ss:
                    own.append(quotes[qi])
                qi += 1
            self._sentence(ss, se, own)

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

    def _sentences(self, ps, pe, quotes):
        text, spans, start, qi = self.text, [], ps, 0
        for match in _BOUNDARY.finditer(text, ps, pe):
            newline = match.group() == "\n"
            cut = match.start() if newline else match.end()
            while qi < len(quotes) and quotes[qi][1] < cut:
                qi += 1
            if qi < len(quotes) and quotes[qi][0] < cut <= quotes[qi][1]:
                continue  # inside a quote: its sentences belong to one quote
            nxt = _NEXT_CHAR.match(text, match.end(), pe)
            following = nxt.group(1) if nxt else ""
            if newline:
                if following.islower():
                    continue  # a hard-wrapped line, not a new sentence
            else:
                if following and not (
                    following.isupper() or following.isdigit() or following in _SENTENCE_OPENERS
                ):
                    continue
                if match.group() == ".":
                    word = _WORD_BEFORE.search(text, max(ps, match.start() - 20), match.start())
                    if word and (
                        word.group(1).casefold() in _ABBREVIATIONS
                        or (len(word.group(1)) == 1 and word.group(1).isupper())
                    ):
                        continue
                marks = match.group()
                asks = marks[-1] in _DOUBLES and ("?" in marks or "!" in marks)
                if asks and _ATTRIBUTION_AHEAD.match(text, match.end(), min(pe, match.end() + 80)):
                    continue  # `"Why?" Putin asked.` is one sentence
            spans.append((start, cut))
            start = match.end()
        spans.append((start, pe))
        result = []
        for a, b in spans:
            a = _LEAD_SPACE.match(text, a, b).end()
            b = a + len(text[a:b].rstrip())
            if a < b:
                result.append((a, b))
        return result

    # -- one sentence ---------------------------------------------------------------------------
    def _sentence(self, ss, se, quotes):
        self.sentence_candidates = []
        self.sentence_speaker = None  # the first speaker named in this sentence
        groups = []
        for quote in quotes:
            # Real split quotes have two or three parts; longer chains are separate quotes.
            if groups and len(groups[-1]) < 3 and self._joins(groups[-1][-1], quote):
                groups[-1].append(quote)
            else:
                groups.append([quote])
        self.first_subject_mention = False  # not looked up yet
        for gi in range(len(groups)):
            self._quote_group(ss, se, groups, gi)
        if not self.sentence_candidates:
            self._reported(ss, se)
        self._remember(ss, se)

    def _quote_group(self, ss, se, groups, gi):
        group = groups[gi]
        parts = [p for p in (self._part(o, c) for o, c in group) if p is not None]
        if not parts:
            return
        first_open, last_close = group[0][0], group[-1][1]
        if len(group) > 1:
            found = self._after(group[0][1] + 1, group[1][0], ss)
            who, verb = found or (_Who(reason="no attribution found"), None)
        else:
            previous_close = groups[gi - 1][-1][1] + 1 if gi else ss
            next_open = groups[gi + 1][0][0] if gi + 1 < len(groups) else se
            after_end = min(next_open, last_close + 1 + _MAX_WINDOW)
            before_start = max(previous_close, first_open - _MAX_WINDOW)
            found = (
                self._after(last_close + 1, after_end, ss)
                or self._before(before_start, first_open, ss)
                or self._named_in_sentence(ss, se)
                or self._continued(ss, first_open)
            )
            who, verb = found or (_Who(reason="no attribution found"), None)
        words = sum(len(p.wording.split()) for p in parts)
        if verb is None and words < 6 and parts[-1].wording[-1] not in ".!?…":
            return  # scare quotes and titles ("the so-called "peace plan"") are not statements
        self._add(parts, True, verb, who)

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
        if not _HAS_WORD.search(text, start, end):
            return None
        return Part(start, end, text[start:end])

    def _joins(self, first, second):
        """True when only an attribution stands between two quotes: `"A," he said, "B."`."""
        text = self.text
        a, b = first[1] + 1, second[0]
        if b - a > 150 or b <= a:
            return False
        ends_with_comma = text[first[1] - 1] == "," or text[a:b].lstrip().startswith(",")
        if not ends_with_comma:
            return False
        match = _AFTER_RE.match(text, a, b)
        return bool(match and _SPLIT_REST_RE.fullmatch(text, match.end(), b))

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
        )
        self.sentence_candidates.append(candidate)
        self.candidates.append(candidate)
        if self.sentence_speaker is None and who.found:
            self.sentence_speaker = _Who(who.person, candidate.new_person_name)

    # -- attribution ----------------------------------------------------------------------------
    def _after(self, a, b, ss):
        """`," he said` / `," said Putin` right after a quote."""
        if a >= b:
            return None
        match = _AFTER_RE.match(self.text, a, b)
        if not match:
            return None
        verb = match.group("verb")
        pre_start, pre_end = match.span("pre")
        if pre_end > pre_start and verb.casefold() != "according to":
            first_word = self.text[pre_start:pre_end].split()[0].casefold()
            if first_word in _RELATIVE or not self._subject_like(pre_start, pre_end):
                return None  # `the "plan" that Putin said ...` is not an attribution
            who = self._resolve(pre_start, pre_end, ss, subject_last=True)
        else:
            phrase = _POST_PHRASE_RE.match(self.text, match.end(), b)
            who = self._resolve(phrase.start(), phrase.end(), ss, subject_last=False)
        return (who or _Who(reason=f"no speaker found for '{verb}'"), verb)

    def _before(self, a, b, ss):
        """`Putin said: "` / `he asserted, "` / `according to Putin, "` right before a quote."""
        if a >= b:
            return None
        text = self.text
        verbs = list(_VERB_RE.finditer(text, a, b))
        last = verbs[-1] if verbs else None
        if last is not None and _TAIL_RE.fullmatch(text, last.end(), b):
            verb = last.group("verb")
            if verb.casefold() == "according to":
                who = self._resolve(last.end(), b, ss, subject_last=False)
            else:
                who = self._resolve(a, last.start(), ss, subject_last=True)
            return (who or _Who(reason=f"no speaker found for '{verb}'"), verb)
        colon = text.rfind(":", a, b)
        if colon >= 0 and _COLON_TAIL_RE.fullmatch(text, colon, b):
            who = self._resolve(a, colon, ss, subject_last=True)
            if who is not None and who.found:
                who.reason += "; no reporting verb, a colon introduces the quote"
                return (who, None)
        return None

    def _named_in_sentence(self, ss, se):
        # Looked up once per sentence: a long sentence with many quotes must not re-scan.
        if self.first_subject_mention is False:
            self.first_subject_mention = next(self._subject_mentions(ss, se), None)
        mention = self.first_subject_mention
        if mention is None or mention.person is None:
            return None
        who = self._known(mention)
        who.confidence = 0.4
        who.reason = f"no reporting verb; {who.label} is named in the same sentence"
        return (who, None)

    def _continued(self, ss, first_open):
        previous = self.previous_quote_speaker
        if previous is None or not previous.found:
            return None
        if _LEAD_SPACE.match(self.text, ss, first_open).end() != first_open:
            return None
        who = _Who(
            previous.person,
            previous.new_name,
            previous.text,
            0.5,
            f"no attribution; continues the quote by {previous.label} in the previous sentence",
        )
        return (who, None)

    def _reported(self, ss, se):
        text = self.text
        for that in _THAT_RE.finditer(text, ss, se):
            match = _VERB_BEFORE_THAT.search(text, max(ss, that.start() - 80), that.start())
            if match is None:
                continue
            objects = match.group("obj").split()
            if not all(w[0].isupper() or w.casefold() in _OBJECT_WORDS for w in objects):
                continue
            a = max(ss, match.start() - _MAX_WINDOW)
            if not self._subject_like(a, match.start()):
                continue
            who = self._resolve(a, match.start(), ss, subject_last=True)
            if who is None or who.person is None:
                continue  # reported speech is offered only for known people
            who.confidence = round(who.confidence - 0.1, 2)
            self._add([Part(ss, se, text[ss:se])], False, match.group("verb"), who)
            return

    def _subject_like(self, a, b):
        tokens = _TOKEN_RE.findall(self.text, a, b)
        if not tokens:
            return False
        if tokens[0].casefold() in _SUBJECT_WORDS:
            return True
        return any(t[0].isupper() for t in tokens) or bool(_PRONOUN_RE.search(self.text, a, b))

    def _resolve(self, a, b, ss, subject_last):
        """Who the words text[a:b] name, looking at the comma-separated piece next to the verb
        first (so "Andriy Yermak, a top aide to President Zelensky, said" finds the aide)."""
        text = self.text
        segments, start = [], a
        for index in range(a, b):
            if text[index] == ",":
                segments.append((start, index))
                start = index + 1
        segments.append((start, b))
        segments = [(sa, sb) for sa, sb in segments if _HAS_WORD.search(text, sa, sb)]
        if not segments:
            return None
        if subject_last:
            segments.reverse()
        else:
            segments = segments[:1]
        description, appositive = None, False
        for position, (sa, sb) in enumerate(segments):
            # In "Peskov, the Kremlin spokesman, said" the name before the appositive is the
            # subject, as close to the verb as the description.
            adjacent = position == 0 or (position == 1 and appositive)
            first_word = _TOKEN_RE.search(text, sa, sb)
            appositive = (
                position == 0
                and bool(first_word)
                and (first_word.group().casefold() in _DETERMINERS)
            )
            mentions = [m for m in self._mentions_in(sa, sb) if not m.possessive and not m.in_quote]
            if mentions:
                mention = mentions[-1] if subject_last else mentions[0]
                if mention.shadow_name:
                    return self._unknown(mention.shadow_name, mention.shadow_name, single=False)
                if mention.person is None:
                    return _Who(
                        text=text[mention.start : mention.end],
                        confidence=0.3,
                        reason=f"'{text[mention.start : mention.end]}' may be any of "
                        + ", ".join(mention.others),
                        ambiguous=True,
                    )
                return self._known(mention)
            if adjacent:
                pronoun = _PRONOUN_RE.search(text, sa, sb)
                if pronoun:
                    return self._pronoun(pronoun.group("p"), ss, sa)
            name = self._name_in(sa, sb, subject_last, adjacent)
            if name is not None:
                return name
            if position == 0:
                description = text[sa:sb].strip(" .")
        if description:
            return _Who(text=description, reason=f"'{description}' matches no known person or name")
        return None

    def _known(self, mention):
        matched = self.text[mention.start : mention.end]
        person = mention.person
        label = _KIND_LABEL.get(mention.kind, "a name of {}").format(person.name)
        confidence = 0.8 if mention.kind == "role" else 0.9
        return _Who(person, None, matched, confidence, f"'{matched}' is {label}")

    def _unknown(self, name, text, single):
        surname = name.split()[-1]
        if single and surname.casefold() in self.unknown_surnames:
            full = self.unknown_surnames[surname.casefold()]
            return _Who(None, full, text, 0.6, f"'{text}' is the surname of {full}, named earlier")
        if not single:
            self.unknown_surnames[surname.casefold()] = name
        note = " (a single word: check it is a person)" if single else ""
        return _Who(
            None,
            name,
            text,
            0.4 if single else 0.6,
            f"'{name}' matches no known person: offered as a new person{note}",
        )

    def _pronoun(self, pronoun, ss, at):
        if pronoun.casefold() == "they":
            return _Who(text=pronoun, reason="'they' names no single person")
        antecedent, where = self._antecedent(ss, at)
        if antecedent is None or not antecedent.found:
            return _Who(text=pronoun, reason=f"'{pronoun}' follows no named person")
        reason = f"'{pronoun}' follows {antecedent.label} in the {where}"
        confidence = 0.7
        if antecedent.ambiguous:
            reason += " (others are named there too)"
            confidence = 0.5
        return _Who(antecedent.person, antecedent.new_name, pronoun, confidence, reason)

    def _antecedent(self, ss, at):
        if self.sentence_speaker is not None:
            return self.sentence_speaker, "same sentence"
        subject = self._mention_subject(ss, at)
        if subject is not None:
            return subject, "same sentence"
        return self.previous_subject, "previous sentence"

    def _mention_subject(self, a, b):
        # A handful is enough to see whether several people are named.
        mentions = list(islice(self._subject_mentions(a, b), 8))
        if not mentions:
            return None
        first = mentions[0]
        distinct = {id(m.person) if m.person is not None else m.shadow_name for m in mentions}
        if first.shadow_name:
            return _Who(None, first.shadow_name, ambiguous=len(distinct) > 1)
        if first.person is None:
            return None
        return _Who(first.person, None, ambiguous=len(distinct) > 1)

    def _remember(self, ss, se):
        """The sentence's subject, for a he/she in the next one."""
        subject = self.sentence_speaker
        if subject is None:
            subject = self._mention_subject(ss, se)
        if subject is None and self.previous_subject is not None:
            pronoun = _PRONOUN_RE.search(self.text, ss, se)
            if pronoun and pronoun.group("p").casefold() != "they":
                subject = self.previous_subject  # "He declared ..." carries the subject on
        self.previous_subject = subject
        quotes = [c for c in self.sentence_candidates if c.is_quote]
        last = quotes[-1] if quotes else None
        if last is not None and (last.speaker is not None or last.new_person_name):
            self.previous_quote_speaker = _Who(
                last.speaker, last.new_person_name, last.speaker_text
            )
        else:
            self.previous_quote_speaker = None

    # -- lookups --------------------------------------------------------------------------------
    def _mentions_in(self, a, b):
        index = bisect_left(self.mention_starts, a)
        while index < len(self.mentions) and self.mentions[index].start < b:
            if self.mentions[index].end <= b:
                yield self.mentions[index]
            index += 1

    def _subject_mentions(self, a, b):
        for mention in self._mentions_in(a, b):
            if not mention.possessive and not mention.in_quote and not mention.others:
                yield mention

    def _name_in(self, a, b, subject_last, adjacent):
        """An unknown person's name among the capitalised words of text[a:b], if there is one."""
        runs = _name_runs(self.text, a, b)
        if subject_last:
            runs.reverse()
        for position, (words, had_title, after_function_word, run_text) in enumerate(runs):
            if any(w.casefold().rstrip(".") in _ORG_WORDS for w in words):
                continue
            if len(words) >= 2:
                return self._unknown(" ".join(words), run_text, single=False)
            word = words[0]
            folded = word.casefold()
            if folded in self.unknown_surnames:
                return self._unknown(word, run_text, single=True)
            if folded in _PLACES or (word.isupper() and len(word) <= 5):
                continue
            if had_title or (adjacent and position == 0 and not after_function_word):
                return self._unknown(word, run_text, single=True)
        return None


_WORD_BEFORE_NAME = re.compile(r"([^\W\d_][\w’'\-]*) \Z")


def _is_name_word(word):
    folded = word.casefold().rstrip(".")
    return (
        word[:1].isupper()
        and not folded.endswith(("'s", "’s"))
        and folded not in _TITLES
        and folded not in _COMMON
        and folded not in _PLACES
        and folded not in _ORG_WORDS
        and not word.isupper()
    )


def _name_runs(text, a, b):
    """Runs of capitalised words in text[a:b], stripped of leading titles and common words.

    Each run is (words, had_title, after_function_word, run_text): the last flag says a
    determiner or preposition stands before it ("the Kremlin", "in Astana"), so a single word is
    likely not a person. A possessive ends a run and is not a name ("Putin's spokesman").
    """
    runs, current, previous_end, previous_word = [], [], None, ""

    def close(possessive=False):
        if current and not possessive:
            runs.append(_strip_run(text, current, previous_word))
        current.clear()

    last_lower = ""
    for match in _TOKEN_RE.finditer(text, a, b):
        token = match.group().rstrip(".-")
        possessive = token.endswith(("'s", "’s", "'", "’"))
        base = token
        if possessive:
            base = token[:-2] if token.endswith(("'s", "’s")) else token[:-1]
        contiguous = previous_end is not None and text[previous_end : match.start()] == " "
        capital = base[:1].isupper()
        if capital or (current and contiguous and base in _PARTICLES):
            if current and not contiguous:
                close()
            if not current:
                previous_word = last_lower
            current.append((match.start(), match.start() + len(base), base))
            if possessive:
                close(possessive=True)
        else:
            close()
            last_lower = base.casefold()
        previous_end = match.end()
    close()
    return [run for run in runs if run is not None]


def _strip_run(text, tokens, word_before):
    had_title = False
    index = 0
    while index < len(tokens):
        folded = tokens[index][2].casefold().rstrip(".")
        if folded in _TITLES:
            had_title = True
        elif folded not in _COMMON:
            break
        index += 1
    end = len(tokens)
    while end > index and tokens[end - 1][2] in _PARTICLES:
        end -= 1
    kept = tokens[index:end]
    if not kept:
        return None
    stripped = {t[2].casefold() for t in tokens[:index]}
    after_function_word = bool((stripped | {word_before}) & (_DETERMINERS | _PREPOSITIONS))
    run_text = text[kept[0][0] : kept[-1][1]]
    return [t[2] for t in kept], had_title, after_function_word, run_text


def _find_quotes(text, ps, pe):
    """(open, close) positions of the quotation marks of each quote in text[ps:pe].

    Double quotes are primary; curly single quotes are primary only outside them (British style)
    and are otherwise part of the wording. An opening mark with no close in the paragraph is
    dropped and what follows it scanned again, so it never swallows the rest of the text.
    """
    marks = []  # (position, is_double, can_open, can_close)
    for match in _MARK_RE.finditer(text, ps, pe):
        run = match.group()
        # Runs of several marks are empty quotes or debris, not quotations.
        if len(run) > 2 or (len(run) == 2 and run[0] in _DOUBLES and run[1] in _DOUBLES):
            continue
        for offset, char in enumerate(run):
            at = match.start() + offset
            prev = text[at - 1] if at > ps else None
            nxt = text[at + 1] if at + 1 < pe else None
            left = nxt is not None and not nxt.isspace()
            right = prev is not None and not prev.isspace()
            if char == "‘":
                can_open = left and (not right or prev in _OPEN_PUNCT)
                if can_open and _ELISION.match(text, at):
                    can_open = False  # ‘90s, ‘em
                if can_open:
                    marks.append((at, False, True, False))
                continue
            if char == "’":
                can_close = right and (nxt is None or not nxt.isalnum())
                if can_close:
                    marks.append((at, False, False, True))
                continue
            opener = left and (not right or prev in _OPEN_PUNCT)
            closer = right and (not left or nxt in _CLOSE_PUNCT)
            if char == '"':
                if not opener and not closer and left and right:
                    opener = closer = True  # `a"b`: let the state decide
                can_open, can_close = opener, closer
            elif char in "“„«":
                can_close = closer and not opener
                can_open = not can_close
            else:  # ” »
                can_open = opener and not closer
                can_close = not can_open
            if can_open or can_close:
                marks.append((at, True, can_open, can_close))

    quotes, k, restarts = [], 0, 0
    while k < len(marks):
        state, opened = None, -1
        while k < len(marks):
            at, is_double, can_open, can_close = marks[k]
            if state is None:
                if can_open:
                    state, opened = is_double, k
            elif is_double == state:
                if can_close:
                    quotes.append((marks[opened][0], at))
                    state = None
                elif can_open:
                    opened = k  # the earlier opener was never closed
            k += 1
        if state is None or restarts > 8:
            break
        k, restarts = opened + 1, restarts + 1
    return quotes
