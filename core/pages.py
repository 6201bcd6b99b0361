"""Small helpers every public view uses: pagination and breadcrumbs."""

from django.core.paginator import Paginator

from . import jsonld


def paginate(request, queryset, per_page=20):
    """The requested page of a queryset; a bad or out-of-range ?page= gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def crumbs(*items):
    """Breadcrumbs from (name, path) pairs after Home, for the nav and its BreadcrumbList."""
    trail = [("Home", "/"), *items]
    return {"breadcrumbs": trail, "breadcrumbs_ld": jsonld.breadcrumbs(trail)}
