import time

from django.core.management.base import BaseCommand, CommandError

from core import history
from programs import synthetic


class Command(BaseCommand):
    help = (
        "Replace the synthetic schools and programs (marked is_synthetic, slugs starting "
        "'synthetic-') with a new set of COUNT programs, about five a school, for benchmarks; "
        "or, with --remove, delete them. Nothing an editor made is touched. The sitemap and "
        "site search leave them out unless SHOW_SYNTHETIC is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000, help="programs (default 10000)")
        parser.add_argument("--seed", type=int, default=2026, help="the same seed, the same rows")
        parser.add_argument(
            "--remove",
            action="store_true",
            help="delete the synthetic rows and generate none (a synthetic school holding a "
            "program an editor made is kept)",
        )

    def handle(self, *args, count, seed, remove=False, **options):
        # The history of what it writes names the command.
        with history.command("generate_programs"):
            self._handle(count, seed, remove)

    def _handle(self, count, seed, remove):
        started = time.perf_counter()
        if remove:
            programs, schools, kept = synthetic.remove()
            self.stdout.write(
                f"Removed {programs} synthetic programs and {schools} synthetic schools"
                + (
                    f"; kept {kept} synthetic schools that hold programs made by hand"
                    if kept
                    else ""
                )
                + f" in {time.perf_counter() - started:.1f} s."
            )
            return
        if count < 1:
            raise CommandError("--count must be at least 1.")
        ids = synthetic.generate(count, seed=seed)
        self.stdout.write(
            f"Generated {len(ids)} synthetic programs at {max(1, count // 5)} schools "
            f"in {time.perf_counter() - started:.1f} s."
        )
