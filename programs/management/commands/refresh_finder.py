import time

from django.core.management.base import BaseCommand

from programs import finder_rows


class Command(BaseCommand):
    help = (
        "Rebuild the finder's copy of every published program (programs.FinderRow), after "
        "changes that sent no save signals: raw SQL, QuerySet.update(), bulk loads."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = finder_rows.refresh()
        self.stdout.write(
            f"Rebuilt the finder rows of {count} published programs "
            f"in {time.perf_counter() - started:.1f} s."
        )
