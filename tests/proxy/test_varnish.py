"""Varnish with deploy/varnish/default.vcl in front of the application: what it keeps, what it
passes, and how the application purges it (core/frontend_cache.py).

These checks use a page whose text and tags the test sets (tests/proxy/urls.py);
test_published_pages.py does the same with guides and an editor's steps.
"""

import gzip
import threading
import time

from django.core.cache import cache

from core import frontend_cache
from tests.proxy import varnish
from tests.proxy.urls import renders


def _set_text(name, text):
    cache.set(f"proxy-test:{name}", text, None)


def test_a_tagged_page_is_kept_served_without_the_application_and_its_tags_stay_inside(proxy):
    first = proxy.request("/proxy-test/a/")
    second = proxy.request("/proxy-test/a/")

    assert first[0] == second[0] == 200
    assert second[2] == first[2] == b"<p>a: first</p>"
    assert (first[1]["x-cache"], second[1]["x-cache"]) == ("miss", "hit")
    assert renders("a") == 1
    assert "xkey" not in second[1]
    assert second[1]["cache-control"].startswith("public, max-age=")


def test_purging_a_tag_drops_exactly_the_pages_carrying_it(proxy):
    for name in ("a", "b"):
        proxy.request(f"/proxy-test/{name}/")
    _set_text("a", "second")
    _set_text("b", "second")

    frontend_cache.purge(["item-a"])

    a, b = proxy.request("/proxy-test/a/"), proxy.request("/proxy-test/b/")
    assert a[2] == b"<p>a: second</p>"
    assert a[1]["x-cache"] == "miss"
    assert b[2] == b"<p>b: first</p>", "a page without the purged tag stays cached"
    assert b[1]["x-cache"] == "hit"


def test_a_tag_shared_by_pages_drops_them_all_and_purge_all_drops_everything(proxy):
    for name in ("a", "b"):
        proxy.request(f"/proxy-test/{name}/")

    frontend_cache.purge("list-items")

    assert [proxy.request(f"/proxy-test/{n}/")[1]["x-cache"] for n in "ab"] == ["miss", "miss"]
    frontend_cache.purge_all()
    assert [proxy.request(f"/proxy-test/{n}/")[1]["x-cache"] for n in "ab"] == ["miss", "miss"]
    assert [proxy.request(f"/proxy-test/{n}/")[1]["x-cache"] for n in "ab"] == ["hit", "hit"]


def test_a_page_without_tags_is_never_kept(proxy):
    for _ in range(3):
        status, headers, _body = proxy.request("/proxy-test/untagged/")
        assert status == 200
        assert headers["x-cache"] == "miss"
    assert renders("untagged") == 3
    # Nothing would purge it, so shared caches must ask again every time.
    assert "s-maxage=0" in headers["cache-control"]


def test_a_page_rendered_while_a_purge_happened_is_delivered_but_not_kept(proxy):
    """A fetch that began before a purge may hold the data from before it."""
    cache.set("proxy-test:slow:delay", 0.6, None)
    answers = []
    slow = threading.Thread(target=lambda: answers.append(proxy.request("/proxy-test/slow/")))
    slow.start()
    time.sleep(0.2)  # the application has read "first" and is still rendering
    _set_text("slow", "second")
    cache.delete("proxy-test:slow:delay")
    frontend_cache.purge(["item-slow"])
    slow.join()

    assert answers[0][2] == b"<p>slow: first</p>"  # asked before the change
    after = proxy.request("/proxy-test/slow/")
    assert after[2] == b"<p>slow: second</p>"


def test_requests_with_a_session_or_csrf_cookie_pass_other_cookies_do_not_split_the_cache(
    proxy,
):
    proxy.request("/proxy-test/c/")
    for cookie in ("sessionid=abc", "csrftoken=abc", "theme=dark; sessionid=abc"):
        assert proxy.request("/proxy-test/c/", headers={"Cookie": cookie})[1]["x-cache"] == "miss"
    assert renders("c") == 4
    tracking = proxy.request("/proxy-test/c/", headers={"Cookie": "_ga=GA1.1; theme=dark"})
    assert tracking[1]["x-cache"] == "hit"
    assert renders("c") == 4


def test_posts_the_admin_and_preview_links_always_reach_the_application(proxy):
    for _ in range(2):
        status, headers, _body = proxy.request("/admin/login/")
        assert status == 200
        assert headers["x-cache"] == "miss"
        assert {"private", "no-store"} <= set(headers["cache-control"].replace(" ", "").split(","))
    status, headers, _body = proxy.request("/preview/not-a-token/")
    assert headers["x-cache"] == "miss"
    assert proxy.request("/proxy-test/p/", method="POST")[1]["x-cache"] == "miss"


def test_only_the_applications_hosts_may_purge(live_server, proxy, settings, caplog):
    port = proxy.url.rsplit(":", 1)[1]
    elsewhere = varnish.Varnish([("127.0.0.1", live_server.url.rsplit(":", 1)[1])], ("10.9.9.9",))
    try:
        elsewhere.request("/proxy-test/d/")
        settings.FRONTEND_CACHE_URLS = [elsewhere.url]
        with caplog.at_level("WARNING", logger="core.frontend_cache"):
            frontend_cache.purge(["item-d"])
        status, _headers, _body = elsewhere.request("/", method="PURGE")
        assert status == 403
        assert elsewhere.request("/proxy-test/d/")[1]["x-cache"] == "hit"
        assert [r.getMessage() for r in caplog.records] == [
            f"Frontend cache PURGE {elsewhere.url} answered 403"
        ]
    finally:
        elsewhere.stop()
    assert port  # the test's own proxy is untouched


def test_a_proxy_that_is_down_never_fails_the_change(settings, caplog):
    port = varnish.free_port()  # nothing listens there
    settings.FRONTEND_CACHE_URLS = [f"http://127.0.0.1:{port}"]
    with caplog.at_level("WARNING", logger="core.frontend_cache"):
        frontend_cache.purge(["guide-1"])
        frontend_cache.purge_all()
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith(f"Frontend cache PURGE http://127.0.0.1:{port} failed: ")
    assert "\n" not in messages[0]


def test_the_proxy_answers_a_repeat_visit_with_304_and_compresses_for_browsers_that_accept_it(
    proxy,
):
    cache.set("proxy-test:e", "words " * 200, None)
    proxy.request("/proxy-test/e/")
    status, headers, body = proxy.request("/proxy-test/e/", headers={"Accept-Encoding": "gzip"})
    assert (status, headers["x-cache"], headers["content-encoding"]) == (200, "hit", "gzip")
    assert gzip.decompress(body) == proxy.request("/proxy-test/e/")[2]

    repeat = proxy.request("/proxy-test/e/", headers={"If-None-Match": headers["etag"]})

    assert repeat[0] == 304
    assert repeat[2] == b""
    assert renders("e") == 1
