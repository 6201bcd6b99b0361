"""What browsers, reverse proxies and CDNs may keep, and compression, for every response.

One middleware decides, after the view and every other middleware, which kind a response is:

- private: any response to a POST (or any method but GET and HEAD), anything for a signed-in
  person or sent to a session cookie, any page holding a CSRF token (a form) or setting a
  cookie, everything under PRIVATE_PATHS (the admin, preview links), and what its view marked
  private or no-store. It gets `Cache-Control: private, no-store`.
- public: any other 200 answer to GET or HEAD, unless its view said no-cache. It gets
  `Cache-Control: public, max-age=CACHE_MAX_AGE, s-maxage=CACHE_S_MAXAGE` when it names what
  it shows in an `xkey` header (tags the application purges on publish, core/frontend_cache.py),
  and `s-maxage=0` otherwise: a shared cache then asks again every time (a cheap 304), since
  nothing would purge it. A strong ETag
  (a hash of the body, unless the view set one) and Last-Modified (when what a cached page
  shows last changed, core/pagecache.py last_changed(), or the view's own) let a repeat visit
  end in 304 Not Modified, without the body. The same bytes go to every
  anonymous visitor: a public page holds nothing per request (no CSP nonce, no CSRF token).

Other answers (redirects, 404s) keep the headers their view gave them; no proxy keeps them, as
deploy/varnish/default.vcl stores only tagged pages.

Only public responses are compressed (gzip, or Brotli where the client accepts it): a response
carrying a CSRF token or anything else secret never is, so a BREACH attack has nothing to guess.
Compressed bodies are kept per process, by ETag, so a page served from the page cache is
compressed once. Off with COMPRESS_RESPONSES=False when a proxy or CDN in front compresses.
`Vary` is what the response depends on: Cookie where the view read the session (Django adds
it), Accept-Encoding where the body may be compressed.
"""

import gzip
import hashlib
import re
import threading
from collections import OrderedDict

import brotli
from django.conf import settings
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

TAGS_HEADER = "xkey"
COMPRESSIBLE_TYPES = {
    "application/atom+xml",
    "application/javascript",
    "application/json",
    "application/ld+json",
    "application/rss+xml",
    "application/xml",
    "image/svg+xml",
    "text/css",
    "text/html",
    "text/javascript",
    "text/plain",
    "text/xml",
}
# Smaller bodies gain nothing from compression: the headers are larger than the saving.
MIN_COMPRESS_BYTES = 256
# Level 6 / quality 6: most of the size saving for little CPU; each page is compressed once per
# process anyway (the cache below).
GZIP_LEVEL = 6
BROTLI_QUALITY = 6
ENCODINGS = {"br": "-br", "gzip": "-gz"}
CACHE_CONTROL_DIRECTIVE = re.compile(r"\s*,\s*")


def set_last_modified(response, *moments):
    """Give `response` the latest of `moments` (aware datetimes; None ignored) as Last-Modified.

    For a view that knows when what it shows last changed; an If-Modified-Since request then
    gets a 304 without the body.
    """
    moments = [moment for moment in moments if moment is not None]
    if moments:
        response["Last-Modified"] = http_date(max(moments).timestamp())
    return response


class HttpCachingMiddleware:
    """Cache-Control, ETag, conditional requests and compression; see the module's docstring.

    Goes near the top of MIDDLEWARE (after WhiteNoise, which serves static files with its own
    headers), so that it sees each response as the inner middleware left it: cookies set, Vary
    patched, the CSRF token known.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.compressed = CompressedBodies(max_entries=256)

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            make_private(response)
        elif response.status_code == 200 and "no-cache" not in cache_control(response):
            return self.public(request, response)
        return response

    def public(self, request, response):
        tagged = response.has_header(TAGS_HEADER)
        if not response.has_header("Cache-Control"):
            s_maxage = settings.CACHE_S_MAXAGE if tagged else 0
            response["Cache-Control"] = (
                f"public, max-age={settings.CACHE_MAX_AGE}, s-maxage={s_maxage}"
            )
        if response.streaming:
            return response
        body = response.content
        etag = response.get("ETag") or etag_of(body)
        encoding = None
        if compressible(response, body):
            vary = response.get("Vary", "")
            if "accept-encoding" not in vary.lower():
                response["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
            encoding = accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding:
            # A strong ETag names one representation: each encoding has its own.
            etag = etag[:-1] + ENCODINGS[encoding] + '"'
        response["ETag"] = etag
        conditional = get_conditional_response(
            request, etag=etag, last_modified=last_modified(response), response=response
        )
        if conditional is not response:
            return conditional
        if encoding:
            response.content = self.compressed.get(etag, encoding, body)
            response["Content-Encoding"] = encoding
            response["Content-Length"] = str(len(response.content))
        return response


def etag_of(body):
    """A strong ETag for `body` (bytes): a hash, not a secret, so the fastest one at hand."""
    return f'"{hashlib.sha1(body, usedforsecurity=False).hexdigest()}"'


def is_private(request, response):
    """True for a response no one but its addressee may keep."""
    if request.method not in ("GET", "HEAD"):
        return True
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    if request.path_info.startswith(tuple(settings.PRIVATE_PATHS)):
        return True
    if cache_control(response) & {"private", "no-store"}:
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def make_private(response):
    """`Cache-Control: private, no-store`, keeping what the view added (must-revalidate...)."""
    kept = [
        directive
        for directive in CACHE_CONTROL_DIRECTIVE.split(response.get("Cache-Control", "").strip())
        if directive
        and directive.split("=", 1)[0].lower() not in {"public", "private", "no-store", "s-maxage"}
    ]
    response["Cache-Control"] = ", ".join(["private", "no-store", *kept])


def cache_control(response):
    """The directive names of the response's Cache-Control header, lower case."""
    return {
        directive.split("=", 1)[0].strip().lower()
        for directive in CACHE_CONTROL_DIRECTIVE.split(response.get("Cache-Control", ""))
        if directive.strip()
    }


def last_modified(response):
    value = response.get("Last-Modified")
    return parse_http_date_safe(value) if value else None


def compressible(response, body):
    return (
        settings.COMPRESS_RESPONSES
        and len(body) >= MIN_COMPRESS_BYTES
        and not response.has_header("Content-Encoding")
        and response.get("Content-Type", "").split(";", 1)[0].strip().lower() in COMPRESSIBLE_TYPES
    )


def accepted_encoding(header):
    """ "br", "gzip" or None: the best encoding the Accept-Encoding header allows."""
    accepted = {}
    for item in header.split(","):
        name, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:  # unreadable: not accepted
                    quality = 0.0
        accepted[name.lower()] = quality
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return None


class CompressedBodies:
    """The last few compressed bodies, by ETag and encoding (one process's memory)."""

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, etag, encoding, body):
        key = (etag, encoding)
        with self.lock:
            if (found := self.entries.get(key)) is not None:
                self.entries.move_to_end(key)
                return found
        if encoding == "br":
            compressed = brotli.compress(body, quality=BROTLI_QUALITY)
        else:
            # mtime=0: the same body always gives the same bytes.
            compressed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        with self.lock:
            self.entries[key] = compressed
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)
        return compressed
