import time

from django.core.management.base import BaseCommand, CommandError

from programs import synthetic


class Command(BaseCommand):
    help = (
        "Replace the synthetic schools and programs (slugs starting 'synthetic-') with a new set "
        "of COUNT programs, about five a school, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000, help="programs (default 10000)")
        parser.add_argument("--seed", type=int, default=2026, help="the same seed, the same rows")

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        started = time.perf_counter()
        ids = synthetic.generate(count, seed=seed)
        self.stdout.write(
            f"Generated {len(ids)} synthetic programs at {max(1, count // 5)} schools "
            f"in {time.perf_counter() - started:.1f} s."
        )
