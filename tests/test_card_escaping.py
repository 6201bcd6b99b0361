"""Guide, career and byline cards and the guide's bylines (built in Python on core/fragments.py):
text an editor typed is escaped wherever they appear, and the cards link where they should."""

import pytest

from tests.articles.factories import PersonFactory, TopicFactory, live_article
from tests.careers.factories import CareerFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<img src=x onerror="alert(1)"> & "Co"'
ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;Co&quot;"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def hostile_guide():
    author = PersonFactory(
        name=f"Ann {HOSTILE}", slug="ann", job_title=f"Editor {HOSTILE}", short_bio=HOSTILE
    )
    return live_article(
        title=f"Guide {HOSTILE}",
        dek=f"Dek {HOSTILE}",
        author=author,
        article__slug="hostile-guide",
        article__topic=TopicFactory(name=f"Topic {HOSTILE}", slug="hostile-topic"),
    )


@pytest.mark.parametrize(
    "url",
    ["/", "/articles/", "/topics/hostile-topic/", "/people/", "/articles/hostile-guide/"],
)
def test_guide_cards_and_bylines_escape_what_editors_typed(client, hostile_guide, url):
    html = page(client, url)
    assert f"Ann {ESCAPED}" in html
    assert HOSTILE not in html
    assert 'onerror="alert(1)"' not in html


def test_a_guide_card_links_the_guide_and_names_its_author(client, hostile_guide):
    html = page(client, "/articles/")
    assert f'<a href="/articles/hostile-guide/">Guide {ESCAPED}</a>' in html
    assert f'<p class="guide-card__meta">By Ann {ESCAPED} · Updated <time' in html


def test_bylines_link_the_bio_with_the_persons_name_for_screen_readers(client, hostile_guide):
    html = page(client, "/articles/hostile-guide/")
    assert (
        '<a class="byline-card__more" href="/people/ann/">Read full bio'
        f'<span class="visually-hidden"> of Ann {ESCAPED}</span></a>'
    ) in html
    assert f'<p class="byline-card__title">Editor {ESCAPED}</p>' in html


@pytest.mark.parametrize("url", ["/", "/careers/"])
def test_career_cards_escape_what_editors_typed(client, url):
    CareerFactory(title=f"Analyst {HOSTILE}", slug="analyst", summary=f"Summary {HOSTILE}")
    html = page(client, url)
    assert f'<a href="/careers/analyst/">Analyst {ESCAPED}</a>' in html
    assert f"Summary {ESCAPED}" in html
    assert HOSTILE not in html
