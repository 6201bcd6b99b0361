"""Synthetic schools and programs (manage.py generate_programs, for benchmarks) stay out of the
sitemap and site search unless SHOW_SYNTHETIC asks for them; an editor's rows are listed always."""

import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import call_command

from programs.models import Program, School
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return {
        url.find("s:loc", SITEMAP_NS).text.split("testserver", 1)[1]
        for url in root.findall("s:url", SITEMAP_NS)
    }


def found(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [result.url for result in response.context["search"].page_obj or []]


def synthetic_urls():
    rows = [*Program.objects.filter(is_synthetic=True, is_published=True)]
    rows += School.objects.filter(is_synthetic=True, programs__is_published=True).distinct()
    return {row.get_absolute_url() for row in rows}


@pytest.fixture
def site():
    """An editor's program, and generated ones beside it (one of them a school an editor has
    added a program to)."""
    real = ProgramFactory(name="MS in Wombat Studies", summary="Wombats.")
    call_command("generate_programs", count=20, stdout=StringIO())
    school = School.objects.filter(is_synthetic=True).order_by("pk").first()
    at_synthetic_school = ProgramFactory(name="MS in Numbat Studies", school=school)
    return real, at_synthetic_school


def test_synthetic_rows_are_not_in_the_sitemap(client, site):
    real, at_synthetic_school = site

    paths = sitemap_paths(client)

    assert {real.get_absolute_url(), real.school.get_absolute_url()} <= paths
    # A synthetic school is listed for the editor's program it holds, not for its own.
    assert at_synthetic_school.school.get_absolute_url() in paths
    leaked = (synthetic_urls() - {at_synthetic_school.school.get_absolute_url()}) & paths
    assert leaked == set()


def test_synthetic_rows_are_not_found_by_site_search(client, site):
    real, at_synthetic_school = site

    # Every generated program's summary, and every generated school's name, says "synthetic":
    # only the editor's program and its school (named so by the generator) are found.
    results = found(client, "synthetic")
    listed = {at_synthetic_school.get_absolute_url(), at_synthetic_school.school.get_absolute_url()}
    assert set(results) == listed
    assert found(client, "wombat") == [real.get_absolute_url()]
    assert at_synthetic_school.get_absolute_url() in found(client, "numbat")


def test_asked_for_they_are_in_the_sitemap_and_search(client, site, settings):
    settings.SHOW_SYNTHETIC = True
    call_command("rebuild_search_index", stdout=StringIO())  # as the setting's note says

    paths = sitemap_paths(client)
    results = found(client, "synthetic")

    assert synthetic_urls() <= paths
    assert results
    assert set(results) <= synthetic_urls()
    assert found(client, "wombat") == [site[0].get_absolute_url()]


def test_the_benchmark_settings_list_them_after_load_demo_and_generate_programs(client, settings):
    """bench/scale.py and bench/pages.py set SHOW_SYNTHETIC: the demo's programs are not a real
    catalogue, and the generated ones must be listed and searched like one."""
    settings.SHOW_SYNTHETIC = True
    call_command("load_demo", force=True, stdout=StringIO())
    call_command("generate_programs", count=20, stdout=StringIO())

    assert synthetic_urls() <= sitemap_paths(client)
    assert found(client, "synthetic")
