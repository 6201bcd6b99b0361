import time

from django.core.management.base import BaseCommand

from guidesite.search import index


class Command(BaseCommand):
    help = (
        "Rebuild the site search index from the public content: every entry, the words for "
        "'did you mean', and the database's index structures. Run after raw SQL or a bulk "
        "change that did not call guidesite.search.index.refresh_kind()."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        written = index.rebuild()
        # Entries, not pages: a guide has one for its top and one per section and FAQ entry.
        counts = ", ".join(f"{kind.label.lower()} {count}" for kind, count in written.items())
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt, entries: {counts} ({elapsed:.1f} s)")
        )
