"""The page cache stores and serves a guide page as rendered: no text an author wrote is ever
rewritten, whatever it contains, and every visitor gets the same bytes (core/pagecache.py)."""

import pytest

from tests.articles.factories import live_article

pytestmark = pytest.mark.django_db

# Text that looks like what a cache might swap: the placeholders cached pages were once rendered
# with, a CSP nonce attribute and a JSON-LD opening tag.
LOOKALIKES = (
    "csp-nonce-placeholder-7f3c",
    f"csp-nonce-{'0' * 32}",
    'nonce="abc"',
    '<script type="application/ld+json">',
)


def test_author_text_that_looks_like_a_placeholder_or_a_nonce_survives_the_cache(client):
    text = "The strings " + " and ".join(LOOKALIKES) + " stay as written."
    article = live_article(title="Title with csp-nonce-placeholder-7f3c", body=text)

    first = client.get(article.get_absolute_url())  # rendered, then stored
    cached = client.get(article.get_absolute_url())  # served from the cache

    assert cached.content == first.content
    html = cached.text
    assert "csp-nonce-placeholder-7f3c" in html
    assert f"csp-nonce-{'0' * 32}" in html
    # Markdown escapes the markup-like strings the way it always does, cached or not.
    assert "nonce=&quot;abc&quot;" in html or 'nonce="abc"' in html
    assert "Title with csp-nonce-placeholder-7f3c" in html


def test_the_cached_page_is_the_page_a_signed_in_editor_sees(client, editor):
    article = live_article(body="Written by hand: csp-nonce-placeholder-7f3c.")
    client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url()).text

    client.force_login(editor)
    uncached = client.get(article.get_absolute_url()).text

    assert "Written by hand: csp-nonce-placeholder-7f3c." in cached
    assert "Written by hand: csp-nonce-placeholder-7f3c." in uncached
