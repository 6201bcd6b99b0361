"""Review queue, review screen, preview and history in the admin, per role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.admin_support import (
    act_url,
    change_url,
    preview_url,
    review_url,
    signed_in,
)
from tests.articles.factories import ArticleFactory, live_article

State = ArticleVersion.State


# Queue and index --------------------------------------------------------------------------


def test_queue_lists_versions_in_review_oldest_first_with_author(
    client, new_link_in_review, reviewer
):
    other = live_article(title="Another guide")
    newer = workflow.start_draft(other, another_editor())
    workflow.submit(newer, newer.created_by)
    ArticleVersion.objects.filter(pk=new_link_in_review.pk).update(
        submitted_at=timezone.now() - timedelta(days=2)
    )

    page = signed_in(client, reviewer).get(reverse("admin:articles_articleversion_queue"))

    text = page.content.decode()
    assert text.index("Better title") < text.index("Another guide")
    assert "Wanda Writer" in text
    assert "2\xa0days" in text


def another_editor():
    """A second member of the Editors group."""
    from django.contrib.auth.models import Group

    from tests.articles.factories import UserFactory

    user = UserFactory(is_staff=True, username="editor-two")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_admin_index_shows_the_review_count(client, new_link_in_review, reviewer):
    page = signed_in(client, reviewer).get(reverse("admin:index"))

    assert '<strong id="review-status-count">1</strong> version waiting for review' in (
        page.content.decode()
    )


def test_admin_index_warns_when_a_due_version_waits_over_15_minutes(
    client, new_link_in_review, reviewer
):
    workflow.approve(new_link_in_review, reviewer, go_live_at=timezone.now() + timedelta(hours=1))
    ArticleVersion.objects.filter(pk=new_link_in_review.pk).update(
        go_live_at=timezone.now() - timedelta(minutes=20)
    )

    index = signed_in(client, reviewer).get(reverse("admin:index")).content.decode()
    queue = client.get(reverse("admin:articles_articleversion_queue")).content.decode()

    assert "scheduler" in index
    assert "probably not running" in queue


def test_no_warning_when_the_due_version_is_recent(client, new_link_in_review, reviewer):
    workflow.approve(new_link_in_review, reviewer, go_live_at=timezone.now() + timedelta(hours=1))
    ArticleVersion.objects.filter(pk=new_link_in_review.pk).update(
        go_live_at=timezone.now() - timedelta(minutes=5)
    )

    index = signed_in(client, reviewer).get(reverse("admin:index")).content.decode()

    assert "probably not running" not in index


def test_scheduled_list_shows_the_site_time_zone(client, new_link_in_review, reviewer, settings):
    workflow.approve(new_link_in_review, reviewer, go_live_at=timezone.now() + timedelta(hours=3))

    page = signed_in(client, reviewer).get(reverse("admin:articles_articleversion_scheduled"))

    text = page.content.decode()
    assert "Better title" in text
    assert f"({settings.TIME_ZONE})" in text


@pytest.mark.parametrize("name", ["queue", "scheduled"])
def test_workflow_lists_are_refused_to_staff_without_permission(client, staff, name):
    response = signed_in(client, staff).get(reverse(f"admin:articles_articleversion_{name}"))

    assert response.status_code == 403


@pytest.mark.parametrize("name", ["queue", "scheduled"])
def test_workflow_lists_send_anonymous_visitors_to_sign_in(client, name):
    response = client.get(reverse(f"admin:articles_articleversion_{name}"))

    assert response.status_code == 302
    assert "/login/" in response.url


# Review screen ----------------------------------------------------------------------------


def test_review_screen_shows_a_word_diff_with_text_labels(client, new_link_in_review, reviewer):
    page = signed_in(client, reviewer).get(review_url(new_link_in_review)).content.decode()

    assert '<ins><span class="visually-hidden">[added: </span>Better' in page
    assert '<del><span class="visually-hidden">[removed: </span>Original' in page
    assert "Added link: <ins>https://bls.gov/new</ins>" in page
    assert "Removed link: <del>https://bls.gov/old</del>" in page
    assert '<details id="unchanged-fields">' in page
    assert "Approve" in page


def test_review_screen_lists_faq_and_source_changes(client, draft_with_new_link, writer, reviewer):
    draft_with_new_link.faqs.create(question="Is the GRE required?", answer="Rarely.", order=5)
    draft_with_new_link.sources.all().delete()
    workflow.submit(draft_with_new_link, writer)

    page = signed_in(client, reviewer).get(review_url(draft_with_new_link)).content.decode()

    assert "<strong>Added FAQ</strong>" in page
    assert "[added: </span>Is the GRE required?" in page
    assert "<strong>Removed source</strong>" in page


@pytest.mark.parametrize("role", ["reviewer", "superuser"])
def test_reviewer_approves_from_the_review_screen(
    request, client, new_link_in_review, guide_with_link, role
):
    response = signed_in(client, request.getfixturevalue(role)).post(
        review_url(new_link_in_review),
        {"decision": "approve", "comment": "Checked.", "edit_count": new_link_in_review.edit_count},
        follow=True,
    )

    guide_with_link.refresh_from_db()
    assert guide_with_link.live_version_id == new_link_in_review.pk
    assert "is now live" in response.content.decode()


@pytest.mark.parametrize("role", ["writer", "editor", "staff"])
def test_non_reviewers_cannot_approve_from_the_review_screen(
    request, client, new_link_in_review, guide_with_link, role
):
    user = request.getfixturevalue(role)
    client.force_login(user)

    page = client.get(review_url(new_link_in_review))
    response = client.post(
        review_url(new_link_in_review),
        {"decision": "approve", "edit_count": new_link_in_review.edit_count},
        follow=True,
    )

    guide_with_link.refresh_from_db()
    assert guide_with_link.live_version_id != new_link_in_review.pk
    if page.status_code == 200:
        assert "Only reviewers may" in response.content.decode()
    else:
        assert page.status_code == 403


def test_superuser_cannot_approve_their_own_edit_in_the_admin(client, guide_with_link, superuser):
    version = workflow.start_draft(guide_with_link, superuser)
    workflow.submit(version, superuser)
    client.force_login(superuser)

    page = client.get(review_url(version)).content.decode()
    response = client.post(
        review_url(version), {"decision": "approve", "edit_count": version.edit_count}, follow=True
    )

    assert (
        "so you may not approve this version: another reviewer must decide on it (four-eyes rule)."
    ) in page
    assert "four-eyes" in response.content.decode()
    assert ArticleVersion.objects.get(pk=version.pk).state == State.IN_REVIEW


def test_request_changes_needs_a_comment(client, new_link_in_review, reviewer):
    response = signed_in(client, reviewer).post(
        review_url(new_link_in_review),
        {
            "decision": "request_changes",
            "comment": " ",
            "edit_count": new_link_in_review.edit_count,
        },
    )

    assert "Say what needs to change" in response.content.decode()
    assert ArticleVersion.objects.get(pk=new_link_in_review.pk).state == State.IN_REVIEW


def test_request_changes_sends_the_version_back(
    client, new_link_in_review, guide_with_link, reviewer
):
    signed_in(client, reviewer).post(
        review_url(new_link_in_review),
        {
            "decision": "request_changes",
            "comment": "Cite BLS.",
            "edit_count": new_link_in_review.edit_count,
        },
    )

    new_link_in_review.refresh_from_db()
    guide_with_link.refresh_from_db()
    assert new_link_in_review.state == State.DRAFT
    assert guide_with_link.live_version.title == "Original title"


def test_approve_with_a_go_live_time_schedules_in_the_site_time_zone(
    client, new_link_in_review, guide_with_link, reviewer
):
    later = timezone.localtime() + timedelta(days=2)

    signed_in(client, reviewer).post(
        review_url(new_link_in_review),
        {
            "decision": "approve",
            "go_live_at": later.strftime("%Y-%m-%dT%H:%M"),
            "edit_count": new_link_in_review.edit_count,
        },
    )

    new_link_in_review.refresh_from_db()
    assert new_link_in_review.state == State.APPROVED
    assert new_link_in_review.go_live_at == later.replace(second=0, microsecond=0)


def test_a_bad_go_live_time_is_a_message_not_an_error(client, new_link_in_review, reviewer):
    response = signed_in(client, reviewer).post(
        review_url(new_link_in_review),
        {
            "decision": "approve",
            "go_live_at": "tomorrow-ish",
            "edit_count": new_link_in_review.edit_count,
        },
    )

    assert response.status_code == 200
    assert ArticleVersion.objects.get(pk=new_link_in_review.pk).state == State.IN_REVIEW


def test_review_of_a_missing_version_is_a_404(client, reviewer):
    response = signed_in(client, reviewer).get(
        reverse("admin:articles_articleversion_review", args=[999999])
    )

    assert response.status_code == 404


# Preview ----------------------------------------------------------------------------------


def test_preview_renders_the_draft_for_staff_and_is_never_cached_or_indexed(
    client, draft_with_new_link, writer
):
    response = signed_in(client, writer).get(preview_url(draft_with_new_link))

    assert response.status_code == 200
    assert "Better title" in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_preview_is_a_404_for_anonymous_visitors(client, draft_with_new_link):
    response = client.get(preview_url(draft_with_new_link))

    assert response.status_code == 404
    assert "Better title" not in response.content.decode()


def test_preview_is_a_404_for_staff_without_permission(client, draft_with_new_link, staff):
    assert signed_in(client, staff).get(preview_url(draft_with_new_link)).status_code == 404


def test_public_page_shows_the_live_version_while_a_draft_is_in_review(
    client, new_link_in_review, guide_with_link
):
    page = client.get(guide_with_link.get_absolute_url()).content.decode()

    assert "Original title" in page
    assert "Better title" not in page


def test_public_page_shows_the_approved_version_with_reviewer_and_date(
    client, new_link_in_review, guide_with_link, reviewer
):
    workflow.approve(new_link_in_review, reviewer)

    page = client.get(guide_with_link.get_absolute_url()).content.decode()

    guide_with_link.refresh_from_db()
    assert "Better title" in page
    assert "Rita Reviewer" in page
    assert timezone.localtime(guide_with_link.content_updated_at).strftime("%Y-%m-%d") in page


# History ----------------------------------------------------------------------------------


def test_history_lists_every_version_with_transitions_and_restores(
    client, new_link_in_review, guide_with_link, reviewer, writer
):
    first = guide_with_link.live_version
    workflow.approve(new_link_in_review, reviewer, comment="Fine.")
    url = reverse("admin:articles_articleversion_guide_history", args=[guide_with_link.pk])

    page = signed_in(client, writer).get(url).content.decode()
    response = client.post(act_url(first, "restore"))

    assert "Version 1" in page or f"Version {first.number}" in page
    assert "“Fine.”" in page
    assert "Restore version" in page
    restored = guide_with_link.versions.get(state=State.DRAFT)
    assert restored.restored_from == first
    assert response.url == change_url(restored)


def test_reviewer_sees_history_without_restore_buttons(
    client, new_link_in_review, guide_with_link, reviewer
):
    workflow.approve(new_link_in_review, reviewer)
    url = reverse("admin:articles_articleversion_guide_history", args=[guide_with_link.pk])

    page = signed_in(client, reviewer).get(url).content.decode()

    assert "Was live" in page
    assert "Restore version" not in page


# Who may open which workflow page ---------------------------------------------------------

PAGES = ["change", "review", "history", "preview", "queue", "scheduled"]
EXPECTED = {
    # role: status per page, in PAGES order
    "anonymous": [302, 302, 302, 404, 302, 302],
    "staff": [403, 403, 403, 404, 403, 403],
    "writer": [200, 200, 200, 200, 200, 200],
    "editor": [200, 200, 200, 200, 200, 200],
    "reviewer": [200, 200, 200, 200, 200, 200],
    "superuser": [200, 200, 200, 200, 200, 200],
}


def page_url(name, version):
    if name in ("queue", "scheduled"):
        return reverse(f"admin:articles_articleversion_{name}")
    if name == "history":
        return reverse("admin:articles_articleversion_guide_history", args=[version.article_id])
    return reverse(f"admin:articles_articleversion_{name}", args=[version.pk])


@pytest.mark.parametrize("role", list(EXPECTED))
def test_workflow_pages_per_role(request, client, new_link_in_review, role):
    user = request.getfixturevalue(role)
    if user.is_authenticated:
        client.force_login(user)

    statuses = [client.get(page_url(name, new_link_in_review)).status_code for name in PAGES]

    assert statuses == EXPECTED[role]


def test_reviewer_sees_a_draft_read_only(client, draft_with_new_link, reviewer):
    page = signed_in(client, reviewer).get(change_url(draft_with_new_link)).content.decode()

    assert "Better title" in page
    assert 'name="_save"' not in page
    assert "Save and submit for review" not in page


def test_review_screen_of_a_brand_new_guide_shows_its_content(client, writer, reviewer):
    version = workflow.add_draft(
        ArticleVersion(
            article=ArticleFactory(),
            title="A first guide",
            dek="D.",
            body="B.",
            author=writer.person,
        ),
        writer,
    )
    workflow.submit(version, writer)

    page = signed_in(client, reviewer).get(review_url(version)).content.decode()

    assert "has no live version yet" in page
    assert "[added: </span>A first guide" in page


@pytest.mark.parametrize("when", ["9999-12-31T23:59", "2999-01-01T00:00"])
def test_a_go_live_time_years_away_gets_a_message_not_an_error(
    client, new_link_in_review, reviewer, when
):
    response = signed_in(client, reviewer).post(
        review_url(new_link_in_review),
        {"decision": "approve", "go_live_at": when, "edit_count": new_link_in_review.edit_count},
    )

    assert response.status_code == 200
    assert "Choose a go-live time within the next two years." in response.content.decode()
    new_link_in_review.refresh_from_db()
    assert new_link_in_review.state == State.IN_REVIEW


@pytest.mark.parametrize("decision", ["approve", "request_changes"])
def test_a_decision_on_text_edited_since_the_screen_loaded_is_refused(
    client, new_link_in_review, guide_with_link, writer, reviewer, decision
):
    signed_in(client, reviewer)
    seen = client.get(review_url(new_link_in_review)).content.decode()
    assert f'name="edit_count" value="{new_link_in_review.edit_count}"' in seen
    # Meanwhile the writer changes the text and submits it again.
    edited = ArticleVersion.objects.get(pk=new_link_in_review.pk)
    edited.title = "A title the reviewer never saw"
    workflow.save_draft(edited, writer)
    workflow.submit(edited, writer)

    response = client.post(
        review_url(new_link_in_review),
        {"decision": decision, "comment": "Fix it.", "edit_count": new_link_in_review.edit_count},
    )

    assert "was edited after you opened it" in response.content.decode()
    guide_with_link.refresh_from_db()
    assert guide_with_link.live_version_id != new_link_in_review.pk
    assert ArticleVersion.objects.get(pk=new_link_in_review.pk).state == State.IN_REVIEW
