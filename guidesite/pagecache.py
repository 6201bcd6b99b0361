"""Whole-page caching for the guide page, safe for unpublished content and the CSP nonce.

A cached page is keyed by the guide's live version id, so a new live version is never served
from an old entry and a draft never is at all. Edits to anything a guide page shows (programs,
careers, people, site pages...) bump a generation number that is part of every key; with several
app servers this needs the shared cache (CACHE_URL), and entries also expire after a few minutes.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csp import get_nonce

GENERATION_KEY = "public-pages:generation"
# Rendered into cached pages instead of the per-request nonce, and swapped for it on the way out.
NONCE_PLACEHOLDER = "csp-nonce-placeholder-7f3c"


def generation():
    """The current generation of public content."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = 1
        cache.add(GENERATION_KEY, value, None)
    return value


def bump(**kwargs):
    """Invalidate every cached page: something they show has changed."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def key(*parts):
    """A cache key for a page from its identifying parts and the content generation."""
    return "public-page:" + ":".join(str(part) for part in (*parts, generation()))


def get(page_key, request):
    """A cached page's HTML with this request's nonce in it, or None."""
    html = cache.get(page_key)
    return None if html is None else html.replace(NONCE_PLACEHOLDER, _nonce(request))


def put(page_key, html, request):
    """Store a page rendered with the placeholder nonce; return it with the request's nonce."""
    cache.set(page_key, html, settings.CACHE_MIDDLEWARE_SECONDS)
    return html.replace(NONCE_PLACEHOLDER, _nonce(request))


def _nonce(request):
    nonce = get_nonce(request)
    return "" if nonce is None else str(nonce)


def connect():
    """Bump the generation whenever a model that public pages show is saved or deleted."""
    from django.apps import apps

    for label in [
        "articles.Person",
        "articles.Topic",
        "articles.Article",
        "articles.ArticleVersion",
        "articles.FAQ",
        "articles.Source",
        "articles.SitePage",
        "articles.ArticleProgram",
        "articles.ArticleCareer",
        "programs.School",
        "programs.Program",
        "programs.AdmissionRule",
        "careers.Career",
    ]:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(bump, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"pagecache-delete-{label}")
    m2m_changed.connect(bump, dispatch_uid="pagecache-m2m")
