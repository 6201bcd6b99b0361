"""Every public page runs a fixed number of queries, however many related rows it shows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import SitePage
from tests.articles.factories import PersonFactory, TopicFactory, live_article
from tests.articles.public_data import live_guide, person_with_portrait
from tests.careers.factories import CareerFactory
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db

# Guide page: the article with its live version (FAQ entries and sources stored on it), people,
# topic and the disclosure text; its programs with their fields' figures; its careers. From the
# cache: none.
GUIDE_QUERIES = 3
GUIDE_QUERIES_CACHED = 0


def test_guide_page_query_count_is_fixed(client, django_assert_num_queries):
    SitePage.objects.create(slug="advertising-disclosure", title="D", summary="S", body="B")
    queries = {}
    for related in (1, 12):
        article = live_guide(
            related=related,
            author=person_with_portrait(),
            editor=person_with_portrait(),
            reviewer=person_with_portrait(),
        )
        # Admission rules, so a card reading a column the page does not select shows here.
        for program in article.live_version.programs.all():
            AdmissionRuleFactory(program=program, min_gpa=3, deadline=date(2030, 1, 15))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        queries[related] = len(captured)
        with django_assert_num_queries(GUIDE_QUERIES_CACHED):
            cached = client.get(article.get_absolute_url())
        assert cached.status_code == 200
    # Twelve FAQs, sources, programs and careers cost no more queries than one of each.
    assert queries == {1: GUIDE_QUERIES, 12: GUIDE_QUERIES}


def many_guides(count, **kwargs):
    topic = TopicFactory()
    author = PersonFactory()
    return [live_article(article__topic=topic, author=author, **kwargs) for _ in range(count)]


@pytest.mark.parametrize("count", [1, 15])
def test_list_pages_query_counts_are_fixed(client, django_assert_num_queries, count):
    guides = many_guides(count)
    for n in range(count):
        CareerFactory(title=f"Career {n}")
    topic = guides[0].topic
    author = guides[0].live_version.author
    pages = {
        "/": 3,  # guides, topics with counts, careers
        reverse("articles:list"): 2,  # count, page
        topic.get_absolute_url(): 3,  # topic, count, page
        reverse("articles:people"): 2,  # count, page
        author.get_absolute_url(): 3,  # person, count, page
        reverse("careers:list"): 2,  # count, page
        reverse("careers:list") + "?sort=salary": 2,
    }
    for url, queries in pages.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("count", [1, 10])
def test_career_page_query_count_is_fixed(client, django_assert_num_queries, count):
    career = CareerFactory(program_field="Machine Learning")
    for n in range(count):
        career.programs.add(ProgramFactory(field="Other", partner=n % 2 == 0))
        ProgramFactory(field="Machine Learning")
        live_article().live_version.careers.add(career)
    # career; related programs; citing guides
    with django_assert_num_queries(3):
        assert client.get(career.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_search_query_count_is_fixed(client, django_assert_num_queries, count):
    for n in range(count):
        live_article(title=f"Data guide {n}", author=PersonFactory(name=f"Data Person {n}"))
        ProgramFactory(name=f"MS in Data {n}")
        CareerFactory(title=f"Data Career {n}")
    # Every kind reads one index table (guidesite/search/): the counts per kind and the page
    # in one query (tests/search/test_query_counts.py has the other cases).
    with django_assert_num_queries(1):
        assert client.get("/search/", {"q": "data"}).status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/search/", {"q": "data", "kind": "programs"}).status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/search/").status_code == 200


def test_site_page_feed_and_robots_query_counts(client, django_assert_num_queries):
    SitePage.objects.create(slug="editorial-process", title="E", body="B")
    many_guides(5)
    with django_assert_num_queries(1):
        assert client.get("/editorial-process/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/feeds/articles/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/robots.txt").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("count", [1, 10])
def test_sitemap_query_count_is_fixed(client, django_assert_num_queries, count):
    many_guides(count)
    for _ in range(count):
        ProgramFactory()
        CareerFactory()
    with django_assert_num_queries(13):
        assert client.get("/sitemap.xml").status_code == 200
