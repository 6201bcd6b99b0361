"""The version form in Chromium: live preview beside the body, reordering inline rows by drag or
keyboard, readable at 1366 and 390 px, and usable without JavaScript. Screenshots go to
test-artifacts/screenshots/version-form-<width>.png."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.factories import (
    FAQFactory,
    PersonFactory,
    SourceFactory,
    UserFactory,
    live_article,
)
from tests.browser.pages import DESKTOP, OVERFLOW_JS, PHONE
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
BODY = (
    "Machine learning programs teach you to build systems that learn from data.\n\n"
    "## Popular online programs\n\nContact the schools below.\n\n[[programs]]\n\n"
    "## Jobs for graduates\n\nFour roles graduates often pursue.\n\n[[careers]]\n\n"
    "## How to choose a program\n\n- **Accreditation:** check it.\n- **Cost:** compare it.\n"
)


@pytest.fixture
def desk(live_site):
    """A writer's draft of a live guide with FAQs, sources, programs and careers."""
    writer = UserFactory(username="wanda", is_staff=True)
    writer.groups.add(Group.objects.get(name="Writers"))
    PersonFactory(user=writer, name="Wanda Writer")
    article = live_article(
        author=writer.person,
        title="Can You Earn a Master's in Machine Learning Online, and What Does It Cost?",
        dek="What these programs teach, what they cost and which careers they lead to, "
        "with the admission rules of each school we list.",
        body=BODY,
    )
    live = article.live_version
    for order, question in enumerate(["Is the GRE required?", "Can I study part time?"]):
        FAQFactory(version=live, question=question, order=order + 1)
    for order in range(3):
        SourceFactory(
            version=live,
            title=f"Occupational Outlook Handbook: Computer and Information Researchers {order}",
            publisher="U.S. Bureau of Labor Statistics",
            url=f"https://www.bls.gov/ooh/computer-and-information-technology/research-{order}.htm",
            order=order + 1,
        )
    for order in range(2):
        live.program_links.create(
            program=ProgramFactory(name=f"Master of Science in Machine Learning (Online) {order}"),
            order=order,
        )
    live.career_links.create(career=CareerFactory(title="Data Scientist"), order=0)
    draft = workflow.start_draft(article, writer)
    return {
        "base": live_site,
        "draft": draft,
        "url": f"/admin/articles/articleversion/{draft.pk}/change/",
    }


def sign_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "wanda")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def open_form(tab, desk):
    sign_in(tab.page, desk["base"])
    tab.page.goto(desk["base"] + desk["url"])


def overflow(page):
    """What sticks out past the window's width (nothing, when the page fits)."""
    result = page.evaluate(OVERFLOW_JS, page.viewport_size["width"])
    return (
        [f"page is {result['width']} px wide", *result["offenders"]]
        if (result["width"] > page.viewport_size["width"] or result["offenders"])
        else []
    )


def test_the_writer_sees_the_live_preview_beside_the_body_at_1366(desk, open_tab, screenshot):
    tab = open_tab({**DESKTOP, "timezone_id": "America/New_York"})
    open_form(tab, desk)
    page = tab.page
    page.wait_for_selector("#live-preview h2")

    body_box = page.locator("#id_body").bounding_box()
    preview_box = page.locator("#live-preview").bounding_box()
    assert preview_box["x"] > body_box["x"] + body_box["width"]
    assert body_box["width"] > 400
    expect(page.locator("#live-preview .programs-widget")).to_have_count(1)
    assert "[[programs]]" not in page.inner_text("#live-preview")
    title_box = page.locator("#id_title").bounding_box()
    assert title_box["width"] > 900
    assert overflow(page) == []
    screenshot(page, "version-form")

    page.locator("#id_body").press("End")
    page.locator("#id_body").type("\n\n## Brand new section\n\n#### Too deep\n\nText.")
    page.wait_for_selector("#live-preview h2:has-text('Brand new section')")
    assert "Brand new section" in page.inner_text("#editor-outline")
    page.wait_for_selector("#editor-warnings li:has-text('skips a level')")
    assert tab.console_errors == []


def test_the_preview_goes_below_the_body_at_390(desk, open_tab, screenshot):
    tab = open_tab({**PHONE, "timezone_id": "America/New_York"})
    open_form(tab, desk)
    page = tab.page
    page.wait_for_selector("#live-preview h2")

    body_box = page.locator("#id_body").bounding_box()
    preview_box = page.locator("#live-preview").bounding_box()
    assert preview_box["y"] > body_box["y"] + body_box["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert overflow(page) == []
    screenshot(page, "version-form")
    assert tab.console_errors == []


def test_dragging_a_source_row_rewrites_the_order_fields_and_saves(desk, open_tab):
    tab = open_tab(DESKTOP)
    open_form(tab, desk)
    page = tab.page
    rows = page.locator("#sources-group tbody tr.form-row.has_original")
    first_title = rows.nth(0).locator("input[name$='-title']").input_value()
    handle = rows.nth(0).locator(".drag-handle")
    # The mouse works in the window: bring the sources to its top first.
    page.locator("#sources-group").evaluate("group => group.scrollIntoView()")
    target = rows.nth(2).bounding_box()

    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 5, target["y"] + target["height"] * 0.8, steps=12)
    page.mouse.up()

    assert rows.nth(2).locator("input[name$='-title']").input_value() == first_title
    orders = [rows.nth(i).locator("input[name$='-order']").input_value() for i in range(3)]
    assert orders == ["1", "2", "3"]
    page.fill("#id_change_note", "Sources reordered")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    draft = ArticleVersion.objects.get(pk=desk["draft"].pk)
    assert [s.title for s in draft.sources.all()][2] == first_title


def test_the_keyboard_moves_a_faq_up(desk, open_tab):
    tab = open_tab(DESKTOP)
    open_form(tab, desk)
    page = tab.page
    second = page.locator("#faqs-group .inline-related.has_original").nth(1)
    question = second.locator("input[name$='-question']").input_value()

    second.locator(".drag-handle").focus()
    page.keyboard.press("ArrowUp")

    first = page.locator("#faqs-group .inline-related.has_original").nth(0)
    assert first.locator("input[name$='-question']").input_value() == question
    assert first.locator("input[name$='-order']").input_value() == "1"
    assert "Moved to position 1 of 2." in page.inner_text("#faqs-group .drag-status")


def test_without_javascript_the_form_links_the_saved_preview_and_shows_the_checks(desk, open_tab):
    tab = open_tab(DESKTOP, javascript=False)
    open_form(tab, desk)
    page = tab.page

    assert page.locator("#live-preview").is_hidden()
    assert page.locator("#saved-preview-link").is_visible()
    assert "How to choose a program" in page.inner_text("#editor-outline")
    assert "words" in page.inner_text("#editor-stats")
    expect(page.locator("#sources-group .drag-handle")).to_have_count(0)
    assert page.locator("#submit-saved").is_visible()
