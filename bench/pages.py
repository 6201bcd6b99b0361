"""Every anonymous page under load, against a one-line view, and what each costs with no cache.

Run from the project root: `.venv/bin/python bench/pages.py [--duration 5] [--connections 16]`.
In one run it builds a scratch database (SQLite, or with --database-url postgres://... a new
PostgreSQL database it creates and drops) with the demo content, 10,000 generated programs and
2,000 guides (as bench/scale.py does), then:

- times each page through Django's test client with DEBUG off and every cache empty (a dummy
  cache), the pages taking turns a request at a time: CPU ms of this process per request (on
  SQLite the database's work is included; on PostgreSQL the server's is not), wall ms and SQL
  queries;
- serves the database with gunicorn (2 sync workers, DEBUG off, the site's own cache) on a free
  loopback port and measures each page with wrk at 16 connections, right after the one-line
  view: requests/s and their ratio to the one-line view's, p99, and the gunicorn workers' CPU
  ms per request (from /proc) with the one-line view's over it;
- prints one table and exits 1 when a target is missed (COLD_MS, RATIO and P99_MS below).

`--profile guide` (a page's name, repeatable, or `all`) adds a cProfile of that page's cold
render: the functions with the most time of their own and the project's functions by
cumulative time. The machine's load average is printed with every figure: client, server and
whatever else runs share the cores, so compare the rows of one run, not runs on other days.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import check_page, free_port, to_ms, wait_until_up  # noqa: E402
from bench.scale import make_guides, postgres_admin  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
HELLO = ("one-line view", "/bench/hello/")
QUIZ = (
    "gpa=3.4&gre=315&bachelors=yes&cs_degree=yes&programming=yes&math=yes&budget=50000"
    "&format=online&pacing=asynchronous&field=Machine+Learning"
)
# (name, path, kind): kind chooses the cold target and whether the page must be served from
# the application's cache ("cached") at the load targets.
PAGES = [
    ("home", "/", "page"),
    ("guide list", "/articles/", "page"),
    ("guide", "/articles/can-you-earn-a-masters-in-machine-learning/", "guide"),
    ("bench guide", "/articles/bench-guide-7/", "guide"),
    ("topic", "/topics/computer-science/", "page"),
    ("people", "/people/", "page"),
    ("bio", "/people/aaron-perkowitz/", "page"),
    ("program", "/programs/northfield-tech-ms-machine-learning-online/", "page"),
    ("school", "/schools/northfield-tech/", "page"),
    ("career list", "/careers/", "page"),
    ("career", "/careers/data-scientist/", "page"),
    ("site page", "/editorial-process/", "page"),
    ("directory", "/programs/", "scale"),
    ("directory, filtered", "/programs/?format=online&max_tuition=40000&sort=tuition", "scale"),
    ("quiz, answered", f"/programs/match/?{QUIZ}", "scale"),
    ("search", "/search/?q=machine+learning+salary", "scale"),
]
# Cold: server CPU ms per request with every cache empty, by kind.
COLD_MS = {"guide": 5, "page": 8, "scale": 15}
# Warm, under load: at least this share of the one-line view's requests/s, p99 under P99_MS.
RATIO = 0.7
P99_MS = 50


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--runs", type=int, default=20, help="cold rounds, each page once a round (median shown)"
    )
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--guides", type=int, default=2_000)
    parser.add_argument(
        "--cache-url",
        default="locmemcache://",
        help="the served site's cache (CACHE_URL); default: each worker's own memory",
    )
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:port/NAME of a database that does not exist yet; "
        "it is created and dropped. Default: a scratch SQLite file.",
    )
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="PAGE",
        help="print a cProfile of this page's cold render (a name from the table, or all)",
    )
    parser.add_argument("--no-load", action="store_true", help="cold figures only, no gunicorn")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="leave the scratch database and files in place and print the settings that reach "
        "them (to profile through the test client afterwards)",
    )
    parser.add_argument("--only", action="append", default=[], metavar="PAGE", help="these pages")
    return parser.parse_args()


def settings_env(scratch, database_url, cache_url):
    """Production-like settings on scratch storage; the key is thrown away with the run."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": database_url or f"sqlite:///{scratch / 'db.sqlite3'}",
        "CACHE_URL": cache_url,
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "ERROR",
        # The generated programs stand in for a real catalogue: sitemap and search list them.
        "SHOW_SYNTHETIC": "True",
    }


def load_average():
    return os.getloadavg()[0]


def build(args):
    """The demo content, the generated programs and guides, and the search index."""
    from django.core.management import call_command
    from django.db import connection

    from programs import synthetic
    from programs.models import Program

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", force=True, verbosity=0, stdout=io.StringIO())
    call_command(
        "generate_programs", count=args.programs, seed=2026, verbosity=0, stdout=io.StringIO()
    )
    program_ids = list(
        Program.objects.filter(slug__startswith=synthetic.PREFIX).values_list("pk", flat=True)
    )
    make_guides(random.Random(2026), args.guides, program_ids)
    render_guides()
    call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO())
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk insert: planner statistics, and the visibility map
        # that index-only scans need.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def render_guides():
    """The generated guides' bodies as their pages show them: bulk_create() skips the save()
    that renders a version's Markdown (core.markdown.stored), as saving in the admin would."""
    from articles.models import ArticleVersion
    from core import markdown

    generated = ArticleVersion.objects.filter(article__slug__startswith="bench-guide-")
    versions = list(generated.only("pk", "body"))
    for version in versions:
        version.body_rendered = markdown.stored(version.body)
    ArticleVersion.objects.bulk_update(versions, ["body_rendered"], batch_size=200)


def cold(paths, runs):
    """Per path: median CPU ms, median wall ms and SQL queries of one request with no cache.

    The paths take turns, one request each per round, so a slow spell of the machine (another
    process, the host's CPU) falls on every page alike instead of on whichever page it met.
    """
    from django.db import connection
    from django.test import Client

    client = Client()
    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    cpu = {path: [] for path in paths}
    wall = {path: [] for path in paths}
    figures = {}
    with connection.execute_wrapper(counted):
        # Untimed first requests: social images, connections, imports.
        status = {path: client.get(path).status_code for path in paths}
        for _ in range(runs):
            for path in paths:
                queries.clear()
                started_cpu, started = time.process_time(), time.perf_counter()
                client.get(path)
                cpu[path].append((time.process_time() - started_cpu) * 1000)
                wall[path].append((time.perf_counter() - started) * 1000)
                figures[path] = len(queries)
    load = load_average()
    return {
        path: {
            "status": status[path],
            "cpu": statistics.median(cpu[path]),
            "wall": statistics.median(wall[path]),
            "queries": figures[path],
            "load": load,
        }
        for path in paths
    }


def profile(name, path, runs):
    """cProfile of `runs` cold renders of one page: own time first, then the project's code."""
    from django.test import Client

    client = Client()
    client.get(path)
    # Process CPU time, not the clock: waiting for PostgreSQL's answers is not this page's CPU.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    print(f"\n--- {name} ({path}), {runs} cold renders: {_shares(profiler)}")
    for order, restriction, title in (
        ("tottime", 15, "own time"),
        ("cumulative", rf"{ROOT.name}/(?!\.venv)", "project code, cumulative"),
    ):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(order).print_stats(restriction, 25 if order == "cumulative" else None)
        text = out.getvalue()
        body = text[text.find("   ncalls") :] if "   ncalls" in text else text
        print(f"\n--- {name} ({path}), {runs} cold renders, {title}\n{_shorter(body)}")


# Where a cold render's CPU goes, by the functions that enclose each kind of work (inclusive:
# a query that a template runs counts in both).
SHARES = {
    "templates": ("django/template/backends/django.py", "render"),
    "queries (built, run, rows made objects)": ("django/db/models/query.py", "_fetch_all"),
    "Markdown": ("core/markdown.py", "render"),
}


def _shares(profiler):
    stats = pstats.Stats(profiler).stats
    total = sum(tottime for _, _, tottime, _, _ in stats.values())
    parts = []
    for label, (filename, function) in SHARES.items():
        spent = max(
            (cumulative for (file, _, func), (_, _, _, cumulative, _) in stats.items()
             if file.endswith(filename) and func == function),
            default=0,
        )  # fmt: skip
        parts.append(f"{label} {spent / total:.0%}")
    return f"{total:.2f} s CPU in all; " + ", ".join(parts)


def _shorter(text):
    venv = str(ROOT / ".venv" / "lib")
    lines = [line.replace(str(ROOT) + "/", "").replace(venv, "~") for line in text.splitlines()]
    return "\n".join(line for line in lines if line.strip())


def run_wrk(url, duration, connections):
    """wrk's requests/s, p99 and errors for one URL; a URL too slow to answer counts as 0."""
    threads = str(min(2, connections))
    command = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{duration}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    p99 = re.search(r"^\s+99%\s+(\S+)$", out, re.MULTILINE)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)$", out, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99": to_ms(p99.group(1)) if p99 else float("inf"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": (f"{non_2xx.group(1)} non-2xx" if non_2xx else "")
        + (f" socket {socket_errors.group(1)}" if socket_errors else ""),
    }


def worker_cpu_seconds(master_pid):
    """User plus system CPU seconds of gunicorn's workers so far (the children of its master)."""
    tick = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    total = 0
    for pid in [master_pid, *map(int, children)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def measure(server, url, duration, connections):
    """wrk's figures for one URL, with the gunicorn workers' CPU ms per request meanwhile."""
    before = worker_cpu_seconds(server.pid)
    measured = run_wrk(url, duration, connections)
    spent = worker_cpu_seconds(server.pid) - before
    measured["cpu"] = spent * 1000 / max(measured["requests"], 1)
    measured["load"] = load_average()
    return measured


def under_load(env, pages, args):
    """wrk figures per page (and the one-line view) from one gunicorn, warm."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn)
        [str(VENV_BIN / "gunicorn"), "guidesite.wsgi", "--workers", str(args.workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, **env},
    )  # fmt: skip
    results = {}
    try:
        wait_until_up(base + HELLO[1], timeout=60)
        run_wrk(base + HELLO[1], 2, args.connections)  # both workers' connections
        for name, path, *_ in [HELLO, *pages]:
            size = check_page(base + path)
            run_wrk(base + path, 2, args.connections)  # both workers' caches
            # The one-line view right before each page: on a shared machine the load moves
            # within a run, and each ratio compares two figures taken under the same load.
            hello = None
            if name != HELLO[0]:
                hello = measure(server, base + HELLO[1], args.duration, args.connections)
            measured = measure(server, base + path, args.duration, args.connections)
            hello = hello or measured
            measured.update(bytes=size, hello_rps=hello["rps"], hello_cpu=hello["cpu"])
            results[name] = measured
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def report(args, vendor, setup_s, colds, loads):
    where = f"{vendor}, {args.programs:,} generated programs, {args.guides:,} generated guides"
    print(
        f"\n{where} (built in {setup_s:.0f} s); gunicorn {args.workers} sync workers, DEBUG off,"
        f" CACHE_URL={args.cache_url}; wrk {args.connections} connections, {args.duration} s"
        f" per page; {os.cpu_count()} cores shared by client and server\n"
    )
    head = (
        f"{'page':<20} {'req/s':>7} {'ratio':>6} {'p99 ms':>7} {'CPU ms':>7} {'CPU r':>6}"
        f" {'load':>5} | {'cold CPU':>8} {'wall':>6} {'SQL':>4} {'load':>5}  URL"
    )
    print(
        "warm: the site's cache under load; ratio: req/s over the one-line view's, measured just"
        " before; CPU r: the one-line view's CPU ms over the page's\n"
        "cold: every cache empty, per request: CPU ms, wall ms, SQL queries"
    )
    print(head)
    print("-" * len(head))
    missed = []
    rows = [(*HELLO, "hello"), *[page for page in PAGES if page[0] in colds]]
    for name, path, kind in rows:
        warm = loads.get(name)
        if warm:
            ratio = warm["rps"] / warm["hello_rps"]
            cpu_ratio = warm["hello_cpu"] / warm["cpu"] if warm["cpu"] else 0
            warm_text = (
                f"{warm['rps']:>7.0f} {ratio:>6.2f} {warm['p99']:>7.1f} {warm['cpu']:>7.2f}"
                f" {cpu_ratio:>6.2f} {warm['load']:>5.1f}"
            )
            if kind != "hello" and (ratio < RATIO or warm["p99"] >= P99_MS or warm["errors"]):
                missed.append(f"{name}: warm {ratio:.2f} of the one-line view, p99"
                              f" {warm['p99']:.1f} ms {warm['errors']}".rstrip())  # fmt: skip
        else:
            warm_text = f"{'':>7} {'':>6} {'':>7} {'':>7} {'':>6} {'':>5}"
        one = colds.get(name)
        if one:
            cold_text = (
                f"{one['cpu']:>8.1f} {one['wall']:>6.1f} {one['queries']:>4} {one['load']:>5.1f}"
            )
            if kind != "hello" and (one["status"] != 200 or one["cpu"] > COLD_MS[kind]):
                missed.append(f"{name}: cold {one['cpu']:.1f} ms CPU (target {COLD_MS[kind]}),"
                              f" status {one['status']}")  # fmt: skip
        else:
            cold_text = f"{'':>8} {'':>6} {'':>4} {'':>5}"
        print(f"{name:<20} {warm_text} | {cold_text}  {path}")
    print(
        f"\nTargets: warm >= {RATIO} of the one-line view's req/s and p99 < {P99_MS} ms; cold CPU"
        f" <= {COLD_MS['guide']} ms (guide), {COLD_MS['page']} ms (other pages),"
        f" {COLD_MS['scale']} ms (directory, quiz, search)"
    )
    if missed:
        print(f"{len(missed)} missed:\n  " + "\n  ".join(missed))
    else:
        print("Every target held.")
    return 1 if missed else 0


def main():
    args = parse_args()
    if not args.no_load and shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: install it with `apt-get install -y wrk`.")
    known = {page[0] for page in PAGES}
    for name in [*args.profile, *args.only]:
        if name != "all" and name not in known:
            raise SystemExit(f"No page is called {name!r}; choose from: {', '.join(sorted(known))}")
    pages = [page for page in PAGES if not args.only or page[0] in args.only]
    scratch = Path(tempfile.mkdtemp(prefix="guidesite-pages-"))
    env = settings_env(scratch, args.database_url, args.cache_url)
    # This process measures the cold figures: every cache is a dummy one.
    os.environ.update(env, CACHE_URL="dummycache://")
    created_pg = False
    name = urlsplit(args.database_url).path.lstrip("/") if args.database_url else ""
    try:
        if args.database_url:
            postgres_admin(args.database_url, f'CREATE DATABASE "{name}"')
            created_pg = True
        import django

        django.setup()
        from django.db import connection, connections

        print("Building the scratch database ...", flush=True)
        setup_s = build(args)
        # The application as a gunicorn worker loads it, for the cold figures: guidesite/wsgi.py
        # also takes what is loaded so far out of the garbage collector's passes.
        import guidesite.wsgi  # noqa: F401

        vendor = connection.vendor
        named = [HELLO, *((page_name, path) for page_name, path, _kind in pages)]
        figures = cold([path for _, path in named], args.runs)
        colds = {page_name: figures[path] for page_name, path in named}
        for page_name, path, _kind in pages:
            if page_name in args.profile or "all" in args.profile:
                profile(page_name, path, args.runs)
        connections.close_all()
        loads = {} if args.no_load else under_load(env, pages, args)
        return report(args, vendor, setup_s, colds, loads)
    finally:
        if args.keep:
            kept = " ".join(
                f"{key}={env[key]}" for key in ("DATABASE_URL", "STATIC_ROOT", "MEDIA_ROOT")
            )
            print(f"Kept: {kept}")
        else:
            if created_pg:
                from django.db import connections

                connections.close_all()
                postgres_admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
