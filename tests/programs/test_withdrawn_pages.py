"""Programs and schools once public answer 410 Gone when withdrawn; never public, 404."""

import pytest
from django.urls import reverse

from programs import synthetic
from programs.models import Program
from tests.programs.factories import ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def unpublish(program):
    program.is_published = False
    program.save()


def test_a_program_unpublished_after_it_was_public_answers_410(client):
    program = ProgramFactory(name="MS in Withdrawn Studies")
    assert client.get(program.get_absolute_url()).status_code == 200

    unpublish(program)

    response = client.get(program.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 410
    assert "<h1>This program is no longer available</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'href="{reverse("programs:directory")}"' in html
    assert "MS in Withdrawn Studies" not in html


def test_a_program_never_published_answers_404(client):
    program = ProgramFactory(unpublished=True)

    assert client.get(program.get_absolute_url()).status_code == 404
    assert client.get("/programs/no-such-program/").status_code == 404


def test_a_program_published_again_is_back(client):
    program = ProgramFactory()
    unpublish(program)
    program.is_published = True
    program.save()

    assert client.get(program.get_absolute_url()).status_code == 200


def test_the_first_publication_is_kept_when_published_again():
    program = ProgramFactory()
    first = program.first_published_at
    unpublish(program)

    program.is_published = True
    program.save()

    program.refresh_from_db()
    assert first is not None
    assert program.first_published_at == first


def test_a_save_limited_to_some_fields_records_the_first_publication_too():
    program = ProgramFactory(unpublished=True)
    program.is_published = True

    program.save(update_fields=["is_published"])

    program.refresh_from_db()
    assert program.first_published_at is not None


def test_the_admin_publish_action_records_the_first_publication(client, editor):
    never = ProgramFactory(unpublished=True)
    client.force_login(editor)
    changelist = reverse("admin:programs_program_changelist")

    client.post(changelist, {"action": "publish", "_selected_action": [never.pk]})
    client.post(changelist, {"action": "unpublish", "_selected_action": [never.pk]})

    never.refresh_from_db()
    assert never.first_published_at is not None
    assert client.get(never.get_absolute_url()).status_code == 410


def test_synthetic_programs_record_their_first_publication():
    synthetic.generate(20)

    rows = Program.objects.filter(slug__startswith=synthetic.PREFIX)
    assert rows.filter(is_published=True, first_published_at__isnull=True).count() == 0
    assert rows.filter(is_published=False, first_published_at__isnull=False).count() == 0


def test_a_school_whose_programs_were_all_withdrawn_answers_410(client):
    school = SchoolFactory(name="Withdrawn College")
    program = ProgramFactory(school=school)
    assert client.get(school.get_absolute_url()).status_code == 200

    unpublish(program)

    response = client.get(school.get_absolute_url())
    assert response.status_code == 410
    assert "<h1>This school is no longer available</h1>" in response.content.decode()
    assert "Withdrawn College" not in response.content.decode()


def test_a_school_that_never_had_a_published_program_answers_404(client):
    school = SchoolFactory()
    ProgramFactory(school=school, unpublished=True)

    assert client.get(school.get_absolute_url()).status_code == 404
    assert client.get(SchoolFactory().get_absolute_url()).status_code == 404


def test_a_school_with_one_program_left_stays_public(client):
    school = SchoolFactory()
    unpublish(ProgramFactory(school=school))
    ProgramFactory(school=school)

    assert client.get(school.get_absolute_url()).status_code == 200
