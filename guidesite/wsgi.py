"""WSGI entry point: `gunicorn guidesite.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidesite.settings")

application = get_wsgi_application()

# What is loaded now (modules, models, the admin, settings) lives as long as the process:
# frozen, the garbage collector's full passes no longer walk it. Otherwise each of them walks
# about 120,000 objects, a stall of about 22 ms for the request that happens to trigger it.
gc.collect()
gc.freeze()
