"""Whole-page caching for the guide page, safe for unpublished content and the CSP nonce.

A cached guide page is keyed by its slug and a generation number, so serving it needs no query.
Every save or delete of anything a public page shows (a live version, a guide's address,
programs, careers, people on live guides, site pages...) bumps the generation, so a new live
version is never served from an old entry and a draft never is at all. Which rows count is
decided by each app (`watch()` calls in its apps.py); saving a draft, its FAQs or sources, a
transition, a user or a group bumps nothing. Only anonymous visitors get cached copies.

The bump must reach every process that serves pages: with several processes (gunicorn workers,
app servers, the publish_scheduled cron job) that needs the shared cache (CACHE_URL). Changes
that send no signals (QuerySet.update(), raw SQL) must call bump() themselves, as the admin's
bulk actions do; entries also expire after CACHE_SECONDS.
"""

import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csp import get_nonce

GENERATION_KEY = "public-pages:generation"


def nonce_placeholder():
    """What a cached page is rendered with instead of the per-request CSP nonce.

    New for every render: no text written before the page was rendered (a guide's body, a
    name) can contain it, so splitting the page at it finds exactly the nonce's places.
    """
    return f"csp-nonce-{secrets.token_hex(16)}"


def generation():
    """The current generation of public content."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Never 1 again after the key is evicted: pages cached under the old numbers could
        # still be there. The clock in microseconds is ahead of any number reached by bumps.
        cache.add(GENERATION_KEY, _fresh_start(), None)
        value = cache.get(GENERATION_KEY)
    return value


def bump(**kwargs):
    """Invalidate every cached page: something they show has changed.

    Once now, so the rest of this transaction reads fresh pages, and once more when it commits:
    a page another request cached in between was built from the data before the change.
    """
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set
        cache.add(GENERATION_KEY, _fresh_start(), None)


def _fresh_start():
    return time.time_ns() // 1000


def key(*parts):
    """A cache key for a page from its identifying parts and the content generation."""
    return "public-page:" + ":".join(str(part) for part in (*parts, generation()))


def get(page_key, request):
    """A cached page (UTF-8 bytes) with this request's nonce in it, or None."""
    # Bytes, not str: nothing to encode or decode on the hot path, in the cache or the response.
    # The page is stored cut where the nonce goes, so nothing else in it is ever rewritten.
    pieces = cache.get(page_key)
    if not isinstance(pieces, tuple):
        return None
    return _nonce(request).join(pieces)


def put(page_key, html, request, placeholder):
    """Store a page rendered with `placeholder` (from nonce_placeholder()) as the CSP nonce;
    return it with the request's nonce."""
    pieces = tuple(piece.encode() for piece in html.split(placeholder))
    cache.set(page_key, pieces, settings.CACHE_MIDDLEWARE_SECONDS)
    return _nonce(request).join(pieces)


def _nonce(request):
    nonce = get_nonce(request)
    return b"" if nonce is None else str(nonce).encode()


def watch(model, is_public=None):
    """Bump when a row of `model` is saved or deleted, if `is_public(row)` says the public sees it.

    Each app calls this from its AppConfig.ready() for the models its public pages show. Rows
    the public cannot see (a draft, its FAQs) keep the cache: editors save them all day.
    """

    def changed(sender, instance, **kwargs):
        if is_public is None or is_public(instance):
            bump()

    uid = f"pagecache-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def watch_m2m(through):
    """Bump when the rows of a many-to-many relation (its `through` model) are changed."""

    def changed(sender, action, **kwargs):
        if action.startswith("post_"):
            bump()

    uid = f"pagecache-m2m-{through._meta.label_lower}"
    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=uid)
