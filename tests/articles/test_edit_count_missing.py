"""A save or a review decision posted without the edit count of the text on the screen is a
conflict, never a step taken without the check (articles/forms.py)."""

import pytest

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.admin_support import change_url, form_data, review_url, signed_in

pytestmark = pytest.mark.django_db

State = ArticleVersion.State


def test_a_draft_save_without_the_loaded_edit_count_never_overwrites_a_newer_save(
    client, draft_with_new_link, writer, editor
):
    loaded = form_data(draft_with_new_link)
    signed_in(client, editor).post(
        change_url(draft_with_new_link), {**loaded, "body": "The editor's newer text."}
    )
    stale = {k: v for k, v in loaded.items() if k != "loaded_edit_count"}

    response = signed_in(client, writer).post(
        change_url(draft_with_new_link), {**stale, "body": "The writer's older copy."}
    )

    assert response.status_code == 200
    page = response.text
    assert "did not say which saved text you started from, so nothing was saved" in page
    assert "The writer&#x27;s older copy." in page  # kept in the form, to merge
    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.body == "The editor's newer text."


def test_a_draft_save_without_the_count_is_refused_even_when_nobody_saved_since(
    client, draft_with_new_link, writer
):
    data = form_data(draft_with_new_link, body="Posted by a script.")
    del data["loaded_edit_count"]

    response = signed_in(client, writer).post(change_url(draft_with_new_link), data)

    assert response.status_code == 200
    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.body != "Posted by a script."
    # The form now carries the count: saving it again, after reading, goes through.
    again = signed_in(client, writer).post(
        change_url(draft_with_new_link), form_data(draft_with_new_link, body="Posted again.")
    )
    assert again.status_code == 302
    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.body == "Posted again."


@pytest.mark.parametrize("decision", ["approve", "request_changes"])
def test_a_decision_without_the_edit_count_is_refused(
    client, new_link_in_review, guide_with_link, writer, reviewer, decision
):
    # The writer changes the text and submits it again after the reviewer opened it.
    edited = ArticleVersion.objects.get(pk=new_link_in_review.pk)
    edited.title = "A title the reviewer never saw"
    workflow.save_draft(edited, writer)
    workflow.submit(edited, writer)

    response = signed_in(client, reviewer).post(
        review_url(new_link_in_review), {"decision": decision, "comment": "Fine."}, follow=True
    )

    assert "did not say which text you reviewed, so nothing was approved or sent back" in (
        response.text
    )
    guide_with_link.refresh_from_db()
    assert guide_with_link.live_version_id != new_link_in_review.pk
    assert ArticleVersion.objects.get(pk=new_link_in_review.pk).state == State.IN_REVIEW


@pytest.mark.parametrize("count", ["", "soon", "-1"])
def test_a_decision_with_an_unreadable_edit_count_is_refused(
    client, new_link_in_review, guide_with_link, reviewer, count
):
    response = signed_in(client, reviewer).post(
        review_url(new_link_in_review),
        {"decision": "approve", "comment": "Fine.", "edit_count": count},
        follow=True,
    )

    assert response.status_code == 200
    assert "nothing was approved or sent back" in response.text
    guide_with_link.refresh_from_db()
    assert guide_with_link.live_version_id != new_link_in_review.pk
