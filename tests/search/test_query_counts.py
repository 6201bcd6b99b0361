"""The results page runs a fixed number of queries, however many rows match or are shown."""

import pytest

from tests.articles.factories import FAQFactory, PersonFactory, live_article
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def rows(count):
    for n in range(21):  # two pages of results, whatever `count` is
        CareerFactory(title=f"Data Analyst {n}")
    for n in range(count):
        article = live_article(
            title=f"Data guide {n}",
            body="## Data one\n\nData.\n\n## Data two\n\nData.",
            author=PersonFactory(name=f"Data Person {n}"),
        )
        FAQFactory(version=article.live_version, question="Data?", answer="Data.")
        ProgramFactory(name=f"MS in Data {n}")
        CareerFactory(title=f"Data Career {n}")


# (params, queries): one query finds the counts per kind and the page with its highlights; a
# search that finds nothing adds the vocabulary, then a search again for the corrected words
# (or for any of the words); a page past the end, the last page.
CASES = [
    ({"q": "data"}, 1),
    ({"q": "data", "kind": "programs"}, 1),
    ({"q": "data", "page": "2"}, 1),
    ({"q": "data", "page": "99"}, 2),
    ({"q": "datta"}, 3),  # nothing; "data" is the indexed word most like it
    ({"q": "data zebra"}, 3),  # nothing; no word like "zebra"; any of the words
    ({"q": "zebra"}, 2),  # nothing, and nothing like it
    ({"q": "the"}, 0),
    ({}, 0),
]


@pytest.mark.parametrize("count", [1, 12])
@pytest.mark.parametrize(("params", "queries"), CASES)
def test_search_query_count_is_fixed(client, django_assert_num_queries, count, params, queries):
    rows(count)

    with django_assert_num_queries(queries):
        assert client.get("/search/", params).status_code == 200


def test_a_page_of_results_is_ranked_once_until_the_content_changes(
    client, django_assert_num_queries
):
    rows(3)
    first = client.get("/search/", {"q": "data"})
    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": "  DATA "})
    assert again.content.count(b"<mark>") == first.content.count(b"<mark>") > 0
    careers = first.context["search"].counts["careers"]

    CareerFactory(title="Data Engineer")  # published: the index changes, so the results do
    with django_assert_num_queries(1):
        after = client.get("/search/", {"q": "data", "kind": "careers"})
    assert after.context["search"].counts["careers"] == careers + 1
