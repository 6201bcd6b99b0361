"""The page cache serves a guide page exactly as it was rendered: no text an author wrote is
ever rewritten on the way out, whatever it contains (core/pagecache.py)."""

import pytest

from tests.articles.factories import live_article

pytestmark = pytest.mark.django_db

# The placeholder cached pages were once rendered with instead of the CSP nonce, swapped on the
# way out wherever it appeared, author text included.
OLD_PLACEHOLDER = "csp-nonce-placeholder-7f3c"


def test_author_text_that_looks_like_a_nonce_placeholder_survives_the_cache(client):
    text = f"The string {OLD_PLACEHOLDER} and csp-nonce-{'0' * 32} stay as written."
    article = live_article(title=f"Title with {OLD_PLACEHOLDER}", body=text)

    first = client.get(article.get_absolute_url())  # rendered, then stored
    cached = client.get(article.get_absolute_url())  # served from the cache

    for response in (first, cached):
        assert text in response.text
        assert f"Title with {OLD_PLACEHOLDER}" in response.text
    assert cached.content == first.content


def test_the_cached_page_shows_the_text_a_signed_in_editor_sees(client, editor):
    article = live_article(body=f"Written by hand: {OLD_PLACEHOLDER}.")
    client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url()).text

    client.force_login(editor)
    uncached = client.get(article.get_absolute_url()).text

    assert f"Written by hand: {OLD_PLACEHOLDER}." in cached
    assert f"Written by hand: {OLD_PLACEHOLDER}." in uncached
