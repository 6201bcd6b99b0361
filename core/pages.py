"""Small helpers every public view uses: pagination, breadcrumbs and the 410 Gone page."""

from django.core.paginator import Paginator
from django.http import HttpResponseGone, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from . import jsonld


def paginate(request, queryset, per_page=20, count=None):
    """The requested page of a queryset; a bad or out-of-range ?page= gives the nearest page.

    `count`, when the view has already counted the rows (in an aggregate it needs anyway),
    saves the paginator's own COUNT query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def crumbs(*items):
    """Breadcrumbs from (name, path) pairs after Home, for the nav and its BreadcrumbList."""
    trail = [("Home", "/"), *items]
    return {"breadcrumbs": trail, "breadcrumbs_ld": jsonld.breadcrumbs(trail)}


def gone(request, what):
    """410 Gone in the site's design, for a page that was public and was withdrawn on purpose
    (a guide taken down, an unpublished program): search engines drop it sooner than a 404."""
    response = HttpResponseGone(render_to_string("410.html", {"what": what}, request))
    # Without this, Chromium keeps a 410 forever; but the page can come back (published again
    # after review), so a browser must ask again on every visit.
    patch_cache_control(response, no_cache=True)
    return response


def moved_permanently(url):
    """301 to `url` for an address that moved (a renamed guide, a replacement). Like a 410, a
    301 is kept forever by browsers unless told otherwise, yet the move can be undone (a guide
    renamed back, a taken-down guide published again): every visit asks again."""
    response = HttpResponsePermanentRedirect(url)
    patch_cache_control(response, no_cache=True)
    return response
