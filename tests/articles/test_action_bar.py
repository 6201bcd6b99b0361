"""The workflow action bar on a version's page, per role, and the sent-back banner on a draft."""

import re

import pytest
from django.urls import reverse

from articles import action_bar, workflow
from tests.articles.admin_support import act_url, change_url, signed_in


def bar(client, user, version):
    """The ids of the bar's buttons and links, and its notes, as `user` sees them."""
    response = signed_in(client, user).get(change_url(version))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="workflow-actions"')
    html = page[start : page.index("</ul>", page.index('class="workflow-bar__links"', start))]
    ids = set(re.findall(r'id="([\w-]+)"', html)) - {"workflow-actions"}
    notes = page[start:].split('id="workflow-notes">', 1)
    notes = re.findall(r"<p>(.*?)</p>", notes[1].split("</div>")[0]) if len(notes) > 1 else []
    return ids, notes


LINKS = {"review-link", "preview-link", "history-link"}


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        ("writer", {"submit-saved", "discard"}),
        ("editor", {"submit-saved", "discard", "share-preview"}),
        ("superuser", {"submit-saved", "discard", "share-preview"}),
        ("reviewer", {"share-preview"}),
    ],
)
def test_on_a_draft_the_bar_shows_only_what_each_role_may_do(
    request, client, draft_with_new_link, role, buttons
):
    ids, _notes = bar(client, request.getfixturevalue(role), draft_with_new_link)

    assert ids == buttons | LINKS


def test_a_reviewer_is_told_why_there_is_no_submit_on_a_draft(
    client, draft_with_new_link, reviewer
):
    _ids, notes = bar(client, reviewer, draft_with_new_link)

    assert len(notes) == 1
    assert notes[0].startswith("You may not submit this guide for review: writers work on their")


def test_the_page_refuses_staff_without_a_group(client, draft_with_new_link, staff):
    response = signed_in(client, staff).get(change_url(draft_with_new_link))

    assert response.status_code == 403
    assert "workflow-actions" not in response.content.decode()


def test_the_writer_of_a_version_in_review_is_told_it_waits_for_a_reviewer(
    client, new_link_in_review, writer
):
    ids, notes = bar(client, writer, new_link_in_review)

    assert ids == {"discard"} | LINKS
    assert notes == [
        f"Submitted for review: waiting for a reviewer. Version {new_link_in_review.number} "
        "stays in review until a reviewer approves it or sends it back."
    ]


def test_a_reviewer_gets_the_review_button_on_a_version_in_review(
    client, new_link_in_review, reviewer
):
    response = signed_in(client, reviewer).get(change_url(new_link_in_review)).content.decode()
    ids, notes = bar(client, reviewer, new_link_in_review)

    assert ids == {"share-preview"} | LINKS
    assert notes == []
    assert "Review: approve or send back" in response


def test_a_reviewer_who_may_not_decide_is_told_why(client, new_link_in_review, reviewer):
    reviewer.person.delete()

    _ids, notes = bar(client, reviewer, new_link_in_review)

    assert len(notes) == 1
    assert "no Person linked" in notes[0]


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        ("writer", {"edit-guide"}),
        ("editor", {"edit-guide", "take-down", "share-preview"}),
        ("superuser", {"edit-guide", "take-down", "share-preview"}),
        ("reviewer", {"take-down", "share-preview"}),
    ],
)
def test_on_a_live_version_the_bar_shows_only_what_each_role_may_do(
    request, client, guide_with_link, role, buttons
):
    ids, _notes = bar(client, request.getfixturevalue(role), guide_with_link.live_version)

    assert ids == buttons | LINKS


def test_take_down_opens_the_guides_take_down_page(client, guide_with_link, editor):
    page = signed_in(client, editor).get(change_url(guide_with_link.live_version)).content.decode()
    url = reverse("admin:articles_article_unpublish", args=[guide_with_link.pk])

    assert f'id="take-down" href="{url}"' in page


def test_share_posts_to_the_share_view_of_this_version(client, guide_with_link, reviewer):
    version = guide_with_link.live_version
    page = signed_in(client, reviewer).get(change_url(version)).content.decode()
    url = reverse("admin:articles_articleversion_share", args=[version.pk])

    assert f'<form method="post" action="{url}">' in page


def test_a_link_to_a_view_that_does_not_exist_yet_is_left_out_not_an_error():
    assert action_bar.optional_url("admin:articles_nothing_here", 1) is None


def test_a_live_version_tells_the_reviewer_why_they_may_not_edit(client, guide_with_link, reviewer):
    _ids, notes = bar(client, reviewer, guide_with_link.live_version)

    assert notes[0].startswith("You may not edit this guide")
    assert "is never changed in place" in notes[-1]


def test_the_bar_buttons_are_the_admins_own_buttons(client, draft_with_new_link, writer):
    page = signed_in(client, writer).get(change_url(draft_with_new_link)).content.decode()

    assert f'<form method="post" action="{act_url(draft_with_new_link, "submit")}">' in page
    assert 'class="button default" id="submit-saved"' in page
    assert 'class="button danger" id="discard"' in page


# The sent-back banner --------------------------------------------------------------------


def _send_back(version, reviewer, comment):
    return workflow.request_changes(version, reviewer, comment)


def test_a_sent_back_draft_shows_the_reviewers_comment(
    client, new_link_in_review, reviewer, writer
):
    _send_back(new_link_in_review, reviewer, "Give the source of the new salary figure.")

    page = signed_in(client, writer).get(change_url(new_link_in_review)).content.decode()

    assert 'id="sent-back"' in page
    assert "Give the source of the new salary figure." in page
    assert "Sent back by Rita Reviewer" in page


def test_the_banner_goes_once_the_draft_is_submitted_again(
    client, new_link_in_review, reviewer, writer
):
    _send_back(new_link_in_review, reviewer, "Give the source.")
    workflow.submit(new_link_in_review, writer)

    page = signed_in(client, writer).get(change_url(new_link_in_review)).content.decode()

    assert 'id="sent-back"' not in page
    assert "Give the source." not in page


def test_an_edit_after_resubmitting_does_not_bring_the_old_comment_back(
    client, new_link_in_review, reviewer, writer
):
    _send_back(new_link_in_review, reviewer, "Give the source.")
    workflow.submit(new_link_in_review, writer)
    new_link_in_review.body = "Edited while in review."
    workflow.save_draft(new_link_in_review, writer)

    page = signed_in(client, writer).get(change_url(new_link_in_review)).content.decode()

    assert 'id="sent-back"' not in page


def test_a_second_send_back_shows_only_the_newest_comment(
    client, new_link_in_review, reviewer, writer
):
    _send_back(new_link_in_review, reviewer, "First round.")
    workflow.submit(new_link_in_review, writer)
    _send_back(new_link_in_review, reviewer, "Second round.")

    page = signed_in(client, writer).get(change_url(new_link_in_review)).content.decode()

    assert "Second round." in page
    assert "First round." not in page


def test_a_draft_never_sent_back_has_no_banner(client, draft_with_new_link, writer):
    page = signed_in(client, writer).get(change_url(draft_with_new_link)).content.decode()

    assert 'id="sent-back"' not in page
