"""Social images: one 1200 x 630 PNG per title, drawn once, and a new file for a new title."""

import os
import re

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from core import social
from core.social import social_image
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db

OG_IMAGE = re.compile(r'<meta property="og:image" content="([^"]+)">')


def path_of(url):
    """The file under MEDIA_ROOT that a media URL (absolute or not) serves."""
    return os.path.join(settings.MEDIA_ROOT, url.split(settings.MEDIA_URL, 1)[1])


def og_image(response):
    """The page's og:image URL, after checking the file behind it is a 1200 x 630 PNG."""
    html = response.content.decode()
    found = OG_IMAGE.findall(html)
    assert len(found) == 1, "one og:image per page"
    url = found[0]
    assert url.startswith(settings.SITE_URL + "/"), "og:image must be an absolute URL"
    with Image.open(path_of(url)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    return url


def test_a_social_image_is_a_1200_by_630_png_under_media_root():
    image = social_image("Data Scientist", "Career profile", kind="career", slug="data-scientist")
    assert (image.width, image.height) == (1200, 630)
    assert image.url.startswith("/media/social/career-data-scientist-")
    assert image.alt == "Data Scientist | Career profile | Guidesite"
    with Image.open(path_of(image.url)) as drawn:
        assert (drawn.format, drawn.size) == ("PNG", (1200, 630))


def test_a_social_image_is_drawn_once_and_reused():
    first = social_image("Reused title", kind="guide", slug="reused")
    made_at = os.stat(path_of(first.url)).st_mtime_ns
    assert social_image("Reused title", kind="guide", slug="reused") == first
    assert os.stat(path_of(first.url)).st_mtime_ns == made_at


def test_a_new_title_subtitle_or_site_name_is_a_new_file(settings):
    first = social_image("Old title", "Topic", kind="guide", slug="same-slug")
    assert social_image("New title", "Topic", kind="guide", slug="same-slug").url != first.url
    assert social_image("Old title", "Other", kind="guide", slug="same-slug").url != first.url
    settings.SITE_NAME = "Renamed"
    assert social_image("Old title", "Topic", kind="guide", slug="same-slug").url != first.url
    assert os.path.exists(path_of(first.url))


def test_without_system_fonts_pillows_own_font_draws_the_image(monkeypatch):
    monkeypatch.setattr(social, "BOLD_FONTS", ("no-such-font.ttf",))
    monkeypatch.setattr(social, "REGULAR_FONTS", ("no-such-font.ttf",))
    social._font.cache_clear()
    try:
        image = social_image("A title on a fresh machine", "No fonts installed")
    finally:
        social._font.cache_clear()
    with Image.open(path_of(image.url)) as drawn:
        assert drawn.size == (1200, 630)


def test_a_very_long_title_or_word_still_fits_the_picture():
    title = "Master of Science " * 20 + "Supercalifragilisticexpialidocious" * 4
    lines = social._fit_title(title, 1040)[2]
    assert len(lines) == social.TITLE_MAX_LINES
    assert lines[-1].endswith("…")
    font = social._font(True, social.TITLE_SIZES[-1])
    assert all(font.getlength(line) <= 1040 for line in lines)


def test_an_unwritable_media_root_gives_no_image_and_the_page_still_renders(settings, client):
    blocker = settings.MEDIA_ROOT.parent / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    career = CareerFactory()
    assert social_image("Anything") is None
    response = client.get(career.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "og:image" not in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_career_page_has_its_own_social_image_and_a_new_one_after_a_new_title(client):
    career = CareerFactory(title="Data Scientist")
    response = client.get(career.get_absolute_url())
    url = og_image(response)
    assert "/media/social/career-" in url
    alt = "Data Scientist | Career profile | Guidesite"
    assert f'<meta property="og:image:alt" content="{alt}">' in response.content.decode()
    career.title = "Senior Data Scientist"
    career.save()
    renamed = og_image(client.get(career.get_absolute_url()))
    assert renamed != url


def test_program_page_social_image_names_the_school(client):
    program = ProgramFactory(
        name="Master of Science in Machine Learning",
        school=SchoolFactory(name="Northfield State University"),
    )
    response = client.get(program.get_absolute_url())
    url = og_image(response)
    assert "/media/social/program-" in url
    alt = "Master of Science in Machine Learning | Northfield State University | Guidesite"
    assert f'<meta property="og:image:alt" content="{alt}">' in response.content.decode()


@pytest.mark.parametrize("name", ["home", "articles:list", "careers:list", "programs:directory"])
def test_pages_without_their_own_picture_get_the_sites(client, name):
    url = og_image(client.get(reverse(name)))
    assert "/media/social/site-default-" in url


def test_the_site_picture_names_the_site_once():
    image = social.site_image()
    assert image.alt == "Guidesite | Guides to master's degrees, programs and careers"
    assert image.url.startswith("/media/social/site-default-")
