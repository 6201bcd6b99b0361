"""Workflow functions taking a time read a naive one in the site's time zone (as the review form
does) and refuse what is not a date and time with a sentence, never a TypeError."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion

pytestmark = pytest.mark.django_db

State = ArticleVersion.State


def _naive_site_time(days=0, hour=9):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=30, second=0, microsecond=0, tzinfo=None)


def test_approve_with_a_naive_go_live_time_schedules_it_in_the_site_time_zone(
    new_link_in_review, reviewer
):
    when = _naive_site_time(days=2)

    workflow.approve(new_link_in_review, reviewer, go_live_at=when)

    version = ArticleVersion.objects.get(pk=new_link_in_review.pk)
    assert version.state == State.APPROVED
    assert timezone.localtime(version.go_live_at).replace(tzinfo=None) == when


def test_approve_with_a_naive_time_already_past_makes_it_live_now(
    new_link_in_review, guide_with_link, reviewer
):
    workflow.approve(new_link_in_review, reviewer, go_live_at=_naive_site_time(days=-1))

    guide_with_link.refresh_from_db()
    assert guide_with_link.live_version_id == new_link_in_review.pk


def test_approve_with_a_naive_time_years_away_is_refused_with_a_sentence(
    new_link_in_review, reviewer
):
    with pytest.raises(workflow.TransitionNotAllowed, match="within the next two years"):
        workflow.approve(new_link_in_review, reviewer, go_live_at=datetime(9999, 12, 31, 23, 59))

    assert ArticleVersion.objects.get(pk=new_link_in_review.pk).state == State.IN_REVIEW


@pytest.mark.parametrize("when", [date(2030, 1, 1), "2030-01-01 09:00", 1893456000])
def test_approve_with_something_that_is_not_a_date_and_time_is_refused(
    new_link_in_review, reviewer, when
):
    with pytest.raises(workflow.TransitionNotAllowed, match="must be a date and a time"):
        workflow.approve(new_link_in_review, reviewer, go_live_at=when)

    assert ArticleVersion.objects.get(pk=new_link_in_review.pk).state == State.IN_REVIEW


def test_publishing_due_versions_at_a_naive_time_reads_it_in_the_site_time_zone(
    new_link_in_review, guide_with_link, reviewer
):
    go_live = timezone.localtime() + timedelta(hours=3)
    workflow.approve(new_link_in_review, reviewer, go_live_at=go_live)
    before = (go_live - timedelta(minutes=1)).replace(tzinfo=None)
    after = (go_live + timedelta(minutes=1)).replace(tzinfo=None)

    assert list(workflow.due_versions(before)) == []
    published = workflow.publish_due(after)

    assert [v.pk for v in published] == [new_link_in_review.pk]
    guide_with_link.refresh_from_db()
    assert guide_with_link.live_version_id == new_link_in_review.pk


def test_publishing_due_versions_at_a_date_is_refused_with_a_sentence():
    with pytest.raises(workflow.TransitionNotAllowed, match="must be a date and a time"):
        workflow.publish_due(date(2030, 1, 1))
