"""Publish approved versions whose go-live time has come. Run it every minute or so.

A version that cannot be published is logged in one line (no traceback) and left approved, so
the next run tries it again; the others still go live, and the command exits with status 1.
Notification emails are queued (TASKS_BACKEND), never sent by this job's own connection when a
worker runs them.
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles import workflow
from articles.notifications import one_line

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Make approved guide versions live once their go-live time has passed."

    def handle(self, *args, **options):
        failures = []
        published = workflow.publish_due(timezone.now(), failures=failures)
        for version in published:
            self.stdout.write(f"Published {version.article.slug} version {version.number}.")
        if options["verbosity"] > 1 or published:
            self.stdout.write(f"{len(published)} version(s) published.")
        for pk, error in failures:
            logger.error(
                "Version %s not published (tried again on the next run): %s",
                pk,
                one_line(f"{type(error).__name__}: {error}", 500),
            )
        if failures:
            raise CommandError(f"{len(failures)} due version(s) could not be published.")
