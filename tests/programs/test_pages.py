"""Program page and school page: content, qualification check, JSON-LD, 404s, query counts."""

import datetime
import json
import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.templatetags.programs_tags import duration_text, gpa, money, percent, yes_no
from tests.programs.factories import (
    AdmissionRuleFactory,
    CourseFactory,
    ProgramFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>',
        html(response),
        re.S,
    )
    return [json.loads(block) for block in blocks]


@pytest.fixture
def program():
    school = SchoolFactory(
        name="Northfield Institute",
        city="Northfield",
        state="MN",
        accreditor="Higher Learning Commission",
        acceptance_rate=Decimal("42.50"),
    )
    program = ProgramFactory(
        school=school,
        name="MS in Machine Learning",
        tuition_basis="per_credit",
        tuition_amount=Decimal("1200"),
        credit_hours=30,
        duration_min_months=12,
        duration_max_months=24,
        application_fee=Decimal("75"),
        culminating="capstone",
        has_financial_aid=True,
        start_terms="Fall, Spring",
        summary="A practical degree.",
    )
    AdmissionRuleFactory(
        program=program,
        min_gpa=Decimal("3.00"),
        gre_policy="required",
        gre_min_total=320,
        bachelors="cs_related",
        requires_programming=True,
        requires_math=True,
        source_url="https://example.edu/admissions",
        checked_on=datetime.date(2026, 9, 1),
    )
    CourseFactory(program=program, name="Foundations of Machine Learning", kind="core")
    CourseFactory(program=program, name="Deep Learning", kind="elective")
    return program


def test_program_page_shows_facts_courses_and_admission_rules(client, program):
    page = html(client.get(program.get_absolute_url()))
    assert "<h1>MS in Machine Learning</h1>" in page
    assert "$36,000 ($1,200 per credit)" in page
    assert "12–24 months" in page
    assert "Foundations of Machine Learning" in page
    assert "Deep Learning" in page
    assert "3.0 on a 4.0 scale" in page
    assert "Required, minimum total 320" in page
    assert "checked on September 1, 2026" in page
    assert "42.5%" in page


def test_program_page_links_to_compare_without_javascript(client, program):
    page = html(client.get(program.get_absolute_url()))
    assert f'href="/programs/?p={program.slug}">Compare with other programs' in page


def test_check_if_you_qualify_explains_each_rule(client, program):
    response = client.get(program.get_absolute_url(), {"gpa": "3.2", "gre": "310"})
    page = html(response)
    assert "You do not meet 1 of the published rules." in page
    assert "GPA 3.2 meets the 3.0 minimum" in page
    assert "GRE 310 is below the 320 minimum" in page
    assert "/programs/match/?gpa=3.2&amp;gre=310" in page


def test_check_if_you_qualify_with_bad_input_shows_a_message(client, program):
    response = client.get(program.get_absolute_url(), {"gpa": "four", "gre": "999"})
    assert response.status_code == 200
    assert "Enter a GPA on a 4.0 scale, e.g. 3.2." in html(response)
    assert "A GRE total is at most 340." in html(response)


def test_program_without_admission_rules_says_so(client):
    program = ProgramFactory()
    page = html(client.get(program.get_absolute_url(), {"gpa": "2.0"}))
    assert "admission requirements have not been published yet" in page
    assert "No minimum GPA published" in page
    assert "You meet every published rule we could check; 5 could not be checked." in page


def test_program_json_ld_describes_the_program(client, program):
    blocks = json_ld(client.get(program.get_absolute_url()))
    node = next(b for b in blocks if b.get("@type") == "EducationalOccupationalProgram")
    assert node["provider"]["name"] == "Northfield Institute"
    assert node["provider"]["@type"] == "CollegeOrUniversity"
    assert node["timeToComplete"] == "P12M"
    assert node["educationalProgramMode"] == ["online", "asynchronous"]
    assert node["offers"] == {
        "@type": "Offer",
        "category": "Tuition",
        "price": "36000.00",
        "priceCurrency": "USD",
    }
    assert "Minimum GPA 3.0 on a 4.0 scale" in node["programPrerequisites"]
    assert "GRE required, minimum total 320" in node["programPrerequisites"]
    crumbs = next(b for b in blocks if b.get("@type") == "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "Home",
        "Programs",
        "Northfield Institute",
        "MS in Machine Learning",
    ]


def test_json_ld_carries_nothing_per_request_and_the_policy_allows_no_inline_script(
    client, program
):
    first, second = (client.get(program.get_absolute_url()) for _ in range(2))
    assert json_ld(first)
    assert "nonce" not in html(first)
    assert first.content == second.content
    assert "nonce" not in first["Content-Security-Policy"]
    assert "script-src 'self';" in first["Content-Security-Policy"]


def test_json_ld_cannot_close_its_script_element(client):
    program = ProgramFactory(summary="</script><script>alert(1)</script>")
    page = html(client.get(program.get_absolute_url()))
    assert "</script><script>alert(1)" not in page
    node = json_ld(client.get(program.get_absolute_url()))[0]
    assert node["description"].startswith("</script>")


def test_program_page_has_title_description_and_canonical(client, program):
    page = html(client.get(program.get_absolute_url()))
    assert "<title>MS in Machine Learning, Northfield Institute |" in page
    assert '<meta name="description" content="A practical degree.">' in page
    assert re.search(rf'<link rel="canonical" href="[^"]+{program.get_absolute_url()}">', page)


def test_unpublished_and_unknown_programs_are_404(client):
    hidden = ProgramFactory(unpublished=True)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/programs/no-such-program/").status_code == 404


def test_compare_and_match_are_not_read_as_program_slugs(client):
    ProgramFactory(slug="compare")
    assert "Compare programs" in html(client.get("/programs/compare/"))


@pytest.mark.parametrize("courses", [1, 12])
def test_program_page_runs_three_queries_with_few_or_many_courses(
    client, django_assert_num_queries, courses
):
    program = ProgramFactory()
    AdmissionRuleFactory(program=program)
    CourseFactory.create_batch(courses, program=program)
    with django_assert_num_queries(3):
        client.get(program.get_absolute_url(), {"gpa": "3.1"})


def test_school_page_lists_only_published_programs(client):
    school = SchoolFactory(name="Lakeside State", accreditor="MSCHE", is_partner=True)
    ProgramFactory(school=school, name="Published one")
    ProgramFactory(school=school, name="Hidden one", unpublished=True)
    page = html(client.get(school.get_absolute_url()))
    assert "<h1>Lakeside State</h1>" in page
    assert "Published one" in page
    assert "Hidden one" not in page
    assert "Programs (1)" in page
    assert "Partner school · paid placement" in page


def test_school_json_ld_names_the_school(client):
    school = SchoolFactory(name="Lakeside State", city="Erie", state="PA")
    ProgramFactory(school=school)
    node = next(b for b in json_ld(client.get(school.get_absolute_url())) if "name" in b)
    assert (node["@type"], node["address"]["addressRegion"]) == ("CollegeOrUniversity", "PA")


def test_unknown_school_is_404(client):
    assert client.get("/schools/no-such-school/").status_code == 404


@pytest.mark.parametrize("programs", [1, 10])
@pytest.mark.parametrize(("is_partner", "queries"), [(False, 2), (True, 3)])
def test_school_page_runs_a_fixed_number_of_queries_with_few_or_many_programs(
    client, django_assert_num_queries, programs, is_partner, queries
):
    # School, programs, and for a partner school the disclosure text it shows.
    school = SchoolFactory(is_partner=is_partner)
    for _ in range(programs):
        AdmissionRuleFactory(program=ProgramFactory(school=school))
    with django_assert_num_queries(queries):
        response = client.get(school.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("131490"), "$131,490"),
        (Decimal("1234.50"), "$1,234.50"),
        (0, "$0"),
        (None, "Not published"),
        ("abc", "Not published"),
    ],
)
def test_money_reads_as_people_expect(value, text):
    assert money(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("42.00"), "42%"), (Decimal("42.50"), "42.5%"), (None, "Not published")],
)
def test_percent_drops_needless_zeros(value, text):
    assert percent(value) == text


def test_small_formatters_name_the_unknown():
    assert gpa(None) == "Not published"
    assert yes_no(None) == "Not published"
    assert yes_no(False) == "No"
    assert duration_text(18, 18) == "18 months"
    assert duration_text(None, 1) == "1 month"
    assert duration_text(12, 24) == "12–24 months"


@pytest.fixture
def min_gpa_program(db):
    """One program whose admission rule asks for a 3.00 GPA, so its page checks answers."""
    return AdmissionRuleFactory(program=ProgramFactory(), min_gpa=Decimal("3.00")).program


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.lists(
        st.tuples(
            st.sampled_from(["gpa", "gre", "bachelors", "cs_degree", "programming", "math"]),
            st.text(max_size=20) | st.sampled_from(["yes", "no", "4.0", "260", "NaN"]),
        ),
        max_size=6,
    )
)
def test_no_qualification_answers_ever_give_a_server_error(client, min_gpa_program, params):
    response = client.get(f"{min_gpa_program.get_absolute_url()}?{urlencode(params)}")
    assert response.status_code == 200


def test_school_page_renders_its_description_safely_and_shows_its_logo(client):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (600, 200), "navy").save(buffer, format="PNG")
    school = SchoolFactory(
        description="A **fictional** school. <script>alert(1)</script>",
        logo=SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png"),
    )
    ProgramFactory(school=school)

    html = client.get(school.get_absolute_url()).content.decode()

    assert "<strong>fictional</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert re.search(r'<img class="school-logo" src="[^"]+\.webp" width="240" height="120"', html)
    assert f'alt="Logo of {school.name}"' in html


def test_a_school_with_no_published_program_is_not_public(client):
    hidden = ProgramFactory(unpublished=True)

    response = client.get(hidden.school.get_absolute_url())

    assert response.status_code == 404
