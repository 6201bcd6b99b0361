"""Compare in a real browser: back to the same card after each click, every row of the table in
the page's own scroll, sideways on a phone, and every row on paper (Chromium's PDF printing)."""

import io
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP, OVERFLOW_JS, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(live_site):
    """Thirty programs with every compare row filled for four of them."""
    from tests.programs.factories import AdmissionRuleFactory, ProgramFactory, SchoolFactory

    four = []
    for n in range(4):
        school = SchoolFactory(
            name=f"Lakeshore University {n}",
            accreditor="Higher Learning Commission",
            acceptance_rate=Decimal("41.5"),
        )
        program = ProgramFactory(
            name="Master of Science in Machine Learning",
            slug=f"compare-{n}",
            school=school,
            tuition_amount=Decimal(30000 + 5000 * n),
            application_fee=Decimal("75"),
            duration_min_months=12,
            duration_max_months=24,
            culminating="thesis",
            has_financial_aid=True,
            start_terms="Fall, Spring",
        )
        AdmissionRuleFactory(
            program=program,
            min_gpa=Decimal("3.00"),
            gre_policy="required",
            gre_min_total=310 + n,
            bachelors="cs_related",
            requires_programming=True,
            requires_math=True,
        )
        four.append(program)
    for n in range(26):
        ProgramFactory(name=f"Master of Science in Statistics {n:02}")
    return four


def test_add_to_compare_brings_a_phone_user_back_to_the_same_card(
    live_site, catalogue, open_tab, screenshot
):
    page = open_tab(PHONE, javascript=False).page
    page.goto(f"{live_site}/programs/?sort=name")
    target = "compare-3"  # the fourth card, far down the page on a phone
    card = page.locator(f"#program-{target}")
    card.get_by_role("link", name="Add to compare").click()

    assert page.url.endswith(f"#program-{target}")
    expect(card).to_be_focused()  # once the new page has scrolled to its fragment
    top = card.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 844, f"the card is in view ({top}px from the top)"
    assert page.evaluate("scrollY") > 844, "the page did not go back to the top"
    page.keyboard.press("Tab")  # the next stop is inside the same card, not 32 presses away
    assert page.evaluate(
        f"() => document.getElementById('program-{target}').contains(document.activeElement)"
    )
    screenshot(page, "compare-back-to-card")

    card.get_by_role("link", name="Remove from compare").click()
    expect(card).to_be_focused()
    expect(card.get_by_role("link", name="Add to compare")).to_have_count(1)


def test_the_tray_names_each_program_with_its_school(live_site, catalogue, open_tab):
    page = open_tab(DESKTOP).page
    slugs = [p.slug for p in catalogue[:2]]
    page.goto(f"{live_site}/programs/?p={slugs[0]}&p={slugs[1]}")

    tray = page.locator("#compare-tray").inner_text()
    assert "Master of Science in Machine Learning — Lakeshore University 0" in tray
    assert "Master of Science in Machine Learning — Lakeshore University 1" in tray


def _compare_url(live_site, programs):
    return f"{live_site}/programs/compare/?" + "&".join(f"p={p.slug}" for p in programs)


ROW_LABELS_JS = "() => [...document.querySelectorAll('tbody th[scope=row]')]"


def test_compare_shows_every_row_in_the_page_scroll_with_a_sticky_header_at_1366(
    live_site, catalogue, open_tab, screenshot
):
    from programs.compare import ROWS

    page = open_tab(DESKTOP).page
    page.goto(_compare_url(live_site, catalogue))
    region = page.get_by_role("region", name="Comparison table, scrollable")
    box = region.evaluate(
        "el => ({maxHeight: getComputedStyle(el).maxHeight,"
        " scrolls: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1})"
    )
    assert box == {"maxHeight": "none", "scrolls": False}, "no box with a scroll of its own"
    labels = page.evaluate(ROW_LABELS_JS + ".map((th) => th.firstChild.textContent.trim())")
    assert labels == [label for label, _ in ROWS]

    last = page.locator("tbody tr").last
    last.scroll_into_view_if_needed()
    seen = last.evaluate(
        "tr => { const r = tr.getBoundingClientRect();"
        " return document.elementFromPoint(r.left + 20, r.top + 5)?.closest('tr') === tr; }"
    )
    assert seen, "the last row is reached by scrolling the page itself"
    header_top = page.locator("thead th[scope=col]").first.evaluate(
        "th => th.getBoundingClientRect().top"
    )
    assert header_top == 0, "the header row sticks to the top of the window"
    screenshot(page, "compare-every-row")


def test_compare_scrolls_only_sideways_on_a_phone_with_the_row_names_in_view(
    live_site, catalogue, open_tab, screenshot
):
    page = open_tab(PHONE).page
    page.goto(_compare_url(live_site, catalogue))
    region = page.get_by_role("region", name="Comparison table, scrollable")
    sizes = region.evaluate(
        "el => [el.scrollWidth > el.clientWidth, el.scrollHeight, el.clientHeight]"
    )
    assert sizes[0], "the table scrolls sideways"
    assert sizes[1] == sizes[2], "and never up and down inside its own box"
    assert page.get_by_text("The table scrolls sideways").is_visible()
    assert region.get_attribute("tabindex") == "0"  # arrow keys scroll it after a Tab
    layout = page.evaluate(OVERFLOW_JS, 390)
    assert layout["width"] <= 390, layout["offenders"]

    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    row_name = page.locator("tbody th[scope=row]", has_text="Minimum GPA")
    left = row_name.evaluate("th => th.getBoundingClientRect().left")
    region_left = region.evaluate("el => el.getBoundingClientRect().left")
    assert abs(left - region_left) <= 2, "the row names stay on the left while scrolling"
    screenshot(page, "compare-phone-scrolled")


def test_printing_a_four_program_comparison_prints_every_row_on_landscape_pages(
    live_site, catalogue, open_tab
):
    from pypdf import PdfReader

    from programs.compare import ROWS

    page = open_tab(DESKTOP).page
    page.goto(_compare_url(live_site, catalogue))
    page.emulate_media(media="print")
    clipped = page.evaluate(
        ROW_LABELS_JS + ".filter((th) => { const r = th.getBoundingClientRect();"
        " return !r.height || getComputedStyle(th).position !== 'static'; }).length"
    )
    assert clipped == 0, "on paper no row is hidden, clipped or sticky"

    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    missing = [label for label, _ in ROWS if label not in text]
    assert missing == [], f"rows missing from the printout: {missing}"
    for n in range(4):
        assert f"Lakeshore University {n}" in text
    assert "Start terms Fall, Spring Fall, Spring Fall, Spring Fall, Spring" in text
    assert all(p.mediabox.width > p.mediabox.height for p in pdf.pages), "landscape"


def test_compare_and_quiz_have_no_axe_violations_at_1366(live_site, catalogue, open_tab, axe):
    page = open_tab(DESKTOP).page
    for path in (
        _compare_url(live_site, catalogue),
        f"{live_site}/programs/match/?gpa=3.2&gre=320&bachelors=yes&cs_degree=yes",
        f"{live_site}/programs/?p={catalogue[0].slug}&p={catalogue[1].slug}#program-compare-1",
    ):
        page.goto(path)
        assert axe(page) == [], path
