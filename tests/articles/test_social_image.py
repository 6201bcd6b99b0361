"""A guide's social image and the images of its structured data: the picture a shared link
shows, the portrait on each Person, and the publisher's logo."""

import json
import os
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from articles import preview_links, workflow
from core import social
from tests.articles.factories import live_article
from tests.articles.public_data import live_guide, person_with_portrait

pytestmark = pytest.mark.django_db

OG_IMAGE = re.compile(r'<meta property="og:image" content="([^"]+)">')
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def og_image(response):
    found = OG_IMAGE.findall(response.content.decode())
    assert len(found) == 1
    return found[0]


def media_file(url):
    return os.path.join(settings.MEDIA_ROOT, url.split(settings.MEDIA_URL, 1)[1])


def web_page(response):
    blocks = [json.loads(text) for text in LD.findall(response.content.decode())]
    return next(block for block in blocks if block["@type"] == "WebPage")


def drawn_for(title, article):
    """Whether a social image of `title` for this guide exists on disk."""
    name = social._file_name(title, article.topic.name, "guide", article.slug)
    return os.path.exists(os.path.join(settings.MEDIA_ROOT, name))


def test_guide_page_shares_a_1200_by_630_picture_of_its_title(client):
    article = live_article(title="Can You Earn a Master's in Machine Learning?")
    response = client.get(article.get_absolute_url())
    url = og_image(response)
    assert url.startswith(f"{settings.SITE_URL}/media/social/guide-{article.slug}-")
    with Image.open(media_file(url)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    html = response.content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    alt = f"Can You Earn a Master&#x27;s in Machine Learning? | {article.topic.name} | Guidesite"
    assert f'<meta property="og:image:alt" content="{alt}">' in html


def test_the_article_in_json_ld_has_the_same_picture(client):
    article = live_article()
    response = client.get(article.get_absolute_url())
    assert web_page(response)["mainEntity"]["image"] == {
        "@type": "ImageObject",
        "url": og_image(response),
        "width": 1200,
        "height": 630,
    }


def test_the_cached_guide_page_keeps_its_picture(client):
    article = live_article()
    first = og_image(client.get(article.get_absolute_url()))
    os.remove(media_file(first))
    # Served from the page cache: the view (and the drawing) does not run again.
    assert og_image(client.get(article.get_absolute_url())) == first


def test_a_new_live_title_gets_a_new_picture(client, version_in_review, published_guide, reviewer):
    before = og_image(client.get(published_guide.get_absolute_url()))

    workflow.approve(version_in_review, reviewer)

    after = og_image(client.get(published_guide.get_absolute_url()))
    assert after != before
    assert drawn_for("New title", published_guide)
    with Image.open(media_file(after)) as image:
        assert image.size == (1200, 630)


def test_previews_never_draw_an_unpublished_title(client, open_draft, editor, published_guide):
    link = preview_links.create(open_draft, editor)
    assert "New title" in client.get(link.url).content.decode()
    client.force_login(editor)
    staff_preview = reverse("admin:articles_articleversion_preview", args=[open_draft.pk])
    assert "New title" in client.get(staff_preview).content.decode()
    client.get(published_guide.get_absolute_url())
    assert not drawn_for("New title", published_guide)
    assert drawn_for("Original title", published_guide)


def test_people_in_json_ld_carry_their_portrait_when_they_have_one(client):
    author = person_with_portrait(name="Pia Portrait")
    article = live_guide(author=author)
    entity = web_page(client.get(article.get_absolute_url()))["mainEntity"]
    image = entity["author"]["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"].startswith(f"{settings.SITE_URL}/media/renditions/")
    assert (image["width"], image["height"]) == (360, 360)
    with Image.open(media_file(image["url"])) as portrait:
        assert portrait.size == (360, 360)
    assert "image" not in entity["editor"]


def test_bio_page_person_has_the_portrait(client):
    author = person_with_portrait(name="Bea Bio")
    live_article(author=author)
    html = client.get(author.get_absolute_url()).content.decode()
    person = next(json.loads(t) for t in LD.findall(html) if '"Person"' in t)
    assert person["image"]["url"].startswith(f"{settings.SITE_URL}/media/renditions/")


def test_the_publisher_is_the_site_with_its_logo(client):
    article = live_article()
    publisher = web_page(client.get(article.get_absolute_url()))["mainEntity"]["publisher"]
    assert publisher["name"] == settings.SITE_NAME
    assert publisher["logo"]["url"] == f"{settings.SITE_URL}/static/logo.png"
    with Image.open(finders.find("logo.png")) as logo:
        assert (logo.format, logo.size) == ("PNG", (512, 512))
        assert (publisher["logo"]["width"], publisher["logo"]["height"]) == logo.size
