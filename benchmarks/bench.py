"""The benchmark: the app under gunicorn on PostgreSQL at the reference size, measured from outside.

Run it with `make bench`. It prints one table and writes the same figures as JSON to
benchmarks/results/, so two runs can be compared. See the README, section Performance.
"""

import argparse
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
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable

TARGETS = {
    "compare_full_p95_ms": 30,
    "compare_partial_p95_ms": 15,
    "other_page_p95_ms": 50,
    "search_p95_ms": 50,
    "max_queries": 10,
    "throughput_ratio": 0.5,
    "csv_peak_growth_mb": 50,
    "csv_rows_per_s": 100_000,
    "intake_2mb_s": 2.0,
}


# -- databases ------------------------------------------------------------------------------------
def database_url(base, name):
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url, statements, seed):
    """Create and migrate the database; fill it (synth) unless it holds `statements` already,
    or `statements` is None."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    if statements is None:
        return
    with psycopg.connect(url) as connection:
        count = connection.execute("SELECT count(*) FROM negotiations_statement").fetchone()[0]
    if count != statements:
        print(f"  loading {statements:,} statements into {name} (synth, seed {seed}) ...")
        started = time.perf_counter()
        run(
            [
                PYTHON,
                "manage.py",
                "synth",
                "--statements",
                str(statements),
                "--seed",
                str(seed),
                "--clear",
                "-v0",
            ],
            env,
        )
        print(f"  loaded in {time.perf_counter() - started:.0f} s")
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")


def run(command, env):
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def sample(url):
    """Real slugs and ids to request: the busiest party, topic and cell, a proposal, a statement."""
    import psycopg

    with psycopg.connect(url) as connection:

        def one(sql):
            return connection.execute(sql).fetchone()

        parties = [
            r[0]
            for r in connection.execute(
                "SELECT p.slug FROM parties_party p JOIN negotiations_condition c ON c.party_id = p.id "
                "GROUP BY p.slug ORDER BY count(*) DESC LIMIT 8"
            ).fetchall()
        ]
        topics = [
            r[0]
            for r in connection.execute(
                "SELECT t.slug FROM negotiations_topic t JOIN negotiations_condition c "
                "ON c.topic_id = t.id GROUP BY t.slug ORDER BY count(*) DESC LIMIT 25"
            ).fetchall()
        ]
        cell = one(
            "SELECT t.slug, p.slug FROM negotiations_condition c "
            "JOIN negotiations_topic t ON t.id = c.topic_id "
            "JOIN parties_party p ON p.id = c.party_id WHERE c.status = 'published' "
            "AND c.valid_until IS NULL GROUP BY t.slug, p.slug ORDER BY count(*) DESC LIMIT 1"
        )
        proposal = one("SELECT slug FROM negotiations_proposal ORDER BY id LIMIT 1")[0]
        statement = one(
            "SELECT s.id FROM negotiations_statement s WHERE s.status = 'published' "
            "ORDER BY (SELECT count(*) FROM negotiations_attestation a "
            "WHERE a.statement_id = s.id) DESC, s.id LIMIT 1"
        )[0]
        word = one(
            "SELECT w FROM (SELECT regexp_split_to_table(lower(summary), '[^a-z]+') AS w "
            "FROM negotiations_statement LIMIT 2000) words WHERE length(w) > 6 "
            "GROUP BY w ORDER BY count(*) DESC LIMIT 1"
        )[0]
        total = one("SELECT count(*) FROM negotiations_statement WHERE status = 'published'")[0]
    filtered = urllib.parse.urlencode(
        [("party", p) for p in parties] + [("topic", t) for t in topics]
    )
    five_years_back = (datetime.date.today() - datetime.timedelta(days=5 * 365)).isoformat()
    return {
        "pages": {
            "compare (default)": ("/", {}),
            "compare (8 parties, 25 topics)": (f"/?{filtered}", {}),
            "compare partial (htmx)": (f"/?{filtered}", {"HX-Request": "true"}),
            "opened cell": (f"/cells/{cell[0]}/{cell[1]}/", {}),
            "party": (f"/parties/{parties[0]}/", {}),
            "topic": (f"/topics/{topics[0]}/", {}),
            "proposal": (f"/proposals/{proposal}/", {}),
            "statement": (f"/statements/{statement}/", {}),
            "search": (f"/search/?q={word}", {}),
            "compare as of 5 years back": (f"/?as_of={five_years_back}", {}),
        },
        "filtered": filtered,
        "published_statements": total,
    }


# -- the server -----------------------------------------------------------------------------------
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on a loopback port, as in production (DEBUG off), with query counts exposed."""

    def __init__(self, url, workers, threads):
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
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
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def server_ms(headers):
    match = re.search(r"app;dur=([0-9.]+)", headers.get("Server-Timing", ""))
    return float(match.group(1)) if match else float("nan")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure_pages(port, pages, requests, warmup):
    results = {}
    for name, (path, headers) in pages.items():
        status, response_headers, _ = get(port, path, headers)  # the first, cold request
        cold = server_ms(response_headers)
        # Then warm every worker (each keeps rendered regions in its own memory too): what is
        # measured is the steady state readers see; the cold figure is reported beside it.
        for _ in range(warmup):
            get(port, path, headers)
        times, queries = [], []
        for _ in range(requests):
            status, response_headers, _ = get(port, path, headers)
            times.append(server_ms(response_headers))
            queries.append(int(response_headers.get("X-Query-Count", -1)))
        results[name] = {
            "status": status,
            "cold_ms": round(cold, 1),
            "p50_ms": round(percentile(times, 0.5), 2),
            "p95_ms": round(percentile(times, 0.95), 2),
            "queries": max(queries),
        }
    return results


def query_counts(port, pages):
    counts = {}
    for name, (path, headers) in pages.items():
        get(port, path, headers)
        _, response_headers, _ = get(port, path, headers)
        counts[name] = int(response_headers.get("X-Query-Count", -1))
    return counts


# -- throughput -----------------------------------------------------------------------------------
def throughput(port, path, seconds, connections):
    """Requests per second under a fixed concurrent load, and the CPU time the generator used."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is needed for the throughput figures (apt-get install wrk).")
    before = os.times()
    output = subprocess.run(
        [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = os.times()
    generator_cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_s": rate,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "generator_cpu_share": round(generator_cpu / seconds, 2),
    }


# -- memory ---------------------------------------------------------------------------------------
def rss_mb(pid, field="VmRSS"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak(pid):
    # Writing 5 to clear_refs resets the peak resident size the kernel reports (VmHWM).
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def measure_download(server, path, count_rows):
    (pid,) = server.worker_pids()
    idle = rss_mb(pid)
    reset_peak(pid)
    started = time.perf_counter()
    status, headers, body = get(server.port, path)
    elapsed = time.perf_counter() - started
    peak = rss_mb(pid, "VmHWM")
    rows = count_rows(body)
    return {
        "status": status,
        "seconds": round(elapsed, 3),
        "rows": rows,
        "rows_per_s": round(rows / elapsed) if elapsed else None,
        "bytes": len(body),
        "idle_rss_mb": round(idle, 1),
        "peak_growth_mb": round(peak - idle, 1),
    }


def csv_rows(body):
    return max(body.decode("utf-8-sig").count("\n") - 1, 0)


def xlsx_rows(body):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    # Count the rows: a write-only workbook records no dimensions to read them from.
    return sum(
        sum(1 for _ in sheet.iter_rows()) - 1
        for sheet in workbook.worksheets
        if sheet.title != "About"
    )


def json_rows(body):
    data = json.loads(body)
    return sum(len(row["cells"]) for row in data["rows"]) + len(data["statements"])


def md_rows(body):
    return sum(1 for line in body.decode().splitlines() if line.startswith("|")) - 2


# -- intake ---------------------------------------------------------------------------------------
def intake_seconds():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    from negotiations.intake import clean_text, find_candidates

    article = (ROOT / "seeds" / "article.txt").read_text()
    text = (article + "\n\n") * (2_000_000 // (len(article) + 2) + 1)
    text = text[:2_000_000]
    started = time.perf_counter()
    candidates = find_candidates(clean_text(text), [])
    return {
        "bytes": len(text),
        "seconds": round(time.perf_counter() - started, 3),
        "candidates": len(candidates),
    }


# -- the run --------------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--statements", type=int, default=200_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=60, help="requests per page")
    parser.add_argument("--seconds", type=int, default=10, help="each throughput run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "make bench measures PostgreSQL: set DATABASE_URL=postgres://... (it refuses SQLite)."
        )
    workers = args.workers or (os.cpu_count() or 1) * 2
    large_url = database_url(base, "negotiations_bench")
    small_url = database_url(base, "negotiations_bench_small")
    print(f"Preparing databases ({args.small:,} and {args.statements:,} statements) ...")
    ensure_database(small_url, args.small, args.seed)
    ensure_database(large_url, args.statements, args.seed)

    figures = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()})",
        "statements": args.statements,
        "workers": workers,
        "threads": args.threads,
        "cache": "redis" if os.environ.get("REDIS_URL") else "local memory",
    }

    print("Query counts at the small size ...")
    small = sample(small_url)
    server = Server(small_url, workers, args.threads)
    try:
        small_counts = query_counts(server.port, small["pages"])
    finally:
        server.stop()

    print("Pages at the reference size ...")
    large = sample(large_url)
    server = Server(large_url, workers, args.threads)
    try:
        figures["pages"] = measure_pages(server.port, large["pages"], args.requests, workers * 3)
        for name, counts in small_counts.items():
            figures["pages"][name]["queries_small"] = counts
        print("Throughput ...")
        compare = throughput(server.port, "/", args.seconds, args.connections)
        health = throughput(server.port, "/healthz", args.seconds, args.connections)
        figures["throughput"] = {
            "compare": compare,
            "healthz": health,
            "ratio": round(compare["requests_per_s"] / health["requests_per_s"], 2),
        }
    finally:
        server.stop()

    print("Exports, one worker so its memory can be read ...")
    server = Server(large_url, 1, 1)
    try:
        query = large["filtered"]
        figures["exports"] = {
            "csv": measure_download(server, f"/export.csv?{query}", csv_rows),
            "xlsx": measure_download(server, f"/export.xlsx?{query}", xlsx_rows),
            "json": measure_download(server, f"/export.json?{query}", json_rows),
            "md": measure_download(server, f"/export.md?{query}", md_rows),
            "all statements csv": measure_download(server, "/export/statements.csv", csv_rows),
        }
    finally:
        server.stop()

    print("Intake of a 2 MB article ...")
    figures["intake"] = intake_seconds()
    figures["verdicts"] = verdicts(figures)
    report(figures)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"bench-{figures['date'].replace(':', '')}.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"\nWritten to {path.relative_to(ROOT)}")


def verdicts(figures):
    pages = figures["pages"]
    others = [v for k, v in pages.items() if not k.startswith("compare") and k != "search"]
    csv_all = figures["exports"]["all statements csv"]
    return {
        "compare full p95 <= 30 ms": pages["compare (default)"]["p95_ms"] <= 30
        and pages["compare (8 parties, 25 topics)"]["p95_ms"] <= 30,
        "compare partial p95 <= 15 ms": pages["compare partial (htmx)"]["p95_ms"] <= 15,
        "other pages p95 <= 50 ms": all(v["p95_ms"] <= 50 for v in others)
        and pages["compare as of 5 years back"]["p95_ms"] <= 50,
        "search p95 <= 50 ms": pages["search"]["p95_ms"] <= 50,
        "queries equal at both sizes and <= 10": all(
            v["queries"] == v["queries_small"] <= 10 for v in pages.values()
        ),
        "throughput ratio >= 50%": figures["throughput"]["ratio"] >= 0.5,
        "all-statements csv: growth < 50 MB": csv_all["peak_growth_mb"] < 50,
        "all-statements csv: >= 100,000 rows/s": (csv_all["rows_per_s"] or 0) >= 100_000,
        "intake of 2 MB < 2 s": figures["intake"]["seconds"] < 2,
    }


def report(figures):
    print(f"\nBenchmark, {figures['date']}, {figures['machine']}")
    print(
        f"{figures['statements']:,} statements; gunicorn {figures['workers']} workers x "
        f"{figures['threads']} threads; cache: {figures['cache']}\n"
    )
    print(f"{'page':34} {'cold ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'at 1k':>6}")
    for name, v in figures["pages"].items():
        print(
            f"{name:34} {v['cold_ms']:>9} {v['p50_ms']:>8} {v['p95_ms']:>8} "
            f"{v['queries']:>8} {v['queries_small']:>6}"
        )
    t = figures["throughput"]
    print(
        f"\nthroughput: compare {t['compare']['requests_per_s']:.0f}/s, healthz "
        f"{t['healthz']['requests_per_s']:.0f}/s, ratio {t['ratio']:.0%} "
        f"(load generator used {t['compare']['generator_cpu_share']:.0%} and "
        f"{t['healthz']['generator_cpu_share']:.0%} of a core; non-2xx: "
        f"{t['compare']['non_2xx']}, {t['healthz']['non_2xx']})"
    )
    print(f"\n{'export':22} {'seconds':>8} {'rows':>9} {'rows/s':>9} {'MB':>7} {'peak +MB':>9}")
    for name, v in figures["exports"].items():
        print(
            f"{name:22} {v['seconds']:>8} {v['rows']:>9} {v['rows_per_s'] or 0:>9} "
            f"{v['bytes'] / 1e6:>7.1f} {v['peak_growth_mb']:>9}"
        )
    i = figures["intake"]
    print(
        f"\nintake of a {i['bytes'] / 1e6:.1f} MB article: {i['seconds']} s, "
        f"{i['candidates']} candidates"
    )
    print("\ntargets:")
    for name, ok in figures["verdicts"].items():
        print(f"  {'met   ' if ok else 'MISSED'} {name}")


if __name__ == "__main__":
    main()
