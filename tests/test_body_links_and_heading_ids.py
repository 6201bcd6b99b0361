"""What an author writes in a body never links to another site by a protocol-relative address,
and never gives a heading an id the page itself uses (core/markdown.py)."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from articles.models import SitePage
from core.markdown import render
from tests.articles.factories import live_article
from tests.articles.public_data import live_guide

pytestmark = pytest.mark.django_db

IDS = re.compile(r'\sid="([^"]+)"')

# Every spelling a browser reads as //evil.example/x (it drops tabs and leading spaces, and
# reads a backslash as a slash): another site, whatever the scheme.
PROTOCOL_RELATIVE = [
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example/x",
    "/&#9;/evil.example/x",
    "&#10;//evil.example/x",
    " //evil.example/x",
]


@pytest.mark.parametrize("address", PROTOCOL_RELATIVE)
def test_a_protocol_relative_link_is_dropped(address):
    html = str(render(f'<a href="{address}">bait</a>').html)

    assert "evil.example" not in html
    assert "bait" in html  # the text stays, without the link


@pytest.mark.parametrize("address", PROTOCOL_RELATIVE)
def test_a_protocol_relative_image_is_dropped(address):
    html = str(render(f'<img src="{address}" alt="pixel">').html)

    assert "evil.example" not in html


def test_protocol_relative_links_and_images_written_in_markdown_are_dropped():
    html = str(render("[bait](//evil.example/x) ![tracker](//evil.example/i.png)").html)

    assert "evil.example" not in html
    assert "bait" in html


@pytest.mark.parametrize(
    "address",
    [
        "https://www.bls.gov/ooh/",
        "http://example.edu/admissions",
        "mailto:editors@example.org",
        "/programs/",
        "../careers/",
        "#first-section",
        "?page=2",
    ],
)
def test_links_to_web_pages_mail_and_this_site_are_kept(address):
    html = str(render(f"[a link]({address})").html)

    assert f'href="{address}"' in html


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,x", "ftp://x.example"])
def test_links_with_other_schemes_are_dropped(address):
    assert "href" not in str(render(f"[a link]({address})").html)


def test_a_protocol_relative_link_never_reaches_the_guide_page(client):
    article = live_article(body="Read [this](//evil.example/x).\n\n![x](//evil.example/i.png)")

    html = client.get(article.get_absolute_url()).text

    assert "evil.example" not in html


def _as_heading(element_id):
    """A heading whose id would be `element_id`: "site-search-q" -> "Site search q"."""
    return element_id.replace("-", " ").replace("_", " ").capitalize()


def test_a_heading_named_like_the_site_search_box_gets_an_id_of_its_own(client):
    article = live_article(body="## Site search q\n\nText.")

    html = client.get(article.get_absolute_url()).text

    assert html.count('id="site-search-q"') == 1
    assert '<h2 id="site-search-q-section">Site search q</h2>' in html
    assert 'href="#site-search-q-section"' in html  # the table of contents follows


def test_no_heading_of_a_guide_ever_repeats_an_id_of_its_page(client):
    article = live_guide(related=1)
    page_ids = set(IDS.findall(client.get(article.get_absolute_url()).text))
    assert {"site-search-q", "main", "faq", "sources", "toc-title"} <= page_ids
    version = article.live_version
    # Every id of the page as a heading, then each of those renamed ones written out too.
    version.body = "\n\n".join(
        [f"## {_as_heading(i)}" for i in sorted(page_ids)]
        + [f"## {_as_heading(i)} section" for i in sorted(page_ids)]
        + ["## Main", "### Main", "#### Main", "## Faq {#sources}"]
    )
    version.save()

    html = client.get(article.get_absolute_url()).text

    repeated = {i: n for i, n in Counter(IDS.findall(html)).items() if n > 1}
    assert repeated == {}
    # Every entry of the table of contents still leads to its heading.
    for target in re.findall(r'href="#([^"]+)"', html):
        assert f'id="{target}"' in html


def test_no_heading_of_a_site_page_repeats_an_id_of_its_page(client):
    page = SitePage.objects.create(slug="editorial-process", title="Process", body="Text.")
    page_ids = set(IDS.findall(client.get(page.get_absolute_url()).text))
    page.body = "\n\n".join(f"## {_as_heading(i)}" for i in sorted(page_ids))
    page.save()

    html = client.get(reverse("site_page", args=[page.slug])).text

    assert {i: n for i, n in Counter(IDS.findall(html)).items() if n > 1} == {}


def test_headings_named_alike_still_get_distinct_ids():
    rendered = render("## Main\n\n## Main section\n\n## FAQ\n\n## Main")

    ids = IDS.findall(str(rendered.html))
    assert len(ids) == len(set(ids)) == 4
    assert "main" not in ids
    assert "faq" not in ids
    assert [entry["id"] for entry in rendered.toc] == ids
