"""Cleaning a pasted article into the plain text a source stores and intake offsets refer to."""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["clean_text"]


# -- Cleaning -------------------------------------------------------------------------------------

_HTML_HINT = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>|!--|!doctype)", re.I)
_HIDDEN_OPEN = re.compile(
    r"<(script|style|head|noscript|template|svg|iframe|object)\b[^<>]*>", re.I
)
_HIDDEN_CLOSE = {
    name: re.compile(rf"</{name}\s*>", re.I)
    for name in ("script", "style", "head", "noscript", "template", "svg", "iframe", "object")
}
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|blockquote|section|article|header|footer|aside|nav|figure"
    r"|figcaption|table|thead|tbody|tfoot|tr|caption|pre|hr|dl|dt|dd|main|address|center"
    r"|form|fieldset|title|body|html)\b[^<>]*>",
    re.I,
)
_BR_TAG = re.compile(r"<br\b[^<>]*>", re.I)
_CELL_TAG = re.compile(r"</?(?:td|th)\b[^<>]*>", re.I)
_Q_OPEN = re.compile(r"<q\b[^<>]*>", re.I)
_Q_CLOSE = re.compile(r"</q\s*>", re.I)
# `[^<>]*` stops at the next `<`, so an unclosed `<` costs only the distance to the next one.
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>")
# Only entities with their semicolon: html.unescape alone would turn "&para" in "&parameter" into ¶.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_NEWLINE = re.compile(r"[\r\x0b\x0c\x85\u2028]\n?")
# Invisible characters: controls, soft hyphen, zero-width space, BOM, and the bidi marks and
# overrides that can hide or reorder text. ZWJ/ZWNJ stay: some scripts and emoji need them.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r" {2,}")
_LINE_EDGE = re.compile(r" *\n *")
_BLANK_RUN = re.compile(r"\n{3,}")
_HTML_SPACE = re.compile(r"\s+")


def clean_text(raw: str) -> str:
    """Plain text with paragraphs separated by one blank line; clean plain text is returned as is.

    HTML (tags, entities, <br>, <p>) is reduced to its text, <script>/<style> contents dropped;
    odd whitespace (non-breaking spaces, tabs, CRLF, runs of spaces) and invisible characters
    (NUL, zero-width spaces, right-to-left marks) are normalised. Store this output as the
    source text: candidate offsets refer to it.
    """
    if not raw:
        return ""
    text = str(raw)
    if _HTML_HINT.search(text):
        text = _html_to_text(text)
    text = _ENTITY.sub(lambda match: html.unescape(match.group()), text)
    text = _NEWLINE.sub("\n", text).replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _ODD_SPACE.sub(" ", text)
    # The `in` tests are much faster than a regex pass over 2 MB that finds nothing.
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _LINE_EDGE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip(" \n")


def _html_to_text(text):
    text = _drop_hidden(text)
    # HTML whitespace is not significant: line breaks come from tags only.
    text = _HTML_SPACE.sub(" ", text)
    text = _Q_OPEN.sub("“", text)
    text = _Q_CLOSE.sub("”", text)
    text = _BR_TAG.sub("\n", text)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _CELL_TAG.sub(" ", text)
    return _ANY_TAG.sub("", text)


def _drop_hidden(text):
    """Drop comments and the contents of script-like elements; an unclosed one runs to the end."""
    kept, pos = [], 0
    # The next match of each kind is remembered, so many comments don't re-scan for a far tag.
    tag, comment = _HIDDEN_OPEN.search(text), text.find("<!--")
    while True:
        if tag is not None and tag.start() < pos:
            tag = _HIDDEN_OPEN.search(text, pos)
        if 0 <= comment < pos:
            comment = text.find("<!--", pos)
        tag_at = tag.start() if tag is not None else -1
        if tag_at < 0 and comment < 0:
            kept.append(text[pos:])
            return "".join(kept)
        if comment >= 0 and (tag_at < 0 or comment < tag_at):
            kept.append(text[pos:comment])
            end = text.find("-->", comment + 4)
            if end < 0:
                return "".join(kept)
            pos = end + 3
        else:
            kept.append(text[pos:tag_at])
            close = _HIDDEN_CLOSE[tag.group(1).lower()].search(text, tag.end())
            if close is None:
                return "".join(kept)
            pos = close.end()
