"""The admin's name: the site's own, not "Django administration" (admin.autodiscover loads this)."""

from django.conf import settings
from django.contrib import admin
from django.utils.functional import lazy


def _site_admin():
    return f"{settings.SITE_NAME} admin"


# Lazy: read when a page is drawn, so SITE_NAME from the environment (or a test) is the one used.
admin.site.site_header = lazy(_site_admin, str)()
admin.site.site_title = lazy(_site_admin, str)()
# The admin home is each person's desk (articles/dashboard.py), above the list of models.
admin.site.index_title = "Your desk"
# The desk (articles' admin/articles/index.html) with the panels that compose every app: the
# count of data to check (guidesite/data_check.py). Loaded after articles.admin, so it wins.
admin.site.index_template = "admin/guidesite/index.html"
