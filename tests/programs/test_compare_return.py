"""Comparing from the directory: every click comes back to the same card, the tray names
schools, the featured box repeats no result, and the compare table has every row."""

import re
from decimal import Decimal

import pytest

from programs.compare import ROWS
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory, SchoolFactory

pytestmark = pytest.mark.django_db
URL = "/programs/"


def html(response):
    return response.content.decode()


def card(page, slug):
    """The markup of one program's card in the results."""
    start = page.index(f'id="program-{slug}"')
    return page[page.rindex("<article", 0, start) : page.index("</article>", start)]


def test_each_result_card_is_a_focus_target_named_after_its_program(client):
    ProgramFactory(slug="ms-ml-lakeshore")

    page = html(client.get(URL))

    assert '<article class="program-card" id="program-ms-ml-lakeshore" tabindex="-1">' in page


def test_add_to_compare_comes_back_to_the_same_card(client):
    first = ProgramFactory(name="First")
    second = ProgramFactory(name="Second")

    page = html(client.get(URL, {"p": first.slug}))

    add = card(page, second.slug)
    assert f'href="?p={first.slug}&amp;p={second.slug}#program-{second.slug}"' in add
    assert ">Add to compare<" in add


def test_remove_on_a_card_comes_back_to_the_same_card(client):
    first = ProgramFactory(name="First")
    second = ProgramFactory(name="Second")

    page = html(client.get(URL, {"p": [first.slug, second.slug]}))

    assert f'href="?p={second.slug}#program-{first.slug}">Remove from compare' in page


def test_compare_links_keep_the_page_the_student_is_on(client):
    programs = [ProgramFactory(name=f"Program {n:02}") for n in range(21)]
    last = programs[-1]  # by name, the only card on page 2

    page = html(client.get(URL, {"page": "2"}))

    assert f'href="?p={last.slug}&amp;page=2#program-{last.slug}">Add to compare' in page


def test_compare_links_use_the_page_shown_when_the_asked_one_is_past_the_end(client):
    program = ProgramFactory()

    page = html(client.get(URL, {"page": "9"}))

    assert f'href="?p={program.slug}#program-{program.slug}">Add to compare' in page


def test_links_announce_the_program_and_its_school(client):
    program = ProgramFactory(
        name="Master of Science in Machine Learning",
        school=SchoolFactory(name="Lakeshore University"),
    )

    page = html(client.get(URL))

    assert (
        'Add to compare<span class="visually-hidden">: Master of Science in Machine Learning, '
        "Lakeshore University</span>" in card(page, program.slug)
    )


def test_tray_names_each_program_with_its_school(client):
    same_name = "Master of Science in Machine Learning"
    lakeshore = ProgramFactory(name=same_name, school=SchoolFactory(name="Lakeshore University"))
    pinecrest = ProgramFactory(name=same_name, school=SchoolFactory(name="Pinecrest College"))

    page = html(client.get(URL, {"p": [lakeshore.slug, pinecrest.slug]}))

    tray = page.split('class="compare-tray"', 1)[1].split("</section>", 1)[0]
    assert f"<li>{same_name} — Lakeshore University <a" in tray
    assert f"<li>{same_name} — Pinecrest College <a" in tray
    assert f'Remove<span class="visually-hidden"> {same_name} — Pinecrest College' in tray


def test_tray_remove_returns_to_the_card_when_it_is_on_the_page(client):
    first = ProgramFactory(name="First")
    second = ProgramFactory(name="Second")

    page = html(client.get(URL, {"p": [first.slug, second.slug]}))

    tray = page.split('class="compare-tray"', 1)[1].split("</section>", 1)[0]
    assert f'href="?p={second.slug}#program-{first.slug}">Remove' in tray


def test_tray_remove_returns_to_the_tray_for_a_program_on_another_page(client):
    chosen = ProgramFactory(name="Online pick", format="online")
    other = ProgramFactory(name="Hybrid pick", format="hybrid")
    ProgramFactory(name="Hybrid other", format="hybrid")

    # Filtered to hybrid: "Online pick" is in the tray but not in the results.
    page = html(client.get(URL, {"format": "hybrid", "p": [chosen.slug, other.slug]}))

    tray = page.split('class="compare-tray"', 1)[1].split("</section>", 1)[0]
    assert '<section class="compare-tray" id="compare-tray" tabindex="-1"' in page
    assert f'href="?format=hybrid&amp;p={other.slug}#compare-tray">Remove' in tray


def test_removing_the_last_program_from_the_tray_returns_to_the_results(client):
    chosen = ProgramFactory(format="online")
    ProgramFactory(format="hybrid")

    page = html(client.get(URL, {"format": "hybrid", "p": chosen.slug}))

    assert 'href="?format=hybrid#results">Remove' in page


def featured_titles(page):
    if 'class="featured-partners"' not in page:
        return []
    box = page.split('class="featured-partners"', 1)[1].split("</aside>", 1)[0]
    return re.findall(r'program-card__title"><a href="[^"]+">([^<]+)<', box)


def result_titles(page):
    results = page.split('class="program-list"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'program-card__title"><a href="[^"]+">([^<]+)<', results)


def test_featured_box_never_repeats_a_card_in_the_results_on_the_page(client):
    for n in range(3):
        ProgramFactory(name=f"Partner {n}", partner=True)
    ProgramFactory.create_batch(20, name="Plain program")

    first_page = html(client.get(URL))  # by name: the three partners are on page 1
    second_page = html(client.get(URL, {"page": "2"}))

    assert set(result_titles(first_page)) >= {"Partner 0", "Partner 1", "Partner 2"}
    assert featured_titles(first_page) == []
    assert featured_titles(second_page) == ["Partner 0", "Partner 1"]
    assert not set(featured_titles(second_page)) & set(result_titles(second_page))


def test_featured_box_fills_with_partners_not_shown_in_the_results(client):
    ProgramFactory(name="A partner", partner=True, tuition_amount=Decimal("10000"))
    ProgramFactory(name="B partner", partner=True, tuition_amount=Decimal("90000"))
    ProgramFactory.create_batch(20, tuition_amount=Decimal("20000"))

    # Cheapest first: "A partner" leads page 1, "B partner" is on page 2.
    page = html(client.get(URL, {"sort": "tuition"}))

    assert result_titles(page)[0] == "A partner"
    assert featured_titles(page) == ["B partner"]


@pytest.fixture
def four_programs():
    programs = []
    for n in range(4):
        program = ProgramFactory(name=f"Program {n}")
        AdmissionRuleFactory(program=program, gre_policy="required", gre_min_total=300 + n)
        programs.append(program)
    return programs


def test_compare_table_has_a_row_for_every_attribute(client, four_programs):
    page = html(client.get("/programs/compare/", {"p": [p.slug for p in four_programs]}))

    rows = re.findall(r'<th scope="row">([^<]+)', page)
    assert [label.strip() for label in rows] == [label for label, _ in ROWS]
    assert len(rows) == 20
    assert page.count("<td>") == 20 * 4


def test_compare_columns_name_the_school(client, four_programs):
    page = html(client.get("/programs/compare/", {"p": [p.slug for p in four_programs]}))

    school = four_programs[0].school.name
    assert f'<span class="compare-school">{school}</span>' in page


def test_compare_remove_and_row_toggles_come_back_to_the_table(client, four_programs):
    slugs = [p.slug for p in four_programs]

    page = html(client.get("/programs/compare/", {"p": slugs}))

    assert 'id="comparison" tabindex="0" role="region"' in page
    remaining = "&amp;".join(f"p={s}" for s in slugs[1:])
    assert f'href="/programs/compare/?{remaining}#comparison">Remove' in page
    assert '&amp;diff=1#comparison">Show only the differences' in page


def test_three_or_more_programs_are_marked_for_landscape_printing(client, four_programs):
    wide = html(client.get("/programs/compare/", {"p": [p.slug for p in four_programs[:3]]}))
    narrow = html(client.get("/programs/compare/", {"p": [p.slug for p in four_programs[:2]]}))

    assert '<div class="compare-page compare-page--wide">' in wide
    assert '<div class="compare-page">' in narrow
