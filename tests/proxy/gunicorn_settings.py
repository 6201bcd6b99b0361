"""The site's settings for a gunicorn started by a test: static files without a manifest
(nothing was collected), as the test settings do."""

from guidesite.settings import *  # noqa: F403
from guidesite.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
