"""The admin home, per person: each role sees the panels it may act on, with counts and links."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import dateformat, timezone

from articles import workflow
from articles.models import ArticleVersion, Notification
from tests.articles.admin_support import change_url, review_url
from tests.articles.desk_support import desk, links, panels, text
from tests.articles.factories import (
    ArticleVersionFactory,
    PersonFactory,
    UserFactory,
    live_article,
)

# Editors and reviewers also see the count of data to check (guidesite/data_check.py).
WRITER_PANELS = ["sent-back", "my-drafts", "scheduled", "recently-published"]
EDITOR_PANELS = [
    "sent-back",
    "my-drafts",
    "scheduled",
    "recently-published",
    "stalled",
    "data-to-check",
]
REVIEWER_PANELS = ["review-status", "scheduled", "recently-published", "data-to-check"]
ALL_PANELS = [
    "sent-back",
    "my-drafts",
    "review-status",
    "scheduled",
    "recently-published",
    "stalled",
    "data-to-check",
]


def _in_review(author_user, title, days_ago):
    """A writer's guide whose new version was submitted `days_ago` days ago."""
    guide = live_article(author=author_user.person, title=f"{title} (live)")
    version = workflow.start_draft(guide, author_user)
    version.title, version.change_note = title, "Updated"
    workflow.save_draft(version, author_user)
    workflow.submit(version, author_user)
    submitted = timezone.now() - timedelta(days=days_ago)
    ArticleVersion.objects.filter(pk=version.pk).update(submitted_at=submitted)
    return version


def _approved(author_user, reviewer, title, go_live_at):
    version = _in_review(author_user, title, days_ago=1)
    workflow.approve(version, reviewer, go_live_at=timezone.now() + timedelta(days=1))
    ArticleVersion.objects.filter(pk=version.pk).update(go_live_at=go_live_at)
    version.refresh_from_db()
    return version


@pytest.fixture
def other_writer(db):
    user = UserFactory(is_staff=True, username="walt")
    user.groups.add(Group.objects.get(name="Writers"))
    PersonFactory(user=user, name="Walt Writer")
    return user


@pytest.fixture
def desk_scene(writer, other_writer, reviewer, editor):
    """One of each: a sent-back draft, versions in review (fresh and stalled), scheduled and
    overdue versions, recently published guides; some of them by another writer."""
    now = timezone.now()
    sent = _in_review(writer, "Salary guide, 2025", days_ago=0)
    workflow.request_changes(sent, reviewer, "Cite the BLS table for the median salary.")
    return {
        "sent_back": sent,
        "fresh": _in_review(writer, "Costs guide", days_ago=3),
        "stalled": _in_review(writer, "Admissions guide", days_ago=10),
        "others": _in_review(other_writer, "Walt's careers guide", days_ago=5),
        "scheduled": _approved(writer, reviewer, "Online guide", now + timedelta(days=2)),
        "overdue": _approved(writer, reviewer, "Forgotten guide", now - timedelta(hours=2)),
        "others_scheduled": _approved(
            other_writer, reviewer, "Walt's scheduled", now + timedelta(1)
        ),
    }


# Which panels, per role ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("writer", WRITER_PANELS),
        ("editor", EDITOR_PANELS),
        ("reviewer", REVIEWER_PANELS),
        ("superuser", ALL_PANELS),
        ("staff", []),
    ],
)
def test_each_role_sees_only_the_panels_it_may_act_on(request, client, desk_scene, role, expected):
    page = desk(client, request.getfixturevalue(role))

    assert panels(page) == expected


def test_staff_without_a_group_is_told_to_ask_for_a_role_and_sees_no_work(
    client, desk_scene, staff
):
    page = desk(client, staff)

    assert panels(page) == []
    assert "Salary guide" not in page
    assert "Your account is in no group" in text(page, "desk")


def test_anonymous_visitors_are_sent_to_sign_in(client, desk_scene):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/login/" in response.url


# Sent back to me -------------------------------------------------------------------------


def test_a_writer_sees_the_reviewers_comment_who_sent_it_back_and_when(client, desk_scene, writer):
    sent = desk_scene["sent_back"]
    when = sent.transitions.latest("at").at

    page = desk(client, writer)

    panel = text(page, "sent-back")
    assert panel.startswith("Sent back to me 1 version sent back to you")
    assert "Salary guide, 2025" in panel
    assert "Cite the BLS table for the median salary." in panel
    assert "Rita Reviewer" in panel
    assert dateformat.format(timezone.localtime(when), "j M Y, H:i") in panel
    assert change_url(sent) in links(page, "sent-back")


def test_a_resubmitted_draft_leaves_sent_back(client, desk_scene, writer):
    workflow.submit(desk_scene["sent_back"], writer)

    page = desk(client, writer)

    assert text(page, "sent-back-count") == "0"
    assert "Cite the BLS table" not in page


def test_an_edit_during_review_is_not_shown_as_sent_back(client, desk_scene, writer):
    # Editing a version in review returns it to draft too, but nobody sent it back.
    fresh = desk_scene["fresh"]
    fresh.refresh_from_db()
    fresh.body += "\n\nOne more sentence."
    workflow.save_draft(fresh, writer)

    page = desk(client, writer)

    assert "Costs guide" not in text(page, "sent-back")
    assert "Costs guide" in text(page, "my-drafts")


def test_another_writers_sent_back_draft_is_not_mine(client, desk_scene, other_writer):
    page = desk(client, other_writer)

    assert text(page, "sent-back-count") == "0"


# My drafts --------------------------------------------------------------------------------


def test_my_drafts_lists_my_open_versions_only(client, desk_scene, writer):
    page = desk(client, writer)

    panel = text(page, "my-drafts")
    assert text(page, "my-drafts-count") == "5"
    for title in ["Salary guide, 2025", "Costs guide", "Admissions guide", "Online guide"]:
        assert title in panel
    assert "Walt" not in panel
    assert change_url(desk_scene["fresh"]) in links(page, "my-drafts")


def test_an_editor_sees_drafts_they_edited_of_someone_elses_guide(client, desk_scene, editor):
    draft = workflow.start_draft(live_article(title="Edited by the editor"), editor)

    page = desk(client, editor)

    assert text(page, "my-drafts-count") == "1"
    assert change_url(draft) in links(page, "my-drafts")


# Waiting for my review ----------------------------------------------------------------------


def test_reviewer_sees_versions_in_review_oldest_first_with_their_age(client, desk_scene, reviewer):
    page = desk(client, reviewer)

    panel = text(page, "review-status")
    assert text(page, "review-status-count") == "3"
    order = [panel.index(t) for t in ["Admissions guide", "Walt's", "Costs guide"]]
    assert order == sorted(order)
    assert "waiting 1 week, 3 days" in panel
    assert "waiting 3 days" in panel
    assert review_url(desk_scene["fresh"]) in links(page, "review-status")
    assert links(page, "review-status")[0] == reverse("admin:articles_articleversion_queue")


@pytest.mark.parametrize("touch", ["created", "edited", "author", "editor"])
def test_waiting_for_my_review_leaves_out_what_i_touched(
    client, desk_scene, reviewer, second_reviewer, touch
):
    # The four-eyes rule (permissions.has_touched): someone else must decide on these.
    version = ArticleVersionFactory(in_review=True, title="Touched by Rita")
    if touch == "created":
        version.created_by = reviewer
    elif touch == "author":
        version.author = reviewer.person
    elif touch == "editor":
        version.editor = reviewer.person
    version.save()
    if touch == "edited":
        version.edited_by.add(reviewer)

    mine = desk(client, reviewer)
    theirs = desk(client, second_reviewer)

    assert "Touched by Rita" not in text(mine, "review-status")
    assert "Touched by Rita" in text(theirs, "review-status")


# Scheduled, recently published ------------------------------------------------------------


def test_scheduled_times_are_shown_in_the_site_time_zone(client, desk_scene, reviewer, settings):
    settings.TIME_ZONE = "America/Chicago"
    go_live = desk_scene["scheduled"].go_live_at
    local = dateformat.format(go_live.astimezone(ZoneInfo("America/Chicago")), "j M Y, H:i")

    page = desk(client, reviewer)

    assert f"goes live {local} (America/Chicago)" in text(page, "scheduled")


def test_an_overdue_version_is_flagged_with_the_scheduler_warning(client, desk_scene, reviewer):
    page = desk(client, reviewer)

    panel = text(page, "scheduled")
    assert text(page, "scheduled-count") == "3"
    assert panel.index("Forgotten guide") < panel.index("Online guide")
    assert "1 approved version should have gone live more than 15 minutes ago" in panel
    assert "publish_scheduled" in panel


def test_a_writer_follows_their_own_scheduled_and_published_guides(
    client, desk_scene, writer, other_writer
):
    page = desk(client, writer)

    assert "Online guide" in text(page, "scheduled")
    assert "Walt" not in text(page, "scheduled")
    assert "Walt" not in text(page, "recently-published")
    assert "Costs guide (live)" in text(page, "recently-published")


def test_recently_published_links_to_the_version_and_the_public_page(client, desk_scene, editor):
    live = desk_scene["fresh"].article.live_version

    page = desk(client, editor)

    assert change_url(live) in links(page, "recently-published")
    assert live.article.get_absolute_url() in links(page, "recently-published")


def test_a_guide_published_weeks_ago_is_not_recent(client, desk_scene, editor):
    live = desk_scene["fresh"].article.live_version
    ArticleVersion.objects.filter(pk=live.pk).update(
        published_at=timezone.now() - timedelta(days=30)
    )

    page = desk(client, editor)

    assert "Costs guide (live)" not in text(page, "recently-published")


# Stalled ----------------------------------------------------------------------------------


def test_editors_see_stalled_reviews_and_versions_past_due(client, desk_scene, editor):
    page = desk(client, editor)

    panel = text(page, "stalled")
    assert text(page, "stalled-count") == "2"
    assert "Forgotten guide" in panel
    assert "should have gone live" in panel
    assert "Admissions guide" in panel
    assert "in review for 1 week, 3 days" in panel
    assert "Costs guide" not in panel
    assert panel.index("Forgotten guide") < panel.index("Admissions guide")


def test_the_stalled_threshold_comes_from_the_setting(client, desk_scene, editor, settings):
    settings.STALLED_REVIEW_DAYS = 2

    page = desk(client, editor)

    assert "in review for more than 2 days" in text(page, "stalled")
    assert "Costs guide" in text(page, "stalled")
    assert text(page, "stalled-count") == "4"


# Setup problems --------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["Writers", "Reviewers"])
def test_a_writer_or_reviewer_without_a_person_is_told_what_to_do(client, db, group):
    user = UserFactory(is_staff=True, username="newcomer")
    user.groups.add(Group.objects.get(name=group))

    page = desk(client, user)

    notice = text(page, "desk")
    assert notice.startswith("Your account has no Person linked, so you cannot")
    assert "Ask an administrator to link your Person" in notice


def test_no_setup_notice_once_a_person_is_linked(client, desk_scene, writer, reviewer):
    assert "setup-problem" not in desk(client, writer)
    assert "setup-problem" not in desk(client, reviewer)


# Fixed query count -----------------------------------------------------------------------


def _more_of_everything(writer, other_writer, reviewer):
    now = timezone.now()
    for n in range(3):
        sent = _in_review(writer, f"Another sent back {n}", days_ago=0)
        workflow.request_changes(sent, reviewer, f"Fix number {n}.")
        _in_review(writer, f"Another in review {n}", days_ago=12 + n)
        _in_review(other_writer, f"Walt's other {n}", days_ago=9)
        _approved(writer, reviewer, f"Another scheduled {n}", now + timedelta(hours=n + 1))
        _approved(writer, reviewer, f"Another overdue {n}", now - timedelta(hours=n + 1))


def _tell(user, version, count):
    for n in range(count):
        Notification.objects.create(
            recipient=user, version=version, kind=Notification.Kind.APPROVED, message=f"News {n}."
        )


# Per role: session, user, permissions, the panels (one query each, unsent emails included,
# and for editors and reviewers the count of data to check) and the app list.
QUERIES = {
    "writer": 13,
    "editor": 14,
    "reviewer": 13,
    "superuser": 14,
    "staff": 7,
}


@pytest.mark.parametrize("role", list(QUERIES))
def test_the_desk_runs_a_fixed_number_of_queries(
    request, client, desk_scene, writer, other_writer, reviewer, role, django_assert_num_queries
):
    user = request.getfixturevalue(role)
    _tell(user, desk_scene["fresh"], 1)
    client.force_login(user)
    with django_assert_num_queries(QUERIES[role]):
        client.get(reverse("admin:index"))

    _more_of_everything(writer, other_writer, reviewer)
    _tell(user, desk_scene["stalled"], 5)

    with django_assert_num_queries(QUERIES[role]):
        page = client.get(reverse("admin:index")).content.decode()
    if role in ("writer", "superuser"):
        assert text(page, "sent-back-count") != "1"
