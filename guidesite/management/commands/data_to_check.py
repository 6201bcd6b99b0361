"""Print the "Data to check" list, for a weekly email from cron. Always exits 0.

    0 7 * * 1  cd /srv/guidesite && .venv/bin/python manage.py data_to_check

Each row: its kind, the object, what is due and since when, and its admin address (SITE_URL).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import dateformat, timezone

from guidesite import data_check


class Command(BaseCommand):
    help = (
        "List what may be out of date (program figures, deadlines, career figures, guide "
        "reviews, sources) with admin links, for a weekly email."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        day = dateformat.format(today, "F j, Y")
        rows = data_check.items(today)
        if not rows:
            self.stdout.write(
                f"Nothing to check on {day}: every figure, guide review and source is current."
            )
            return
        self.stdout.write(f"{len(rows)} item(s) to check on {day}, longest due first.")
        for row in rows:
            since = dateformat.format(row.since, "M j, Y")
            self.stdout.write(
                f"\n{row.kind_label}: {row.name}\n"
                f"  {row.due}; due since {since}\n"
                f"  {settings.SITE_URL}{row.url}"
            )
        self.stdout.write(
            f"\nWork the list in the admin: {settings.SITE_URL}{reverse('data_to_check')}"
        )
