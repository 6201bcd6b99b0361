"""Admin forms: odd input and risky deletes get a clear answer, never a 500 or a silent change."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import SitePage
from programs.models import Program
from tests.articles.factories import ArticleVersionFactory, PersonFactory, UserFactory
from tests.articles.public_data import person_with_portrait
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_a_program_a_guide_shows_cannot_be_deleted(client, editor):
    program = ProgramFactory()
    ArticleVersionFactory(live=True).programs.add(program)
    client.force_login(editor)

    response = client.post(
        reverse("admin:programs_program_delete", args=[program.pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.text
    assert Program.objects.filter(pk=program.pk).exists()


def test_a_career_a_guide_shows_cannot_be_deleted(client, editor):
    career = CareerFactory()
    ArticleVersionFactory(live=True).careers.add(career)
    client.force_login(editor)

    response = client.post(
        reverse("admin:careers_career_delete", args=[career.pk]), {"post": "yes"}
    )

    assert response.status_code == 200
    assert type(career).objects.filter(pk=career.pk).exists()


def _person_data(person, **changes):
    return {
        "name": person.name,
        "slug": person.slug,
        "job_title": "Senior editor",
        "short_bio": "Bio.",
        "full_bio": "",
        "website_url": "",
        "linkedin_url": "",
        **changes,
    }


def test_a_person_whose_portrait_file_went_missing_can_still_be_saved(client, editor):
    person = person_with_portrait()
    os.remove(person.portrait.path)
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_person_change", args=[person.pk]), _person_data(person)
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "Senior editor"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_an_image_of_another_format_named_png_is_refused(client, editor, fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "navy").save(buffer, fmt)
    school = SchoolFactory()
    client.force_login(editor)
    data = {
        "name": school.name,
        "slug": school.slug,
        "city": school.city,
        "state": school.state,
        "logo": SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png"),
        "description": "",
        "website": "",
        "accreditor": "",
    }

    response = client.post(reverse("admin:programs_school_change", args=[school.pk]), data)

    assert response.status_code == 200
    assert "This file is not a valid JPEG, PNG or WebP image." in response.text
    school.refresh_from_db()
    assert not school.logo


def test_control_characters_in_any_admin_text_become_spaces(client, editor):
    person = PersonFactory()
    client.force_login(editor)

    client.post(
        reverse("admin:articles_person_change", args=[person.pk]),
        _person_data(person, name="Mitch\x0bJacobson", short_bio="Writes\x1b about data."),
    )

    person.refresh_from_db()
    assert (person.name, person.short_bio) == ("Mitch Jacobson", "Writes  about data.")


def test_only_administrators_link_a_person_to_an_account(client, editor, superuser):
    person = PersonFactory()
    account = UserFactory()
    url = reverse("admin:articles_person_change", args=[person.pk])

    client.force_login(editor)
    client.post(url, _person_data(person, user=account.pk))
    person.refresh_from_db()
    assert person.user is None

    client.force_login(superuser)
    client.post(url, _person_data(person, user=account.pk))
    person.refresh_from_db()
    assert person.user == account


def test_a_site_page_cannot_take_the_address_of_a_site_section(client, editor):
    page = SitePage.objects.create(slug="about", title="About", body="Text.")
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_sitepage_change", args=[page.pk]),
        {"title": "About", "slug": "search", "summary": "", "body": "Text."},
    )

    assert response.status_code == 200
    assert "/search/ is already a section of the site; choose another slug." in response.text
    page.refresh_from_db()
    assert page.slug == "about"
