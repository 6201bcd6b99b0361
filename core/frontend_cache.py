"""Purging the reverse proxies (Varnish, deploy/varnish/default.vcl) in front of the site.

Each cacheable page names what it shows in its `xkey` response header (space-separated tags:
`guide-12 person-3 list-programs`); the proxy files the page under those tags and strips the
header before delivering. When live content changes, the application calls `purge(tags)` on
commit, after its own page cache has forgotten those pages, and every proxy in
FRONTEND_CACHE_URLS drops the pages carrying any of the tags:

    PURGE / HTTP/1.1
    xkey-purge: guide-12 list-guides

`purge_all()` sends `BAN /`, which drops every page. FRONTEND_CACHE_URLS is empty by default
(one machine, no proxy): then both do nothing. A proxy that is down or slow never fails the
request that changed the content: the failure is logged in one line, and the proxy's copies
expire after CACHE_S_MAXAGE.

A page rendered while a purge happened may show the data from before it and reach the proxy
after the purge: the proxy keeps no page whose fetch began before its latest purge (see the VCL).
"""

import http.client
import logging
import re
from urllib.parse import urlsplit

from django.conf import settings

log = logging.getLogger(__name__)

# A tag is what a page's xkey header holds between spaces: no spaces, no control characters.
TAG = re.compile(r"^[!-~]+$")
# Varnish refuses request headers longer than http_req_hdr_len (8 KB by default).
MAX_HEADER = 4000


def purge(tags):
    """Drop, in every proxy, the pages tagged with any of `tags` (strings or an iterable)."""
    if isinstance(tags, str):
        tags = tags.split()
    tags = {str(tag) for tag in tags}
    if bad := sorted(tag for tag in tags if not TAG.match(tag)):
        log.warning("Frontend cache: tags with spaces or control characters skipped: %r", bad)
    tags = sorted(tag for tag in tags if TAG.match(tag))
    if not tags or not settings.FRONTEND_CACHE_URLS:
        return
    for chunk in _chunks(tags):
        _send_everywhere("PURGE", {"xkey-purge": " ".join(chunk)})


def purge_all():
    """Drop every page in every proxy (after a change no tag describes, or a restore)."""
    if not settings.FRONTEND_CACHE_URLS:
        return
    _send_everywhere("BAN", {})


def _chunks(tags):
    chunk, length = [], 0
    for tag in tags:
        if chunk and length + len(tag) + 1 > MAX_HEADER:
            yield chunk
            chunk, length = [], 0
        chunk.append(tag)
        length += len(tag) + 1
    if chunk:
        yield chunk


def _send_everywhere(method, headers):
    for url in settings.FRONTEND_CACHE_URLS:
        try:
            status = _send(url, method, headers)
        except (OSError, http.client.HTTPException) as error:
            log.warning(
                "Frontend cache %s %s failed: %s", method, url, error or type(error).__name__
            )
            continue
        if status != 200:
            log.warning("Frontend cache %s %s answered %s", method, url, status)


def _send(url, method, headers):
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(
        parts.hostname, parts.port, timeout=settings.FRONTEND_CACHE_TIMEOUT
    )
    try:
        connection.request(method, parts.path or "/", headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()
