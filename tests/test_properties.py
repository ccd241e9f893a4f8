"""Whatever a reader puts in an address or its query string, no public page answers with a 500."""

import string
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiations.comparison import version_key
from negotiations.models import ConditionKind, Proposal, ProposalVersion, Statement, Topic
from parties.models import Party, Person

pytestmark = pytest.mark.django_db

# About 50 examples per address keeps the file under a minute on either database.
EXAMPLES = 50
FILTERS = ["party", "topic", "kind", "version", "as_of", "q"]
EXTRA_NAMES = ["page", "format", "fmt", "_", "hx", "utm_source", "party[]", "Party", "q "]
FORMATS = ["csv", "xlsx", "json", "md"]
REAL_DATES = ["2025-11-26", "2025-11-27", "2025-11-28", "2025-11-28 ", "0001-01-01", "9999-12-31"]
REAL_WORDS = ["Putin", "withdraw", "Donetsk", "peace plan", "-Ukraine", '"red line"', "or"]

# Text that bends parsers: controls (NUL among them), digits from other scripts, odd spaces.
control_text = st.text(alphabet=st.characters(max_codepoint=0x1F) | st.just("\x7f"), max_size=20)
# Digits as str.isdigit() knows them: ASCII, other scripts' ('٣', which int() reads) and
# superscript or circled ones ('²', '①', which it does not).
_CHARACTERS = [chr(code) for code in range(0x110000)]
OTHER_DECIMALS = [c for c in _CHARACTERS if c.isdecimal() and not c.isascii()]
ODD_DIGITS = [c for c in _CHARACTERS if c.isdigit() and not c.isdecimal()]
digit_text = st.one_of(
    st.text(alphabet=string.digits, min_size=1, max_size=6),
    st.text(alphabet=st.sampled_from(OTHER_DECIMALS), min_size=1, max_size=3),
    st.text(alphabet=st.sampled_from(ODD_DIGITS), min_size=1, max_size=3),
)
# Only characters a URL can carry: a lone surrogate cannot be encoded at all, by us or a browser.
url_char = st.characters(codec="utf-8")


def url_text(**kwargs):
    return st.text(alphabet=url_char, **kwargs)


long_text = st.builds(lambda c, n: c * n, url_char, st.integers(150, 5000))
slug_like = st.from_regex(r"\A[-a-zA-Z0-9_]{1,300}\Z")
any_text = st.one_of(url_text(), control_text, long_text)


@pytest.fixture
def known(seeded):
    """The seeded slugs and ids, to mix real values with invented ones."""
    versions = ProposalVersion.objects.select_related("proposal")
    return {
        "party": list(Party.objects.values_list("slug", flat=True)),
        "person": list(Person.objects.values_list("slug", flat=True)),
        "topic": list(Topic.objects.values_list("slug", flat=True)),
        "proposal": list(Proposal.objects.values_list("slug", flat=True)),
        "statement": [str(pk) for pk in Statement.objects.values_list("pk", flat=True)],
        "kind": list(ConditionKind.values),
        "version": [version_key(version) for version in versions],
        "as_of": REAL_DATES,
        "q": REAL_WORDS,
    }


@pytest.fixture
def clients(client, editor):
    """An anonymous reader, and an editor who previews drafts."""
    editor_client = Client()
    editor_client.force_login(editor)
    return {"reader": client, "editor": editor_client}


# Numbers as readers mistype them, or as other scripts write them.
EDGE_NUMBERS = ["0", "-1", "01", "1.0", "1e3", " 2", "²", "①", "٣", "１", str(2**63), str(10**40)]


def number_text():
    return st.one_of(
        st.integers(-5, 10**40).map(str), digit_text, st.sampled_from(EDGE_NUMBERS), any_text
    )


def filter_value(known, name):
    real = known.get(name) or ["x"]
    choices = [st.sampled_from(real), any_text, digit_text]
    if name == "version":
        # Mostly "<proposal slug>:<number>", the form the page's version menu sends.
        slugs = st.sampled_from(known["proposal"]) | slug_like
        versions = st.builds(lambda slug, number: f"{slug}:{number}", slugs, number_text())
        choices = [versions, versions, versions, *choices]
    if name == "as_of":
        choices.append(st.dates().map(lambda day: day.isoformat()))
    return st.one_of(choices)


def query_pairs(known):
    """(name, value) pairs: any of the filters, some more than once; unknown names; and at
    times one pair repeated many times."""
    filters = st.fixed_dictionaries(
        {},
        optional={
            name: st.lists(filter_value(known, name), min_size=1, max_size=3) for name in FILTERS
        },
    ).map(lambda chosen: [(name, value) for name, values in chosen.items() for value in values])
    names = st.sampled_from(EXTRA_NAMES) | url_text(max_size=30)
    others = st.lists(st.tuples(names, any_text | st.sampled_from(known["party"])), max_size=4)
    any_pair = st.sampled_from(FILTERS).flatmap(
        lambda name: st.tuples(st.just(name), filter_value(known, name))
    )
    repeated = st.tuples(any_pair, st.integers(2, 260)).map(lambda args: [args[0]] * args[1])
    return st.builds(
        lambda *lists: [pair for pairs in lists for pair in pairs],
        filters,
        others,
        st.just([]) | repeated,
    )


# Raw query text that no encoder writes: broken %-escapes, invalid UTF-8, stray separators.
raw_query = st.text(alphabet=string.ascii_letters + string.digits + "%&=+;", max_size=40)


def path_part(real):
    return st.one_of(st.sampled_from(real), slug_like, any_text, url_text(min_size=1)).map(
        lambda part: quote(part, safe="")
    )


def statement_id(known):
    return st.one_of(
        st.sampled_from(known["statement"]),
        number_text().map(lambda number: quote(number, safe="")),
        path_part(["0"]),
    )


def export_format():
    return st.one_of(st.sampled_from(FORMATS), url_text(max_size=10)).map(
        lambda fmt: quote(fmt, safe="")
    )


def fixed(path):
    return lambda known: st.just(path)


ADDRESSES = {
    "compare": fixed("/"),
    "cell": lambda k: st.builds(
        "/cells/{}/{}/".format, path_part(k["topic"]), path_part(k["party"])
    ),
    "export": lambda k: export_format().map("/export.{}".format),
    "party": lambda k: path_part(k["party"]).map("/parties/{}/".format),
    "person": lambda k: path_part(k["person"]).map("/people/{}/".format),
    "topic": lambda k: path_part(k["topic"]).map("/topics/{}/".format),
    "proposal": lambda k: path_part(k["proposal"]).map("/proposals/{}/".format),
    "statement": lambda k: statement_id(k).map("/statements/{}/".format),
    "search": fixed("/search/"),
    "changes": fixed("/changes/"),
    "feed_statements": fixed("/feeds/statements/"),
    "feed_party": lambda k: path_part(k["party"]).map("/feeds/parties/{}/".format),
    "feed_topic": lambda k: path_part(k["topic"]).map("/feeds/topics/{}/".format),
    "healthz": fixed("/healthz"),
}


@pytest.mark.parametrize("address", ADDRESSES)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_no_address_or_query_gets_a_server_error(address, data, known, clients):
    path = data.draw(ADDRESSES[address](known), label="path")
    pairs = data.draw(query_pairs(known), label="query")
    query = urlencode(pairs)
    junk = data.draw(st.just("") | raw_query, label="raw query")
    if junk:
        query = f"{query}&{junk}" if query else junk
    headers = {}
    if data.draw(st.booleans(), label="htmx"):
        headers["HX-Request"] = "true"
        if data.draw(st.booleans(), label="history restore"):
            headers["HX-History-Restore-Request"] = "true"
    client = clients[data.draw(st.sampled_from(["reader", "editor"]), label="who")]
    method = data.draw(st.sampled_from(["get", "get", "get", "head", "post"]), label="method")
    url = f"{path}?{query}" if query else path

    with transaction.atomic():  # a failed query must not abort the examples after it
        response = getattr(client, method)(url, headers=headers)

    assert response.status_code < 500, (url, headers, response.content[:300])


# The values above that random search reaches only now and then, tried every time.
EDGE_QUERIES = [
    {"version": "us-peace-plan:²"},
    {"version": "us-peace-plan:①"},
    {"version": "us-peace-plan:١"},
    {"version": f"us-peace-plan:{10**40}"},
    {"version": "\x00:1"},
    {"version": "us-peace-plan:1\x00"},
    {"party": "\x00"},
    {"party": ["russia"] * 201},
    {"topic": "x" * 201},
    {"kind": "\x00"},
    {"as_of": "\x00"},
    {"as_of": "99999-01-01"},
    {"as_of": "0001-01-01"},
    {"as_of": "9999-12-31"},
    {"q": "\x00"},
    {"q": "Putin\x00"},
    {"q": "a" * 201},
    {"q": "!!! & | ! <-> :*"},
    {"\x00": "\x00"},
]
QUERY_ADDRESSES = [
    "/",
    "/cells/troop-withdrawal/russia/",
    "/export.csv",
    "/export.xlsx",
    "/export.json",
    "/export.md",
    "/search/",
    "/feeds/statements/",
]
EDGE_PATHS = [
    f"/statements/{10**40}/",
    f"/statements/{2**63}/",
    "/statements/0/",
    "/statements/%C2%B2/",
    "/parties/%00/",
    "/parties/russia%00/",
    "/people/%E2%80%AE/",
    "/topics/" + "a" * 5000 + "/",
    "/proposals/%FF/",
    "/cells/%00/russia/",
    "/cells/troop-withdrawal/%00/",
    "/export.CSV",
    "/export.csv%00",
    "/export.",
    "/feeds/parties/%00/",
    "/feeds/topics/" + "a" * 5000 + "/",
    "/healthz%00",
]


def request_failure(client, url, headers=None):
    """What went wrong with GET `url`, or None: a 5xx, or the exception the view raised."""
    try:
        # A savepoint, so that a failed query on PostgreSQL does not abort the rest of the test.
        with transaction.atomic():
            response = client.get(url, headers=headers or {})
    except Exception as error:  # the test client re-raises what the view raised
        return f"{url} {headers or ''}: {type(error).__name__}: {str(error)[:200]}"
    if response.status_code >= 500:
        return f"{url} {headers or ''}: {response.status_code}"
    return None


@pytest.mark.parametrize("address", QUERY_ADDRESSES)
def test_edge_values_get_no_server_error(client, seeded, address):
    failures = [
        request_failure(client, f"{address}?{urlencode(query, doseq=True)}", headers)
        for query in EDGE_QUERIES
        for headers in ({}, {"HX-Request": "true"})
    ]
    failures = [failure for failure in failures if failure]
    assert not failures, "\n".join(failures)


def test_edge_paths_get_no_server_error(client, seeded):
    failures = [failure for path in EDGE_PATHS if (failure := request_failure(client, path))]
    assert not failures, "\n".join(failures)
