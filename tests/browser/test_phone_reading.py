"""A guide and the program directory on a 390 x 844 phone, and the guide's contents at 1366 px.

Issue 12: a student on a phone reads the guide's text within the first screen and a half, and sees
the directory's results before its filters; at desktop width the contents stay beside the text.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import DESKTOP, OVERFLOW_JS, PHONE

pytestmark = pytest.mark.browser

SCREEN = PHONE["viewport"]["height"]
FIRST_PARAGRAPH_TOP = """() => {
  const p = document.querySelector('.guide__main .prose p');
  return p.getBoundingClientRect().top + window.scrollY;
}"""
# Each heading the contents link to, with its top in the window, in the contents' order.
HEADING_TOPS = """() => [...document.querySelectorAll('.toc a[href^="#"]')].map((a) => {
  const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
  return [a.hash, target ? target.getBoundingClientRect().top : null];
})"""


def page_top(locator):
    return locator.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


def no_sideways_scroll(page):
    layout = page.evaluate(OVERFLOW_JS, PHONE["viewport"]["width"])
    assert layout["width"] <= PHONE["viewport"]["width"], layout["offenders"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_guide_text_starts_within_one_and_a_half_screens_on_a_phone(
    demo_site, open_tab, screenshot, javascript
):
    page = open_tab(PHONE, javascript=javascript).page
    page.goto(demo_site.url("guide"))
    screenshot(page, f"phone-guide-{'js' if javascript else 'no-js'}")

    top = page.evaluate(FIRST_PARAGRAPH_TOP)

    assert top < 1.5 * SCREEN, f"the first paragraph starts at y={top:.0f} px"
    no_sideways_scroll(page)
    # The bios and the contents wait behind a tap.
    assert not page.get_by_role("link", name="Read full bio of Aaron Perkowitz").is_visible()
    assert not page.locator(".toc ol").is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_byline_and_the_contents_open_with_a_tap_on_a_phone(demo_site, open_tab, javascript):
    page = open_tab(PHONE, javascript=javascript).page
    page.goto(demo_site.url("guide"))

    page.get_by_text("Reviewed by Victoria Ivy Southall").click()
    page.get_by_text("Table of contents", exact=True).first.click()

    bio = page.get_by_role("link", name="Read full bio of Victoria Ivy Southall")
    assert bio.is_visible()
    assert "Cybersecurity Manager" in page.locator(".byline[open]").inner_text()
    contents = page.get_by_role("navigation", name="Table of contents")
    contents.get_by_role("link").nth(4).click()
    assert "#" in page.url
    no_sideways_scroll(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_contents_stay_in_view_beside_the_text_at_desktop_width(
    demo_site, open_tab, screenshot, javascript
):
    page = open_tab(DESKTOP, javascript=javascript).page
    page.goto(demo_site.url("guide"))
    contents = page.locator(".toc")
    assert page.locator(".toc ol").is_visible()  # open without a click
    text_left = page.locator(".guide__main").bounding_box()["x"]
    assert contents.bounding_box()["x"] + contents.bounding_box()["width"] <= text_left

    target = page.evaluate(HEADING_TOPS)[5][0]
    page.locator(target).scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, 200)")
    screenshot(page, f"desktop-guide-scrolled-{'js' if javascript else 'no-js'}")

    assert page.evaluate("window.scrollY") > 1500
    box = contents.bounding_box()  # relative to the window
    assert 0 <= box["y"] < DESKTOP["viewport"]["height"] / 4, box


def test_contents_mark_the_section_being_read(demo_site, desktop_tab):
    page = desktop_tab.page
    page.goto(demo_site.url("guide"))
    line = DESKTOP["viewport"]["height"] * 0.34

    for index in (2, 6):
        target = page.evaluate(HEADING_TOPS)[index][0]
        page.evaluate("(id) => document.querySelector(id).scrollIntoView()", target)
        # The section being read: the last heading above a line a third of the way down.
        expected = [h for h, top in page.evaluate(HEADING_TOPS) if top is not None and top <= line]
        page.wait_for_function(
            "(hash) => document.querySelector('.toc a[aria-current=location]')?.hash === hash",
            arg=expected[-1],
        )
        expect(page.locator(".toc a[aria-current]")).to_have_count(1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_directory_on_a_phone_shows_the_count_and_results_before_the_filters(
    demo_site, open_tab, screenshot, javascript
):
    page = open_tab(PHONE, javascript=javascript).page
    page.goto(demo_site.url("program-directory"))
    screenshot(page, f"phone-directory-{'js' if javascript else 'no-js'}")
    count = page.locator(".result-count")
    toggle = page.locator(".finder-filters-toggle")
    form = page.locator("form.finder-filters")

    assert count.is_visible()
    assert page_top(count) < page_top(toggle)
    assert not form.is_visible()
    assert page_top(page.locator(".program-list > li").first) < 1.5 * SCREEN
    no_sideways_scroll(page)

    toggle.click()
    form.get_by_label("Format").select_option("online")
    form.get_by_role("button", name="Show programs").click()
    page.wait_for_load_state()

    # Back at the results, with the first program on screen.
    assert page.url.endswith("#results")
    assert "format=online" in page.url
    assert abs(page.locator("#results").bounding_box()["y"]) < 2
    assert page.locator(".program-list > li").first.bounding_box()["y"] < SCREEN
    assert "programs match" in count.inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_directory_filters_are_open_beside_the_results_at_desktop_width(
    demo_site, open_tab, javascript
):
    page = open_tab(DESKTOP, javascript=javascript).page
    page.goto(demo_site.url("program-directory"))

    form = page.locator("form.finder-filters")
    assert form.is_visible()
    assert not page.locator(".finder-filters-toggle").is_visible()
    results = page.locator(".finder-results__head").bounding_box()
    assert form.bounding_box()["x"] + form.bounding_box()["width"] <= results["x"]
