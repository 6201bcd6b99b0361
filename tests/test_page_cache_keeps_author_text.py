"""The page cache swaps the CSP nonce in a cached guide page and nothing else: no text an
author wrote is ever rewritten, whatever it contains (core/pagecache.py)."""

import re

import pytest

from tests.articles.factories import live_article

pytestmark = pytest.mark.django_db

LD_NONCE = re.compile(r'<script type="application/ld\+json" nonce="([^"]+)">')
# The fixed placeholder cached pages were once rendered with.
OLD_PLACEHOLDER = "csp-nonce-placeholder-7f3c"


def _without_nonces(html):
    return LD_NONCE.sub('<script type="application/ld+json" nonce="">', html)


def test_author_text_that_looks_like_the_nonce_placeholder_survives_the_cache(client):
    text = f"The string {OLD_PLACEHOLDER} and csp-nonce-{'0' * 32} stay as written."
    article = live_article(title=f"Title with {OLD_PLACEHOLDER}", body=text)

    first = client.get(article.get_absolute_url())  # rendered, then stored
    cached = client.get(article.get_absolute_url())  # served from the cache

    for response in (first, cached):
        html = response.text
        assert text in html
        assert f"Title with {OLD_PLACEHOLDER}" in html
        nonces = set(LD_NONCE.findall(html))
        assert len(nonces) == 1
        assert f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]
    # Apart from each request's own nonce, the cached page is the page as rendered.
    assert _without_nonces(cached.text) == _without_nonces(first.text)


def test_the_cached_page_is_the_page_a_signed_in_editor_sees(client, editor):
    article = live_article(body=f"Written by hand: {OLD_PLACEHOLDER}.")
    client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url()).text

    client.force_login(editor)
    uncached = client.get(article.get_absolute_url()).text

    assert f"Written by hand: {OLD_PLACEHOLDER}." in cached
    assert f"Written by hand: {OLD_PLACEHOLDER}." in uncached
