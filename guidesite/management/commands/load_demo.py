import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guidesite.demo import loader


class Command(BaseCommand):
    help = (
        "Load the demo content: the seed guide with its people, careers, FAQs and sources, "
        "fictional schools and programs, and the site pages. Only into an empty or demo-only "
        "database, and only what is missing: a row that exists is left as it is, however an "
        "editor changed it, and reported as skipped. Runs with DEBUG on (development) unless "
        "--force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even with DEBUG off (a scratch database for a benchmark or a test)",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a production site: load_demo adds fictional "
                "schools, programs and people and refuses to run. Run it in development "
                "(DEBUG=True), or add --force to load the demo into this database anyway."
            )
        started = time.perf_counter()
        with transaction.atomic():
            result = loader.load()
        elapsed = time.perf_counter() - started
        style = self.style.WARNING if result.other else self.style.SUCCESS
        self.stdout.write(style(f"{result.summary()} ({elapsed:.1f} s)"))
