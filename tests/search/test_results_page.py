"""The results page: ranked and highlighted safely, linked to the section, filtered by kind,
paged, announced, GET only, and never a 500 whatever is typed."""

import re

import pytest

from tests.articles.factories import FAQFactory, PersonFactory, live_article
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db

BODY = """Intro about programs.

## Costs and aid

Tuition varies. Quokka grants help.

## Admission Requirements

Most programs want the GRE.
"""


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.text


def results(html):
    """The links of the results, in order."""
    return re.findall(r'<h3 class="search-result__title"><a href="([^"]+)"', html)


def test_every_kind_of_public_row_is_found(client):
    guide = live_article(title="Robotics guide", author=PersonFactory(name="Robin Robotics"))
    school = SchoolFactory(name="Robotics Institute of Tech")
    program = ProgramFactory(name="MS in Robotics", school=school)
    career = CareerFactory(title="Robotics Engineer", is_published=True)

    links = results(search(client, q="robotics"))

    person = guide.live_version.author
    expected = [guide, program, school, career, person]
    assert sorted(links) == sorted(item.get_absolute_url() for item in expected)


def test_matched_words_are_marked_and_everything_else_escaped(client):
    live_article(
        title="<script>alert(1)</script> Quokka costs",
        dek="What <b>quokka</b> study costs & why.",
        body="Quokka <em>grants</em> & loans.",
    )

    html = search(client, q="quokka")

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Quokka</mark> costs" in html
    # (PostgreSQL's snippets end at the last word, SQLite's at the end of the text.)
    assert "<mark>Quokka</mark> grants &amp; loans" in html


def test_a_guide_result_links_to_the_section_with_the_match(client):
    guide = live_article(title="Paying for school", body=BODY)

    html = search(client, q="quokka grants")

    assert results(html) == [f"{guide.get_absolute_url()}#costs-and-aid"]
    assert "In the section “Costs and aid”" in html
    assert "Tuition varies. <mark>Quokka</mark> <mark>grants</mark> help" in html


def test_the_section_anchor_is_the_id_the_guide_page_gives_its_heading(client):
    guide = live_article(title="Paying for school", body=BODY)
    page = client.get(guide.get_absolute_url()).text

    link = results(search(client, q="GRE"))[0]

    anchor = link.split("#")[1]
    assert anchor == "admission-requirements"
    assert f'id="{anchor}"' in page


def test_an_faq_answer_links_to_the_questions(client):
    guide = live_article(title="Paying for school")
    FAQFactory(version=guide.live_version, question="Is aid available?", answer="Quokka fund pays.")

    html = search(client, q="quokka")

    assert results(html) == [f"{guide.get_absolute_url()}#faq"]
    assert "In the section “Is aid available?”" in html


def test_a_guide_matched_in_several_sections_is_listed_once(client):
    guide = live_article(
        title="Quokka guide", dek="Quokka.", body="## One\n\nQuokka.\n\n## Two\n\nQuokka."
    )

    html = search(client, q="quokka")

    assert [link.split("#")[0] for link in results(html)] == [guide.get_absolute_url()]
    assert "1 result for “quokka”." in html


def test_the_count_is_announced_with_counts_per_kind(client):
    for n in range(3):
        ProgramFactory(name=f"Quokka program {n}")
    CareerFactory(title="Quokka keeper", is_published=True)

    html = search(client, q="quokka")

    assert '<p class="search-status" role="status">4 results for “quokka”.</p>' in html
    assert 'href="?q=quokka&amp;kind=programs">Programs <span class="search-kinds__count">3' in html
    assert 'href="?q=quokka&amp;kind=careers">Careers <span class="search-kinds__count">1' in html
    assert '<span class="search-kinds__none">Schools <span class="search-kinds__count">0' in html


def test_a_kind_keeps_only_its_results(client):
    ProgramFactory(name="Quokka program")
    career = CareerFactory(title="Quokka keeper", is_published=True)

    html = search(client, q="quokka", kind="careers")

    assert results(html) == [career.get_absolute_url()]
    assert "1 result in careers for “quokka”." in html
    assert 'aria-current="page">Careers' in html
    assert '<input type="hidden" name="kind" value="careers">' in html


def test_the_old_type_parameter_still_chooses_a_kind(client):
    ProgramFactory(name="Quokka program")
    career = CareerFactory(title="Quokka keeper", is_published=True)

    assert results(search(client, q="quokka", type="careers")) == [career.get_absolute_url()]


def test_a_kind_without_results_says_other_kinds_have_some(client):
    ProgramFactory(name="Quokka program")

    html = search(client, q="quokka", kind="people")

    assert "No people match “quokka”, but other kinds of results do." in html
    assert results(html) == []


def test_results_are_paged_twenty_at_a_time(client):
    for n in range(23):
        CareerFactory(title=f"Quokka keeper {n}", is_published=True)

    first = search(client, q="quokka")
    second = search(client, q="quokka", page="2")

    assert len(results(first)) == 20
    assert "23 results for “quokka”, page 1 of 2." in first
    assert 'href="?q=quokka&amp;page=2" rel="next"' in first
    assert len(results(second)) == 3
    assert not set(results(first)) & set(results(second))
    assert '<ol class="result-list search-results" start="21">' in second


def test_nothing_found_says_so_and_suggests_what_to_try(client):
    html = search(client, q="zebra")

    assert "No results for “zebra”. Check the spelling, or try a more general word." in html
    assert 'class="search-kinds"' not in html


def test_a_misspelt_word_is_searched_as_the_indexed_word_it_is_most_like(client):
    career = CareerFactory(title="Quokka keeper", is_published=True)

    html = search(client, q="quoka")

    assert results(html) == [career.get_absolute_url()]
    assert "No results for “quoka”. Showing 1 result for “" in html


def test_when_no_row_has_every_word_rows_with_some_of_them_are_shown(client):
    career = CareerFactory(title="Quokka keeper", is_published=True)

    html = search(client, q="quokka zebra")

    assert results(html) == [career.get_absolute_url()]
    assert "No result has all of your words, so these have some of them." in html


def test_only_common_words_ask_for_a_more_specific_one(client):
    html = search(client, q="how to do it")

    assert "Those words are too common to search for." in html


def test_an_overlong_search_is_trimmed_with_a_message(client):
    assert "only its first 100 characters were used" in search(client, q="data " * 40)


def test_search_results_are_not_indexed_by_search_engines(client):
    assert '<meta name="robots" content="noindex">' in search(client, q="x")


def test_the_search_is_a_get_form_that_works_without_javascript(client):
    html = search(client, q="quokka")

    form = re.search(
        r'<form class="search-form" method="get" action="/search/">.*?</form>', html, re.S
    )
    assert form
    assert 'name="q" value="quokka"' in form[0]
    assert "<script" not in form[0]


def test_search_answers_only_get_and_head(client):
    assert client.post("/search/", {"q": "data"}).status_code == 405
    assert client.head("/search/", {"q": "data"}).status_code == 200


def test_a_nul_in_the_query_string_never_reaches_the_page(client):
    response = client.get("/search/?q=Guide%00x")

    assert response.status_code == 200
    assert "\x00" not in response.text
    assert 'value="Guidex"' in response.text


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 5000},
        {"q": "%"},
        {"q": "_"},
        {"q": '"'},
        {"q": '"data'},
        {"q": "data*"},
        {"q": "*"},
        {"q": "data NEAR scientist"},
        {"q": "NEAR(data scientist, 2)"},
        {"q": "data OR scientist AND NOT salary"},
        {"q": "-data +scientist"},
        {"q": "title:data"},
        {"q": "{title}: data"},
        {"q": "^data"},
        {"q": "(data"},
        {"q": "data & !salary | <->"},
        {"q": "'; DROP TABLE articles_article; --"},
        {"q": "\x00"},
        {"q": "\x02data\x03"},
        {"q": "a b c d e f g h i j k"},
        {"q": "☃ 数据 ß"},
        {"q": "data", "kind": "nonsense"},
        {"q": "data", "kind": "careers", "page": "abc"},
        {"q": "data", "kind": "careers", "page": "99999"},
        {"q": "data", "page": "-1"},
        {"q": "zzzzqx zzzzqy"},
        {"q": "987654"},
        {"q": "987654 123456"},
    ],
)
def test_odd_searches_answer_without_error(client, params):
    CareerFactory(title="Data Scientist", is_published=True)

    response = client.get("/search/", params)

    assert response.status_code == 200
    assert "\x02" not in response.text
    assert "\x03" not in response.text


def test_pages_with_the_words_in_a_title_or_heading_come_before_those_with_them_in_text(client):
    in_text = live_article(title="Paying for school", body="Quokka grants. " * 20)
    in_title = CareerFactory(title="Quokka keeper", summary="Looks after animals.")

    assert results(search(client, q="quokka")) == [
        in_title.get_absolute_url(),
        in_text.get_absolute_url(),
    ]


def test_pages_matched_only_in_text_follow_on_the_next_page(client):
    for n in range(21):
        CareerFactory(title=f"Quokka keeper {n}")
    in_text = live_article(title="Paying for school", body="Quokka grants help.")

    first = results(search(client, q="quokka"))
    second = results(search(client, q="quokka", page="2"))

    assert in_text.get_absolute_url() not in first
    assert len(second) == 2
    assert second[-1] == in_text.get_absolute_url()
