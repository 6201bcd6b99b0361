"""A guide taken down leaves every public channel at once; its address answers 410 or 301."""

import pytest
from django.urls import reverse

from articles import workflow
from tests.articles.factories import live_article
from tests.articles.public_data import live_guide

pytestmark = pytest.mark.django_db

MARK = "Withdrawn wording"


@pytest.fixture
def guide_to_take_down():
    """A live guide with every block (byline, FAQ, source, program, career), marked by MARK."""
    return live_guide(title=f"{MARK} title", dek=f"{MARK} dek", body=f"## Part\n\n{MARK} body.")


def test_the_address_of_a_guide_taken_down_answers_410_in_the_site_design(
    client, guide_to_take_down, editor
):
    workflow.unpublish(guide_to_take_down, editor, "Legal request.")

    response = client.get(guide_to_take_down.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 410
    assert "<h1>This guide is no longer available</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'href="{reverse("articles:list")}"' in html
    assert f'action="{reverse("search")}"' in html
    assert 'class="skip-link"' in html  # the site's own layout, header and footer
    assert MARK not in html


def test_signed_in_staff_get_the_410_too(client, guide_to_take_down, editor):
    workflow.unpublish(guide_to_take_down, editor, "Legal request.")
    client.force_login(editor)

    assert client.get(guide_to_take_down.get_absolute_url()).status_code == 410


def test_the_address_sends_readers_to_the_replacement_guide(client, guide_to_take_down, editor):
    replacement = live_article(article__slug="the-newer-guide")
    workflow.unpublish(guide_to_take_down, editor, "Merged.", replacement)

    response = client.get(guide_to_take_down.get_absolute_url())

    assert response.status_code == 301
    assert response["Location"] == "/articles/the-newer-guide/"


def test_a_replacement_taken_down_in_turn_leaves_a_410(client, guide_to_take_down, editor):
    replacement = live_article()
    workflow.unpublish(guide_to_take_down, editor, "Merged.", replacement)
    workflow.unpublish(replacement, editor, "Out of date too.")

    assert client.get(guide_to_take_down.get_absolute_url()).status_code == 410


def test_a_guide_never_published_is_still_a_404_not_a_410(client):
    from tests.articles.factories import ArticleVersionFactory

    draft = ArticleVersionFactory()

    assert client.get(draft.article.get_absolute_url()).status_code == 404


def test_the_cached_copy_of_the_guide_page_is_gone_at_once(client, guide_to_take_down, editor):
    url = guide_to_take_down.get_absolute_url()
    assert client.get(url).status_code == 200  # an anonymous visit: now a cached copy
    assert MARK in client.get(url).content.decode()  # served from the cache

    workflow.unpublish(guide_to_take_down, editor, "Legal request.")

    response = client.get(url)
    assert response.status_code == 410
    assert MARK not in response.content.decode()


def test_every_public_channel_drops_the_guide(client, guide_to_take_down, editor):
    version = guide_to_take_down.live_version
    career = version.careers.get()
    channels = [
        reverse("home"),
        reverse("articles:list"),
        guide_to_take_down.topic.get_absolute_url(),
        career.get_absolute_url(),
        reverse("search") + "?q=withdrawn",
        reverse("search") + "?q=withdrawn&type=guides",
        "/sitemap.xml",
        reverse("feed"),
    ]
    guide_url = guide_to_take_down.get_absolute_url()
    # Before: each of them links to the guide (so the test can see it leave).
    for url in channels:
        assert guide_url in client.get(url).content.decode(), url
    bios = [version.author, version.editor, version.reviewer]

    workflow.unpublish(guide_to_take_down, editor, "Legal request.")

    for url in channels:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert MARK not in html, url
        assert guide_url not in html, url
    # People only on this guide have no public bio page any more, nor a sitemap entry.
    sitemap = client.get("/sitemap.xml").content.decode()
    for person in bios:
        assert client.get(person.get_absolute_url()).status_code == 404, person
        assert person.get_absolute_url() not in sitemap
        assert person.name not in client.get(reverse("articles:people")).content.decode()


def test_no_structured_data_names_the_guide_after_it_is_taken_down(
    client, guide_to_take_down, editor
):
    other = live_article(author=guide_to_take_down.live_version.author, title="Still live")
    author = guide_to_take_down.live_version.author

    workflow.unpublish(guide_to_take_down, editor, "Legal request.")

    for url in (reverse("home"), author.get_absolute_url(), other.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "application/ld+json" in html, url
        assert MARK not in html, url
