"""The site's URLs plus one page whose text and tags a test controls: the proxy's own checks
need no content model."""

import time

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import path

from guidesite.urls import handler404, handler500
from guidesite.urls import urlpatterns as site_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def tagged(request, name):
    """`<name>: <text>`, tagged `item-<name> list-items` (or untagged), counting its renders."""
    text = cache.get(f"proxy-test:{name}", "first")
    if delay := cache.get(f"proxy-test:{name}:delay"):
        time.sleep(delay)  # a slow render: the text was read before the wait
    if not cache.add(f"proxy-test:{name}:renders", 1, None):
        cache.incr(f"proxy-test:{name}:renders")
    response = HttpResponse(f"<p>{name}: {text}</p>")
    if not name.startswith("untagged"):
        response["xkey"] = f"item-{name} list-items"
    return response


def renders(name):
    """How many times the application rendered the page `name`."""
    return cache.get(f"proxy-test:{name}:renders", 0)


urlpatterns = [path("proxy-test/<slug:name>/", tagged), *site_urlpatterns]
