"""Every public page type in Debian's Chromium: accessible, phone-sized, fine without JavaScript."""

import pytest

from tests.browser.appearance import FOCUS_RING_JS, NOT_SHOWN_JS, SHOWN_JS
from tests.browser.pages import DESKTOP, OVERFLOW_JS, PAGE_NAMES, PHONE
from tests.contrast import contrast_ratio, rgb

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


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1366px"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_axe_violations_in_dark_mode(
    name, viewport, demo_site, open_tab, axe, screenshot
):
    tab = open_tab({**viewport, "color_scheme": "dark"})
    expected = visit(tab, demo_site, name)
    screenshot(tab.page, f"{name}-dark")

    violations = axe(tab.page)

    assert violations == [], report(
        f"axe-core on {expected.path} at {tab.width} px in dark mode",
        [f"{v['id']} ({v['impact']}): {v['help']} -> {v['nodes'][0]['html'][:160]}"
         for v in violations],
    )  # fmt: skip


# Focusable things on the backgrounds the site has: page, header, cards, footer, the quiz box,
# coloured buttons, disclosures.
FOCUS_TARGETS = {
    "guide": [
        ".site-nav a", ".site-search button", ".bylines summary, .bylines a", ".cta .button",
        ".program-card__title a", ".faq__item summary", ".sources summary", ".site-footer a",
    ],
    "program-directory": [".site-search input", ".program-card__title a", ".compare-toggle"],
    "program": [".program-actions .button", ".fact-list a, .source-note a"],
}  # fmt: skip


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_ring_has_3_to_1_contrast_with_what_it_is_drawn_on(scheme, demo_site, open_tab):
    tab = open_tab({**DESKTOP, "color_scheme": scheme})
    problems = []
    for name, selectors in FOCUS_TARGETS.items():
        expected = visit(tab, demo_site, name)
        tab.page.keyboard.press("Tab")  # keyboard use: :focus-visible then follows focus()
        for selector in selectors:
            ring = tab.page.evaluate(FOCUS_RING_JS, selector)
            where = f"{expected.path} {selector}"
            if ring is None or not ring["focused"]:
                problems.append(f"{where}: nothing focusable there")
                continue
            if ring["style"] == "none" or ring["width"] < 2:
                problems.append(f"{where}: no visible outline ({ring['style']} {ring['width']}px)")
                continue
            against = [ring["around"]] + ([ring["own"]] if ring["offset"] < 1 else [])
            for background in against:
                ratio = contrast_ratio(ring["ring"], background)
                if ratio < 3:
                    problems.append(
                        f"{where}: ring {rgb(ring['ring'])} on {tuple(background)} is {ratio:.2f}:1"
                    )
    assert problems == [], report(f"Focus rings in the {scheme} scheme", problems)


def test_guide_prints_without_navigation_and_with_answers_sources_and_link_addresses(
    demo_site, open_tab, screenshot
):
    # Dark on screen, to show that paper still gets dark text on white.
    tab = open_tab({**DESKTOP, "color_scheme": "dark"})
    expected = visit(tab, demo_site, "guide")
    page = tab.page
    page.emulate_media(media="print")
    screenshot(page, "guide-print")

    shown = page.evaluate(SHOWN_JS, ".skip-link, .site-nav, .site-search, .site-footer nav, "
                          ".breadcrumbs, .toc, main form, main button, main .button")  # fmt: skip
    answers = page.locator(".faq__answer")
    sources = page.locator(".sources li")
    folded = page.evaluate(NOT_SHOWN_JS, ".faq__answer, .sources li")
    source_links = page.locator(".sources a").evaluate_all(
        "links => links.map(a => [a.href, getComputedStyle(a, '::after').content])"
    )
    internal = page.locator("main a[href^='/']").evaluate_all(
        "links => links.map(a => getComputedStyle(a, '::after').content)"
    )
    body = page.evaluate("() => [getComputedStyle(document.body).color, "
                         "getComputedStyle(document.body).backgroundColor]")  # fmt: skip

    assert shown == [], report(f"Printing {expected.path} shows screen-only parts", shown)
    assert answers.count() >= 1
    assert sources.count() >= 1
    assert folded == [], report(f"Printing {expected.path} leaves folded", folded)
    assert [after for _, after in source_links] == [f'" ({href})"' for href, _ in source_links]
    assert internal, "the guide has no links to other pages of the site"
    assert set(internal) == {"none"}, "links inside the site print their address"
    assert contrast_ratio(*body) >= 15, f"printed text {body[0]} on {body[1]}"


def test_printing_opens_every_folded_part_and_closes_it_again_afterwards(demo_site, desktop_tab):
    # Chromium's own printing (page.pdf) fires beforeprint and afterprint, as a print dialog does;
    # static/js/print.js opens the <details> for browsers whose CSS cannot.
    visit(desktop_tab, demo_site, "guide")
    page = desktop_tab.page
    page.evaluate("""() => addEventListener('beforeprint', () => {
      window.openWhilePrinting = [...document.querySelectorAll('details')].map((d) => d.open);
    })""")

    pdf = page.pdf()
    open_while_printing = page.evaluate("() => window.openWhilePrinting")
    open_after = page.locator("details").evaluate_all("all => all.map((d) => d.open)")

    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") >= 2
    assert open_while_printing, "beforeprint found no <details> on the guide"
    assert all(open_while_printing), "some <details> stayed closed while printing"
    assert not any(open_after), "the <details> stayed open after printing"


def test_every_page_type_prints_its_content_without_navigation_or_forms(demo_site, desktop_tab):
    page = desktop_tab.page
    page.emulate_media(media="print")
    problems = []
    for name in PAGE_NAMES:
        expected = visit(desktop_tab, demo_site, name)
        shown = page.evaluate(SHOWN_JS, ".skip-link, .site-nav, .site-search, .site-footer nav, "
                              "main form, main button, main .button, .pagination")  # fmt: skip
        problems += [f"{expected.path}: {html}" for html in shown]
        if not page.locator("main h1").is_visible():
            problems.append(f"{expected.path}: the heading does not print")
    assert problems == [], report("Printed pages showing screen-only parts", problems)


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
