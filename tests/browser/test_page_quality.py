"""Every public page type in Debian's Chromium: accessible, phone-sized, fine without JavaScript."""

import pytest

from tests.browser.pages import DESKTOP, OVERFLOW_JS, PAGE_NAMES, PHONE

pytestmark = pytest.mark.browser


def visit(tab, site, name):
    """Open the page type in the tab and check it answers with its expected status."""
    expected = site.pages[name]
    response = tab.page.goto(site.url(name), wait_until="load")
    assert response is not None, f"{expected.path} gave no response"
    assert response.status == expected.status, (
        f"{expected.path} answered {response.status}, expected {expected.status}"
    )
    return expected


def console_problems(tab, site, name):
    """Console errors, less the 404 status that the not-found page logs for itself."""
    own_url = site.url(name)
    return [
        error
        for error in tab.console_errors
        if not (site.pages[name].status == 404 and error.endswith(f"@ {own_url}"))
    ]


def report(title, problems):
    return f"{title}:\n" + "\n".join(f"  {p}" for p in problems)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_axe_violations_at_desktop_width(name, demo_site, desktop_tab, axe, screenshot):
    expected = visit(desktop_tab, demo_site, name)
    screenshot(desktop_tab.page, name)

    violations = axe(desktop_tab.page)

    assert violations == [], report(
        f"axe-core on {expected.path} at 1366 px",
        [f"{v['id']} ({v['impact']}): {v['help']} -> {v['nodes'][0]['html'][:160]}"
         for v in violations],
    )  # fmt: skip


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_axe_violations_at_phone_width(name, demo_site, phone_tab, axe, screenshot):
    expected = visit(phone_tab, demo_site, name)
    screenshot(phone_tab.page, name)

    violations = axe(phone_tab.page)

    assert violations == [], report(
        f"axe-core on {expected.path} at 390 px",
        [f"{v['id']} ({v['impact']}): {v['help']} -> {v['nodes'][0]['html'][:160]}"
         for v in violations],
    )  # fmt: skip


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_needs_no_sideways_scrolling_on_a_390px_phone_or_a_desktop(name, demo_site, open_tab):
    problems = []
    for options in (PHONE, DESKTOP):
        tab = open_tab(options)
        expected = visit(tab, demo_site, name)
        width = options["viewport"]["width"]

        layout = tab.page.evaluate(OVERFLOW_JS, width)

        if layout["width"] > width:
            problems.append(f"{expected.path} is {layout['width']} px wide at {width} px")
            problems += [f"  {offender}" for offender in layout["offenders"]]
    assert problems == [], report("Sideways scrolling", problems)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_loads_nothing_from_other_hosts_and_logs_no_errors(name, demo_site, desktop_tab):
    expected = visit(desktop_tab, demo_site, name)
    desktop_tab.page.wait_for_load_state("networkidle")

    problems = [f"blocked request to {url}" for url in desktop_tab.blocked]
    problems += console_problems(desktop_tab, demo_site, name)

    assert problems == [], report(f"{expected.path} in the browser", problems)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_shows_its_main_content_with_javascript_off(name, open_tab, demo_site):
    tab = open_tab(DESKTOP, javascript=False)
    expected = visit(tab, demo_site, name)
    main = tab.page.locator("main")
    heading = main.locator("h1")

    assert main.count() == 1, f"{expected.path} has {main.count()} <main> elements"
    assert main.is_visible(), f"{expected.path} hides its <main> without JavaScript"
    assert heading.count() == 1, f"{expected.path} has {heading.count()} <h1> in <main>"
    assert heading.is_visible(), f"{expected.path} hides its heading without JavaScript"
    assert heading.inner_text().strip(), f"{expected.path} has an empty heading"
    assert len(main.inner_text().split()) >= 10, f"{expected.path} shows almost no text"


def test_checks_flag_a_page_with_an_unlabelled_image_and_a_too_wide_table(phone_tab, axe):
    phone_tab.page.set_content(
        '<!doctype html><html lang="en"><head><title>Bad page</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body><main><h1>Bad page</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<table class="wide" style="width: 900px"><tr><td>cell</td></tr></table></main></body>'
        "</html>"
    )

    violations = axe(phone_tab.page)
    layout = phone_tab.page.evaluate(OVERFLOW_JS, PHONE["viewport"]["width"])

    assert "image-alt" in [v["id"] for v in violations]
    assert layout["width"] > PHONE["viewport"]["width"]
    assert layout["offenders"] == ["table.wide reaches 908px"]  # 8 px body margin
