"""System checks for what `manage.py check --deploy` cannot know about this site.

Registered by CoreConfig.ready().
"""

import os

from django.conf import settings
from django.core.checks import Warning


def site_url_is_set(app_configs, **kwargs):
    """Canonical links, the feed, robots.txt and emails are built from SITE_URL."""
    if "SITE_URL" in os.environ or settings.DEBUG:
        return []
    return [
        Warning(
            f"SITE_URL is not set, so canonical links, the feed, robots.txt and workflow emails "
            f"point at {settings.SITE_URL}.",
            hint="Set SITE_URL to the public base URL, e.g. https://guides.example.com.",
            id="guidesite.W001",
        )
    ]
