"""The program finder in a real browser at phone width, JavaScript off: quiz, result, compare."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.pages import OVERFLOW_JS, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def finder_site(live_site):
    """Three programs a strong student qualifies for (every rule published), one near miss, one
    whose rules are not published, and the disclosure."""
    from articles.models import SitePage
    from tests.programs.factories import AdmissionRuleFactory, ProgramFactory

    SitePage.objects.create(
        slug="advertising-disclosure",
        title="Advertising disclosure",
        summary="Some schools pay to be featured; it never changes rankings.",
        body="Details.",
    )
    for n, tuition in enumerate(["24000", "36000", "52000"]):
        program = ProgramFactory(
            name=f"Master of Science in Machine Learning at Example College {n}",
            tuition_amount=Decimal(tuition),
            partner=n == 1,
        )
        AdmissionRuleFactory(
            program=program, min_gpa=Decimal("3.00"), gre_policy="optional", **BACKGROUND
        )
    near = ProgramFactory(name="Master of Engineering in AI, strict")
    AdmissionRuleFactory(
        program=near, min_gpa=Decimal("3.50"), gre_policy="not_required", **BACKGROUND
    )
    ProgramFactory(name="Master of Science in Data Science, rules unpublished")
    return live_site


# Degree and background rules every program above publishes, and a bachelor's holder meets.
BACKGROUND = {"bachelors": "any_field", "requires_programming": False, "requires_math": False}


def test_student_takes_the_quiz_and_compares_matches_on_a_phone_without_javascript(
    finder_site, open_tab, screenshot
):
    visit = open_tab(PHONE, javascript=False)
    page = visit.page
    page.goto(f"{finder_site}/programs/match/")
    page.get_by_label("Your GPA (4.0 scale)").fill("3.2")
    page.get_by_role(
        "group", name="Do you have (or will you finish) a bachelor's degree?"
    ).get_by_label("Yes").check()
    page.get_by_label("Your budget for total tuition ($)").fill("40000")
    screenshot(page, "program-finder-1-quiz")
    page.get_by_role("button", name="See my matches").click()

    status = page.get_by_role("status")
    assert (
        "You qualify for 3 programs. We can't tell yet for 1 more, and you miss one rule at 1."
        in status.inner_text()
    )
    unknown = page.locator("ol[aria-labelledby=unknown-group]")
    assert "rules unpublished" in unknown.inner_text()
    assert "rules unpublished" not in page.locator("ol[aria-labelledby=qualify-group]").inner_text()
    assert "GPA 3.2 meets the 3.0 minimum" in page.content()
    assert "GPA 3.2 is below the 3.5 minimum" in page.content()
    assert "gpa=3.2" in page.url
    assert "budget=40000" in page.url
    screenshot(page, "program-finder-2-result")

    page.get_by_role("link", name="Compare your top matches side by side").click()
    assert page.url.count("p=") == 3
    table = page.get_by_role("table")
    expect(table.locator("thead th[scope=col]")).to_have_count(3)
    expect(table.locator("tbody th[scope=row]", has_text="Total tuition")).to_have_count(1)
    region = page.get_by_role("region", name="Comparison table, scrollable")
    widths = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > widths[1], "the table scrolls sideways inside its own region"
    layout = page.evaluate(OVERFLOW_JS, 390)
    assert layout["width"] <= 390, layout["offenders"]
    screenshot(page, "program-finder-3-compare")

    page.get_by_role(
        "link", name="Remove Master of Science in Machine Learning at Example College 0"
    ).click()
    assert page.url.count("p=") == 2
    expect(table.locator("thead th[scope=col]")).to_have_count(2)


@pytest.mark.parametrize("name", ["directory", "quiz-result", "compare", "program"])
def test_finder_pages_have_no_axe_violations_on_a_phone(finder_site, open_tab, axe, name):
    from programs.models import Program

    slugs = list(Program.objects.order_by("pk").values_list("slug", flat=True)[:3])
    path = {
        "directory": "/programs/?format=online&gpa=3.2&p=" + slugs[0],
        "quiz-result": "/programs/match/?gpa=3.2&bachelors=yes&budget=40000",
        "compare": "/programs/compare/?" + "&".join(f"p={slug}" for slug in slugs),
        "program": f"/programs/{slugs[0]}/?gpa=3.2&gre=300",
    }[name]
    visit = open_tab(PHONE)
    visit.page.goto(finder_site + path)
    assert axe(visit.page) == []
    layout = visit.page.evaluate(OVERFLOW_JS, 390)
    assert layout["width"] <= 390, layout["offenders"]
