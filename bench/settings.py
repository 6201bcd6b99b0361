"""Benchmark settings: the site's own settings, with a urlconf that adds a one-line view."""

from guidesite.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
