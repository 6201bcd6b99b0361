"""What browsers, proxies and CDNs may keep (core/http_caching.py): public pages for anonymous
visitors with validators and compression, everything personal private, nothing secret
compressed."""

import gzip
import re
from datetime import UTC, datetime

import brotli
import pytest
from django.http import HttpResponse
from django.urls import path

from core.http_caching import accepted_encoding, set_last_modified
from guidesite.urls import urlpatterns as site_urlpatterns
from tests.articles.factories import live_article
from tests.test_settings import run_python

pytestmark = pytest.mark.django_db

CHANGED = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
PARAGRAPH = "<p>The same text for every visitor, long enough to be worth compressing.</p>" * 10


def _tagged(request):
    response = HttpResponse(PARAGRAPH)
    response["xkey"] = "item-1 list-items"
    return set_last_modified(response, None, CHANGED)


def _untagged(request):
    return HttpResponse(PARAGRAPH)


urlpatterns = [
    path("http-caching/tagged/", _tagged),
    path("http-caching/untagged/", _untagged),
    *site_urlpatterns,
]


@pytest.fixture(autouse=True)
def _ages(settings):
    settings.CACHE_MAX_AGE = 30
    settings.CACHE_S_MAXAGE = 600
    settings.COMPRESS_RESPONSES = True


def directives(response):
    return set(re.split(r",\s*", response["Cache-Control"]))


def vary(response):
    return set(re.split(r",\s*", response.get("Vary", ""))) - {""}


@pytest.fixture
def guide():
    return live_article(title="A guide", body="Plenty of words. " * 100)


def test_a_guide_page_is_public_for_browsers_with_a_strong_etag_and_the_same_bytes_for_all(
    client, guide
):
    first = client.get(guide.get_absolute_url())
    second = client.get(guide.get_absolute_url())

    assert {"public", "max-age=30"} <= directives(first)
    assert re.fullmatch(r'"[0-9a-f]{40}"', first["ETag"])
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_tagged_page_may_be_kept_longer_by_shared_caches_an_untagged_one_not_at_all(
    client, settings
):
    settings.ROOT_URLCONF = __name__
    tagged = client.get("/http-caching/tagged/")
    untagged = client.get("/http-caching/untagged/")

    assert directives(tagged) == {"public", "max-age=30", "s-maxage=600"}
    assert directives(untagged) == {"public", "max-age=30", "s-maxage=0"}


def test_a_repeat_visit_with_the_etag_gets_304_without_the_body(client, guide):
    first = client.get(guide.get_absolute_url())

    repeat = client.get(guide.get_absolute_url(), headers={"if-none-match": first["ETag"]})

    assert repeat.status_code == 304
    assert repeat.content == b""
    assert repeat["ETag"] == first["ETag"]
    other = client.get(guide.get_absolute_url(), headers={"if-none-match": '"somethingelse"'})
    assert other.status_code == 200


def test_last_modified_comes_from_the_view_and_answers_if_modified_since(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/http-caching/tagged/")
    assert response["Last-Modified"] == "Tue, 04 Mar 2025 05:06:07 GMT"

    unchanged = client.get(
        "/http-caching/tagged/", headers={"if-modified-since": response["Last-Modified"]}
    )
    changed = client.get(
        "/http-caching/tagged/", headers={"if-modified-since": "Mon, 03 Mar 2025 05:06:07 GMT"}
    )

    assert unchanged.status_code == 304
    assert changed.status_code == 200


def test_a_signed_in_editor_gets_private_no_store_uncompressed_pages(client, guide, editor):
    client.force_login(editor)

    response = client.get(guide.get_absolute_url(), headers={"accept-encoding": "gzip, br"})

    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)
    assert "Content-Encoding" not in response
    assert "Cookie" in vary(response)


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/", "/preview/some-token/"])
def test_the_admin_and_preview_links_are_private_for_everyone(client, url):
    response = client.get(url, headers={"accept-encoding": "gzip, br"})

    assert {"private", "no-store"} <= directives(response)
    assert "Content-Encoding" not in response


def test_a_page_with_a_csrf_token_is_private_and_never_compressed(client):
    response = client.get("/admin/login/", headers={"accept-encoding": "gzip, br"})

    assert "csrfmiddlewaretoken" in response.text
    assert {"private", "no-store"} <= directives(response)
    assert "Content-Encoding" not in response


def test_answers_to_posts_and_to_a_session_cookie_are_private(client, guide):
    posted = client.post("/search/", {"q": "learning"})
    assert {"private", "no-store"} <= directives(posted)

    client.cookies["sessionid"] = "not-a-real-session"
    with_cookie = client.get(guide.get_absolute_url())
    assert {"private", "no-store"} <= directives(with_cookie)


def test_a_missing_page_is_not_public(client):
    response = client.get("/articles/no-such-guide/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("accept", "encoding", "decompress"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip;q=0.5", "gzip", gzip.decompress),
    ],
)
def test_public_pages_are_compressed_as_the_browser_accepts(
    client, guide, accept, encoding, decompress
):
    plain = client.get(guide.get_absolute_url())

    response = client.get(guide.get_absolute_url(), headers={"accept-encoding": accept})

    assert response["Content-Encoding"] == encoding
    assert decompress(response.content) == plain.content
    assert int(response["Content-Length"]) == len(response.content) < len(plain.content) / 2
    assert "Accept-Encoding" in vary(response)
    assert "Accept-Encoding" in vary(plain)
    # Each encoding is its own representation, with its own strong ETag.
    assert response["ETag"] != plain["ETag"]
    assert response["ETag"].startswith(plain["ETag"][:-1])
    again = client.get(
        guide.get_absolute_url(),
        headers={"accept-encoding": accept, "if-none-match": response["ETag"]},
    )
    assert again.status_code == 304


def test_no_compression_when_a_proxy_in_front_does_it(client, guide, settings):
    settings.COMPRESS_RESPONSES = False

    response = client.get(guide.get_absolute_url(), headers={"accept-encoding": "gzip, br"})

    assert "Content-Encoding" not in response
    assert "Accept-Encoding" not in vary(response)


def test_vary_names_cookie_only_where_the_page_reads_the_session(client, guide, settings):
    settings.ROOT_URLCONF = __name__
    assert vary(client.get("/http-caching/untagged/")) == {"Accept-Encoding"}
    # The guide page asks who is visiting (signed-in staff see their own, uncached page).
    assert "Cookie" in vary(client.get(guide.get_absolute_url()))


def test_a_head_request_gets_the_headers_of_the_page(client, guide):
    page = client.get(guide.get_absolute_url())
    head = client.head(guide.get_absolute_url())

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == page["ETag"]
    assert directives(head) == directives(page)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("identity", None),
        ("gzip", "gzip"),
        ("GZIP;q=1.0", "gzip"),
        ("br", "br"),
        ("gzip, br", "br"),
        ("br;q=0", None),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("*;q=0, gzip", "gzip"),
        ("br;q=nonsense, gzip", "gzip"),
    ],
)
def test_the_accepted_encoding_follows_the_header(header, expected):
    assert accepted_encoding(header) == expected


SHOW_CACHING = (
    "import django; from django.conf import settings; "
    "print(settings.CACHE_MAX_AGE, settings.CACHE_S_MAXAGE, settings.FRONTEND_CACHE_URLS, "
    "settings.COMPRESS_RESPONSES)"
)


def test_caching_settings_come_from_the_environment():
    result = run_python(
        SHOW_CACHING,
        DEBUG="True",
        CACHE_MAX_AGE="10",
        CACHE_S_MAXAGE="86400",
        FRONTEND_CACHE_URLS="http://10.0.0.5:6081/, http://[::1]:6081",
        COMPRESS_RESPONSES="False",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "10 86400 ['http://10.0.0.5:6081', 'http://[::1]:6081'] False"

    defaults = run_python(SHOW_CACHING, DEBUG="True")
    assert defaults.stdout.strip() == "60 3600 [] True"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("FRONTEND_CACHE_URLS", "varnish.internal:6081", "like http://127.0.0.1:6081"),
        ("FRONTEND_CACHE_URLS", "http://varnish/purge", "like http://127.0.0.1:6081"),
        ("CACHE_MAX_AGE", "-1", "must be 0 or more"),
    ],
)
def test_a_caching_setting_that_cannot_work_stops_the_site_with_a_clear_message(
    variable, value, message
):
    result = run_python("import django; django.setup()", DEBUG="True", **{variable: value})

    assert result.returncode != 0
    assert message in result.stderr.strip().splitlines()[-1]


def test_a_page_is_dated_by_the_last_change_of_what_it_shows(client, guide, monkeypatch):
    """Last-Modified: when the guide or anything on it last changed, so a crawler asking with
    the date alone gets 304 until something it shows changes."""
    from core import pagecache

    started = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC).timestamp()
    monkeypatch.setattr(pagecache, "_now", lambda: started)
    url = guide.get_absolute_url()
    first = client.get(url)
    assert first["Last-Modified"] == "Mon, 05 Jan 2026 09:00:00 GMT"
    unchanged = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    monkeypatch.setattr(pagecache, "_now", lambda: started + 60)
    pagecache.invalidate("guide-999999")  # a change to something this page does not show
    assert client.get(url)["Last-Modified"] == first["Last-Modified"]

    author = guide.live_version.author
    author.job_title = "Senior editor"
    author.save()  # the byline shows the author
    changed = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert changed.status_code == 200
    assert b"Senior editor" in changed.content
    assert changed["Last-Modified"] == "Mon, 05 Jan 2026 09:01:00 GMT"


def test_without_a_page_cache_a_page_carries_no_invented_date(client, guide, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get(guide.get_absolute_url())

    assert response.status_code == 200
    assert not response.has_header("Last-Modified")
    assert response.has_header("ETag")
