"""Site-wide content that pages of several apps show."""

from django.utils.functional import SimpleLazyObject

from articles.models import SitePage


def disclosure(request):
    """The advertising disclosure's short text, read (one query) only by a page that shows it."""
    return {"disclosure": SimpleLazyObject(SitePage.disclosure_summary)}
