import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programs import imports

CLIP = 60


def _clip(text):
    text = text.replace("\r\n", "\n").replace("\n", " ⏎ ")
    return text if len(text) <= CLIP else text[: CLIP - 1] + "…"


def describe(row):
    """One line per row: its number, what it does, its key, and the changes or the problems."""
    head = f"row {row.number:<6} {row.status:<9} {row.key}"
    if row.problems:
        details = [
            f"{p.column or 'row'} “{_clip(p.value)}”: {p.reason}" if p.value else
            f"{p.column or 'row'}: {p.reason}"
            for p in row.problems
        ]  # fmt: skip
    else:
        details = [f"{c.column}: “{_clip(c.old)}” -> “{_clip(c.new)}”" for c in row.changes]
        if row.new_school:
            details.insert(0, "new school")
    return head + ("  " + "; ".join(details) if details else "")


class Command(BaseCommand):
    help = (
        "Import schools, programs, admission rules and courses from a CSV (UTF-8) or XLSX file, "
        "one row per program (columns: docs/data.md). Prints what each row does; exits 1 when a "
        "row is invalid and nothing was written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file; - reads a CSV from standard input")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report; write nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="write the valid rows even when other rows are invalid (they are skipped)",
        )

    def handle(self, *args, file, dry_run, skip_invalid, verbosity, **options):
        if file == "-":
            data, name = sys.stdin.buffer.read(), "stdin.csv"
        else:
            path = Path(file)
            try:
                data, name = path.read_bytes(), path.name
            except OSError as error:
                raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        report = imports.run(data, name, dry_run=dry_run, skip_invalid=skip_invalid)
        if report.problems:
            raise CommandError(report.summary())
        if verbosity >= 1:
            for row in report.rows:
                self.stdout.write(describe(row))
        self.stdout.write(report.summary())
        would_write = report.written or (dry_run and report.has_changes and not report.blocked)
        if report.count(imports.INVALID) and not would_write:
            hint = "" if skip_invalid else " (--skip-invalid imports the valid rows)"
            raise CommandError(report.outcome() + hint)
        self.stdout.write(report.outcome())
