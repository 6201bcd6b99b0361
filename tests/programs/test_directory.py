"""The program directory at /programs/: filters, facets, partners, pagination, bad input."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import SitePage
from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db
URL = "/programs/"


def html(response):
    return response.content.decode()


def result_titles(response):
    """Program names in the results list only (not the featured box)."""
    results = html(response).split('class="program-list"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'program-card__title"><a href="[^"]+">([^<]+)<', results)


def test_directory_lists_published_programs_with_the_count_announced(client):
    ProgramFactory(name="Visible program")
    ProgramFactory(name="Hidden program", unpublished=True)
    response = client.get(URL)
    assert response.status_code == 200
    assert result_titles(response) == ["Visible program"]
    assert '<p role="status" class="result-count">1 program matches.</p>' in html(response)
    assert "Hidden program" not in html(response)


def test_filters_apply_from_the_query_string(client):
    ProgramFactory(name="Online one", format="online")
    ProgramFactory(name="Hybrid one", format="hybrid")
    response = client.get(URL, {"format": "hybrid"})
    assert result_titles(response) == ["Hybrid one"]


def test_each_option_shows_how_many_programs_it_would_leave(client):
    ProgramFactory.create_batch(2, format="online")
    ProgramFactory(format="hybrid")
    page = html(client.get(URL, {"format": "hybrid"}))
    assert '<option value="online">Online (2)</option>' in page
    assert '<option value="hybrid" selected>Hybrid (1)</option>' in page


def test_chosen_filters_are_listed_each_with_a_link_removing_only_it(client):
    ProgramFactory()
    page = html(client.get(URL, {"format": "online", "no_gre": "1", "page": "1"}))
    # Each link lands back on the results, not the top of the page.
    assert 'href="?no_gre=1#results">Format: Online' in page
    assert 'href="?format=online#results">No GRE required' in page


def test_the_form_works_without_javascript_as_a_plain_get_form(client):
    page = html(client.get(URL))
    assert '<form class="finder-filters" method="get" action="/programs/#results"' in page
    assert "<script" not in page.split("<body>", 1)[1]
    assert '<button type="submit">Show programs</button>' in page


def test_partner_programs_are_labelled_and_not_moved_up_by_default(client):
    ProgramFactory(name="A plain program")
    ProgramFactory(name="B partner program", partner=True)
    response = client.get(URL)
    assert result_titles(response) == ["A plain program", "B partner program"]
    assert "Partner school · paid placement" in html(response)


def test_featured_sort_puts_partners_first_and_says_so(client):
    ProgramFactory(name="A plain program")
    ProgramFactory(name="B partner program", partner=True)
    response = client.get(URL, {"sort": "featured"})
    assert result_titles(response) == ["B partner program", "A plain program"]
    assert "Partner programs first (they pay to be featured)" in html(response)


def test_featured_partner_box_is_separate_and_not_counted(client):
    ProgramFactory.create_batch(20, name="A plain program")
    ProgramFactory(name="Partner program", partner=True)  # on page 2 of the results
    page = html(client.get(URL))
    box = page.split('class="featured-partners"', 1)[1]
    assert "Partner program" in box
    assert "not part of your results or their count" in box
    assert "21 programs match" in page


def test_page_says_how_the_order_is_computed(client):
    ProgramFactory()
    page = html(client.get(URL, {"sort": "tuition"}))
    assert "How this list is ordered:" in page
    assert "Ordered by total tuition, lowest first" in page


def test_advertising_disclosure_summary_is_shown_when_the_page_exists(client):
    SitePage.objects.create(
        slug="advertising-disclosure", title="Ads", summary="Schools may pay us.", body="x"
    )
    assert "Schools may pay us." in html(client.get(URL))


def test_no_disclosure_box_when_the_site_page_is_missing(client):
    assert 'aria-label="Advertising disclosure"' not in html(client.get(URL))


def test_tuition_range_and_per_field_table_come_from_the_data(client):
    ProgramFactory(tuition_amount=Decimal("10000"))
    ProgramFactory(tuition_amount=Decimal("131490"))
    page = html(client.get(URL))
    assert "ranges from $10,000 to $131,490" in page
    assert '<th scope="row">Machine Learning</th><td>2</td>' in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"max_tuition": "abc"}, "Enter an amount in dollars, such as 40000, 40,000 or $40,000."),
        ({"gpa": "7"}, "A GPA on a 4.0 scale is at most 4.0."),
        ({"gpa": "-1"}, "A GPA cannot be negative."),
        ({"format": "rocket"}, "Select a valid choice."),
        ({"max_months": "soon"}, "Enter a whole number of months, e.g. 24."),
        ({"sort": "random"}, "Select a valid choice."),
        ({"field": "Astrology"}, "No published programs in that field"),
    ],
)
def test_bad_values_become_messages_on_the_form(client, params, message):
    ProgramFactory()
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in html(response)


def test_a_bad_value_does_not_drop_the_other_filters(client):
    ProgramFactory(name="Online one", format="online")
    ProgramFactory(name="Hybrid one", format="hybrid")
    response = client.get(URL, {"format": "hybrid", "gpa": "seven"})
    assert result_titles(response) == ["Hybrid one"]


def test_page_past_the_end_shows_the_last_page_with_a_note(client):
    ProgramFactory.create_batch(21)
    response = client.get(URL, {"page": "9999"})
    assert response.status_code == 200
    assert "There is no page 9999; showing the last page (2)." in html(response)
    assert len(result_titles(response)) == 1


def test_page_that_is_not_a_number_shows_page_one(client):
    ProgramFactory()
    response = client.get(URL, {"page": "two"})
    assert "“two” is not a page number; showing page 1." in html(response)


def test_pages_keep_the_filters_in_their_links(client):
    ProgramFactory.create_batch(21, format="online")
    page = html(client.get(URL, {"format": "online"}))
    assert 'href="?format=online&amp;page=2" rel="next"' in page
    assert "showing 1–20" in page


def test_add_to_compare_links_build_the_selection_without_javascript(client):
    first = ProgramFactory(name="First")
    second = ProgramFactory(name="Second")
    page = html(client.get(URL, {"p": first.slug}))
    add = f'href="?p={first.slug}&amp;p={second.slug}#program-{second.slug}">Add to compare'
    assert add in page
    assert f'href="?#program-{first.slug}">Remove from compare' in page
    assert "Your comparison (1 of 4)" in page
    page = html(client.get(URL, {"p": [first.slug, second.slug]}))
    assert f'href="/programs/compare/?p={first.slug}&amp;p={second.slug}"' in page


def test_compare_selection_survives_a_filter_change(client):
    program = ProgramFactory()
    page = html(client.get(URL, {"p": program.slug}))
    assert f'<input type="hidden" name="p" value="{program.slug}">' in page


def _directory_queries(client, django_assert_num_queries, params, expected):
    with django_assert_num_queries(expected):
        assert client.get(URL, params).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_directory_runs_six_queries_with_few_or_many_programs(
    client, django_assert_num_queries, rows
):
    for n in range(rows):
        AdmissionRuleFactory(program=ProgramFactory(partner=n % 3 == 0))
    params = {"format": "online", "gpa": "3.5", "no_gre": "", "state": "IL", "sort": "tuition"}
    # disclosure, facets (options; fields and states), the page's and the featured partners'
    # keys, their cards
    _directory_queries(client, django_assert_num_queries, params, 6)


@pytest.mark.parametrize("rows", [1, 4])
def test_directory_with_a_compare_selection_adds_one_query(client, django_assert_num_queries, rows):
    programs = ProgramFactory.create_batch(rows)
    params = {"p": [p.slug for p in programs]}
    _directory_queries(client, django_assert_num_queries, params, 7)


names = st.sampled_from(
    [
        "field",
        "degree",
        "format",
        "pacing",
        "max_tuition",
        "no_gre",
        "gpa",
        "thesis",
        "max_months",
        "state",
        "aid",
        "accredited",
        "sort",
        "page",
        "p",
    ]
)
values = st.text(max_size=30) | st.sampled_from(
    ["online", "-tuition", "featured", "3.5", "1e999", "NaN", "-0", "99999999999", "CA"]
)


@pytest.fixture
def partner_program(db):
    """One partner program, so the directory has a row to filter."""
    return ProgramFactory(partner=True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.lists(st.tuples(names, values), max_size=6))
def test_no_query_string_ever_gives_a_server_error(client, partner_program, params):
    response = client.get(f"{URL}?{urlencode(params)}")
    assert response.status_code == 200


def test_repeat_visit_reads_facet_counts_from_the_cache(client, django_assert_num_queries):
    ProgramFactory.create_batch(3)
    client.get(URL, {"format": "online"})
    # Another order of the same filters is another page, with the same counts.
    with django_assert_num_queries(4):
        client.get(URL, {"format": "online", "sort": "tuition"})
    # The same address again: the whole page comes from the page cache.
    with django_assert_num_queries(0):
        client.get(URL, {"format": "online"})


def test_saving_a_program_or_its_rules_refreshes_the_counts(client):
    program = ProgramFactory(format="online")
    assert "1 program matches" in html(client.get(URL, {"format": "online"}))
    program.format = "hybrid"
    program.save()
    assert "No programs match these filters" in html(client.get(URL, {"format": "online"}))
    rule = AdmissionRuleFactory(program=program, gre_policy="required")
    assert '<input type="checkbox" name="no_gre"' in html(client.get(URL))
    rule.gre_policy = "optional"
    rule.save()
    assert "No GRE required (1)" in html(client.get(URL))
    program.delete()
    assert "No programs match these filters" in html(client.get(URL))


def test_the_count_comes_before_the_filters_which_wait_behind_a_button(client):
    ProgramFactory.create_batch(2, format="online")

    page = html(client.get(URL, {"format": "online"}))

    count = page.index('<p role="status" class="result-count">2 programs match.</p>')
    toggle = page.index(
        '<details class="finder-filters-box" id="filters">\n'
        '      <summary class="finder-filters-toggle">Filter and sort (1 chosen)</summary>'
    )
    assert page.index('<section class="finder-results" id="results"') < count < toggle
    assert toggle < page.index('<form class="finder-filters"') < page.index('class="program-list"')


def test_filters_are_open_when_a_value_needs_fixing(client):
    ProgramFactory()

    page = html(client.get(URL, {"gpa": "five"}))

    assert '<details class="finder-filters-box" id="filters" open>' in page
    assert "Some values could not be used" in page


def test_checkbox_labels_carry_their_count_without_a_trailing_colon(client):
    AdmissionRuleFactory(program=ProgramFactory(has_financial_aid=True), gre_policy="optional")

    page = html(client.get(URL))

    assert '<label for="id_no_gre">No GRE required (1)</label>' in page
    assert '<label for="id_aid">Financial aid available (1)</label>' in page


def test_zero_is_a_real_tuition_and_gpa_filter(client):
    ProgramFactory(name="Free MS", tuition_amount=Decimal("0"))
    ProgramFactory(name="Paid MS", tuition_amount=Decimal("50000"))
    AdmissionRuleFactory(program=ProgramFactory(name="Picky MS"), min_gpa=Decimal("3.5"))

    free = html(client.get(URL, {"max_tuition": "0"}))
    no_gpa = html(client.get(URL, {"gpa": "0"}))

    assert "Free MS" in free
    assert "Paid MS" not in free
    assert "Maximum total tuition ($): 0" in free  # listed with the chosen filters
    assert "Picky MS" not in no_gpa
    assert "Free MS" in no_gpa
