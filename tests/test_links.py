"""Links to the site's sections and to each card's page follow where the site is served."""

import pytest
from django.urls import clear_script_prefix, set_script_prefix

from tests.articles.factories import live_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_under():
    # What the WSGI handler does for a site served under a path (SCRIPT_NAME).
    yield set_script_prefix
    clear_script_prefix()


def test_links_carry_the_path_the_site_is_served_under_and_only_then(client, served_under):
    article = live_article(title="A guide")
    person = article.live_version.author
    # The same guide and author on two pages: first served under /guides-site, then at the root.
    served_under("/guides-site/")
    under = client.get("/articles/").content.decode()
    assert f'href="/guides-site/articles/{article.slug}/"' in under
    assert 'href="/guides-site/careers/"' in under
    served_under("/")
    root = client.get(f"/people/{person.slug}/").content.decode()
    assert f'href="/articles/{article.slug}/"' in root
    assert 'href="/careers/"' in root
    assert 'href="/guides-site/articles/' not in root
    assert 'href="/guides-site/careers/' not in root
