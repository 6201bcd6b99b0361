"""What students type, and what must come first, on the demo content: the same table on SQLite
(FTS5) and on PostgreSQL (full-text search), whichever database the suite runs on."""

import pytest
from django.db import transaction
from django.test import override_settings

from guidesite.demo import loader

GUIDE = "/articles/can-you-earn-a-masters-in-machine-learning/"

# (what a student types, the link the first result must have). A link with a #fragment must
# be exact; one without is that page, at whichever of its sections matched best.
RANKING = [
    # A guide's section, linked at its heading.
    ("GRE", f"{GUIDE}#admission-requirements"),
    ("GPA", f"{GUIDE}#admission-requirements"),
    ("tuition", f"{GUIDE}#program-costs"),
    ("scholarships", f"{GUIDE}#program-costs"),
    ("accreditation", f"{GUIDE}#how-to-choose-a-machine-learning-program"),
    ("bootcamp", f"{GUIDE}#what-to-expect-from-a-masters-in-machine-learning"),
    ("Arthur Samuel", f"{GUIDE}#why-get-a-masters-in-machine-learning-degree"),
    ("difference between ML and AI", f"{GUIDE}#faq"),
    # Stemming: "masters" finds "Master's", "scientists" finds "Scientist".
    ("masters machine learning", GUIDE),
    ("research scientists", "/careers/research-scientist/"),
    # Careers by title, with what their cards show.
    ("data scientist salary", "/careers/data-scientist/"),
    ("machine learning engineer salary", "/careers/machine-learning-engineer/"),
    ("business intelligence analyst", "/careers/business-intelligence-analyst/"),
    # People by surname, job title and bio.
    ("Perkowitz", "/people/aaron-perkowitz/"),
    ("Southall", "/people/victoria-ivy-southall/"),
    ("cybersecurity", "/people/victoria-ivy-southall/"),
    ("HNA Group", "/people/aaron-perkowitz/"),
    # Schools by name, city and state.
    ("Bramblewood", "/schools/bramblewood/"),
    ("Lakemont", "/schools/northfield-tech/"),
    ("Port Merrin", "/schools/harrowgate/"),
    ("Minnesota", "/schools/northfield-tech/"),
    # Programs by name.
    ("applied machine learning", "/programs/silverbirch-poly-mps-applied-machine-learning/"),
    ("data science", "/programs/oakhurst-ms-data-science-and-machine-learning/"),
    # Misspellings: searched again for the indexed words they are most like.
    ("machne lerning", GUIDE),
    ("scholarshps", f"{GUIDE}#program-costs"),
    ("Perkowtiz", "/people/aaron-perkowitz/"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for the module (portraits drawn in a scratch folder) and
    rolled back after it; the signals fill the search index as the loader saves."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        loader.load()
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize(("typed", "first"), RANKING)
def test_the_result_students_look_for_comes_first(client, demo, db, typed, first):
    response = client.get("/search/", {"q": typed})

    results = response.context["search"].page_obj.object_list
    assert response.status_code == 200
    assert results, f"{typed!r} found nothing"
    link = results[0].url if "#" in first else results[0].url.split("#")[0]
    assert link == first, [result.url for result in results[:3]]


def test_the_table_has_at_least_twenty_queries():
    assert len(RANKING) >= 20


def test_a_misspelling_says_what_was_searched_instead(client, demo, db):
    html = client.get("/search/", {"q": "machne lerning"}).text

    assert "No results for “machne lerning”." in html
    assert 'results for “<a href="?q=machine+learning">machine learning</a>” instead.' in html


@pytest.mark.parametrize(
    ("typed", "kinds"),
    [
        ("machine learning", {"guides": 1, "programs": 15, "careers": 4}),
        ("Lakemont", {"schools": 1, "programs": 2}),
        ("scientist", {"careers": 2, "guides": 1}),
    ],
)
def test_each_kind_is_counted_once_per_page_found(client, demo, db, typed, kinds):
    found = client.get("/search/", {"q": typed}).context["search"]

    assert {kind["key"]: kind["count"] for kind in found.kinds() if kind["count"]} == kinds
