"""WSGI entry point: `gunicorn guidesite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guidesite.settings")

application = get_wsgi_application()
