"""The match quiz at /programs/match/: qualifies first, near misses, every rule explained."""

import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

pytestmark = pytest.mark.django_db
URL = "/programs/match/"
STUDENT = {
    "gpa": "3.2",
    "gre": "310",
    "bachelors": "yes",
    "cs_degree": "yes",
    "programming": "yes",
    "math": "yes",
}


def html(response):
    return response.content.decode()


def section(page, start, end):
    return page.split(start, 1)[1].split(end, 1)[0]


# The degree and background rules, published; STUDENT meets them.
BACKGROUND = {"bachelors": "cs_related", "requires_programming": True, "requires_math": False}


@pytest.fixture
def seed_programs():
    strict = ProgramFactory(name="Strict program", tuition_amount=Decimal("20000"))
    AdmissionRuleFactory(
        program=strict,
        min_gpa=Decimal("3.00"),
        gre_policy="required",
        gre_min_total=320,
        source_url="https://example.edu/admissions",
        checked_on=datetime.date(2026, 9, 1),
        **BACKGROUND,
    )
    relaxed = ProgramFactory(name="Relaxed program", tuition_amount=Decimal("50000"))
    AdmissionRuleFactory(
        program=relaxed, min_gpa=Decimal("3.00"), gre_policy="not_required", **BACKGROUND
    )
    partner = ProgramFactory(name="Partner program", partner=True, format="hybrid")
    AdmissionRuleFactory(
        program=partner,
        min_gpa=Decimal("3.50"),
        gre_policy="required",
        gre_min_total=325,
        **BACKGROUND,
    )
    # The case: five rules, every one "Can't tell" because none is published.
    ProgramFactory(name="Vague program", tuition_amount=Decimal("10000"))
    ProgramFactory(name="Unpublished program", unpublished=True)
    return strict, relaxed, partner


def test_empty_quiz_shows_the_form_only(client, seed_programs):
    page = html(client.get(URL))
    assert '<form class="match-form" method="get" action="/programs/match/"' in page
    assert "Your matches" not in page


def groups(page):
    """The three result groups' text, by their headings."""
    return {
        "qualify": section(page, 'id="qualify-group">', 'id="unknown-group">'),
        "unknown": section(page, 'id="unknown-group">', 'id="near-group">'),
        "near": section(page, 'id="near-group">', "</section>"),
    }


def test_programs_are_grouped_qualify_cant_tell_then_near_misses(client, seed_programs):
    page = html(client.get(URL, STUDENT))
    found = groups(page)
    assert found["qualify"].startswith("You qualify: every rule published and met</h3>")
    assert "Relaxed program" in found["qualify"]
    assert found["unknown"].startswith("Can't tell yet: a rule is not published")
    assert "Vague program" in found["unknown"]
    assert "Strict program" in found["near"]
    assert "Partner program" not in page.split("Your matches", 1)[1]  # two rules unmet
    assert "Unpublished program" not in page


def test_a_program_whose_rules_all_read_cant_tell_is_never_said_to_qualify(client, seed_programs):
    page = html(client.get(URL, STUDENT))
    found = groups(page)
    assert "Vague program" not in found["qualify"]
    assert found["unknown"].count("Can&#x27;t tell:</span>") == 5
    assert (
        "Why we can't tell yet:</strong> The program does not publish its bachelor&#x27;s "
        "degree requirement, its minimum GPA, its GRE policy, its programming prerequisite or "
        "its math prerequisite." in found["unknown"]
    )


def test_a_skipped_question_keeps_programs_out_of_qualify_and_says_so(client, seed_programs):
    page = html(client.get(URL, {**STUDENT, "gpa": ""}))
    found = groups(page)
    assert (
        "None yet: a program is listed here only when it publishes every rule" in (found["qualify"])
    )
    assert "Relaxed program" in found["unknown"]
    assert "You did not tell us your GPA." in found["unknown"]


def test_every_rule_is_explained_in_plain_words(client, seed_programs):
    page = html(client.get(URL, STUDENT))
    assert "GPA 3.2 meets the 3.0 minimum" in page
    assert "GRE 310 is below the 320 minimum" in page
    assert "GRE not required" in page
    assert "Programming prerequisite not published" in page
    assert "Can&#x27;t tell:" in page


def test_each_result_names_its_source_and_checked_on_date(client, seed_programs):
    page = html(client.get(URL, STUDENT))
    assert 'href="https://example.edu/admissions" rel="nofollow noopener"' in page
    assert "checked on September 1, 2026" in page
    assert "No admissions source recorded" in page


def test_ranking_is_explained_and_prefers_budget_fit(client, seed_programs):
    answers = {**STUDENT, "gre": "330", "budget": "25000"}
    page = html(client.get(URL, answers))
    assert "How we grouped and ranked them:" in page
    qualify = groups(page)["qualify"]
    assert qualify.index("Strict program") < qualify.index("Relaxed program")
    assert "Within your budget" in qualify
    assert "Over your budget" in qualify


def test_partners_and_others_are_matched_alike(client, seed_programs):
    answers = {**STUDENT, "gpa": "3.8", "gre": "330"}
    page = html(client.get(URL, answers))
    qualify = groups(page)["qualify"]
    assert "Partner program" in qualify
    assert "Partner school · paid placement" in qualify


def test_result_counts_are_announced(client, seed_programs):
    page = html(client.get(URL, STUDENT))
    assert (
        """<p role="status">You qualify for 1 program. We can't tell yet for 1 more, and you """
        "miss one rule at 1.</p>" in page
    )


def test_results_link_to_compare_the_top_matches(client, seed_programs):
    strict, relaxed, partner = seed_programs
    page = html(client.get(URL, {**STUDENT, "gpa": "3.8", "gre": "330"}))
    assert "Compare your top matches side by side" in page
    assert f"p={relaxed.slug}" in page.split("Compare your top matches", 1)[0].rsplit("href", 1)[1]


def test_nothing_is_stored_and_the_url_is_the_result(client, seed_programs):
    response = client.get(URL, STUDENT)
    assert not response.cookies
    assert "this page's address" in html(response)
    assert "?" + urlencode(STUDENT).replace("&", "&amp;") in html(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"gpa": "7"}, "A GPA on a 4.0 scale is at most 4.0."),
        ({"gre": "200"}, "A GRE total is at least 260."),
        ({"gre": "lots"}, "Enter a GRE total between 260 and 340, or leave it blank."),
        ({"budget": "cheap"}, "Enter an amount in dollars, such as 40000, 40,000 or $40,000."),
        ({"bachelors": "maybe"}, "Select a valid choice."),
        ({"format": "moon"}, "Select a valid choice."),
        ({"field": "Alchemy"}, "Select a valid choice."),
    ],
)
def test_bad_answers_become_messages_and_the_rest_still_match(
    client, seed_programs, params, message
):
    response = client.get(URL, {**STUDENT, **params})
    assert response.status_code == 200
    assert message in html(response)
    assert "Your matches" in html(response)


@pytest.mark.parametrize("rows", [1, 25])
def test_quiz_result_runs_four_queries_with_few_or_many_programs(
    client, django_assert_num_queries, rows
):
    for n in range(rows):
        gpa = Decimal("3.00") if n % 2 else Decimal("3.50")  # qualify and near miss alike
        AdmissionRuleFactory(program=ProgramFactory(), min_gpa=gpa)
    # fields, disclosure, the best keys of the three groups (each with its group's count) in
    # one, their details
    with django_assert_num_queries(4):
        client.get(URL, {**STUDENT, "budget": "40000", "field": "Machine Learning"})


def test_empty_quiz_runs_two_queries(client, django_assert_num_queries):
    ProgramFactory()
    with django_assert_num_queries(2):
        client.get(URL)


@pytest.fixture
def gre_required_program(db):
    """One program whose admission rule requires the GRE, so the quiz has a rule to check."""
    return AdmissionRuleFactory(program=ProgramFactory(), gre_policy="required").program


names = st.sampled_from(
    ["gpa", "gre", "bachelors", "cs_degree", "programming", "math", "budget", "format", "pacing"]
    + ["field"]
)
values = st.text(max_size=20) | st.sampled_from(["yes", "no", "3.2", "340", "NaN", "1e9"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=st.lists(st.tuples(names, values), max_size=8))
def test_no_quiz_answers_ever_give_a_server_error(client, gre_required_program, params):
    assert client.get(f"{URL}?{urlencode(params)}").status_code == 200


def test_with_fewer_than_two_that_qualify_compare_offers_those_we_cannot_tell(
    client, seed_programs
):
    strict, relaxed, partner = seed_programs
    page = html(client.get(URL, {**STUDENT, "gpa": ""}))  # no GPA: nothing qualifies yet
    link = page.split("Compare your top matches", 1)[0].rsplit("href", 1)[1]
    assert f"p={relaxed.slug}" in link
    assert f"p={strict.slug}" not in link  # a near miss is not a top match
