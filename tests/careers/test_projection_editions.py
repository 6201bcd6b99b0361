"""The BLS Employment Projections editions the editors record, and which one a career's
figures come from."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from careers.models import Career, ProjectionEdition
from tests.careers.factories import CareerFactory, ProjectionEditionFactory

pytestmark = pytest.mark.django_db


def test_a_careers_edition_is_named_from_its_outlook_period():
    career = Career(outlook_start_year=2021, outlook_end_year=2031)

    assert career.projection_edition_name == "BLS Employment Projections 2021-31"
    assert Career(outlook_start_year=2021).projection_edition_name == ""


def test_the_latest_edition_is_the_one_that_starts_last():
    assert ProjectionEdition.latest() is None

    ProjectionEditionFactory(start_year=2023, published_on=None)
    ProjectionEditionFactory(start_year=2021)
    ProjectionEditionFactory(start_year=2022)

    assert ProjectionEdition.latest().name == "BLS Employment Projections 2023-33"


def test_an_edition_period_must_end_after_it_starts():
    edition = ProjectionEdition(start_year=2023, end_year=2023)

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert "The projection period must end after it starts." in refused.value.messages


def test_an_editor_records_an_edition_in_the_admin_and_its_name_is_filled_in(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:careers_projectionedition_add"),
        {
            "name": "",
            "start_year": "2024",
            "end_year": "2034",
            "published_on": "2025-08-28",
            "url": "https://www.bls.gov/emp/",
        },
    )

    assert response.status_code == 302
    edition = ProjectionEdition.objects.get(start_year=2024)
    assert edition.name == "BLS Employment Projections 2024-34"
    page = client.get(reverse("admin:careers_projectionedition_changelist")).content.decode()
    assert "BLS Employment Projections 2024-34" in page
    assert "2024-34" in page


def test_a_field_of_study_a_career_relates_to_cannot_be_deleted():
    from django.db.models import ProtectedError

    career = CareerFactory(program_field="Machine Learning")

    with pytest.raises(ProtectedError):
        career.program_field.delete()
