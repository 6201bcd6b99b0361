"""What the public sees as versions move through the workflow."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion, Transition

State = ArticleVersion.State


def test_approval_publishes_now_and_archives_the_old_live_version(
    version_in_review, published_guide, reviewer
):
    old_live = published_guide.live_version
    before = timezone.now()

    workflow.approve(version_in_review, reviewer)

    published_guide.refresh_from_db()
    old_live.refresh_from_db()
    assert published_guide.live_version.title == "New title"
    assert published_guide.live_version.state == State.LIVE
    assert published_guide.content_updated_at >= before
    assert old_live.state == State.ARCHIVED
    steps = list(
        Transition.objects.filter(version=version_in_review).values_list(
            "from_state", "to_state", "by"
        )
    )
    assert steps[-2:] == [
        (State.IN_REVIEW, State.APPROVED, reviewer.pk),
        (State.APPROVED, State.LIVE, reviewer.pk),
    ]


def test_a_minor_change_keeps_the_updated_on_date(published_guide, writer, reviewer):
    updated_on = published_guide.content_updated_at
    version = workflow.start_draft(published_guide, writer)
    version.body = "Fixed a typo."
    version.is_minor = True
    workflow.save_draft(version, writer)
    workflow.submit(version, writer)

    workflow.approve(version, reviewer)

    published_guide.refresh_from_db()
    assert published_guide.live_version_id == version.pk
    assert published_guide.content_updated_at == updated_on


def test_approval_with_a_future_go_live_time_waits(version_in_review, published_guide, reviewer):
    old_live = published_guide.live_version_id
    go_live = timezone.now() + timedelta(hours=2)

    workflow.approve(version_in_review, reviewer, go_live_at=go_live)

    published_guide.refresh_from_db()
    version_in_review.refresh_from_db()
    assert published_guide.live_version_id == old_live
    assert version_in_review.state == State.APPROVED
    assert version_in_review.go_live_at == go_live


def test_approval_with_a_past_go_live_time_publishes_at_once(
    version_in_review, published_guide, reviewer
):
    workflow.approve(version_in_review, reviewer, go_live_at=timezone.now() - timedelta(minutes=5))

    published_guide.refresh_from_db()
    assert published_guide.live_version_id == version_in_review.pk


def test_public_version_is_unchanged_by_draft_submit_and_send_back(
    published_guide, writer, reviewer
):
    live_pk = published_guide.live_version_id
    updated_on = published_guide.content_updated_at
    version = workflow.start_draft(published_guide, writer)
    version.title = "Unreviewed title"
    workflow.save_draft(version, writer)
    workflow.submit(version, writer)
    workflow.request_changes(version, reviewer, "Not yet.")

    published_guide.refresh_from_db()
    assert published_guide.live_version_id == live_pk
    assert published_guide.live_version.title == "Original title"
    assert published_guide.content_updated_at == updated_on


def test_publish_refuses_a_version_that_was_not_approved(version_in_review, published_guide):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.publish(version_in_review)

    published_guide.refresh_from_db()
    assert published_guide.live_version_id != version_in_review.pk


def test_publish_makes_an_approved_version_live(version_in_review, published_guide, reviewer):
    workflow.approve(version_in_review, reviewer, go_live_at=timezone.now() + timedelta(days=3))

    workflow.publish(version_in_review)

    published_guide.refresh_from_db()
    assert published_guide.live_version_id == version_in_review.pk
    assert published_guide.live_version.reviewer == reviewer.person


def test_public_page_is_unchanged_by_draft_submit_and_send_back(
    client, published_guide, writer, reviewer
):
    old_date = timezone.make_aware(datetime(2023, 10, 18, 12, 0))
    Article.objects.filter(pk=published_guide.pk).update(content_updated_at=old_date)
    version = workflow.start_draft(published_guide, writer)
    version.title = "Unreviewed title"
    workflow.save_draft(version, writer)
    workflow.submit(version, writer)
    workflow.request_changes(version, reviewer, "Not yet.")

    after = client.get(published_guide.get_absolute_url()).content.decode()

    assert "Original title" in after
    assert "Unreviewed title" not in after
    assert "October 18, 2023" in after


def test_public_page_changes_after_approval_with_reviewer_and_date(
    client, version_in_review, published_guide, reviewer
):
    workflow.approve(version_in_review, reviewer)

    page = client.get(published_guide.get_absolute_url()).content.decode()

    published_guide.refresh_from_db()
    assert "New title" in page
    assert "Rita Reviewer" in page
    assert timezone.localtime(published_guide.content_updated_at).strftime("%B %-d, %Y") in page
