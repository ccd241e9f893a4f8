"""A bounded load test on loopback: readers and editors at once, then a database restart mid-run.

Run it with `make loadtest` (PostgreSQL only). It starts gunicorn on a free loopback port against
its own database (`negotiations_loadtest`), stops by itself after --seconds, and prints what it
saw. Scenario 1: readers on the comparison, search and exports while editors add and publish
statements through the admin; afterwards every published statement must be visible. Scenario 2:
PostgreSQL is restarted while readers keep reading; requests during the outage must get the 503
page, /healthz must say so, and the app must recover by itself.
"""

import argparse
import datetime
import http.client
import http.cookiejar
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import Server, database_url, ensure_database, get  # noqa: E402

EDITOR_PASSWORD = secrets.token_urlsafe(16)
SOURCE_TITLE = "Load test wire report"


def prepare(url):
    """The seed, an editor account, and a published source whose sentences editors will cite."""
    ensure_database(url, None, 1)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    script = f"""
from django.contrib.auth import get_user_model
from negotiations.models import Source, Statement, Attestation, Condition
from negotiations.management.seed import load_seed
from django.conf import settings
from parties.editors import add_to_editors
if not Statement.objects.exists():
    load_seed(settings.SEED_DIR / "negotiation.toml")
for n in range(4):
    user, _ = get_user_model().objects.get_or_create(username=f"loadeditor{{n}}")
    user.set_password({EDITOR_PASSWORD!r}); user.save(); add_to_editors(user)
text = " ".join(f"Sentence number {{i}} of the load test wire report." for i in range(5000))
Source.objects.get_or_create(publisher="Load Wire", title={SOURCE_TITLE!r},
    defaults={{"text": text, "status": "published"}})
"""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True
    )


def query_db(url, sql):
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()


class Editor:
    """Logs in through the admin login form and works through the admin's own forms."""

    def __init__(self, port, username):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.open("/admin/login/")
        self.post(
            "/admin/login/",
            {"username": username, "password": EDITOR_PASSWORD, "next": "/admin/"},
            page,
        )

    def open(self, path, data=None):
        request = urllib.request.Request(self.base + path, data=data)
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()

    def post(self, path, fields, page):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page[1]).group(1)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.read().decode(), response.geturl()

    def add_and_publish(self, party_id, source_id, n):
        add = "/admin/negotiations/statement/add/"
        page = self.open(add)
        wording = f"Sentence number {n} of the load test wire report."
        status, html, where = self.post(
            add,
            {
                "party": party_id,
                "speaker": "",
                "said_on": "2025-12-01",
                "said_on_precision": "day",
                "occasion": "Load test",
                "place": "",
                "mode": "reported",
                "language": "",
                "summary": f"Load test statement {n}",
                "status": "draft",
                "attestations-TOTAL_FORMS": "1",
                "attestations-INITIAL_FORMS": "0",
                "attestations-MIN_NUM_FORMS": "1",
                "attestations-MAX_NUM_FORMS": "1000",
                "attestations-0-source": source_id,
                "attestations-0-wording": wording,
                "attestations-0-start": "",
                "attestations-0-note": "",
                "_continue": "Save and continue editing",
            },
            page,
        )
        match = re.search(r"/statement/(\d+)/change/", where)
        if not match:
            errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            raise RuntimeError(f"statement not saved (status {status}): {errors[:3]}")
        statement_id = match.group(1)
        changelist = "/admin/negotiations/statement/"
        page = self.open(changelist)
        self.post(
            changelist, {"action": "publish", "_selected_action": statement_id, "index": "0"}, page
        )
        return int(statement_id)


def readers(port, stop, paths, tally, latencies, lock):
    while not stop.is_set():
        for path in paths:
            if stop.is_set():
                return
            started = time.perf_counter()
            try:
                status, headers, body = get(port, path)
                kind = str(status)
                if status == 503 and b"Temporarily unavailable" not in body and path != "/healthz":
                    kind = "503 without the page"
            except (OSError, http.client.HTTPException) as error:
                kind = f"connection error: {type(error).__name__}"
            with lock:
                tally[kind] += 1
                latencies.append(time.perf_counter() - started)


def scenario_load(server, url, seconds, reader_threads, editor_count):
    party_id, source_id = query_db(
        url,
        "SELECT (SELECT id FROM parties_party WHERE slug = 'russia'), "
        f"(SELECT id FROM negotiations_source WHERE title = '{SOURCE_TITLE}')",
    )[0]
    paths = [
        "/",
        "/?party=russia&party=ukraine",
        "/search/?q=military",
        "/export.csv",
        "/export.xlsx",
        "/export.json",
        "/export.md",
        "/cells/troop-withdrawal/russia/",
    ]
    stop, lock = threading.Event(), threading.Lock()
    tally, latencies, published, failures = Counter(), [], [], []
    threads = [
        threading.Thread(target=readers, args=(server.port, stop, paths, tally, latencies, lock))
        for _ in range(reader_threads)
    ]

    def edit(number):
        editor = Editor(server.port, f"loadeditor{number}")
        n = number * 1000
        while not stop.is_set():
            n += 1
            try:
                published.append(editor.add_and_publish(party_id, source_id, n))
            except Exception as error:  # noqa: BLE001 (every failure is counted and shown)
                failures.append(repr(error))

    threads += [threading.Thread(target=edit, args=(i,)) for i in range(editor_count)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)

    stored = {
        row[0]
        for row in query_db(url, "SELECT id FROM negotiations_statement WHERE status = 'published'")
    }
    lost = [sid for sid in published if sid not in stored]
    invisible = [sid for sid in published if get(server.port, f"/statements/{sid}/")[0] != 200]
    latencies.sort()
    return {
        "seconds": seconds,
        "reader_threads": reader_threads,
        "editors": editor_count,
        "reader_requests": sum(tally.values()),
        "reader_statuses": dict(tally),
        "reader_p95_s": round(latencies[int(0.95 * (len(latencies) - 1))], 3)
        if latencies
        else None,
        "statements_published": len(published),
        "editor_failures": failures[:5],
        "editor_failure_count": len(failures),
        "lost_writes": lost,
        "published_but_not_visible": invisible,
    }


def scenario_restart(server, seconds_before=5):
    """Readers keep reading while PostgreSQL restarts; the app must answer 503 and recover."""
    cluster = next(iter(os.listdir("/etc/postgresql")))
    stop, lock = threading.Event(), threading.Lock()
    tally, latencies = Counter(), []
    paths = ["/", "/search/?q=military", "/statements/1/", "/healthz"]
    threads = [
        threading.Thread(target=readers, args=(server.port, stop, paths, tally, latencies, lock))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds_before)
    pg_ctl = ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main"]
    subprocess.run([*pg_ctl, "stop", "-m", "fast"], check=True)
    down_at = time.perf_counter()
    outage = []
    for _ in range(5):
        status, _, body = get(server.port, "/healthz")
        page = get(server.port, "/")
        outage.append((status, page[0], b"Temporarily unavailable" in page[2]))
        time.sleep(0.5)
    subprocess.run([*pg_ctl, "start"], check=True)
    up_at = time.perf_counter()
    recovered_after = None
    while time.perf_counter() - up_at < 60:
        if get(server.port, "/healthz")[0] == 200 and get(server.port, "/")[0] == 200:
            recovered_after = round(time.perf_counter() - up_at, 2)
            break
        time.sleep(0.2)
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    latencies.sort()
    return {
        "outage_seconds": round(up_at - down_at, 1),
        "during_outage": [
            {"healthz": h, "page": p, "says_unavailable": says} for h, p, says in outage
        ],
        "recovered_seconds_after_restart": recovered_after,
        "reader_statuses": dict(tally),
        "slowest_request_s": round(latencies[-1], 2) if latencies else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--editors", type=int, default=2)
    parser.add_argument(
        "--no-restart",
        action="store_true",
        help="skip scenario 2 (it restarts the local PostgreSQL)",
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make loadtest runs against PostgreSQL: set DATABASE_URL=postgres://...")
    url = database_url(base, "negotiations_loadtest")
    print("Preparing negotiations_loadtest ...")
    prepare(url)
    server = Server(url, (os.cpu_count() or 1) * 2, 4)
    try:
        print(f"Scenario 1: {args.readers} readers and {args.editors} editors for {args.seconds} s")
        load = scenario_load(server, url, args.seconds, args.readers, args.editors)
        for key, value in load.items():
            print(f"  {key}: {value}")
        ok = (
            not load["lost_writes"]
            and not load["published_but_not_visible"]
            and not load["editor_failure_count"]
            and set(load["reader_statuses"]) <= {"200"}
        )
        if not args.no_restart and shutil.which("pg_ctlcluster"):
            print("Scenario 2: PostgreSQL restarted under load")
            restart = scenario_restart(server)
            for key, value in restart.items():
                print(f"  {key}: {value}")
            ok = (
                ok
                and restart["recovered_seconds_after_restart"] is not None
                and all(
                    o["healthz"] == 503 and o["page"] == 503 and o["says_unavailable"]
                    for o in restart["during_outage"]
                )
            )
    finally:
        server.stop()
    print(
        f"\n{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC: "
        f"{'all checks passed' if ok else 'SOME CHECKS FAILED'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
