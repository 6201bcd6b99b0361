"""Publish approved versions whose go-live time has come. Run it every minute or so."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles import workflow


class Command(BaseCommand):
    help = "Make approved guide versions live once their go-live time has passed."

    def handle(self, *args, **options):
        published = workflow.publish_due(timezone.now())
        for version in published:
            self.stdout.write(f"Published {version.article.slug} version {version.number}.")
        if options["verbosity"] > 1 or published:
            self.stdout.write(f"{len(published)} version(s) published.")
