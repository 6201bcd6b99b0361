"""Career list (sortable) and career page, with related programs and guides."""

import pytest

from tests.articles.factories import ArticleVersionFactory, live_article
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def titles_in_order(html, titles):
    return sorted(titles, key=html.index)


def test_career_list_shows_published_careers_with_their_figures(client):
    CareerFactory(
        title="Research Scientist",
        salary=131490,
        education="masters",
        outlook_percent=21,
        outlook_start_year=2021,
        outlook_end_year=2031,
    )
    CareerFactory(title="Hidden Career", is_published=False)
    html = client.get("/careers/").content.decode()
    assert "Research Scientist" in html
    assert "Median Annual Salary:</span> $131,490" in html
    assert "Job Outlook (2021-31):</span> +21%" in html
    assert "Required Education:</span> Master&#x27;s degree" in html
    assert "Hidden Career" not in html


def test_career_list_sorts_by_salary_highest_first_with_unknown_last(client):
    CareerFactory(title="Low", salary=50000)
    CareerFactory(title="None", salary=None)
    CareerFactory(title="High", salary=150000)
    html = client.get("/careers/?sort=salary").content.decode()
    assert titles_in_order(html, ["Low", "None", "High"]) == ["High", "Low", "None"]


def test_career_list_sorts_by_outlook(client):
    CareerFactory(
        title="Shrinking", outlook_percent=-3, outlook_start_year=2021, outlook_end_year=2031
    )
    CareerFactory(title="Unknown", outlook_percent=None)
    CareerFactory(
        title="Growing", outlook_percent=36, outlook_start_year=2021, outlook_end_year=2031
    )
    html = client.get("/careers/?sort=outlook").content.decode()
    assert titles_in_order(html, ["Shrinking", "Unknown", "Growing"]) == [
        "Growing",
        "Shrinking",
        "Unknown",
    ]
    assert "-3%" in html
    assert "Not Available" in html


@pytest.mark.parametrize("sort", ["bogus", "-salary", "salary;drop", "", "<script>"])
def test_an_unknown_sort_falls_back_to_title_with_a_message(client, sort):
    CareerFactory(title="Beta")
    CareerFactory(title="Alpha")
    response = client.get("/careers/", {"sort": sort})
    html = response.content.decode()
    assert response.status_code == 200
    assert titles_in_order(html, ["Beta", "Alpha"]) == ["Alpha", "Beta"]
    if sort:
        assert "That sort order is not available" in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_career_list_paginates_and_keeps_the_sort(client):
    for n in range(21):
        CareerFactory(salary=1000 * n)
    html = client.get("/careers/?sort=salary").content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?sort=salary&amp;page=2"' in html


def test_career_page_shows_figures_source_and_description(client):
    career = CareerFactory(
        title="Data Scientist",
        salary=100910,
        salary_year=2022,
        description="## What they do\n\nFind **patterns**.",
        source_name="U.S. Bureau of Labor Statistics",
        source_url="https://www.bls.gov/ooh/",
        source_edition="Occupational Outlook Handbook",
        soc_code="15-2051",
    )
    html = client.get(career.get_absolute_url()).content.decode()
    assert "<h1>Data Scientist</h1>" in html
    assert "$100,910" in html
    assert "Median annual salary (2022)" in html
    assert "U.S. Bureau of Labor Statistics" in html
    assert "15-2051" in html
    assert "<strong>patterns</strong>" in html


def test_career_page_lists_related_programs_by_pick_and_by_field(client):
    career = CareerFactory(program_field="Machine Learning")
    picked = ProgramFactory(name="Picked program", field="Robotics")
    career.programs.add(picked)
    ProgramFactory(name="Field program", field="machine learning")
    ProgramFactory(name="Unrelated program", field="Nursing")
    ProgramFactory(name="Hidden program", field="Machine Learning", unpublished=True)
    html = client.get(career.get_absolute_url()).content.decode()
    assert "Picked program" in html
    assert "Field program" in html
    assert "Unrelated program" not in html
    assert "Hidden program" not in html


def test_career_page_lists_live_guides_that_cite_it_and_not_drafts(client):
    career = CareerFactory()
    live = live_article(title="Live citing guide")
    live.live_version.careers.add(career)
    draft = ArticleVersionFactory(title="Draft citing guide")
    draft.careers.add(career)
    html = client.get(career.get_absolute_url()).content.decode()
    assert "Live citing guide" in html
    assert "Draft citing guide" not in html


def test_unpublished_or_unknown_career_is_a_404(client):
    career = CareerFactory(is_published=False)
    assert client.get(career.get_absolute_url()).status_code == 404
    assert client.get("/careers/no-such-career/").status_code == 404
