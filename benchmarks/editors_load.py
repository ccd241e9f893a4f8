"""Editors under load: several editors saving, adding and publishing at once through the admin.

`make editors-load` (PostgreSQL only) creates a throwaway database (`negotiations_editors_load`),
migrates and seeds it, makes editor accounts, starts gunicorn on a free loopback port and runs
--editors clients for --seconds, each logged in with its own session, together at --rate writes
per second. Every write goes over HTTP as a browser sends it: GET the admin page, read its form
from the rendered HTML (hidden inputs included, textareas with CRLF line endings), change a field,
POST, follow the redirect and read the message. The mix: two or more editors saving the same
statement (a save refused as stale is a correct answer, counted as "conflict shown"), saves of
other statements, terms and sources, adds of statements attested by the seed article, and the
changelist actions publish and return to draft.

Every edit writes a unique token into a field. Afterwards the history of each edited row must
show every accepted token, each one replacing exactly the token its editor had opened: anything
else is a lost write. It prints a summary, stops gunicorn, drops the database, and exits non-zero
on any error (a 5xx, an unexpected form error, a refused action), lost write or deadlock, or if
the rate was not reached. See the README, section Editors under load.
"""

import argparse
import html.parser
import http.cookiejar
import os
import random
import re
import secrets
import shlex
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import PYTHON, Server, database_url, run  # noqa: E402

DATABASE = "negotiations_editors_load"
PASSWORD = secrets.token_urlsafe(16)
TOKEN = re.compile(r"#([0-9a-f]{10})\b")
STALE = "after you opened it"
ARTICLE_PUBLISHER = "Seed article (publisher not recorded)"
MIN_EDITORS = 4
REQUIRED_RATE = 5.0


# -- the database ---------------------------------------------------------------------------------
def connect(url, **kwargs):
    import psycopg

    return psycopg.connect(url, **kwargs)


def admin_url(url):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres"))


def drop_database(url):
    with connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def prepare(url, editors):
    """A fresh database: migrated, seeded, with `editors` editor accounts."""
    drop_database(url)
    with connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PYTHON, "manage.py", "seed", "-v0"], env)
    script = f"""
from django.contrib.auth import get_user_model
from parties.editors import add_to_editors
for n in range({editors}):
    user = get_user_model().objects.create_user(f"editor{{n}}", password={PASSWORD!r})
    add_to_editors(user)
"""
    run([PYTHON, "manage.py", "shell", "-c", script], env)


def counters(url):
    """PostgreSQL's count of deadlocks in this database, and the data version."""
    with connect(url) as connection:
        return connection.execute(
            "SELECT (SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()),"
            " (SELECT value FROM negotiations_dataversion WHERE id = 1)"
        ).fetchone()


@dataclass
class Targets:
    """The rows the editors work on, read from the seeded database."""

    hot: int  # the statement every editor saves
    statements: list  # one more per editor, its own
    conditions: list
    sources: list
    article: int
    party: int
    wordings: list  # sentences of the seed article, each found in its text

    @classmethod
    def read(cls, url, editors):
        with connect(url) as connection:

            def ids(sql):
                return [row[0] for row in connection.execute(sql).fetchall()]

            statements = ids("SELECT id FROM negotiations_statement ORDER BY id")
            conditions = ids("SELECT id FROM negotiations_condition ORDER BY id")
            sources = ids("SELECT id FROM negotiations_source ORDER BY id")
            article, text = connection.execute(
                "SELECT id, text FROM negotiations_source WHERE publisher = %s", [ARTICLE_PUBLISHER]
            ).fetchone()
            party = connection.execute(
                "SELECT party_id FROM negotiations_statement ORDER BY id LIMIT 1"
            ).fetchone()[0]
        if len(statements) < editors + 1:
            raise SystemExit(f"The seed holds {len(statements)} statements; {editors + 1} needed.")
        wordings = [
            sentence.strip()
            for sentence in re.split(r"(?<=[.!?])\s+", text)
            if 40 <= len(sentence.strip()) <= 300 and "\n" not in sentence.strip()
        ]
        return cls(
            hot=statements[0],
            statements=statements[1 : editors + 1],
            conditions=conditions,
            sources=sources,
            article=article,
            party=party,
            wordings=[w for w in wordings if w in text],
        )


# -- a browser's form -----------------------------------------------------------------------------
class Forms(html.parser.HTMLParser):
    """The forms of a page with what a browser would submit: the successful controls (checked
    boxes only, the selected options, no disabled control), textareas with CRLF line endings,
    and the submit buttons apart (only the one clicked is sent)."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = self._select = self._textarea = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"id": a.get("id", ""), "fields": [], "buttons": [], "checkboxes": []}
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._form["buttons"].append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                self._form["checkboxes"].append((name, a.get("value", "on")))
                if "checked" in a:
                    self._form["fields"].append([name, a.get("value", "on")])
            elif kind not in ("button", "reset", "file"):
                self._form["fields"].append([name, a.get("value", "")])
        elif tag == "button" and name and a.get("type", "submit").lower() == "submit":
            self._form["buttons"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append([a.get("value"), "selected" in a, ""])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._select is not None and self._select["options"]:
            self._select["options"][-1][2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            options = [
                (v if v is not None else t.strip(), s) for v, s, t in self._select["options"]
            ]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self._form["fields"] += [[self._select["name"], value] for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            # A newline just after <textarea> is not part of the value (HTML parsing rules).
            value = value[1:] if value.startswith("\n") else value
            self._form["fields"].append([name, value])
            self._textarea = None

    def find(self, form_id):
        for form in self.forms:
            if form["id"] == form_id or (form_id == "*_form" and form["id"].endswith("_form")):
                return form
        raise LookupError(f"no form {form_id!r} on the page")


class Form:
    """One form's fields, to change as an editor does and encode as a browser sends them."""

    def __init__(self, parsed, textareas):
        self.fields = parsed["fields"]
        self.buttons = dict(parsed["buttons"])
        self.textareas = textareas
        self.checkboxes = parsed["checkboxes"]

    def get(self, name):
        return next((value for key, value in self.fields if key == name), None)

    def set(self, name, value):
        for pair in self.fields:
            if pair[0] == name:
                pair[1] = value
                return
        self.fields.append([name, value])

    def check(self, name, value):
        self.fields.append([name, value])

    def encode(self, button):
        pairs = []
        for name, value in self.fields:
            if name in self.textareas:
                # Browsers send every line break of a textarea as CRLF.
                value = value.replace("\r\n", "\n").replace("\n", "\r\n")
            pairs.append((name, value))
        pairs.append((button, self.buttons.get(button, "")))
        return urllib.parse.urlencode(pairs).encode()


def read_form(page, form_id):
    parsed = Forms(page).find(form_id)
    textareas = set(re.findall(r'<textarea[^>]*\bname="([^"]+)"', page))
    return Form(parsed, textareas)


def messages(page):
    """The admin's messages after a redirect: [(level, text)]."""
    found = re.findall(r'<li class="(success|warning|error|info)">(.*?)</li>', page, re.S)
    return [(level, re.sub(r"<[^>]+>", "", text).strip()) for level, text in found]


def form_errors(page):
    found = re.findall(r'<(?:p|ul) class="errornote[^"]*">(.*?)</(?:p|ul)>', page, re.S)
    found += re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
    return " | ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", e)).strip() for e in found)


# -- an editor ------------------------------------------------------------------------------------
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Refused(Exception):
    """The server answered an editor's write with something else than success or a conflict."""


class Browser:
    """One editor's session: its own cookies, pages fetched and forms posted over HTTP."""

    def __init__(self, port, username):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        page = self.get("/admin/login/?next=/admin/")
        form = read_form(page, "login-form")
        form.set("username", username)
        form.set("password", PASSWORD)
        status, location, _ = self.post("/admin/login/?next=/admin/", form.encode("_login"))
        if status != 302:
            raise SystemExit(f"{username} could not log in (HTTP {status}).")

    def request(self, path, data=None):
        headers = {"Referer": self.base + path}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")

    def get(self, path):
        status, _headers, body = self.request(path)
        if status != 200:
            raise Refused(f"GET {path}: HTTP {status}")
        return body

    def post(self, path, data):
        status, headers, body = self.request(path, data)
        return status, headers.get("Location"), body


@dataclass
class Tally:
    """What every editor saw, shared and locked."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    edits: dict = field(default_factory=dict)  # token -> (table, pk, field, token seen)
    added: dict = field(default_factory=dict)  # token -> wording
    published: set = field(default_factory=set)  # statement ids an accepted publish named

    def count(self, kind, outcome, seconds=None):
        with self.lock:
            self.counts[kind, outcome] += 1
            if seconds is not None:
                self.latencies.append(seconds)

    def error(self, kind, text):
        with self.lock:
            self.counts[kind, "error"] += 1
            self.errors.append(f"{kind}: {text[:300]}")


# What an edit changes, per admin page: the table of its history and the field the token goes in.
EDITED = {
    "statement": ("negotiations_historicalstatement", "summary", 300),
    "condition": ("negotiations_historicalcondition", "summary", 240),
    "source": ("negotiations_historicalsource", "note", None),
}


LABELS = {
    ("edit", "statement"): "edit statement",
    ("edit", "condition"): "edit term",
    ("edit", "source"): "edit source",
    ("add", None): "add statement",
    ("publish", None): "publish/to draft",
}


class Editor:
    def __init__(self, number, port, targets, tally, rng):
        self.number = number
        self.browser = Browser(port, f"editor{number}")
        self.targets = targets
        self.tally = tally
        self.rng = rng
        self.plan = self.make_plan()

    def make_plan(self):
        """Every editor saves the shared statement; beside it, by turns: their own statement and
        a term, a source and a term, adds, or adds and publishing."""
        t, n = self.targets, self.number
        own = ("statement", t.statements[n])
        hot = ("statement", t.hot)
        term = ("condition", t.conditions[n % len(t.conditions)])
        source = ("source", t.sources[n % len(t.sources)])
        plans = [
            [("edit", hot), ("edit", own), ("edit", term)],
            [("edit", hot), ("edit", source), ("edit", own)],
            [("add", None), ("edit", hot), ("add", None), ("edit", own)],
            [("add", None), ("publish", None), ("edit", hot), ("edit", term)],
        ]
        return plans[n % len(plans)]

    def run(self, until, interval):
        step, due = 0, time.monotonic() + self.rng.uniform(0, interval)
        while True:
            if due > until or time.monotonic() >= until:
                return
            time.sleep(max(0.0, due - time.monotonic()))
            action, target = self.plan[step % len(self.plan)]
            step += 1
            due += interval
            self.label = LABELS[action, target[0] if target else None]
            try:
                getattr(self, action)(target)
            except Refused as refused:
                self.tally.error(self.label, str(refused))
            except Exception as failure:  # noqa: BLE001 (counted and shown, the run goes on)
                self.tally.error(self.label, f"{type(failure).__name__}: {failure}")

    def finish(self, status, location, body, started):
        """Follow the redirect as a browser does; the outcome of one write."""
        if status == 302:
            page = self.browser.get(urllib.parse.urlsplit(location).path or "/admin/")
            said = messages(page)
            if any(level == "error" for level, _ in said):
                raise Refused(f"refused: {said}")
            self.tally.count(self.label, "accepted", time.monotonic() - started)
            return said
        if status == 200 and STALE in body:
            self.tally.count(self.label, "conflict shown", time.monotonic() - started)
            return None
        if status == 200:
            raise Refused(f"form error: {form_errors(body) or 'the form came back'}")
        raise Refused(f"HTTP {status}")

    def edit(self, target):
        model, pk = target
        table, name, limit = EDITED[model]
        path = f"/admin/negotiations/{model}/{pk}/change/"
        form = read_form(self.browser.get(path), "*_form")
        before = form.get(name) or ""
        seen = TOKEN.search(before)
        token = secrets.token_hex(5)
        text = TOKEN.sub("", before).rstrip()
        if limit:
            text = text[: limit - 13]
        form.set(name, f"{text} #{token}" if model != "source" else f"{text}\n#{token}")
        if form.get("correction") is not None:
            # A published statement or term says why it is corrected; readers see the reason.
            form.set("correction", f"Corrected under load #{token}")
        # An editor reads before saving: overlapping saves of the shared statement then meet.
        time.sleep(self.rng.uniform(0, 0.3))
        started = time.monotonic()
        status, location, body = self.browser.post(path, form.encode("_save"))
        if self.finish(status, location, body, started) is not None:
            with self.tally.lock:
                self.tally.edits[token] = (table, pk, name, seen.group(1) if seen else None)

    def add(self, _target):
        t = self.targets
        path = "/admin/negotiations/statement/add/"
        form = read_form(self.browser.get(path), "*_form")
        token = secrets.token_hex(5)
        wording = self.rng.choice(t.wordings)
        form.set("party", str(t.party))
        form.set("said_on", "2025-12-01")
        form.set("mode", "reported")
        form.set("occasion", "Editors under load")
        form.set("summary", f"Added under load #{token}")
        form.set("status", "draft")
        form.set("attestations-0-source", str(t.article))
        form.set("attestations-0-wording", wording)
        started = time.monotonic()
        status, location, body = self.browser.post(path, form.encode("_save"))
        if self.finish(status, location, body, started) is not None:
            with self.tally.lock:
                self.tally.added[token] = wording

    def publish(self, _target):
        """Publish the drafts added meanwhile, with the shared statement; or, with no draft
        waiting, return the shared statement to draft (so each action writes)."""
        changelist = "/admin/negotiations/statement/"
        drafts_only = {"status__exact": "draft", "q": "Added under load"}
        form = read_form(self.browser.get(f"{changelist}?{urllib.parse.urlencode(drafts_only)}"),
                         "changelist-form")  # fmt: skip
        drafts = [int(pk) for name, pk in form.checkboxes if name == "_selected_action"][:5]
        chosen, action = drafts, "publish"
        if not chosen:
            chosen, action = [self.targets.hot], "return_to_draft"
            form = read_form(self.browser.get(changelist), "changelist-form")
        elif self.rng.random() < 0.5:
            chosen = [*chosen, self.targets.hot]
        started = time.monotonic()
        form.set("action", action)
        for pk in chosen:
            form.check("_selected_action", str(pk))
        status, location, body = self.browser.post(changelist, form.encode("index"))
        said = self.finish(status, location, body, started)
        if said is not None and action == "publish":
            with self.tally.lock:
                self.tally.published.update(pk for pk in drafts)


# -- what the database says afterwards -------------------------------------------------------------
def lost_writes(url, tally):
    """Each accepted edit's token in its row's history, replacing the token its editor opened;
    each accepted add stored with its attestation; each accepted publish still published."""
    lost = []
    rows = {(table, pk, name) for table, pk, name, _ in tally.edits.values()}
    with connect(url) as connection:
        for table, pk, name in sorted(rows):
            history = connection.execute(
                f"SELECT {name}, history_type FROM {table} WHERE id = %s ORDER BY history_id",
                [pk],
            ).fetchall()
            previous, appeared = None, set()
            for value, _kind in history:
                found = TOKEN.search(value or "")
                token = found.group(1) if found else None
                if token != previous:
                    edit = tally.edits.get(token)
                    if edit is None or token in appeared or edit[3] != previous:
                        lost.append(f"{table} {pk}: #{previous} replaced by #{token} unseen")
                appeared.add(token)
                previous = token
            for token, (t, p, n, _seen) in tally.edits.items():
                if (t, p, n) == (table, pk, name) and token not in appeared:
                    lost.append(f"{table} {pk}: accepted #{token} not stored")
        for token, wording in tally.added.items():
            found = connection.execute(
                "SELECT s.id, s.status FROM negotiations_statement s JOIN negotiations_attestation "
                "a ON a.statement_id = s.id WHERE s.summary LIKE %s AND a.wording = %s",
                [f"%#{token}", wording],
            ).fetchall()
            if len(found) != 1:
                lost.append(f"added #{token}: {len(found)} rows with its attestation")
        for pk in sorted(tally.published):
            status = connection.execute(
                "SELECT status FROM negotiations_statement WHERE id = %s", [pk]
            ).fetchone()
            if status is None or status[0] != "published":
                lost.append(f"statement {pk}: published, but now {status}")
    return lost


# -- the run --------------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--editors", type=int, default=6)
    parser.add_argument("--rate", type=float, default=7.0, help="writes per second, all editors")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--seed", type=int, default=1, help="of the editors' random choices")
    parser.add_argument("--keep-database", action="store_true", help="to look at it afterwards")
    args = parser.parse_args()
    if args.editors < MIN_EDITORS:
        raise SystemExit(f"At least {MIN_EDITORS} editors.")
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make editors-load needs PostgreSQL: set DATABASE_URL=postgres://...")
    url = database_url(base, DATABASE)
    workers = args.workers or (os.cpu_count() or 1) * 2
    command = shlex.join(sys.orig_argv)
    print(f"Preparing {DATABASE} (migrate, seed, {args.editors} editors) ...")
    server = None
    try:
        prepare(url, args.editors)
        targets = Targets.read(url, args.editors)
        server = Server(url, workers, args.threads)
        tally = Tally()
        editors = [
            Editor(n, server.port, targets, tally, random.Random(args.seed * 1000 + n))
            for n in range(args.editors)
        ]
        before = counters(url)
        load = os.getloadavg()[0]
        print(
            f"{args.editors} editors, {args.rate:g} writes/s together, for {args.seconds:g} s ..."
        )
        interval = args.editors / args.rate
        started = time.monotonic()
        until = started + args.seconds
        threads = [threading.Thread(target=e.run, args=(until, interval)) for e in editors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        time.sleep(1.5)  # the statistics collector publishes a transaction's counts shortly after
        after = counters(url)
        lost = lost_writes(url, tally)
    finally:
        if server is not None:
            server.stop()
        if not args.keep_database:
            drop_database(url)
    return report(command, args, workers, load, tally, elapsed, lost, before, after)


def report(command, args, workers, load, tally, elapsed, lost, before, after):
    outcomes = ["accepted", "conflict shown", "error"]
    kinds = sorted({kind for kind, _ in tally.counts})
    total = Counter()
    print(f"\nEditors under load: {command}")
    print(
        f"{args.editors} editors (own sessions, HTTP), gunicorn {workers} workers x "
        f"{args.threads} threads on loopback, DEBUG off, PostgreSQL; {elapsed:.1f} s; "
        f"{os.cpu_count()} cores, load average {load:.1f} before the run"
    )
    print(f"\n{'write':22}" + "".join(f"{o:>16}" for o in outcomes))
    for kind in kinds:
        print(f"{kind:22}" + "".join(f"{tally.counts[kind, o]:>16}" for o in outcomes))
        for o in outcomes:
            total[o] += tally.counts[kind, o]
    print(f"{'all':22}" + "".join(f"{total[o]:>16}" for o in outcomes))
    writes = sum(total.values())
    rate = writes / elapsed if elapsed else 0
    latencies = sorted(tally.latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0
    median = statistics.median(latencies) if latencies else 0
    figures = [
        ("writes (operations)", writes),
        ("writes per second", f"{rate:.1f}"),
        ("errors", total["error"]),
        ("conflicts shown", total["conflict shown"]),
        ("lost writes", len(lost)),
        ("deadlocks (pg_stat_database)", f"{before[0]} before, {after[0]} after"),
        ("data version raised by", after[1] - before[1]),
        ("write, POST to answer", f"median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"),
    ]
    print()
    for label, value in figures:
        print(f"{label:30} {value}")
    for line in tally.errors[:10]:
        print(f"  error: {line}")
    for line in lost[:10]:
        print(f"  lost: {line}")
    failed = []
    if total["error"]:
        failed.append("errors")
    if lost:
        failed.append("lost writes")
    if after[0] > before[0]:
        failed.append("deadlocks")
    if after[1] - before[1] < total["accepted"]:
        # Each request that wrote raises it once: fewer means a cached page could outlive a write.
        failed.append("the data version rose less than once per accepted write")
    if rate < REQUIRED_RATE:
        failed.append(f"fewer than {REQUIRED_RATE:g} writes per second")
    print("\n" + ("FAILED: " + ", ".join(failed) if failed else "OK: no error, no lost write"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
