"""Careers once public answer 410 Gone when withdrawn; never public, 404."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from careers.models import Career
from programs.models import Program
from tests.careers.factories import CareerFactory

pytestmark = pytest.mark.django_db


def test_a_career_unpublished_after_it_was_public_answers_410(client):
    career = CareerFactory(title="Withdrawn Analyst")
    assert client.get(career.get_absolute_url()).status_code == 200
    career.is_published = False
    career.save()

    response = client.get(career.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 410
    assert "<h1>This career is no longer available</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert f'href="{reverse("careers:list")}"' in html
    assert "Withdrawn Analyst" not in html


def test_a_career_never_published_answers_404(client):
    career = CareerFactory(is_published=False)

    assert client.get(career.get_absolute_url()).status_code == 404
    assert client.get("/careers/no-such-career/").status_code == 404


def test_publishing_a_career_records_the_first_time_once():
    career = CareerFactory(is_published=False)
    assert career.first_published_at is None

    career.is_published = True
    career.save()
    first = career.first_published_at
    career.is_published = False
    career.save()
    career.is_published = True
    career.save()

    career.refresh_from_db()
    assert first is not None
    assert career.first_published_at == first


def test_the_demo_careers_and_programs_record_their_first_publication(db):
    call_command("load_demo", force=True, stdout=io.StringIO())

    assert not Career.objects.filter(is_published=True, first_published_at__isnull=True).exists()
    assert not Program.objects.filter(is_published=True, first_published_at__isnull=True).exists()
