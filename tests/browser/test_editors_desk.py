"""Issue 11's walk-through of the editors' desk, in Chromium at 1366 px, one person per browser.

A writer writes with the live preview and submits; a reviewer comments on a passage and sends the
draft back; the writer finds the comment on the dashboard and the draft, fixes it and resubmits;
the reviewer approves. An editor shares a draft of another guide with an outside expert through
a preview link, takes the first guide down (410) and starts it again from the taken-down
version, which the reviewer approves (200). The dashboard, the version form and the review
screen are also opened at 390 px, where the page must not scroll sideways.

Each step saves a screenshot to test-artifacts/desk-walkthrough/NN-step.png and its duration to
test-artifacts/desk-walkthrough/timings.txt.
"""

import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.articles.factories import FAQFactory, PersonFactory, UserFactory, live_article
from tests.browser.pages import PHONE

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "desk-walkthrough"
PASSWORD = "correct horse battery staple"
DESKTOP = {"viewport": {"width": 1366, "height": 900}}

# Enough unchanged paragraphs around the changed one for the review screen to fold them.
LIVE_BODY = (
    "Machine learning master's programs teach you to build systems that learn from data.\n\n"
    "## Costs\n\n"
    "Tuition runs from $10,000 to $80,000 for the whole degree.\n\n"
    "Public universities usually charge less than private ones.\n\n"
    "## Admission\n\n"
    "Most programs ask for a bachelor's degree and some programming.\n\n"
    "Few still require the GRE.\n\n"
    "## Careers\n\n"
    "Graduates work as machine learning engineers and data scientists.\n"
)
# What the writer types at the end of the body; its link is not https, which the checks catch.
NEW_SECTION = (
    "\n## How long it takes\n\n"
    "Most students finish in 18 months. See [the survey](http://example.edu/ml-survey).\n"
)
QUOTE = "Most students finish in 18 months."
FIXED = "Most students finish in 18 to 24 months (program sites, 2024)."
SECOND_GUIDE_DRAFT = "Bootcamps last 12 to 26 weeks and cost $7,000 to $20,000."


@pytest.fixture
def desk_team(live_site):
    """A writer's two live guides, a reviewer and an editor, each signing in with a password."""
    people = {}
    for username, group, name in [
        ("wanda", "Writers", "Wanda Writer"),
        ("rita", "Reviewers", "Rita Reviewer"),
        ("eddie", "Editors", "Eddie Editor"),
    ]:
        user = UserFactory(username=username, is_staff=True, email=f"{username}@example.org")
        user.groups.add(Group.objects.get(name=group))
        people[username] = PersonFactory(user=user, name=name)
    earlier_reviewer = PersonFactory(name="Old Reviewer")
    # Version 1 of each guide, whatever the factory's counter reached in this process: the
    # steps below read "version 2" and "version 3" as the people would.
    guide = live_article(
        number=1,
        author=people["wanda"],
        reviewer=earlier_reviewer,
        title="Can You Earn a Master's in Machine Learning Online?",
        body=LIVE_BODY,
    )
    FAQFactory(version=guide.live_version, question="Is the GRE required?")
    other = live_article(
        number=1,
        author=people["wanda"],
        reviewer=earlier_reviewer,
        title="Are Data Science Bootcamps Worth It?",
        body="## What a bootcamp is\n\nA short, intensive course in data science.\n",
    )
    return {"base": live_site, "guide": guide, "other": other}


class Walk:
    """Screenshots numbered in order, and how long each step took."""

    def __init__(self):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for old in ARTIFACTS.glob("*.png"):
            old.unlink()
        self.shots = 0
        self.timings = []

    def shot(self, page, name, full_page=True):
        self.shots += 1
        path = ARTIFACTS / f"{self.shots:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)

    @contextmanager
    def step(self, name):
        start = time.monotonic()
        yield
        self.timings.append((name, time.monotonic() - start))
        # Written after every step, so a failed run still says how far it got and how fast.
        self.write_timings()

    def write_timings(self):
        lines = [f"{seconds:6.2f} s  {name}" for name, seconds in self.timings]
        total = sum(seconds for _, seconds in self.timings)
        lines.append(f"{total:6.2f} s  total")
        (ARTIFACTS / "timings.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def person(browser):
    """A fresh browser context per person, so each has their own session."""
    contexts = []

    def open_(options=DESKTOP):
        context = browser.new_context(**options)
        # A step that waits for something missing fails in seconds, not after half a minute.
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def sign_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def messages_text(page):
    return page.inner_text(".messagelist")


def submit_for_review(page):
    """Press "Submit for review"; when the checks found something, confirm on their page."""
    with page.expect_navigation():
        page.click("#submit-saved")
    if page.locator("#submit-anyway").count():
        with page.expect_navigation():
            page.click("#submit-anyway")
    assert "for review; reviewers were told" in messages_text(page)


# Brings an element to the middle of the window and says whether a person can see it there, or
# whether something else (a sticky panel, say) lies on top of it.
UNCOVERED_JS = """selector => {
  const element = document.querySelector(selector);
  element.scrollIntoView({block: "center"});
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return element.contains(hit);
}"""


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"{page.url} is {width} px wide at 390 px"


def test_the_editors_desk_walkthrough(desk_team, person):
    base, guide, other = desk_team["base"], desk_team["guide"], desk_team["other"]
    title = guide.live_version.title
    public_url = f"{base}{guide.get_absolute_url()}"
    walk = Walk()
    writer, reviewer, editor, visitor = person(), person(), person(), person()

    with walk.step("1. writer writes with the live preview and submits"):
        sign_in(writer, base, "wanda")
        assert "My drafts" in writer.inner_text("#desk")
        walk.shot(writer, "writer-dashboard")
        writer.locator("tr.model-article th a", has_text="Guides").click()
        writer.locator("#result_list tr", has_text=title).locator("a").click()
        writer.click("#edit-guide")
        writer.wait_for_selector("#id_body")
        assert "You are editing draft version 2" in messages_text(writer)
        draft_url = writer.url
        writer.wait_for_selector("#live-preview h2:has-text('Costs')")
        body = writer.locator("#id_body")
        body.fill(LIVE_BODY.replace("$10,000", "$12,000"))
        body.press("Control+End")
        body.type(NEW_SECTION)
        writer.wait_for_selector("#live-preview h2:has-text('How long it takes')")
        assert "How long it takes" in writer.inner_text("#editor-outline")
        assert "$12,000" in writer.inner_text("#live-preview")
        writer.wait_for_selector("#editor-warnings li:has-text('not https')")
        # Scrolled down to the checks, the writer can read them (nothing lies on top of them).
        stats_readable = writer.evaluate(UNCOVERED_JS, "#editor-stats")
        checks_readable = writer.evaluate(UNCOVERED_JS, "#editor-warnings")
        walk.shot(writer, "writer-checks-in-view", full_page=False)
        assert stats_readable
        assert checks_readable
        writer.fill("#id_change_note", "New tuition floor and how long the degree takes")
        walk.shot(writer, "writer-live-preview")
        writer.click("#save-and-submit")
        writer.wait_for_selector("#submit-warnings")
        assert "not https" in writer.inner_text("#submit-warnings")
        walk.shot(writer, "writer-submit-warnings")
        writer.click("#submit-anyway")
        assert "for review; reviewers were told" in messages_text(writer)
        assert "waiting for a reviewer" in writer.inner_text("#workflow-actions")
        walk.shot(writer, "writer-submitted")
    review_url = f"{draft_url.removesuffix('change/')}review/"

    with walk.step("1b. at 390 px: the reviewer's dashboard and review screen"):
        phone = person(PHONE)
        sign_in(phone, base, "rita")
        assert title in phone.inner_text("#review-status")
        no_sideways_scroll(phone)
        phone.locator("#review-status a", has_text=title).click()
        phone.wait_for_selector("#request-changes-form")
        assert phone.url == review_url
        no_sideways_scroll(phone)
        walk.shot(phone, "phone-review-screen")

    with walk.step("2. reviewer comments on a passage and sends the draft back"):
        sign_in(reviewer, base, "rita")
        waiting = reviewer.inner_text("#review-status")
        assert "Waiting for my review" in waiting
        assert "1 version waiting for review" in waiting
        assert title in waiting
        walk.shot(reviewer, "reviewer-dashboard")
        reviewer.locator("#review-status a", has_text=title).click()
        diff_body = reviewer.locator("#diff-body")
        assert "2 unchanged paragraphs" in diff_body.inner_text()
        expect(diff_body.locator("ins", has_text="12")).to_have_count(1)
        expect(diff_body.locator("ins", has_text="How long it takes")).to_have_count(1)
        expect(diff_body.locator("details[open]")).to_have_count(0)
        reviewer.select_option("#id_comments-0-field", "body")
        reviewer.fill("#id_comments-0-quote", QUOTE)
        reviewer.fill("#id_comments-0-text", "Give a source for the 18 months, over https.")
        reviewer.fill("#changes-comment", "Nearly there: the duration needs a source.")
        walk.shot(reviewer, "reviewer-review-screen")
        reviewer.click("#request-changes-button")
        assert "Sent back: version 2 is a draft again" in messages_text(reviewer)
        walk.shot(reviewer, "reviewer-sent-back")

    with walk.step("2b. at 390 px: the writer's dashboard and the sent-back draft"):
        phone = person(PHONE)
        sign_in(phone, base, "wanda")
        assert "Nearly there" in phone.inner_text("#sent-back")
        no_sideways_scroll(phone)
        walk.shot(phone, "phone-writer-dashboard")
        phone.goto(draft_url)
        phone.wait_for_selector("#live-preview h2")
        assert "Nearly there" in phone.inner_text("#sent-back")
        # No blank source rows whose fields would never be saved.
        expect(phone.locator("#sources-group input[name*='__prefix__']:visible")).to_have_count(0)
        no_sideways_scroll(phone)
        walk.shot(phone, "phone-version-form")

    with walk.step("3. writer reads the comment, fixes the passage and resubmits"):
        writer.goto(f"{base}/admin/")
        notes = writer.inner_text("#notifications")
        assert "1 new" in notes
        assert "was sent back for changes" in notes
        sent_back = writer.inner_text("#sent-back")
        assert "1 version sent back to you" in sent_back
        assert "Nearly there: the duration needs a source." in sent_back
        assert "Rita Reviewer" in sent_back
        walk.shot(writer, "writer-sent-back-on-dashboard")
        writer.locator("#sent-back a", has_text=title).click()
        assert writer.url == draft_url
        banner = writer.inner_text("#sent-back")
        assert "Sent back by Rita Reviewer" in banner
        assert "Nearly there: the duration needs a source." in banner
        comments = writer.inner_text("#draft-review-comments")
        assert QUOTE in comments
        assert "Open" in comments
        assert "Resolved" not in comments
        walk.shot(writer, "writer-draft-with-comment")
        text = writer.input_value("#id_body").replace(
            "Most students finish in 18 months. See [the survey](http://example.edu/ml-survey).",
            FIXED + " See [the survey](https://example.edu/ml-survey).",
        )
        writer.fill("#id_body", text)
        writer.click("input[name=_continue]")
        assert "Saved version 2" in messages_text(writer)
        comments = writer.inner_text("#draft-review-comments")
        assert "Resolved" in comments
        assert "the quoted passage has changed" in comments
        walk.shot(writer, "writer-comment-resolved")
        submit_for_review(writer)
        expect(writer.locator("#sent-back")).to_have_count(0)
        walk.shot(writer, "writer-resubmitted")

    with walk.step("4. reviewer approves; the public page shows the new text"):
        reviewer.goto(f"{base}/admin/")
        reviewer.locator("#review-status a", has_text=title).click()
        expect(reviewer.locator("#diff-body ins", has_text="program sites")).to_have_count(1)
        assert "Resolved" in reviewer.inner_text("#earlier-comments")
        reviewer.fill("#approve-comment", "Sourced now, thanks.")
        reviewer.click("#approve-button")
        assert "Approved: version 2 is now live." in messages_text(reviewer)
        walk.shot(reviewer, "reviewer-approved")
        response = visitor.goto(public_url)
        assert response.status == 200
        page_text = visitor.inner_text("main")
        assert FIXED in page_text
        assert "$12,000" in page_text
        assert "Rita Reviewer" in page_text
        walk.shot(visitor, "public-page-new-text")

    with walk.step("5. editor shares a draft of another guide with an outside expert"):
        sign_in(editor, base, "eddie")
        editor.goto(f"{base}/admin/articles/article/{other.pk}/change/")
        editor.click("#edit-guide")
        editor.wait_for_selector("#id_body")
        editor.fill("#id_body", editor.input_value("#id_body") + "\n" + SECOND_GUIDE_DRAFT + "\n")
        editor.fill("#id_change_note", "Length and cost of bootcamps")
        editor.click("input[name=_continue]")
        assert "Saved version" in messages_text(editor)
        editor.click("#share-preview")
        assert "Preview link made" in messages_text(editor)
        address = editor.locator(".preview-links__url").first.input_value()
        assert address in messages_text(editor)
        walk.shot(editor, "editor-preview-link")
        # The address carries the site's configured origin; the path is what the expert opens.
        path = urlsplit(address).path
        assert path.startswith("/preview/")
        expert = person()
        response = expert.goto(base + path)
        assert response.status == 200
        assert "Preview of an unpublished version" in expert.inner_text("#preview-banner")
        assert SECOND_GUIDE_DRAFT in expert.inner_text("main")
        walk.shot(expert, "expert-opens-preview-link")
        response = visitor.goto(f"{base}{other.get_absolute_url()}")
        assert response.status == 200
        assert SECOND_GUIDE_DRAFT not in visitor.inner_text("main")
        assert "A short, intensive course" in visitor.inner_text("main")
        walk.shot(visitor, "public-page-still-live-text")

    with walk.step("6. editor takes the guide down (410) and it comes back through review"):
        editor.goto(f"{base}/admin/articles/article/{guide.pk}/change/")
        editor.click("#take-down-link")
        editor.fill("#id_reason", "A school asked us to check the tuition figures first.")
        walk.shot(editor, "editor-take-down-form")
        editor.click("#take-down")
        assert "was taken off the site" in messages_text(editor)
        visitor.goto(public_url)
        response = visitor.reload()  # the browser may keep the page CACHE_MAX_AGE seconds
        assert response.status == 410
        assert "This guide is no longer available" in visitor.inner_text("main")
        walk.shot(visitor, "public-page-gone")
        editor.click("#edit-guide")
        editor.wait_for_selector("#id_body")
        assert "You are editing draft version 3" in messages_text(editor)
        assert FIXED in editor.input_value("#id_body")
        editor.fill("#id_change_note", "Tuition figures checked with the school")
        editor.click("input[name=_continue]")
        submit_for_review(editor)
        walk.shot(editor, "editor-resubmits-taken-down-guide")
        reviewer.goto(f"{base}/admin/")
        reviewer.locator("#review-status a", has_text=title).click()
        reviewer.click("#approve-button")
        assert "Approved: version 3 is now live." in messages_text(reviewer)
        # The same browser that was told the guide is gone now gets the guide again.
        response = visitor.goto(public_url)
        assert response.status == 200
        assert FIXED in visitor.inner_text("main")
        walk.shot(visitor, "public-page-live-again")
