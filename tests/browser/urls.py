"""The site's URLs plus uploaded media, which a web server serves in production."""

from django.conf import settings
from django.urls import re_path
from django.views import defaults, static

from guidesite import urls as site_urls


def media(request, path):
    """Serve an uploaded file from the current MEDIA_ROOT (each test has its own)."""
    return static.serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urls.urlpatterns]
handler404 = getattr(site_urls, "handler404", defaults.page_not_found)
handler500 = getattr(site_urls, "handler500", defaults.server_error)
