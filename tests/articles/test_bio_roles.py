"""Bio pages list each role in its own section, and say what a reviewer did (issue 12)."""

import re

import pytest

from tests.articles.factories import PersonFactory, live_article

pytestmark = pytest.mark.django_db


def headings(html):
    return re.findall(r'<h2 id="[a-z]+-guides-title">([^<]+) <span', html)


def section(html, role):
    """The titles listed under one role's heading."""
    part = html.split(f'id="{role}-guides-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="/articles/[^"]+/">([^<]+)</a>', part)


def test_a_reviewers_page_says_guides_reviewed_by(client):
    reviewer = PersonFactory(name="Victoria Ivy Southall")
    live_article(reviewer=reviewer, title="Checked guide")

    html = client.get(reviewer.get_absolute_url()).content.decode()

    assert headings(html) == ["Guides reviewed by Victoria Ivy Southall"]
    assert "Guides by" not in html
    assert section(html, "reviewer") == ["Checked guide"]


def test_each_role_has_its_own_section_in_byline_order(client):
    person = PersonFactory(name="Morgan Many")
    live_article(reviewer=person, title="Reviewed guide")
    live_article(author=person, title="Written guide")
    live_article(editor=person, title="Edited guide")
    live_article(author=person, title="Second written guide")

    html = client.get(person.get_absolute_url()).content.decode()

    assert headings(html) == [
        "Guides written by Morgan Many",
        "Guides edited by Morgan Many",
        "Guides reviewed by Morgan Many",
    ]
    assert sorted(section(html, "author")) == ["Second written guide", "Written guide"]
    assert section(html, "editor") == ["Edited guide"]
    assert section(html, "reviewer") == ["Reviewed guide"]
    assert '<span class="role-count">(2)</span>' in html


def test_a_guide_with_two_roles_of_the_person_is_listed_under_both(client):
    # The review workflow never lets an author approve their own guide, but the data allows it
    # (an import, an old guide): the page still lists each role.
    person = PersonFactory(name="Solo Writer")
    live_article(author=person, reviewer=person, title="Done alone")

    html = client.get(person.get_absolute_url()).content.decode()

    assert section(html, "author") == ["Done alone"]
    assert section(html, "reviewer") == ["Done alone"]


def test_sections_continue_across_pages_in_role_order(client):
    person = PersonFactory(name="Paged Person")
    for n in range(19):
        live_article(author=person, title=f"Written {n:02}")
    live_article(reviewer=person, title="Reviewed one")
    live_article(reviewer=person, title="Reviewed two")

    first = client.get(person.get_absolute_url()).content.decode()
    second = client.get(person.get_absolute_url(), {"page": 2}).content.decode()

    assert headings(first) == [
        "Guides written by Paged Person",
        "Guides reviewed by Paged Person",
    ]
    assert len(section(first, "author")) == 19
    assert len(section(first, "reviewer")) == 1
    assert '<span class="role-count">(2)</span>' in first  # the section's total, not the page's
    assert headings(second) == ["Guides reviewed by Paged Person"]
    assert len(section(second, "reviewer")) == 1


def test_a_person_with_no_live_guide_has_no_bio_page(client):
    person = PersonFactory()
    assert client.get(person.get_absolute_url()).status_code == 404
