"""The benchmark: what a reader waits for, measured from outside, at the reference size.

`make bench` (PostgreSQL only) runs the app under gunicorn with DEBUG off on loopback, once with
the Redis of REDIS_URL and once with no shared cache, and measures for each page: the bytes sent,
the wall time of the first request after a write (cold), and the latency a single reader sees
in the steady state (wrk -c1: p50, p95); then the first requests after a write arriving together
(how long they wait, how many workers compute), and throughput under 16 connections next to
/healthz in the same run. Exports are measured on one worker: rows/s and its peak memory growth.
It prints one table and writes the same figures as JSON to benchmarks/results/. See the README,
section Performance.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable

# What the issue asks of each page at the reference size (p95 from a single client, in ms).
P95_TARGETS = {
    "compare, htmx swap": 30,
    "compare, topic opened": 30,
    "compare, filtered table": 30,
    "compare, cell opened": 50,
    "party": 50,
    "topic": 50,
    "proposal": 50,
    "search, its most common word": 50,
}
DEFAULT_PAGE_BYTES = 200_000
THROUGHPUT_RATIO = 0.5
FIRST_AFTER_WRITE_S = 1.0
EXPORT_GROWTH_MB = 50
CSV_ROWS_PER_S = 100_000
# A response that computed its regions makes several queries; one served from the cache, one or two.
COMPUTED_QUERIES = 4
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT p50=%d p95=%d max=%d requests=%d duration=%d bytes=%d errors=%d\\n",
    latency:percentile(50), latency:percentile(95), latency.max, summary.requests,
    summary.duration, summary.bytes, errors))
end
"""


# -- databases ------------------------------------------------------------------------------------
def database_url(base, name):
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url, statements, seed, processes=1):
    """Create and migrate the database; fill it (synth) unless it holds `statements` already,
    in `processes` peace processes."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    with psycopg.connect(url) as connection:
        count = connection.execute("SELECT count(*) FROM negotiations_statement").fetchone()[0]
        held = connection.execute("SELECT count(*) FROM negotiations_peaceprocess").fetchone()[0]
    if count != statements or held != processes:
        print(f"  loading {statements:,} statements into {name} (synth, seed {seed}) ...")
        started = time.perf_counter()
        synth = ["synth", "--statements", str(statements), "--seed", str(seed), "--clear", "-v0"]
        synth += ["--processes", str(processes)]
        run([PYTHON, "manage.py", *synth], env)
        print(f"  loaded in {time.perf_counter() - started:.0f} s")
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")


def run(command, env):
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def raise_data_version(url):
    """What every write does to the caches: the data version goes up by one."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("UPDATE negotiations_dataversion SET value = value + 1 WHERE id = 1")


def sample(url):
    """The pages to measure, with real slugs: the busiest parties, topics and cell."""
    import psycopg

    with psycopg.connect(url) as connection:

        def rows(sql):
            return [row[0] for row in connection.execute(sql).fetchall()]

        def one(sql):
            return connection.execute(sql).fetchone()

        parties = rows(
            "SELECT p.slug FROM parties_party p JOIN negotiations_condition c ON c.party_id = p.id "
            "GROUP BY p.slug ORDER BY count(*) DESC LIMIT 8"
        )
        top = one(
            "SELECT t.slug FROM negotiations_topic t JOIN negotiations_topic s ON s.parent_id = t.id "
            "JOIN negotiations_condition c ON c.topic_id = s.id WHERE t.parent_id IS NULL "
            "GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1"
        )[0]
        topic = one(
            "SELECT t.slug FROM negotiations_topic t JOIN negotiations_condition c "
            "ON c.topic_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1"
        )[0]
        proposal = one("SELECT slug FROM negotiations_proposal ORDER BY id LIMIT 1")[0]
        statement = one(
            "SELECT id FROM negotiations_statement WHERE status = 'published' ORDER BY id LIMIT 1"
        )[0]
        word = one(
            "SELECT word FROM ts_stat('SELECT to_tsvector(''english'', summary) "
            "FROM negotiations_statement') WHERE length(word) > 3 ORDER BY ndoc DESC LIMIT 1"
        )[0]
    htmx = {"HX-Request": "true"}
    two = urllib.parse.urlencode([("party", parties[0]), ("party", parties[1])])
    eight = urllib.parse.urlencode([("party", party) for party in parties])
    cell = urllib.parse.urlencode({"open": top, "cell": f"{top}:{parties[0]}"})
    five_years_back = (datetime.date.today() - datetime.timedelta(days=5 * 365)).isoformat()
    return {
        "compare, default": ("/", {}),
        "compare, htmx swap": (f"/?{eight}", htmx),
        "compare, topic opened": (f"/rows/{top}/?open={top}", htmx),
        "compare, filtered table": (f"/?{two}", {}),
        "compare, cell opened": (f"/rows/{top}/?{cell}", htmx),
        "compare, as of 5 years back": (f"/?as_of={five_years_back}", {}),
        "party": (f"/parties/{parties[0]}/", {}),
        "topic": (f"/topics/{topic}/", {}),
        "proposal": (f"/proposals/{proposal}/", {}),
        "statement": (f"/statements/{statement}/", {}),
        "search, its most common word": (f"/search/?q={word}", {}),
    }, {"eight": eight, "parties": parties, "top": top}


# -- the server -----------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on a loopback port, as in production (DEBUG off), with query counts exposed."""

    def __init__(self, url, workers, threads, redis_url=""):
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "DEBUG": "0",
            "SECURE": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EXPOSE_QUERY_COUNT": "1",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_TIMEOUT": "120",
        }
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(120):
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def get(port, path, headers=None):
    """(status, headers, body, wall seconds) of one GET, end to end."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body, time.perf_counter() - started


def wrk(port, path, headers, seconds, connections):
    """wrk's view of a page: latency percentiles (ms), requests/s, errors."""
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("make bench needs wrk (apt-get install wrk).")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        # A slow page is measured, not dropped: wrk's own timeout (2 s) would leave its latency
        # out of the percentiles and report 0 ms for a page that takes seconds.
        command = [binary, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
        command += ["-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        before = os.times()
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
        ).stdout
        after = os.times()
    found = dict(re.findall(r"(\w+)=(\d+)", output.split("RESULT", 1)[1]))
    duration = int(found["duration"]) / 1e6
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return {
        "p50_ms": round(int(found["p50"]) / 1000, 1),
        "p95_ms": round(int(found["p95"]) / 1000, 1),
        "max_ms": round(int(found["max"]) / 1000, 1),
        "requests_per_s": round(int(found["requests"]) / duration, 1),
        "errors": int(found["errors"]),
        "generator_cpu_share": round(cpu / duration, 2),
    }


# -- what a reader waits for ----------------------------------------------------------------------
def first_after_a_write(server, url, path, readers):
    """`readers` first requests for `path` arriving together just after a write: how long each
    waited, and how many of them computed the page (the others waited for it, or read it)."""
    raise_data_version(url)
    with concurrent.futures.ThreadPoolExecutor(readers) as pool:
        results = list(pool.map(lambda _: get(server.port, path), range(readers)))
    seconds = sorted(result[3] for result in results)
    computed = sum(int(r[1].get("X-Query-Count", 0)) >= COMPUTED_QUERIES for r in results)
    return {
        "readers": readers,
        "statuses": sorted({result[0] for result in results}),
        "first_s": round(seconds[0], 3),
        "slowest_s": round(seconds[-1], 3),
        "computed": computed,
    }


def measure_pages(server, url, pages, seconds, warmup):
    """Per page: bytes, queries, the cold wall time after a write, the warm single-reader latency."""
    raise_data_version(url)
    results = {}
    for name, (path, headers) in pages.items():
        status, response_headers, body, cold = get(server.port, path, headers)
        results[name] = {
            "status": status,
            "bytes": len(body),
            "queries_cold": int(response_headers.get("X-Query-Count", -1)),
            "cold_ms": round(cold * 1000, 1),
        }
    for name, (path, headers) in pages.items():
        for _ in range(warmup):  # every worker holds its copy, as readers find it
            get(server.port, path, headers)
        results[name]["queries_warm"] = int(
            get(server.port, path, headers)[1].get("X-Query-Count", -1)
        )
        results[name].update(wrk(server.port, path, headers, seconds, 1))
    return results


def throughput(server, seconds, connections):
    compare = wrk(server.port, "/", {}, seconds, connections)
    health = wrk(server.port, "/healthz", {}, seconds, connections)
    return {
        "compare": compare,
        "healthz": health,
        "ratio": round(compare["requests_per_s"] / health["requests_per_s"], 2),
    }


# -- exports --------------------------------------------------------------------------------------
def rss_mb(pid, field="VmRSS"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_download(server, path, count_rows):
    (pid,) = server.worker_pids()
    get(server.port, "/healthz")
    idle = rss_mb(pid)
    # Writing 5 to clear_refs resets the peak resident size the kernel reports (VmHWM).
    Path(f"/proc/{pid}/clear_refs").write_text("5")
    status, _headers, body, elapsed = get(server.port, path)
    rows = count_rows(body)
    return {
        "status": status,
        "seconds": round(elapsed, 3),
        "rows": rows,
        "rows_per_s": round(rows / elapsed) if elapsed else None,
        "bytes": len(body),
        "peak_growth_mb": round(rss_mb(pid, "VmHWM") - idle, 1),
    }


def csv_rows(body):
    return max(body.decode("utf-8-sig").count("\n") - 1, 0)


def xlsx_rows(body):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return sum(1 for _ in workbook["Terms and statements"].iter_rows()) - 1


def json_rows(body):
    return sum(len(term["statements"]) or 1 for term in json.loads(body)["terms"])


def md_rows(body):
    return sum(1 for line in body.decode().splitlines() if line.startswith("|")) - 2


# The CSV of the default view is also measured before any reader's line is kept, and after this
# many statements were changed: what the first export after a deployment, and the first after a
# day of editing, wait for.
CHANGED_STATEMENTS = 1000


def _on_database(url, sql):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def measure_exports(url, views):
    """Each download on a fresh one-worker server, so that no export's peak memory is hidden
    by (or blamed on) the memory an earlier one left the worker holding."""
    downloads = {}
    for label, query in views.items():
        for fmt, count in (("csv", csv_rows), ("xlsx", xlsx_rows), ("json", json_rows),
                           ("md", md_rows)):  # fmt: skip
            if fmt == "csv" and label == "default view":
                # Emptied: every line computed, then kept (negotiations/exports/cells.py).
                downloads["csv, default view, no line kept"] = (
                    f"/export.csv?{query}",
                    count,
                    "TRUNCATE negotiations_reader_cells",
                )
            elif fmt == "csv":
                # As it comes: the lines of statements no view exported yet are computed.
                downloads[f"csv, {label}, first"] = (f"/export.csv?{query}", count, None)
            downloads[f"{fmt}, {label}"] = (f"/export.{fmt}?{query}", count, None)
            if fmt == "csv" and label == "default view":
                # Restamped by the triggers, as an editor's saves would: their lines recomputed.
                downloads[f"csv, default view, {CHANGED_STATEMENTS:,} statements changed"] = (
                    f"/export.csv?{query}",
                    count,
                    "UPDATE negotiations_statement SET occasion = occasion WHERE id IN "
                    f"(SELECT id FROM negotiations_statement ORDER BY random() "
                    f"LIMIT {CHANGED_STATEMENTS})",
                )
    downloads["every published statement, csv"] = ("/export/statements.csv", csv_rows, None)
    figures = {}
    for name, (path, count, before) in downloads.items():
        server = Server(url, 1, 1)
        try:
            get(server.port, "/")  # the worker as readers find it: the app loaded, a page served
            if before:
                _on_database(url, before)
            figures[name] = measure_download(server, path, count)
        finally:
            server.stop()
    return figures


# -- several peace processes ----------------------------------------------------------------------
# The reference total shared by this many processes (4:2:1), in a database of its own: what a
# reader of one process waits for when others are in the same tables.
PROCESSES = 3


def process_sizes(url):
    """(slug, name, statements bearing on it, terms) of each process, in the switcher's order."""
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(
            """
            SELECT p.slug, p.name,
                (SELECT count(DISTINCT l.statement_id)
                 FROM negotiations_condition_statements l
                 JOIN negotiations_condition c ON c.id = l.condition_id
                 JOIN negotiations_topic t ON t.id = c.topic_id WHERE t.process_id = p.id),
                (SELECT count(*) FROM negotiations_condition c
                 JOIN negotiations_topic t ON t.id = c.topic_id WHERE t.process_id = p.id)
            FROM negotiations_peaceprocess p ORDER BY p.sort_order, p.name, p.id
            """
        ).fetchall()


def measure_processes(url, workers, threads, redis_url, seconds):
    """Per process: its comparison's bytes, cold time after a write and warm p50/p95 (wrk -c1),
    and its CSV on a fresh one-worker server."""
    figures = {}
    sizes = process_sizes(url)
    server = Server(url, workers, threads, redis_url)
    try:
        pages = {slug: (f"/?process={slug}", {}) for slug, *_ in sizes}
        measured = measure_pages(server, url, pages, seconds, workers * 8)
    finally:
        server.stop()
    for slug, name, statements, terms in sizes:
        server = Server(url, 1, 1)
        try:
            get(server.port, "/")
            # The first export of a process computes and keeps its statements' lines; the next
            # reads them, as readers' exports do once one has been made.
            first = measure_download(server, f"/export.csv?process={slug}", csv_rows)
            csv = measure_download(server, f"/export.csv?process={slug}", csv_rows)
        finally:
            server.stop()
        figures[slug] = {
            "name": name,
            "statements": statements,
            "terms": terms,
            "page": measured[slug],
            "csv, first": first,
            "csv": csv,
        }
    return figures


# -- intake ---------------------------------------------------------------------------------------
def _intake():
    """The intake engine's entry points, with Django set up for them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from negotiations.intake import clean_text, find_candidates

    return clean_text, find_candidates


def intake_seconds():
    clean_text, find_candidates = _intake()
    article = (ROOT / "seeds" / "article.txt").read_text()
    text = ((article + "\n\n") * (2_000_000 // (len(article) + 2) + 1))[:2_000_000]
    started = time.perf_counter()
    candidates = find_candidates(clean_text(text), [])
    return {"bytes": len(text), "seconds": round(time.perf_counter() - started, 3),
            "candidates": len(candidates)}  # fmt: skip


# Pages with no full stops, each a run of one shape: a reader's wait must grow with the page,
# not with its square. The ratio of the long run to the short is about 4 when it does.
INTAKE_SHAPES = {
    "apostrophes": "word’Word ",
    "quoted headlines": "said 'Abc'Def ",
    "semicolons": "he said so; a official said that; ",
    "asides": "The plan, reported by Reuters, ",
}


def intake_growth(short=20_000, long=80_000):
    """Intake's seconds on each shape at two sizes, and their ratio."""
    find_candidates = _intake()[1]
    figures = {}
    for name, unit in INTAKE_SHAPES.items():
        seconds = []
        for size in (short, long):
            text = unit * (size // len(unit))
            started = time.perf_counter()
            find_candidates(text, [])
            seconds.append(time.perf_counter() - started)
        figures[name] = {
            "seconds": [round(s, 3) for s in seconds],
            "ratio": round(seconds[1] / seconds[0], 1),
        }
    return figures


# -- the run --------------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument("--no-pages", action="store_true", help="leave out the page runs")
    parser.add_argument(
        "--no-processes", action="store_true", help="leave out the several-process database"
    )
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make bench measures PostgreSQL: set DATABASE_URL=postgres://...")
    workers = args.workers or (os.cpu_count() or 1) * 2
    url = database_url(base, "negotiations_bench")
    print(f"Preparing the reference database ({args.statements:,} statements) ...")
    ensure_database(url, args.statements, args.seed)
    pages, names = sample(url)
    load = os.getloadavg()[0]
    figures = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}, load average {load:.1f} before the run",
        "statements": args.statements,
        "workers": workers,
        "threads": args.threads,
        "runs": {},
    }
    modes = {"redis": os.environ.get("REDIS_URL", ""), "no shared cache": ""}
    if not modes["redis"]:
        print("REDIS_URL is not set: the Redis run is left out.")
        del modes["redis"]
    for mode, redis_url in modes.items():
        if args.no_pages:
            break
        print(f"Pages, {mode} ...")
        server = Server(url, workers, args.threads, redis_url)
        try:
            fresh = get(server.port, "/")[3]
            # Every worker serves the page before a write is measured: a write reaches running
            # workers (a fresh one's first request is reported on its own).
            for _ in range(workers * 8):
                get(server.port, "/")
            figures["runs"][mode] = {
                "first request of a fresh server_s": round(fresh, 3),
                "first after a write": first_after_a_write(server, url, "/", args.connections),
                "pages": measure_pages(server, url, pages, args.seconds, workers * 8),
                "throughput": throughput(server, args.seconds, args.connections),
            }
        finally:
            server.stop()
    if not args.no_exports:
        print("Exports, one worker so its memory can be read ...")
        eight_by_25 = names["eight"]
        figures["exports"] = measure_exports(url, {"default view": "", "8 parties": eight_by_25})
    if not args.no_processes:
        print(f"Several peace processes ({PROCESSES}, {args.statements:,} statements in all) ...")
        several = database_url(base, "negotiations_bench_processes")
        ensure_database(several, args.statements, args.seed, PROCESSES)
        figures["processes"] = measure_processes(
            several, workers, args.threads, modes.get("redis", ""), args.seconds
        )
    figures["intake"] = intake_seconds()
    figures["intake growth"] = intake_growth()
    figures["verdicts"] = verdicts(figures)
    report(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{figures['date'].replace(':', '')}.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"\nWritten to {path.relative_to(ROOT)}")


def verdicts(figures):
    found = {}
    for mode, run_figures in figures["runs"].items():
        pages = run_figures["pages"]
        found[f"{mode}: default page <= 200 KB"] = (
            pages["compare, default"]["bytes"] <= DEFAULT_PAGE_BYTES
        )
        found[f"{mode}: throughput >= 50% of /healthz"] = (
            run_figures["throughput"]["ratio"] >= THROUGHPUT_RATIO
        )
        first = run_figures["first after a write"]
        found[f"{mode}: first request after a write <= 1 s"] = (
            first["first_s"] <= FIRST_AFTER_WRITE_S
        )
        if mode == "redis":
            found[f"{mode}: one worker computes a table after a write"] = first["computed"] == 1
        for name, target in P95_TARGETS.items():
            page = pages[name]
            # A page with no answer in time, or none at all, misses whatever its percentile says.
            answered = page["errors"] == 0 and page["requests_per_s"] > 0
            found[f"{mode}: {name} p95 <= {target} ms"] = answered and page["p95_ms"] <= target
    for slug, process in figures.get("processes", {}).items():
        page = process["page"]
        answered = page["errors"] == 0 and page["requests_per_s"] > 0
        target = P95_TARGETS["compare, filtered table"]
        found[f"process {slug}: compare p95 <= {target} ms"] = answered and page["p95_ms"] <= target
    for name, export in figures.get("exports", {}).items():
        if name.startswith(("xlsx", "json")):
            found[f"export {name}: growth < 50 MB"] = export["peak_growth_mb"] < EXPORT_GROWTH_MB
        if name in ("csv, default view", "csv, 8 parties"):
            found[f"export {name}: >= 100,000 rows/s"] = (
                export["rows_per_s"] or 0
            ) >= CSV_ROWS_PER_S
    return found


def report(figures):
    print(f"\nBenchmark, {figures['date']}; {figures['machine']}")
    print(
        f"{figures['statements']:,} statements; gunicorn {figures['workers']} workers x "
        f"{figures['threads']} threads, DEBUG off, loopback"
    )
    for mode, run_figures in figures["runs"].items():
        print(f"\n== {mode}")
        print(
            f"{'page':30} {'KB':>7} {'cold ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7} "
            f"{'queries':>9}"
        )
        for name, v in run_figures["pages"].items():
            print(
                f"{name:30} {v['bytes'] / 1000:>7.1f} {v['cold_ms']:>8} {v['p50_ms']:>7} "
                f"{v['p95_ms']:>7} {v['requests_per_s']:>7} "
                f"{v['queries_cold']:>4}/{v['queries_warm']:<4}"
            )
        first = run_figures["first after a write"]
        print(
            f"first request of a fresh server: {run_figures['first request of a fresh server_s']} s"
        )
        print(
            f"first {first['readers']} requests after a write, together: first answered in "
            f"{first['first_s']} s, slowest {first['slowest_s']} s; {first['computed']} computed "
            f"the table (statuses {first['statuses']})"
        )
        t = run_figures["throughput"]
        print(
            f"throughput (wrk -c16): / {t['compare']['requests_per_s']:.0f}/s, /healthz "
            f"{t['healthz']['requests_per_s']:.0f}/s: {t['ratio']:.0%}; errors "
            f"{t['compare']['errors']}, {t['healthz']['errors']}; wrk used "
            f"{t['compare']['generator_cpu_share']:.0%} of a core"
        )
    if "exports" in figures:
        print(f"\n{'export':40} {'seconds':>8} {'rows':>9} {'rows/s':>9} {'MB':>7} {'peak +MB':>9}")
        for name, v in figures["exports"].items():
            print(
                f"{name:40} {v['seconds']:>8} {v['rows']:>9} {v['rows_per_s'] or 0:>9} "
                f"{v['bytes'] / 1e6:>7.1f} {v['peak_growth_mb']:>9}"
            )
    if "processes" in figures:
        print(
            f"\n{'process':22} {'statements':>10} {'terms':>7} {'KB':>7} {'cold ms':>8} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'csv rows':>9} {'first/s':>8} {'rows/s':>8}"
        )
        for slug, v in figures["processes"].items():
            page, csv = v["page"], v["csv"]
            print(
                f"{slug:22} {v['statements']:>10,} {v['terms']:>7,} {page['bytes'] / 1000:>7.1f} "
                f"{page['cold_ms']:>8} {page['p50_ms']:>7} {page['p95_ms']:>7} "
                f"{csv['rows']:>9,} {v['csv, first']['rows_per_s'] or 0:>8,} "
                f"{csv['rows_per_s'] or 0:>8,}"
            )
    i = figures["intake"]
    print(
        f"\nintake of a {i['bytes'] / 1e6:.1f} MB article: {i['seconds']} s, {i['candidates']} found"
    )
    print("\ntargets:")
    for name, ok in figures["verdicts"].items():
        print(f"  {'met   ' if ok else 'MISSED'} {name}")


if __name__ == "__main__":
    main()
