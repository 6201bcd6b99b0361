"""Whole-page caching for anonymous visitors, invalidated exactly by what each page shows.

Each public page's view names what it shows in an `xkey` response header (`tag()`): space-
separated tags such as `guide-12 person-3 topic-1 program-7 school-4 field-2 career-2
list-guides`. `cached_page` keeps a view's anonymous answer under its address with those tags
and the version each tag had, so serving it again needs no query. A change to public content
invalidates its tags (`invalidate()`): their versions move on, the entries that show them are
never served again, and every other entry stays. When the change commits, the same tags are
purged from the reverse proxies in front of the site (core/frontend_cache.py).

    guide-<pk> person-<pk> topic-<pk> page-<pk> (site page) program-<pk> school-<pk>
    field-<pk> (field of study) career-<pk>
        pages that show this row (a card, a byline, a figure computed from it);
    list-guides list-people list-topics list-programs list-careers
        pages whose selection or order of rows of that kind changes with any row of the kind;
    disclosure: pages that show the advertising disclosure;  search: search results.

Which rows count and which tags they move is decided by each app (`watch()` calls, wired in
its AppConfig.ready()): saving a draft, its FAQs or sources, a transition, a user or a group
invalidates nothing, so editors save all day without emptying the cache. Only anonymous
visitors get cached copies; data that several pages compute (facet counts, search results)
is kept the same way with `cached()`.

Each tag has one record in the cache: its version (a random number, new on each change) and
when it last changed (a page's Last-Modified), so a page stored reads one key per tag.

A page rendered while a change commits may show the data from before the change. Every
invalidation first moves one counter, `generation()`, then the tags' records; an entry is
stored only when the counter has not moved since before its view read anything, with the tag
records read before that check: an invalidation the store does not see comes after it, and
invalidates the entry. Tags move when the change is made (the rest of its transaction reads
fresh pages) and again when it commits. Serving an entry reads it with the counter, in one
call: while the counter has not moved since the entry was stored, nothing it shows can have
changed; after any invalidation its tags' versions are compared, one read for all of them.

With several processes (gunicorn workers, app servers, the publish_scheduled cron job) the
versions must live in the shared cache (CACHE_URL). Changes that send no signals
(QuerySet.update(), bulk_create(), raw SQL) must call invalidate() themselves, or
invalidate_all() when they cannot say what changed; programs.finder_rows.refresh() does for
programs. Entries also expire after CACHE_SECONDS.
"""

import functools
import hashlib
import secrets
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.http import http_date

from . import frontend_cache, http_caching

GENERATION_KEY = "public-pages:generation"
TAG_KEY = "public-pages:tag:"
PAGE_KEY = "public-page:"
TAGS_HEADER = "xkey"
# A tag every entry has: invalidate_all() moves it.
EVERYTHING = "*"
# A change naming more tags than this (a bulk import) invalidates everything instead.
MAX_TAGS = 1000
# Headers of the view's answer that a cached copy does not repeat: the server sets them again.
NOT_KEPT = {"content-length"}


def names(kind, *pks):
    """Tags for rows of one kind: names("person", 3, None, 5) == ["person-3", "person-5"]."""
    return [f"{kind}-{pk}" for pk in pks if pk is not None]


def tag(response, *tags):
    """Name what `response` shows in its xkey header; each argument a tag or an iterable of
    tags (None and "" are left out)."""
    response[TAGS_HEADER] = " ".join(sorted(_flat(tags)))
    return response


def _flat(tags):
    found = set()
    for item in tags:
        if isinstance(item, str):
            if item:
                found.add(item)
        elif item is not None:
            found |= _flat(item)
    return found


# Invalidation --------------------------------------------------------------------------------


def generation():
    """How many invalidations there have been (shared by every process through the cache)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Never an old number again after the key is evicted: the clock in microseconds is
        # ahead of any number reached by invalidations.
        cache.add(GENERATION_KEY, _fresh_start(), None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate(tags):
    """Drop the cached pages and data that show any of `tags` (see the module docstring).

    Now, so the rest of this transaction reads fresh pages, and again when it commits, when the
    reverse proxies are told too: a page another request cached in between was built from the
    data before the change.
    """
    tags = _flat([tags])
    if not tags:
        return
    if len(tags) > MAX_TAGS:
        tags = {EVERYTHING}
    _move(tags)
    transaction.on_commit(functools.partial(_commit, frozenset(tags)))


def invalidate_all():
    """Drop every cached page and datum, here and in the reverse proxies: for a change that no
    tag describes (raw SQL, a restored database)."""
    invalidate(EVERYTHING)


# Code that changes public rows without signals and cannot say which ones.
bump = invalidate_all


def _commit(tags):
    _move(tags)
    if EVERYTHING in tags:
        frontend_cache.purge_all()
    else:
        frontend_cache.purge(sorted(tags))


def _move(tags):
    _incr(GENERATION_KEY)  # first: a page rendered meanwhile is not stored (see put())
    cache.set_many({TAG_KEY + name: _record() for name in tags}, None)


def _record():
    """A tag's record after a change: a version no entry was stored with, and the time."""
    return (secrets.randbits(63), _now())


def last_changed(tags):
    """When what `tags` name last changed (seconds since the epoch), as invalidate() recorded
    it: a page's Last-Modified. A tag with no change on record (never changed since the cache
    started, or evicted) counts from now, so the answer is never earlier than the truth.

    HTTP dates count whole seconds: a change in the same second as the copy a client holds
    leaves the date as it was. Browsers and proxies also send the ETag (If-None-Match), which
    takes precedence, so only a client that sends nothing but the date could miss it.
    """
    return _changed_at(_records(tags))


def _changed_at(records):
    # Not later than this server's clock, whichever server recorded the change.
    now = _now()
    return min(now, max((changed for _, changed in records.values()), default=now))


def _records(tags):
    """The records of EVERYTHING and `tags`, by key, each missing one started now: one call
    for them all, not one per tag (a round trip each to Redis).

    Setting rather than adding is safe even when another process sets the same key meanwhile:
    a new version only makes the entries stored with the old one miss, and a later change time
    only makes Last-Modified later."""
    keys = _keys(tags)
    found = cache.get_many(keys)
    missing = {name: _record() for name in keys if name not in found}
    if missing:
        cache.set_many(missing, None)
        # Read back: a cache that keeps nothing (the dummy one) must not look as if it did.
        found = cache.get_many(keys)
    return {name: found[name] for name in keys if name in found}


def _keys(tags):
    return list(dict.fromkeys(TAG_KEY + name for name in (EVERYTHING, *sorted(_flat([tags])))))


def _incr(key):
    try:
        cache.incr(key)
    except ValueError:  # evicted or never set
        cache.add(key, _fresh_start(), None)


def _now():
    return time.time()


def _fresh_start():
    return time.time_ns() // 1000


# Entries -------------------------------------------------------------------------------------


def key(*parts):
    """A cache key for data cached with get()/put() or cached(), from its identifying parts."""
    return "public-data:" + ":".join(str(part) for part in parts)


def get(entry_key):
    """What put() stored under `entry_key`, or None when it is gone or shows an invalidated
    tag."""
    found = cache.get_many([entry_key, GENERATION_KEY])
    entry = found.get(entry_key)
    if not (isinstance(entry, tuple) and len(entry) == 4):
        return None
    keys, records, stored_at, value = entry
    if found.get(GENERATION_KEY) == stored_at:
        # No invalidation since the entry was stored (each one moves the generation first):
        # every tag still has the record it had, without reading them one by one.
        return value
    found = cache.get_many(keys)
    if tuple(found.get(name) for name in keys) != records:
        return None
    return value


def put(entry_key, value, tags, since, timeout=None, records=None):
    """Keep `value`, which shows `tags`, under `entry_key`; `since` is generation() as it was
    before the data in it was read; `records`: _records(tags), when the caller read them
    already. Nothing is kept (False) when an invalidation happened meanwhile: the value may
    show the data from before it."""
    # The tag records before the generation: an invalidation moves them in the other order.
    found = _records(tags) if records is None else records
    keys = tuple(_keys(tags))
    if tuple(found) != keys or cache.get(GENERATION_KEY) != since:
        return False  # a cache that keeps nothing, or an invalidation meanwhile
    cache.set(
        entry_key,
        (keys, tuple(found.values()), since, value),
        settings.CACHE_MIDDLEWARE_SECONDS if timeout is None else timeout,
    )
    return True


def cached(entry_key, tags, compute, timeout=None):
    """compute(), kept under `entry_key` until one of `tags` is invalidated (or `timeout`)."""
    value = get(entry_key)
    if value is None:
        since = generation()
        value = compute()
        put(entry_key, value, tags, since, timeout)
    return value


# Pages ---------------------------------------------------------------------------------------


def cached_page(view):
    """Serve anonymous GET and HEAD requests of `view` from the page cache, and keep its 200
    answers that name what they show (tag()) for the next visitor, with Last-Modified from
    last_changed() of those tags unless the view gave one.

    Keyed by the whole address (scheme, host, path and query string): a filtered directory or
    a page of search results is a page of its own. A visitor with a flash message waiting, or
    an answer setting a cookie, marked private or holding a CSRF token, never shares a copy.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable(request):
            return view(request, *args, **kwargs)
        page_key = _page_key(request)
        if (page := get(page_key)) is not None:
            headers, body = page
            return HttpResponse(body, headers=headers)
        since = generation()
        response = view(request, *args, **kwargs)
        if _keepable(request, response):
            tags = response[TAGS_HEADER].split()
            # Read once for the date and the entry (see put()).
            records = _records(tags)
            dated = not response.has_header("Last-Modified")
            if dated:
                response["Last-Modified"] = http_date(_changed_at(records))
            headers = {
                name: value for name, value in response.items() if name.lower() not in NOT_KEPT
            }
            # Hashed once, here, rather than by core/http_caching.py on every copy served.
            headers.setdefault("ETag", http_caching.etag_of(response.content))
            page = (headers, response.content)
            if not put(page_key, page, tags, since, records=records) and dated:
                # Something changed while the page was made: its content may be from before a
                # change that the date already counts. No date is better than that one.
                del response["Last-Modified"]
        return response

    return wrapper


def _shareable(request):
    return (
        request.method in ("GET", "HEAD")
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _keepable(request, response):
    if response.status_code != 200 or response.streaming or not response.get(TAGS_HEADER):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # its messages or session may be on the page
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _page_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return PAGE_KEY + hashlib.blake2b(address.encode(), digest_size=20).hexdigest()


# Watching models -----------------------------------------------------------------------------


def watch(model, tags):
    """Invalidate `tags(row)` when a row of `model` is saved or deleted.

    Each app calls this from its AppConfig.ready() for the models its public pages show;
    `tags(row)` gives the tags of the pages that show the row, or nothing for a row the public
    cannot see (a draft, its FAQs): editors save those all day.
    """

    def changed(sender, instance, **kwargs):
        invalidate(tags(instance))

    uid = f"pagecache-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def watch_m2m(through, tags):
    """Invalidate `tags(instance, reverse, pk_set)` when rows of a many-to-many relation (its
    `through` model) are added, removed or cleared (pk_set is None for a clear)."""

    def changed(sender, instance, action, reverse, pk_set, **kwargs):
        if action.startswith("post_"):
            invalidate(tags(instance, reverse, pk_set))

    uid = f"pagecache-m2m-{through._meta.label_lower}"
    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=uid)
