# Varnish in front of the site's gunicorn (Debian: apt-get install varnish varnish-modules).
#
# - Caches only what the application tagged: a 200 answer to an anonymous GET or HEAD carrying
#   an `xkey` header (what the page shows: guide-12 person-3 list-guides), for as long as its
#   Cache-Control allows shared caches (s-maxage). Everything else goes to the application.
# - Passes, uncached: the admin and preview links, any method but GET and HEAD, and requests
#   with a session, CSRF or messages cookie (a signed-in editor, a form); other cookies are
#   dropped, so they cannot split the cache.
# - `PURGE` with `xkey-purge: <tags>` drops every page carrying any of the tags; `BAN` drops
#   every page. Only from the `purgers` ACL: the application's hosts (backends.vcl). The
#   application sends them on commit (core/frontend_cache.py, FRONTEND_CACHE_URLS).
# - A page whose fetch began before the latest purge may show the data before it: it is
#   delivered to the visitors who asked but not kept.
# - Strips `xkey` before delivering.
vcl 4.1;

import std;
import var;
import xkey;

include "backends.vcl";

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Before purging: a fetch that began earlier is no longer kept (vcl_backend_response).
        var.global_set("purged-at", "" + std.integer(
            real=(std.time2real(now, 0.0) - 1700000000) * 100000, fallback=0));
        if (req.method == "BAN") {
            ban("obj.status != 0");
            return (synth(200, "Banned"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header"));
        }
        return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge)));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|preview)/" || req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # A page fetched over HTTPS is not the answer to plain HTTP (that is a redirect).
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_fetch {
    # In units of 10 microseconds since 2023-11-14, a whole number: VCL writes a REAL with three
    # decimals (milliseconds would make a fetch begun in the same millisecond as a purge look
    # older than it), and numbers only below 10^15.
    set bereq.http.x-fetch-start = "" + std.integer(
        real=(std.time2real(now, 0.0) - 1700000000) * 100000, fallback=0);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status != 200 || !beresp.http.xkey || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || beresp.ttl <= 0s) {
        # Delivered, not kept; for a second, requests for it go straight to the application
        # instead of queueing behind one fetch.
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        set beresp.grace = 0s;
        return (deliver);
    }
    if (std.integer(bereq.http.x-fetch-start, 0)
        <= std.integer(var.global_get("purged-at"), 0)) {
        # Begun before the latest purge: delivered to whoever asked then, never to requests
        # that waited for it, and not kept. The next request fetches the page again.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        return (deliver);
    }
    # Purges drop pages at once; past its TTL a page may be served while it is fetched again.
    set beresp.grace = 10s;
    if (!beresp.http.Content-Encoding
        && beresp.http.Content-Type ~ "^(text/|application/(json|ld\+json|xml|rss\+xml|atom\+xml))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
