"""Pillow renditions: exact sizes, cached on disk, and no error for a missing or broken file."""

import os

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from core.images import rendition
from tests.articles.factories import PersonFactory
from tests.articles.public_data import person_with_portrait, png
from tests.programs.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def open_rendition(result):
    path = os.path.join(settings.MEDIA_ROOT, result.url.split("/media/", 1)[1])
    return Image.open(path)


def test_portrait_is_cropped_to_the_exact_square():
    person = person_with_portrait()
    result = rendition(person.portrait, 168, 168)
    assert (result.width, result.height) == (168, 168)
    with open_rendition(result) as image:
        assert image.size == (168, 168)
        assert image.format == "WEBP"


def test_logo_is_padded_to_fit_the_box():
    school = SchoolFactory()
    school.logo.save("logo.png", png(size=(600, 100)), save=True)
    result = rendition(school.logo, 120, 60, "fit")
    with open_rendition(result) as image:
        assert image.size == (120, 60)


def test_a_rendition_is_made_once_and_reused():
    person = person_with_portrait()
    first = rendition(person.portrait, 64, 64)
    path = os.path.join(settings.MEDIA_ROOT, first.url.split("/media/", 1)[1])
    made_at = os.stat(path).st_mtime_ns
    assert rendition(person.portrait, 64, 64) == first
    assert os.stat(path).st_mtime_ns == made_at


def test_no_image_or_a_broken_one_gives_no_rendition():
    person = person_with_portrait()
    assert rendition(PersonFactory().portrait, 64, 64) is None
    person.portrait.save("broken.png", ContentFile(b"not an image"), save=True)
    assert rendition(person.portrait, 64, 64) is None
    os.remove(person.portrait.path)
    assert rendition(person.portrait, 64, 64) is None
