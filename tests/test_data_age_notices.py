"""Public pages say how old their figures are: a program checked too long ago (or never) says
when it was last checked; a career says which projections its outlook comes from, and that newer
figures may differ when a newer edition is recorded."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.dates import months_before
from tests.articles.desk_support import text
from tests.careers.factories import CareerFactory, ProjectionEditionFactory
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _months(settings):
    settings.DATA_STALE_MONTHS = 12


def program_page(client, tuition, admission, with_rules=True, **program):
    program = ProgramFactory(tuition_checked_on=tuition, **program)
    if with_rules:
        AdmissionRuleFactory(program=program, checked_on=admission)
    response = client.get(program.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_program_checked_too_long_ago_says_when_prominently(client):
    old = months_before(timezone.localdate(), 12) - timedelta(days=1)

    html = program_page(client, old, old, url="https://example.edu/ms")

    notice = text(html, "data-age")
    assert notice.startswith(f"Last checked on {old:%B} {old.day}, {old.year}.")
    assert "The tuition and admission requirements shown here may be out of date" in notice
    # At the top of the page, before the key facts.
    assert html.index('id="data-age"') < html.index('id="facts-heading"')
    assert '<a href="https://example.edu/ms" rel="nofollow noopener">' in html


def test_the_oldest_overdue_check_is_the_one_told(client):
    today = timezone.localdate()
    tuition, admission = months_before(today, 20), months_before(today, 14)

    notice = text(program_page(client, tuition, admission), "data-age")

    assert notice.startswith(f"Last checked on {tuition:%B} {tuition.day}, {tuition.year}.")


def test_only_the_overdue_figures_are_named(client):
    today = timezone.localdate()

    notice = text(program_page(client, today, months_before(today, 14)), "data-age")

    assert "The admission requirements shown here may be out of date: confirm them" in notice
    assert "tuition" not in notice


def test_figures_never_checked_say_so(client):
    notice = text(program_page(client, None, None, with_rules=False), "data-age")

    assert notice.startswith("Not yet checked against the school's pages.")
    assert "The tuition shown here may be out of date: confirm it on the school's website" in (
        notice
    )


def test_figures_checked_within_the_months_show_no_notice(client):
    checked = months_before(timezone.localdate(), 12)

    html = program_page(client, checked, checked)

    assert 'id="data-age"' not in html
    assert f"checked on {checked:%B} {checked.day}, {checked.year}" in html


def test_a_passed_deadline_still_says_it_has_passed(client):
    today = timezone.localdate()
    program = ProgramFactory(tuition_checked_on=today)
    AdmissionRuleFactory(program=program, checked_on=today, deadline=date(2024, 3, 1))

    html = client.get(program.get_absolute_url()).content.decode()

    assert "<dt>Application deadline</dt><dd>passed on March 1, 2024</dd>" in html


def career_page(client, **kwargs):
    career = CareerFactory(
        outlook_percent=21, outlook_start_year=2021, outlook_end_year=2031, **kwargs
    )
    response = client.get(career.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_career_names_the_projections_its_outlook_comes_from(client):
    ProjectionEditionFactory(start_year=2021)

    html = career_page(client)

    assert text(html, "projection-edition") == (
        "The job outlook comes from the BLS Employment Projections 2021-31."
    )


def test_a_career_says_newer_figures_may_differ_when_a_newer_edition_is_recorded(client):
    ProjectionEditionFactory(start_year=2021)
    ProjectionEditionFactory(start_year=2022)
    ProjectionEditionFactory(start_year=2023)

    html = career_page(client)

    assert text(html, "projection-edition") == (
        "The job outlook comes from the BLS Employment Projections 2021-31. Newer projections "
        "are out (BLS Employment Projections 2023-33): their figures may differ."
    )
    assert 'class="notice" id="projection-edition"' in html


def test_a_career_without_an_outlook_period_names_no_edition(client):
    ProjectionEditionFactory(start_year=2023)
    career = CareerFactory(outlook_percent=None)

    html = client.get(career.get_absolute_url()).content.decode()

    assert 'id="projection-edition"' not in html


@pytest.mark.parametrize("editions", [0, 3])
def test_the_career_page_runs_three_queries_with_or_without_editions(
    client, django_assert_num_queries, editions
):
    for n in range(editions):
        ProjectionEditionFactory(start_year=2021 + n)
    career = CareerFactory(outlook_percent=5, outlook_start_year=2021, outlook_end_year=2031)

    # Career (with the newest edition), related programs, citing guides.
    with django_assert_num_queries(3):
        assert client.get(career.get_absolute_url()).status_code == 200
