"""Server time of the program directory, compare and quiz with many programs.

Usage (use a database of its own: the script fills it with synthetic schools and programs):

    DEBUG=1 DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/programs_scale.py
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/gs_bench \\
        .venv/bin/python bench/programs_scale.py --count 10000

Prints, per URL, the median and 95th percentile of the time Django takes to answer (through the
middleware, without a network) and the number of SQL queries.
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidesite.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from programs.models import US_STATES, AdmissionRule, Program, School  # noqa: E402

FIELDS = [
    "Machine Learning",
    "Artificial Intelligence",
    "Data Science",
    "Computer Science",
    "Cybersecurity",
    "Software Engineering",
    "Business Analytics",
    "Robotics",
    "Information Systems",
    "Health Informatics",
]


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def generate(count, seed=6):
    """Bulk-insert synthetic schools (about five programs each), programs and admission rules."""
    rng = random.Random(seed)
    schools = [
        School(
            name=f"Bench University {n}",
            slug=f"bench-university-{n}",
            city="Springfield",
            state=rng.choice(US_STATES)[0],
            accreditor=pick(rng, [("Higher Learning Commission", 8), ("", 1)]),
            acceptance_rate=None if rng.random() < 0.2 else Decimal(rng.randint(5, 95)),
            is_partner=rng.random() < 0.05,
        )
        for n in range(count // 5 + 1)
    ]
    School.objects.bulk_create(schools, batch_size=500)
    schools = list(School.objects.filter(slug__startswith="bench-university-"))
    programs = []
    for n in range(count):
        per_credit = rng.random() < 0.3
        shortest = rng.choice([None, 12, 16, 18, 20, 24])
        programs.append(
            Program(
                school=schools[n % len(schools)],
                name=f"Master of Science in {rng.choice(FIELDS)} {n}",
                slug=f"bench-program-{n}",
                degree=pick(rng, [("MS", 8), ("MEng", 1), ("MA", 1), ("MPS", 1)]),
                field=rng.choice(FIELDS),
                format=pick(rng, [("online", 5), ("in_person", 3), ("hybrid", 2)]),
                pacing=pick(rng, [("asynchronous", 3), ("synchronous", 2)]),
                credit_hours=rng.choice([30, 32, 33, 36, 45]),
                duration_min_months=shortest,
                duration_max_months=shortest and shortest + rng.choice([0, 6, 12]),
                tuition_basis="per_credit" if per_credit else "total",
                tuition_amount=None
                if rng.random() < 0.05
                else Decimal(rng.randint(400, 2500) if per_credit else rng.randint(9, 90) * 1000),
                culminating=rng.choice(["thesis", "capstone", "either", "neither", ""]),
                has_financial_aid=pick(rng, [(True, 6), (False, 2), (None, 2)]),
                is_published=rng.random() < 0.95,
            )
        )
    Program.objects.bulk_create(programs, batch_size=1000)
    rules = []
    for program in Program.objects.filter(slug__startswith="bench-program-").only("pk"):
        if rng.random() < 0.15:
            continue  # a program that publishes no rules at all
        policy = pick(rng, [("required", 3), ("optional", 3), ("not_required", 3), ("unknown", 1)])
        rules.append(
            AdmissionRule(
                program=program,
                min_gpa=None
                if rng.random() < 0.3
                else Decimal(rng.choice(["2.50", "2.75", "3.00", "3.25", "3.50"])),
                gre_policy=policy,
                gre_min_total=rng.choice([None, 300, 310, 320])
                if policy in ("required", "optional")
                else None,
                bachelors=pick(rng, [("any_field", 4), ("cs_related", 3), ("unknown", 2)]),
                requires_programming=pick(rng, [(True, 5), (False, 2), (None, 3)]),
                requires_math=pick(rng, [(True, 5), (False, 2), (None, 3)]),
            )
        )
    AdmissionRule.objects.bulk_create(rules, batch_size=1000)


URLS = [
    ("directory, no filters", "/programs/"),
    ("directory, format + GPA + no GRE", "/programs/?format=online&gpa=3.2&no_gre=1"),
    (
        "directory, six filters, tuition sort",
        "/programs/?field=Machine+Learning&pacing=asynchronous&max_tuition=40000&aid=1"
        "&accredited=1&max_months=24&sort=tuition",
    ),
    ("directory, state + acceptance sort, page 20", "/programs/?state=CA&sort=acceptance&page=20"),
    ("directory, page 9999", "/programs/?page=9999"),
    ("compare, 4 programs", None),
    (
        "quiz result",
        "/programs/match/?gpa=3.2&gre=310&bachelors=yes&cs_degree=yes&programming=yes&math=no"
        "&budget=40000&format=online&pacing=asynchronous&field=Machine+Learning",
    ),
    ("quiz, nothing answered but budget", "/programs/match/?budget=30000"),
]


def measure(client, url, runs, cold):
    for _ in range(3):
        client.get(url)
    times, cpu = [], []
    for _ in range(runs):
        if cold:
            cache.clear()
        start, start_cpu = time.perf_counter(), time.thread_time()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return statistics.median(times), p95, statistics.median(cpu), len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    existing = Program.objects.filter(slug__startswith="bench-program-").count()
    if existing != args.count:
        AdmissionRule.objects.filter(program__slug__startswith="bench-program-").delete()
        Program.objects.filter(slug__startswith="bench-program-").delete()
        School.objects.filter(slug__startswith="bench-university-").delete()
        start = time.perf_counter()
        generate(args.count)
        print(f"generated {args.count} programs in {time.perf_counter() - start:.1f} s")
    # Fresh planner statistics, as autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) keep them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    published = Program.objects.published().count()
    print(f"{connection.vendor}: {published} published programs")
    slugs = Program.objects.published().order_by("pk").values_list("slug", flat=True)[:4]
    client = Client(HTTP_HOST="localhost")
    # CPU time is this thread's own work: with SQLite that includes the queries, and it is
    # what the wall time would be on an idle machine.
    # "cold": the facet counts are recomputed on every request (cache cleared before each).
    print(f"{'page':52} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8}")
    for name, url in URLS:
        url = url or "/programs/compare/?" + "&".join(f"p={s}" for s in slugs)
        for cold in (
            (True, False) if url.startswith("/programs/?") or url == "/programs/" else (False,)
        ):
            label = f"{name}{', cold' if cold else ''}"
            median, p95, cpu, queries = measure(client, url, args.runs, cold)
            print(f"{label:52} {median:10.1f} {p95:8.1f} {cpu:8.1f} {queries:8d}")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
