"""How an article's text is laid out: paragraphs, headlines, datelines and sentences."""

import re

from negotiations.intake.quotes import DOUBLES
from negotiations.intake.vocabulary import ABBREVIATIONS, words

_PARA_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A stop ends a sentence before a space; or, where a page ran its paragraphs together, right
# before the next sentence's capital or opening mark ("… no European participation.“No, …",
# "… led by Vladimir Medinsky.Earlier this week, …"), after a word of two letters or more.
_BOUNDARY = re.compile(
    r"[.!?…\n](?:(?<=\n)|[.!?…]*[\"”’'»)\]]*(?=\s|\Z)"
    r"|(?<=[a-z]{2}[.!?])[”’»)]?(?=[“‘][A-Z]|[A-Z][a-z])"
    # ("… “belong together”.According to news agency AP, …": the mark, then the full stop.)
    r"|(?<=[a-z][”’»][.!?])(?=[A-Z][a-z]))"
    # ("… Putin Residence 'Destroyed'Lavrov told reporters …": a headline that closes with a
    # quote, run into the next sentence; only after a mark that opened it, never "O’Brien".)
    r"|['’](?=[A-Z][a-z])"
)
_OPENED_SINGLE = re.compile(r"(?<!\S)['‘][A-Z][^'‘’\n]{0,60}\Z")
_WORD_BEFORE = re.compile(r"([\w.]+)\Z")
_NEXT_CHAR = re.compile(r"\s*(\S)")
_LEAD_SPACE = re.compile(r"\s*")
# "in a post on X." ends a sentence; "J. Smith" does not.
_ON_X = re.compile(r"(?:on|via|at|platform) [A-Z]\Z")
_NEXT_WORD = re.compile(r"\s*([A-Z][a-z]*)\b")
_OPENING_WORDS = words("however but the it he she they we this in on meanwhile earlier later")
_OPENING_DOUBLES = set('"“«„')
_SENTENCE_OPENERS = set("\"“‘'([«„")
_VERB_AHEAD = re.compile(
    r"\s+(?:[^\s.!?\"“”«»„]+\s+){0,5}?[a-z]+ed\b"
    r"|\s+(?:[^\s.!?]+\s+){0,5}?(?:said|says|wrote|writes|told|tells)\b"
)
# "MOSCOW, December 1. /TASS/. ", "KREMLIN, MOSCOW: ", "PARIS (AP) — ", "Washington DC - ",
# "MUNICH -- ":
# where the report was filed, which is never part of what anyone said.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z.]*(?:[ ,]+[A-Z][A-Za-z.]*){0,3}?)"
    r"(?P<date>,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)(?:,?\s+\d{4})?)?"
    r"(?P<end>\.\s*/[A-Za-z -]{2,20}/\.|\s*\([A-Za-z -]{2,20}\)\s*(?:--|[—–-])|\s+(?:--|[—–-])|:"
    r"|\.(?=\s+[A-Z]))\s+"
)


def paragraphs(text):
    """(start, end) of each paragraph: paragraphs are separated by blank lines."""
    spans, start = [], 0
    for brk in _PARA_BREAK.finditer(text):
        if brk.start() > start:
            spans.append((start, brk.start()))
        start = brk.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# A section label some outlets open paragraphs with ("Driving the news:", "Why it matters:",
# "State of play:"; "Quote:", "Details:" in Ukrainska Pravda's): a common word, a few lower-case
# ones, a colon. A headline's "Yermak: …"
# is a name, and stays the attribution it is.
_LABEL = re.compile(
    r"(?:The|Why|What|What's|State|Driving|Between|Zoom|Catch|Go|Yes|Reality|Flashback|Context|"
    r"Background|Bottom|Where|How|Behind|Worth|Be|Quote|Details)(?:,?\s+[a-z][a-z'’]*){0,4}:\s+"
    r"(?=[A-Z\"“‘'])"
    # "- Thorny Issues Remain: The leaders acknowledged …": a list item's label in capitals.
    r"|[-•]\s+[A-Z][\w’'-]*(?:\s+(?:[A-Z0-9][\w’'-]*|and|of|the|in|on|for|with|&)){0,5}:\s+"
    r"(?=[A-Z\"“‘'])"
)


def skip_label(text, ss, se):
    """Where a sentence's own words begin, after the section label it may open with."""
    label = _LABEL.match(text, ss, min(se, ss + 40))
    return ss if label is None else label.end()


def skip_dateline(text, ps, pe):
    """Where a paragraph's own words begin, after the dateline or the section label it may
    open with."""
    if (start := skip_label(text, ps, pe)) > ps:
        return start
    match = _DATELINE.match(text, ps, min(pe, ps + 90))
    if match is None:
        return ps
    place, end = match.group("place"), match.group("end").strip()
    shouting = place.replace(",", " ").replace(".", "").split()
    all_caps = all(word.isupper() and len(word) > 1 for word in shouting)
    if end in (":", ".") and not (all_caps and (end == ":" or match.group("date"))):
        return ps  # "Putin: ..." is a headline attribution, "Talks. Then ..." a sentence
    return match.end()


def is_heading(text, ps, pe):
    """A headline or subheading: one short line that does not end a sentence."""
    line = text[ps:pe]
    # A headline may end with the words it quotes ("… talks 'down to one issue'"), a sentence
    # with its stop inside the marks ("… said "yes."").
    stripped = line.rstrip().rstrip("\"”’'")
    last = stripped[-1:]
    words = stripped.split()
    if last == "." and words and "." in words[-1][:-1]:
        last = "S"  # "… Weekend Meeting in U.S.": an abbreviation's stop ends no sentence
    return "\n" not in line and len(line) <= 160 and bool(last) and last not in ".!?…,"


def sentences(text, ps, pe, quotes):
    """(start, end) of each sentence of the paragraph text[ps:pe]; a quote is never cut."""
    spans, start, qi = [], ps, 0
    for match in _BOUNDARY.finditer(text, ps, pe):
        if match.group() in "'’" and not _OPENED_SINGLE.search(
            text, max(ps, match.start() - 64), match.start()
        ):
            continue
        newline = match.group() == "\n"
        cut = match.start() if newline else match.end()
        while qi < len(quotes) and quotes[qi][1] < cut:
            qi += 1
        if qi < len(quotes) and quotes[qi][0] < cut <= quotes[qi][1]:
            continue  # inside a quote: its sentences belong to one quote
        if not _ends_sentence(text, match, ps, pe, newline):
            continue
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


def _ends_sentence(text, match, ps, pe, newline):
    nxt = _NEXT_CHAR.match(text, match.end(), pe)
    following = nxt.group(1) if nxt else ""
    if newline:
        return not following.islower()  # a lower-case line is a hard-wrapped one
    if following and not (
        following.isupper() or following.isdigit() or following in _SENTENCE_OPENERS
    ):
        return False
    if match.group() == ".":
        word = _WORD_BEFORE.search(text, max(ps, match.start() - 20), match.start())
        # ("… and the U.S. “We also agreed …”", "… in the U.S. However, Mr. Umerov …": an
        # initialism ends a sentence that a quote or a word no name begins with opens.)
        opener = _NEXT_WORD.match(text, match.end(), pe)
        initialism = (
            word
            and "." in word.group(1)
            and (
                following in _OPENING_DOUBLES
                or (opener is not None and opener.group(1).casefold() in _OPENING_WORDS)
            )
        )
        if (
            word
            and not initialism
            and (
                word.group(1).casefold() in ABBREVIATIONS
                or (
                    len(word.group(1)) == 1
                    and word.group(1).isupper()
                    and not _ON_X.search(text, max(ps, match.start() - 10), match.start())
                )
            )
        ):
            return False
    marks = match.group()
    asks = marks[-1] in DOUBLES and ("?" in marks or "!" in marks)
    # `"Why?" Putin asked.` is one sentence.
    return not (asks and _VERB_AHEAD.match(text, match.end(), min(pe, match.end() + 80)))
