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


# Caches that are not one cache shared by every process that serves or changes the site.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": (
        "a memory cache inside each process: with several gunicorn workers or app servers, and "
        "with the publish_scheduled job, an editor's change drops the cached pages only in the "
        "process that made it, and the others keep serving the old pages (an unpublished "
        "program, a guide before it went live) for up to CACHE_SECONDS"
    ),
    "django.core.cache.backends.dummy.DummyCache": (
        "no cache at all: every public page is built again on every request"
    ),
}


def cache_is_shared(app_configs, **kwargs):
    """With DEBUG off, the cache must be one that every process shares (CACHE_URL)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The cache ({backend.rsplit('.', 1)[1]}) is {PER_PROCESS_CACHES[backend]}.",
            hint="Set CACHE_URL to a cache every process shares, e.g. redis://127.0.0.1:6379/0.",
            id="guidesite.W002",
        )
    ]
