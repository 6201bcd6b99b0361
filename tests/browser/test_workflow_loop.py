"""The whole editorial loop in a browser: edit, submit, send back, fix, approve, live."""

from datetime import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from tests.articles.factories import FAQFactory, PersonFactory, UserFactory, live_article

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "workflow"
PASSWORD = "correct horse battery staple"
DESKTOP = {"viewport": {"width": 1366, "height": 900}}


def _rebuild_middleware(live_server):
    # The live server may have built its middleware before this test's settings applied.
    handler = live_server.thread.httpd.get_app()
    while hasattr(handler, "application"):
        handler = handler.application
    handler.load_middleware()


@pytest.fixture
def newsroom(live_server, transactional_db, django_db_serialized_rollback, migrated_rows):
    """A live guide by Wanda Writer, and a reviewer, on a live server."""
    from django.core.management import call_command
    from django.db import connection

    _rebuild_middleware(live_server)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(migrated_rows)
    writer = UserFactory(username="wanda", is_staff=True)
    writer.groups.add(Group.objects.get(name="Writers"))
    reviewer = UserFactory(username="rita", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    PersonFactory(user=writer, name="Wanda Writer")
    PersonFactory(user=reviewer, name="Rita Reviewer")
    article = live_article(
        author=writer.person,
        reviewer=PersonFactory(name="Old Reviewer"),
        title="Can You Earn a Master's in Machine Learning?",
        body="## Costs\n\nTuition runs from $10,000 to $80,000. See [the BLS](https://bls.gov/old).",
    )
    FAQFactory(version=article.live_version, question="Is the GRE required?")
    old_date = timezone.make_aware(datetime(2023, 10, 18, 12, 0))
    type(article).objects.filter(pk=article.pk).update(content_updated_at=old_date)
    return {"base": live_server.url, "article": article}


@pytest.fixture
def tab(browser):
    """Open a fresh desktop tab per person (each with their own session)."""
    contexts = []

    def open_():
        context = browser.new_context(**DESKTOP)
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


def public_text(page, base, article):
    """The guide as a returning visitor sees it when looking for news: the browser may keep a
    page for CACHE_MAX_AGE seconds, so it asks the site again (a reload revalidates)."""
    page.goto(f"{base}{article.get_absolute_url()}")
    page.reload()
    return page.inner_text("main")


def test_writer_and_reviewer_take_a_change_from_draft_to_live(newsroom, tab):
    base, article = newsroom["base"], newsroom["article"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    writer, reviewer, visitor = tab(), tab(), tab()

    # The writer edits the live guide and submits the change.
    sign_in(writer, base, "wanda")
    writer.goto(f"{base}/admin/articles/article/{article.pk}/change/")
    writer.click("#edit-guide")
    writer.wait_for_selector("#id_title")
    draft_url = writer.url
    writer.fill("#id_title", "Can You Earn a Master's in Machine Learning Online?")
    writer.fill(
        "#id_body",
        "## Costs\n\nTuition runs from $12,000 to $80,000. See [the BLS](https://bls.gov/new).",
    )
    writer.fill("#id_change_note", "New tuition floor and BLS link")
    writer.click("#save-and-submit")
    assert "submitted it for review" in writer.inner_text(".messagelist")

    # The public page still shows the live version.
    page = public_text(visitor, base, article)
    assert "Machine Learning?" in page
    assert "Online?" not in page
    assert "October 18, 2023" in page

    # The reviewer finds it in the queue, reads the diff and sends it back.
    sign_in(reviewer, base, "rita")
    assert "1 version waiting for review" in reviewer.inner_text("#review-status")
    reviewer.click("#review-status a")
    reviewer.click("#review-queue a")
    expect(reviewer.locator("#diff-body ins", has_text="12")).to_have_count(1)
    assert "Added link: https://bls.gov/new" in reviewer.inner_text("#diff-body")
    assert "[added:" in reviewer.inner_text("#diff-title ins")
    reviewer.screenshot(path=str(ARTIFACTS / "review-screen.png"), full_page=True)
    reviewer.fill("#changes-comment", "Give the source of the new tuition floor.")
    reviewer.click("#request-changes-button")
    assert "Sent back" in reviewer.inner_text(".messagelist")

    # The writer fixes the draft and resubmits.
    writer.goto(draft_url)
    writer.fill(
        "#id_body",
        "## Costs\n\nTuition runs from $12,000 (program sites, 2024) to $80,000. "
        "See [the BLS](https://bls.gov/new).",
    )
    writer.click("#save-and-submit")
    assert "submitted it for review" in writer.inner_text(".messagelist")

    # The reviewer approves; the change goes live at once.
    reviewer.goto(f"{base}/admin/articles/articleversion/queue/")
    reviewer.click("#review-queue a")
    expect(reviewer.locator("#diff-body ins", has_text="program sites")).to_have_count(1)
    reviewer.screenshot(path=str(ARTIFACTS / "review-screen-resubmitted.png"), full_page=True)
    reviewer.fill("#approve-comment", "Sourced now, thanks.")
    reviewer.click("#approve-button")
    assert "is now live" in reviewer.inner_text(".messagelist")

    page = public_text(visitor, base, article)
    today = timezone.localtime().strftime("%B %-d, %Y")
    assert "Machine Learning Online?" in page
    assert "Rita Reviewer" in page
    assert "Old Reviewer" not in page
    assert f"Updated on {today}" in page
    visitor.screenshot(path=str(ARTIFACTS / "public-page-after-approval.png"), full_page=True)
