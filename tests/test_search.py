"""Site search over guides, programs, schools, careers and people: public rows only."""

import pytest

from tests.articles.factories import ArticleVersionFactory, PersonFactory, live_article
from tests.articles.public_data import DRAFT_MARK, add_draft, live_guide
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_every_kind_of_public_row(client):
    live_article(title="Robotics master's guide", author=PersonFactory(name="Robin Robotics"))
    school = SchoolFactory(name="Robotics Institute of Tech")
    ProgramFactory(name="MS in Robotics", school=school)
    CareerFactory(title="Robotics Engineer")
    html = search(client, q="robotics")
    assert "Robotics master&#x27;s guide" in html
    assert "MS in Robotics" in html
    assert "Robotics Institute of Tech" in html
    assert "Robotics Engineer" in html
    assert "Robin Robotics" in html


def test_search_needs_every_word(client):
    live_article(title="Machine learning costs")
    live_article(title="Machine vision careers")
    html = search(client, q="machine costs")
    assert "Machine learning costs" in html
    assert "Machine vision careers" not in html


def test_search_is_case_insensitive(client):
    CareerFactory(title="Data Scientist")
    assert "Data Scientist" in search(client, q="DATA scientist")


def test_search_never_shows_unpublished_rows_or_draft_text(client):
    article = live_guide()
    add_draft(article)
    ArticleVersionFactory(title=f"{DRAFT_MARK} only draft")
    ProgramFactory(name=f"{DRAFT_MARK} hidden program", unpublished=True)
    CareerFactory(title=f"{DRAFT_MARK} hidden career", is_published=False)
    SchoolFactory(name=f"{DRAFT_MARK} school without programs")
    html = search(client, q="unreleased")
    assert DRAFT_MARK not in html
    assert "No guides match." in html


def test_people_only_on_drafts_are_not_found(client):
    ArticleVersionFactory(author=PersonFactory(name="Drafty McDraft"))
    assert "Drafty McDraft" not in search(client, q="drafty")


def test_a_kind_pages_through_all_its_results(client):
    for n in range(7):
        CareerFactory(title=f"Analyst {n}")
    preview = search(client, q="analyst")
    assert "More careers matching" in preview
    full = search(client, q="analyst", type="careers")
    assert full.count('class="result__title"') == 7
    assert "Back to all results" in full


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 5000},
        {"q": "%"},
        {"q": "_"},
        {"q": "'; DROP TABLE articles_article; --"},
        {"q": "\x00"},
        {"q": "a b c d e f g h i j k"},
        {"q": "data", "type": "nonsense"},
        {"q": "data", "type": "careers", "page": "abc"},
        {"q": "data", "type": "careers", "page": "99999"},
    ],
)
def test_odd_searches_answer_without_error(client, params):
    CareerFactory(title="Data Scientist")
    response = client.get("/search/", params)
    assert response.status_code == 200


def test_an_overlong_search_is_trimmed_with_a_message(client):
    assert "only its first 100 characters were used" in search(client, q="data " * 40)


def test_search_results_are_not_indexed(client):
    assert '<meta name="robots" content="noindex">' in search(client, q="x")


@pytest.mark.django_db
def test_a_nul_in_the_query_string_never_reaches_the_page(client):
    response = client.get("/search/?q=Guide%00x")

    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
    assert 'value="Guidex"' in response.content.decode()
