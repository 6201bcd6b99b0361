"""Small helpers every public view uses: pagination, breadcrumbs and the 410 Gone page."""

from django.core.paginator import Paginator
from django.http import HttpResponseGone
from django.template.loader import render_to_string

from . import jsonld


def paginate(request, queryset, per_page=20):
    """The requested page of a queryset; a bad or out-of-range ?page= gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def crumbs(*items):
    """Breadcrumbs from (name, path) pairs after Home, for the nav and its BreadcrumbList."""
    trail = [("Home", "/"), *items]
    return {"breadcrumbs": trail, "breadcrumbs_ld": jsonld.breadcrumbs(trail)}


def gone(request, what):
    """410 Gone in the site's design, for a page that was public and was withdrawn on purpose
    (a guide taken down, an unpublished program): search engines drop it sooner than a 404."""
    return HttpResponseGone(render_to_string("410.html", {"what": what}, request))
