"""Program import at scale: a dry run and an import of 10,000 programs, on SQLite or PostgreSQL.

Run from the project root: `.venv/bin/python bench/imports.py [--programs 10000]`. It migrates a
scratch SQLite database (or, with --database-url postgres://..., a new PostgreSQL database it
creates and drops), writes a CSV file of generated programs (every column filled, about five
programs a school, two courses each) and times, through programs.imports.run():

- a dry run of the file on the empty database (every row to create),
- the import (every row created, derived data refreshed once),
- a dry run and an import of the same file again (every row unchanged: nothing written),
- an import of the file with one program in ten given a new tuition.

Each step prints its wall-clock time, this process's CPU time and, on PostgreSQL, the CPU time of
the server process that served it: on a busy machine the first grows with the load, the others
much less, and their sum is about what the step takes on an idle one.
Exits 1 when the import takes 60 s or more or the first dry run 30 s or more.
"""

import argparse
import csv
import io
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"import": 60, "dry run": 30}
COURSES = [
    ("Machine Learning", "core", "The core ideas of machine learning, with practice."),
    ("Statistical Methods", "core", "Collecting data and measuring relationships."),
    ("Deep Learning", "elective", "Neural network architectures and how to train them."),
    ("Data Ethics", "elective", "Fairness, privacy and accountability."),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument(
        "--database-url",
        help="postgres://user@host:port/NAME of a database that does not exist yet; "
        "it is created and dropped. Default: a scratch SQLite file.",
    )
    return parser.parse_args()


def configure(scratch, database_url):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="guidesite.settings",
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url or f"sqlite:///{scratch / 'db.sqlite3'}",
        CACHE_URL="locmemcache://",
        MEDIA_ROOT=str(scratch / "media"),
        LOG_LEVEL="ERROR",
    )
    sys.path.insert(0, str(ROOT))


def postgres_admin(database_url, sql):
    """Run CREATE/DROP DATABASE on the server's maintenance database."""
    import psycopg

    maintenance = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql)


def server_cpu(connection):
    """CPU seconds the PostgreSQL backend serving `connection` has used (0 on SQLite, which runs
    in this process, or when the backend's /proc entry cannot be read)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def make_rows(count, fields, seed=2026):
    """`count` programs at count // 5 schools, with every column of the import filled."""
    rng = random.Random(seed)
    states = ["IL", "TX", "MA", "CO", "WA", "GA", "AZ", "OH", "NC", "CA", "PA", "WI", "MI", "NY"]
    rows = []
    for i in range(count):
        school = i // 5
        credits = rng.choice([30, 32, 33, 36])
        per_credit = rng.random() < 0.4
        policy = rng.choice(["required", "optional", "not_required", "unknown"])
        courses = rng.sample(COURSES, 2)
        rows.append(
            {
                "school_slug": f"bench-school-{school}",
                "school_name": f"Bench University {school}",
                "school_city": "Springfield",
                "school_state": states[school % len(states)],
                "school_website": f"https://school-{school}.example/",
                "school_accreditor": "Higher Learning Commission",
                "school_acceptance_rate": f"{(school * 7) % 95 + 4}.50",
                "school_is_partner": "yes" if school % 50 == 0 else "no",
                "school_description": f"Bench University {school} is generated for benchmarks.",
                "program_slug": f"bench-program-{i}",
                "program_name": f"Master of Science in Machine Learning {i}",
                "degree": rng.choice(["MS", "MEng", "MA", "MPS"]),
                "field": rng.choice(fields),
                "specialization": "",
                "format": rng.choice(["online", "in_person", "hybrid"]),
                "pacing": rng.choice(["asynchronous", "synchronous"]),
                "summary": "A generated program for the import benchmark.",
                "program_url": f"https://school-{school}.example/programs/{i}/",
                "credit_hours": str(credits),
                "duration_min_months": "12",
                "duration_max_months": "24",
                "tuition_basis": "per_credit" if per_credit else "total",
                "tuition_amount": str(
                    rng.randint(500, 2000) if per_credit else rng.randint(9, 80) * 1000
                ),
                "tuition_source_url": f"https://school-{school}.example/tuition/",
                "tuition_checked_on": "2026-09-01",
                "application_fee": "75.00",
                "culminating": rng.choice(["thesis", "capstone", "either", "neither"]),
                "start_terms": "Fall, Spring",
                "has_transfer_credit": rng.choice(["yes", "no", ""]),
                "has_financial_aid": rng.choice(["yes", "no", ""]),
                "programmatic_accreditation": "",
                "is_published": "no" if i % 20 == 0 else "yes",
                "admission_min_gpa": rng.choice(["", "2.75", "3.00", "3.25"]),
                "admission_gre_policy": policy,
                "admission_gre_min_total": "310" if policy == "required" else "",
                "admission_bachelors": rng.choice(["any_field", "cs_related", "unknown"]),
                "admission_requires_programming": rng.choice(["yes", "no", ""]),
                "admission_requires_math": rng.choice(["yes", "no", ""]),
                "admission_needs_transcripts": "yes",
                "admission_letters_of_recommendation": rng.choice(["0", "2", "3", ""]),
                "admission_needs_statement": "yes",
                "admission_needs_resume": rng.choice(["yes", ""]),
                "admission_deadline": "2027-03-01",
                "admission_deadline_note": "",
                "admission_source_url": f"https://school-{school}.example/admissions/",
                "admission_checked_on": "2026-09-01",
                "courses": "\n".join(" | ".join(course) for course in courses),
            }
        )
    return rows


def to_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def main():
    args = parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="guidesite-import-"))
    configure(scratch, args.database_url)
    created_pg = False
    name = ""
    try:
        if args.database_url:
            name = urlsplit(args.database_url).path.lstrip("/")
            postgres_admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
            postgres_admin(args.database_url, f'CREATE DATABASE "{name}"')
            created_pg = True
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from programs import finder_rows, imports
        from programs.models import Field, Program

        call_command("migrate", verbosity=0)
        if not Field.objects.exists():
            Field.objects.create(name="Machine Learning", slug="machine-learning")
        fields = list(Field.objects.values_list("name", flat=True))
        rows = make_rows(args.programs, fields)
        data = to_csv(rows)
        refresh_seconds = []
        real_refresh = finder_rows.refresh

        def timed_refresh(ids=None):
            started = time.perf_counter()
            try:
                return real_refresh(ids)
            finally:
                refresh_seconds.append(time.perf_counter() - started)

        imports.finder_rows.refresh = timed_refresh
        print(
            f"{connection.vendor}: {len(rows):,} programs at {len(rows) // 5:,} schools, "
            f"{len(data) / 1e6:.1f} MB of CSV (load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores)\n"
        )
        print(f"{'':<36} {'wall':>8} {'CPU':>8} {'server':>8}  (CPU of this process; of its "
              "PostgreSQL backend)")  # fmt: skip
        results = []

        def step(label, payload, **kwargs):
            refresh_seconds.clear()
            server = server_cpu(connection)
            started, cpu = time.perf_counter(), time.process_time()
            report = imports.run(payload, "bench.csv", **kwargs)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            server = server_cpu(connection) - server
            counts = ", ".join(f"{n:,} {s}" for s, n in report.counts.items() if n)
            refreshed = f" (refresh {sum(refresh_seconds):.1f} s)" if refresh_seconds else ""
            figures = f"{seconds:>6.1f} s {cpu:>6.1f} s {server:>6.1f} s"
            print(f"{label:<36} {figures}  {counts}{refreshed}")
            if report.problems or report.count(imports.INVALID):
                print("  unexpected problems:", report.problems or report.rows[0].problems)
            results.append((label, seconds))
            return report

        step("dry run, empty database", data, dry_run=True)
        report = step("import", data)
        if not report.written or Program.objects.count() != len(rows):
            print("The import did not create every program.")
            return 1
        if connection.vendor == "postgresql":
            # Planner statistics, as autovacuum gathers them after a bulk load on a live server
            # (this machine's server runs with autovacuum off).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        step("dry run again (nothing to change)", data, dry_run=True)
        step("import again (nothing written)", data)
        for row in rows[::10]:
            row["tuition_amount"] = str(int(row["tuition_amount"]) + 100)
        step("import, 1 program in 10 changed", to_csv(rows))
        connection.close()
        timed = {"import": results[1][1], "dry run": results[0][1]}
        missed = [
            f"{label} {seconds:.1f} s (target < {TARGETS[label]} s)"
            for label, seconds in timed.items()
            if seconds >= TARGETS[label]
        ]
        print("\nMissed: " + "; ".join(missed) if missed else "\nImport < 60 s and dry run < 30 s")
        return 1 if missed else 0
    finally:
        if created_pg:
            from django.db import connections

            connections.close_all()
            postgres_admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
