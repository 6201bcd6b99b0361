"""The compare page: 2 to 4 programs in a real table, differences marked, clear messages."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.compare import compare_url, read_slugs
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db
URL = "/programs/compare/"


def html(response):
    return response.content.decode()


@pytest.fixture
def pair():
    first = ProgramFactory(name="First program", tuition_amount=Decimal("30000"))
    AdmissionRuleFactory(program=first, gre_policy="required", gre_min_total=320)
    second = ProgramFactory(
        name="Second program", tuition_amount=Decimal("45000"), partner=True, format="hybrid"
    )
    return first, second


def test_two_programs_side_by_side_in_a_real_table(client, pair):
    first, second = pair
    page = html(client.get(URL, {"p": [first.slug, second.slug]}))
    assert "<caption>2 programs side by side" in page
    assert page.count('<th scope="col">') == 2
    assert '<th scope="row">Total tuition' in page
    assert "<td>$30,000</td>" in page
    assert "<td>$45,000</td>" in page


def test_differences_are_marked_in_words_not_only_colour(client, pair):
    first, second = pair
    page = html(client.get(URL, {"p": [first.slug, second.slug]}))
    assert (
        '<tr class="differs">\n              <th scope="row">Format '
        '<span class="differs-tag">Differs</span>' in page
    )
    assert '<th scope="row">Degree</th>' in page


def test_only_differences_view_drops_rows_that_are_the_same(client, pair):
    first, second = pair
    page = html(client.get(URL, {"p": [first.slug, second.slug], "diff": "1"}))
    assert '<th scope="row">Degree</th>' not in page
    assert "Show all rows" in page


def test_every_attribute_the_issue_lists_has_a_row(client, pair):
    page = html(client.get(URL, {"p": [p.slug for p in pair]}))
    for label in [
        "School",
        "Location",
        "Format",
        "Pacing",
        "Duration",
        "Credit hours",
        "Total tuition",
        "Tuition per credit",
        "Application fee",
        "GRE",
        "Minimum GRE total",
        "Minimum GPA",
        "Prerequisites",
        "Thesis or capstone",
        "Institutional accreditation",
        "Acceptance rate",
        "Financial aid",
        "Start terms",
    ]:
        assert f'<th scope="row">{label}' in page, label


def test_table_scrolls_sideways_in_a_labelled_focusable_region(client, pair):
    page = html(client.get(URL, {"p": [p.slug for p in pair]}))
    assert 'tabindex="0" role="region" aria-label="Comparison table, scrollable"' in page


def test_partner_programs_are_labelled_in_the_table(client, pair):
    page = html(client.get(URL, {"p": [p.slug for p in pair]}))
    assert page.count("Partner school · paid placement") == 1


def test_remove_links_keep_the_other_programs(client, pair):
    first, second = pair
    page = html(client.get(URL, {"p": [first.slug, second.slug]}))
    assert f'href="/programs/compare/?p={second.slug}">Remove' in page
    assert f'href="/programs/?p={first.slug}&amp;p={second.slug}">Add another program' in page


def test_more_than_four_shows_the_first_four_and_says_so(client):
    programs = ProgramFactory.create_batch(5)
    response = client.get(URL, {"p": [p.slug for p in programs]})
    page = html(response)
    assert response.status_code == 200
    assert "You can compare up to 4 programs at a time; showing the first 4 of the 5" in page
    assert page.count('<th scope="col">') == 4
    assert "Add another program" not in page


def test_unknown_and_unpublished_slugs_get_a_clear_message(client, pair):
    hidden = ProgramFactory(name="Secret program", unpublished=True)
    first, second = pair
    page = html(client.get(URL, {"p": [first.slug, second.slug, hidden.slug, "no-such"]}))
    assert f"We could not find “{hidden.slug}”, “no-such”." in page
    assert "Secret program" not in page
    assert page.count('<th scope="col">') == 2


def test_one_program_asks_for_another(client, pair):
    page = html(client.get(URL, {"p": pair[0].slug}))
    assert "You picked one program: First program. Choose at least two to compare." in page
    assert f'href="/programs/?p={pair[0].slug}"' in page


def test_no_programs_explains_what_to_do(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Choose two to four programs to compare them side by side." in html(response)


def test_duplicate_slugs_count_once(client, pair):
    first, second = pair
    page = html(client.get(URL, {"p": [first.slug, first.slug, second.slug]}))
    assert page.count('<th scope="col">') == 2


def test_malformed_slug_is_reported_not_a_500(client, pair):
    page = html(client.get(URL, {"p": [pair[0].slug, "<script>x</script>"]}))
    assert "We could not find “&lt;script&gt;x&lt;/script&gt;”" in page


@pytest.mark.parametrize("count", [2, 4])
def test_compare_runs_two_queries_for_two_or_four_programs(
    client, django_assert_num_queries, count
):
    programs = ProgramFactory.create_batch(count)
    for program in programs:
        AdmissionRuleFactory(program=program)
    with django_assert_num_queries(2):
        client.get(URL, {"p": [p.slug for p in programs]})


def test_read_slugs_keeps_order_and_drops_blanks():
    selection = read_slugs(["b", " ", "a", "b", "bad slug"])
    assert (selection.slugs, selection.unknown) == (["b", "a"], ["bad slug"])


def test_compare_url_repeats_p():
    assert compare_url("/programs/compare/", ["a", "b"]) == "/programs/compare/?p=a&p=b"
    assert compare_url("/programs/", []) == "/programs/"


@pytest.fixture
def one_pair(db):
    return ProgramFactory.create_batch(2)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.text(max_size=40), max_size=8))
def test_any_p_values_answer_without_a_server_error(client, one_pair, values):
    assert client.get(URL, {"p": [*values, one_pair[0].slug]}).status_code == 200
