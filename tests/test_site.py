"""Home, site pages, sitemap, robots, feed, health check and error pages."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from articles.models import SitePage
from tests.articles.factories import (
    ArticleVersionFactory,
    PersonFactory,
    TopicFactory,
    live_article,
)
from tests.articles.public_data import DRAFT_MARK, add_draft, live_guide
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_home_shows_featured_guides_topics_quiz_and_careers(client):
    live_article(title="Plain guide")
    featured = live_article(title="Featured guide")
    type(featured).objects.filter(pk=featured.pk).update(is_featured=True)
    CareerFactory(title="Data Scientist")
    html = client.get("/").content.decode()
    assert html.index("Featured guide") < html.index("Plain guide")
    assert featured.topic.name in html
    assert 'href="/programs/match/"' in html
    assert "Data Scientist" in html


def test_home_lists_only_topics_with_live_guides(client):
    TopicFactory(name="Empty topic")
    ArticleVersionFactory(article__topic=TopicFactory(name="Draft-only topic"))
    live_article()
    html = client.get("/").content.decode()
    assert "Empty topic" not in html
    assert "Draft-only topic" not in html


@pytest.mark.parametrize("slug", ["editorial-process", "advertising-disclosure"])
def test_site_pages_render_their_markdown(client, slug):
    SitePage.objects.create(slug=slug, title="Our page", summary="S.", body="## How\n\n*We* work.")
    html = client.get(f"/{slug}/").content.decode()
    assert "<h1>Our page</h1>" in html
    assert "<em>We</em> work." in html


def test_missing_site_page_is_a_404(client):
    assert client.get("/editorial-process/").status_code == 404


def test_sitemap_lists_live_pages_with_the_updated_on_date(client):
    article = live_guide()
    updated = timezone.now() - timedelta(days=10)
    type(article).objects.filter(pk=article.pk).update(content_updated_at=updated)
    draft_only = ArticleVersionFactory(author=PersonFactory(slug="draft-only-person")).article
    add_draft(article)
    hidden = ProgramFactory(slug="hidden-program", unpublished=True)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    entries = {
        url.find("s:loc", SITEMAP_NS).text.split("testserver", 1)[1]: url
        for url in root.findall("s:url", SITEMAP_NS)
    }
    guide = entries[article.get_absolute_url()]
    assert guide.find("s:lastmod", SITEMAP_NS).text == timezone.localdate(updated).isoformat()
    assert article.topic.get_absolute_url() in entries
    assert article.live_version.author.get_absolute_url() in entries
    assert "/careers/" in entries
    assert "/programs/" in entries
    assert draft_only.get_absolute_url() not in entries
    assert "/people/draft-only-person/" not in entries
    assert hidden.get_absolute_url() not in entries
    assert DRAFT_MARK not in response.content.decode()


def test_robots_points_at_the_sitemap_and_keeps_crawlers_out_of_admin_and_preview(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Disallow: /preview/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text


def test_feed_lists_live_guides_only(client):
    article = live_guide()
    add_draft(article)
    ArticleVersionFactory(title="Never published")
    response = client.get("/feeds/articles/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert article.live_version.title in body
    assert "Never published" not in body
    assert DRAFT_MARK not in body


def test_a_pasted_control_character_does_not_break_the_feed(client):
    article = live_guide()
    version = article.live_version
    version.dek = "Pasted text\x0bwith a vertical tab."
    version.save()
    version.author.name = "Aaron\x0cAuthor"
    version.author.save()

    response = client.get("/feeds/articles/")

    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    entry = feed.find("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}summary").text == (
        "Pasted text with a vertical tab."
    )


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_unknown_url_gets_the_404_page_in_site_design(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We can't find that page" in html
    assert 'class="site-header"' in html
    assert 'name="robots" content="noindex"' in html


def test_server_error_gets_the_500_page_in_site_design(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with mock.patch("guidesite.views.Article.objects.published", side_effect=RuntimeError):
        response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'class="site-header"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/articles/%00/",
        "/articles/a" + "b" * 300 + "/",
        "/topics/%E2%98%83/",
        "/people/..%2F..%2Fetc/",
        "/careers/?sort=salary&page=-5",
        "/articles/?page=1e9",
        "/sitemap.xml?p=abc",
        "/search/?q=%E2%98%83",
    ],
)
def test_bad_urls_never_give_a_500(client, url):
    live_article()
    assert client.get(url).status_code in (200, 404)


def test_healthz_answers_plain_http_probes_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
