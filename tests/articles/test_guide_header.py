"""The top of a guide page, short enough on a phone that the text starts soon (issue 12)."""

import re

import pytest

from articles.models import SitePage
from core.templatetags.core_tags import first_sentence
from tests.articles.factories import PersonFactory
from tests.articles.public_data import live_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client):
    SitePage.objects.create(
        slug="advertising-disclosure",
        title="Advertising disclosure",
        summary="We are an advertising-supported site. Partner schools pay to be featured.",
        body="Text.",
    )
    author = PersonFactory(
        name="Aaron Author", job_title="Contributing Writer", short_bio="Writes about data."
    )
    article = live_guide(author=author)
    return client.get(article.get_absolute_url()).content.decode()


def test_bylines_are_one_row_of_closed_disclosures_with_role_and_name(page):
    bylines = page.split('<div class="bylines">', 1)[1].split("</div>\n\n", 1)[0]
    summaries = re.findall(
        r'<span class="byline__role">([^<]+)</span> <span class="byline__name">([^<]+)</span>',
        bylines,
    )
    assert summaries == [
        ("Written by", "Aaron Author"),
        ("Edited by", "Edna Editor"),
        ("Reviewed by", "Rhea Reviewer"),
    ]
    assert bylines.count('<details class="byline">') == 3  # closed: bios open on demand


def test_a_bio_opens_from_its_byline_with_a_link_to_the_bio_page(page):
    byline = page.split('<details class="byline">', 1)[1].split("</details>", 1)[0]
    bio = byline.split("</summary>", 1)[1]
    assert "Contributing Writer" in bio
    assert "Writes about data." in bio
    assert re.search(r'<a class="byline-card__more" href="/people/[^"]+/">Read full bio', bio)


def test_the_disclosure_is_one_sentence_linking_to_the_whole_of_it(page):
    header = page.split('<header class="guide__header">', 1)[1].split("</header>", 1)[0]
    assert (
        '<p class="disclosure-line"><a href="/advertising-disclosure/">'
        "We are an advertising-supported site."
        '<span class="visually-hidden"> Read our advertising disclosure.</span></a></p>'
    ) in header
    assert "Partner schools pay to be featured." not in header


def test_the_table_of_contents_starts_closed_and_works_without_javascript(page):
    toc = page.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert '<details class="toc__box">' in toc
    assert '<summary class="toc__toggle">Table of contents</summary>' in toc
    assert '<a href="#first-section">First section</a>' in toc
    # The script only marks the section being read; the links work without it.
    assert re.search(r'<script src="/static/articles/toc\.js[^"]*" defer></script>', page)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One. Two.", "One."),
        ("Are we paid? Yes, by partners.", "Are we paid?"),
        ("Fees of $1.5 million fund us. More.", "Fees of $1.5 million fund us."),
        ("Schools, e.g. partners, pay us. More.", "Schools, e.g. partners, pay us."),
        ("No full stop at all", "No full stop at all"),
    ],
)
def test_first_sentence_stops_only_at_a_sentence_end(text, first):
    assert first_sentence(text) == first


def test_the_disclosure_line_follows_its_site_page_and_is_left_out_without_one(client):
    article = live_guide()
    assert "disclosure-line" not in client.get(article.get_absolute_url()).content.decode()

    disclosure = SitePage.objects.create(
        slug="advertising-disclosure", title="Disclosure", summary="Schools pay us.", body="Text."
    )
    assert "Schools pay us." in client.get(article.get_absolute_url()).content.decode()
    disclosure.summary = "Some schools pay to be featured."
    disclosure.save()  # drops the cached guide page (its tag "disclosure")

    html = client.get(article.get_absolute_url()).content.decode()
    assert "Some schools pay to be featured." in html
    assert "Schools pay us." not in html
