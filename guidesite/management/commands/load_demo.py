import time

from django.core.management.base import BaseCommand
from django.db import transaction

from guidesite.demo import loader


class Command(BaseCommand):
    help = (
        "Load the demo content: the seed guide with its people, careers, FAQs and sources, "
        "fictional schools and programs, and the site pages. Safe to run again."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            result = loader.load()
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"{result.summary()} ({elapsed:.1f} s)"))
