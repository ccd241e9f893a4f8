"""Hostile strings an editor could type or paste, shared by the tests that store and read them back."""

SCRIPT_TAG = "<script>alert(1)</script>"
IMG_ONERROR = "<img src=x onerror=alert(1)>"
ATTRIBUTE_BREAKER = '" onmouseover="alert(1)'
SVG_ONLOAD = "'><svg onload=alert(1)>"
JAVASCRIPT_URL = "javascript:alert(1)"
SQL_DROP = "'; DROP TABLE negotiations_statement; --"
SQL_OR = "1 OR 1=1"
FORMULA_HYPERLINK = '=HYPERLINK("http://x","y")'
FORMULA_PLUS = "+1"
FORMULA_MINUS = "-1+2"
FORMULA_AT = "@SUM(A1)"
RTL_OVERRIDE = "\u202eevil\u202c txt.exe"
ZERO_WIDTH = "zero\u200bwidth\u200djoiner\ufeffbom"
NUL = "before\x00after"
# A vertical tab is what Word puts on the clipboard for a manual line break; ESC starts a
# terminal colour code. Both are legal in PostgreSQL text and illegal in XML 1.0.
CONTROL_CHARACTERS = "line\x0bbreak \x1b[31mred\x1b[0m"
EMOJI = "🕊️ peace 🇺🇦🇷🇺 👨‍👩‍👧"
# A long paragraph, repeated: what a pasted transcript looks like, 1 MiB of it.
_PARAGRAPH = (
    "The delegations met again behind closed doors; neither side would say what was agreed, "
    "and both promised a statement later in the week. "
)
ONE_MB = (_PARAGRAPH * (2**20 // len(_PARAGRAPH) + 1))[: 2**20 - 1] + "."
# 1 MiB of distinct words (a pasted list of identifiers): PostgreSQL's tsvector holds at most
# 1 MiB, so this is the text that a full-text index over the column cannot take.
ONE_MB_DISTINCT_WORDS = " ".join(f"w{n:07x}" for n in range(2**20 // 9 + 1))[: 2**20 - 1] + "."

# Markup that must never reach an HTML page as markup: each must appear escaped, never raw.
DANGEROUS_MARKUP = [SCRIPT_TAG, IMG_ONERROR, ATTRIBUTE_BREAKER, SVG_ONLOAD]
# What an HTML response must never contain, whichever part of a string was left unescaped.
RAW_NEEDLES = [
    "<script>alert(1)",
    "<img src=x onerror",
    "<svg onload",
    'onmouseover="alert(1)',
]
# Each hostile string with the name a failing test reports it by.
HOSTILE = {
    "script_tag": SCRIPT_TAG,
    "img_onerror": IMG_ONERROR,
    "attribute_breaker": ATTRIBUTE_BREAKER,
    "svg_onload": SVG_ONLOAD,
    "javascript_url": JAVASCRIPT_URL,
    "sql_drop": SQL_DROP,
    "sql_or": SQL_OR,
    "formula_hyperlink": FORMULA_HYPERLINK,
    "formula_plus": FORMULA_PLUS,
    "formula_minus": FORMULA_MINUS,
    "formula_at": FORMULA_AT,
    "rtl_override": RTL_OVERRIDE,
    "zero_width": ZERO_WIDTH,
    "nul": NUL,
    "control_characters": CONTROL_CHARACTERS,
    "emoji": EMOJI,
    "one_mb": ONE_MB,
}
FORMULAS = [FORMULA_HYPERLINK, FORMULA_PLUS, FORMULA_MINUS, FORMULA_AT]
# PostgreSQL text cannot hold NUL: the forms refuse it, so only these can be stored.
STORABLE = {name: value for name, value in HOSTILE.items() if "\x00" not in value}
