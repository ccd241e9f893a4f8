"""Where the quotations of a paragraph open and close, in every style reporters print them."""

import re

_MARK_RE = re.compile(r"[\"“”„«»‘’']+")
_ELISION = re.compile(r"[‘'](?:\d\d|em\b|tis\b|twas\b|cause\b|til\b|n\b|n[’'])")
_OPEN_PUNCT = set("([{—–-/‘'“\"«„")
_CLOSE_PUNCT = set(".,;:!?)]}—–-…’'”\"»/")
DOUBLES = frozenset('"“”„«»')
QUOTE_CHARS = '"“”«»„'
OPENING_MARKS = frozenset("\"“„«‘'")


def find_quotes(text, ps, pe):
    """(open, close) positions of each quotation in text[ps:pe], and the position of an opening
    mark left open at the end of the paragraph (a quote that runs on into the next), or None.

    Double quotes are primary; single quotes (curly or straight) are primary only outside them
    (British style) and are otherwise part of the wording. An opening mark with no close in the
    paragraph is dropped and what follows it scanned again, so it never swallows the text.
    """
    marks = _marks(text, ps, pe)
    quotes, k, restarts, dangling = [], 0, 0, None
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
                    line = text.find("\n", marks[opened][0], at)
                    if line >= 0 and not text[line:at].strip():
                        # A quote running on into the next line, which opens with a mark
                        # again, as reporters print a quote of several paragraphs: it ends
                        # with its line.
                        quotes.append((marks[opened][0], line))
                    opened = k  # the earlier opener was never closed
            k += 1
        if state is None or restarts > 8:
            break
        if dangling is None and state:
            dangling = marks[opened][0]
        k, restarts = opened + 1, restarts + 1
    if dangling is not None and any(close > dangling for _, close in quotes):
        dangling = None  # something after it closed: not a quote running on
    return quotes, dangling


def _marks(text, ps, pe):
    """(position, is_double, can_open, can_close) of every quotation mark that can be one."""
    marks = []
    for match in _MARK_RE.finditer(text, ps, pe):
        run = match.group()
        if run in ("’’", "''", "‘‘"):
            # Two single marks typed for a double one (`important,’’ he claimed`, `''We also
            # have conditions,'' Kallas told reporters`): one double mark, standing by the
            # words it quotes; a straight pair opens or closes as its neighbours say.
            start, end = match.start(), match.end()
            prev = text[start - 1] if start > ps else None
            nxt = text[end] if end < pe else None
            opens = run == "‘‘" or (
                run == "''"
                and nxt is not None
                and not nxt.isspace()
                and (prev is None or prev.isspace() or prev in _OPEN_PUNCT)
            )
            if opens:
                marks.append((end - 1, True, True, False))
            elif run != "‘‘" and prev is not None and not prev.isspace():
                marks.append((start, True, False, True))
            continue
        if run == "”“":
            # `…alliances.”“We want …`: a page ran two quotes together; one closes, one opens.
            marks += [(match.start(), True, False, True), (match.start() + 1, True, True, False)]
            continue
        # Runs of several marks are empty quotes or debris, not quotations.
        if len(run) > 2 or (len(run) == 2 and run[0] in DOUBLES and run[1] in DOUBLES):
            continue
        for offset, char in enumerate(run):
            at = match.start() + offset
            prev = text[at - 1] if at > ps else None
            nxt = text[at + 1] if at + 1 < pe else None
            mark = _mark(text, at, char, prev, nxt)
            if mark is not None:
                marks.append(mark)
    return marks


def _mark(text, at, char, prev, nxt):
    left = nxt is not None and not nxt.isspace()
    right = prev is not None and not prev.isspace()
    if char in "‘'":
        # An apostrophe stands between letters ("don't", "Russia's"): never a quotation mark.
        if char == "'" and right and left and prev.isalnum() and nxt.isalnum():
            return None
        can_open = left and (not right or prev in _OPEN_PUNCT) and not _ELISION.match(text, at)
        can_close = char == "'" and right and (nxt is None or not nxt.isalnum())
        return (at, False, can_open, can_close) if can_open or can_close else None
    if char == "’":
        can_close = right and (nxt is None or not nxt.isalnum())
        return (at, False, False, True) if can_close else None
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
    return (at, True, can_open, can_close) if can_open or can_close else None
