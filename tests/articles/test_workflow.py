"""The workflow service layer: every transition allowed and refused, per role."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.factories import PersonFactory, UserFactory, live_article
from tests.articles.workflow_support import (
    EDITING_ROLES_ALLOWED,
    EDITING_ROLES_REFUSED,
    REVIEW_ROLES_ALLOWED,
    REVIEW_ROLES_REFUSED,
    user_for,
)

State = ArticleVersion.State


def test_start_draft_copies_live_content_with_faqs_and_sources(published_guide, editor):
    version = workflow.start_draft(published_guide, editor)

    assert version.state == State.DRAFT
    assert version.number == published_guide.live_version.number + 1
    assert version.title == "Original title"
    assert [f.question for f in version.faqs.all()] == ["Is it online?"]
    assert [s.url for s in version.sources.all()] == ["https://example.org/bls"]
    assert version.created_by == editor
    assert version.transitions.get().to_state == State.DRAFT


def test_start_draft_continues_the_open_draft(published_guide, writer, editor):
    first = workflow.start_draft(published_guide, writer)

    again = workflow.start_draft(published_guide, editor)

    assert again.pk == first.pk
    assert published_guide.versions.filter(state=State.DRAFT).count() == 1


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_start_a_draft(request, published_guide, role):
    version = workflow.start_draft(published_guide, user_for(request, role))

    assert version.state == State.DRAFT


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_start_a_draft(request, published_guide, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.start_draft(published_guide, user_for(request, role))

    assert not published_guide.versions.filter(state=State.DRAFT).exists()


def test_writer_may_not_start_a_draft_of_someone_elses_guide(writer):
    article = live_article(author=PersonFactory())

    with pytest.raises(workflow.TransitionNotAllowed, match="their own guides"):
        workflow.start_draft(article, writer)


def test_writer_may_not_edit_someone_elses_draft(writer, editor):
    article = live_article(author=PersonFactory())
    version = workflow.start_draft(article, editor)
    version.title = "Changed by a writer"

    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.save_draft(version, writer)

    version.refresh_from_db()
    assert version.title != "Changed by a writer"


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_save_a_draft(request, published_guide, writer, role):
    user = user_for(request, role)
    version = workflow.start_draft(published_guide, writer)
    version.body = "Rewritten body."

    workflow.save_draft(version, user)

    version.refresh_from_db()
    assert version.body == "Rewritten body."
    assert version.edit_count == 1
    assert user in version.edited_by.all()


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_save_a_draft(request, published_guide, writer, role):
    version = workflow.start_draft(published_guide, writer)
    version.body = "Rewritten body."

    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.save_draft(version, user_for(request, role))

    version.refresh_from_db()
    assert version.body != "Rewritten body."
    assert version.edit_count == 0


def test_saving_a_live_version_in_place_is_refused(published_guide, editor):
    live = published_guide.live_version
    live.title = "Sneaky edit"

    with pytest.raises(workflow.TransitionNotAllowed, match="new draft"):
        workflow.save_draft(live, editor)

    live.refresh_from_db()
    assert live.title == "Original title"


def test_editing_an_approved_scheduled_version_sends_it_back_to_draft(
    version_in_review, reviewer, writer
):
    workflow.approve(version_in_review, reviewer, go_live_at=timezone.now() + timedelta(days=1))
    version = ArticleVersion.objects.get(pk=version_in_review.pk)
    version.body = "A change after approval."

    workflow.save_draft(version, writer)

    version.refresh_from_db()
    assert version.state == State.DRAFT
    assert version.go_live_at is None
    assert version.reviewer is None
    assert version.transitions.last().from_state == State.APPROVED


def test_editing_a_version_in_review_sends_it_back_to_draft(version_in_review, editor):
    version_in_review.body = "Edited during review."

    workflow.save_draft(version_in_review, editor)

    assert ArticleVersion.objects.get(pk=version_in_review.pk).state == State.DRAFT


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_submit(request, open_draft, role):
    workflow.submit(open_draft, user_for(request, role))

    open_draft.refresh_from_db()
    assert open_draft.state == State.IN_REVIEW
    assert open_draft.submitted_at is not None


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_submit(request, open_draft, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.submit(open_draft, user_for(request, role))

    open_draft.refresh_from_db()
    assert open_draft.state == State.DRAFT


def test_submitting_twice_is_refused(version_in_review, writer):
    with pytest.raises(workflow.TransitionNotAllowed, match="in review"):
        workflow.submit(version_in_review, writer)


@pytest.mark.parametrize("role", REVIEW_ROLES_ALLOWED)
def test_roles_that_may_approve(request, version_in_review, published_guide, role):
    user = user_for(request, role)

    workflow.approve(version_in_review, user, comment="Checked the figures.")

    published_guide.refresh_from_db()
    assert published_guide.live_version_id == version_in_review.pk
    assert published_guide.live_version.reviewer == user.person
    assert published_guide.live_version.approved_by == user


@pytest.mark.parametrize("role", REVIEW_ROLES_REFUSED)
def test_roles_that_may_not_approve(request, version_in_review, published_guide, role):
    old_live = published_guide.live_version_id

    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.approve(version_in_review, user_for(request, role))

    published_guide.refresh_from_db()
    assert published_guide.live_version_id == old_live
    assert ArticleVersion.objects.get(pk=version_in_review.pk).state == State.IN_REVIEW


def test_superuser_may_not_approve_a_version_they_edited(published_guide, superuser):
    version = workflow.start_draft(published_guide, superuser)
    version.body = "Edited by the superuser."
    workflow.save_draft(version, superuser)
    workflow.submit(version, superuser)

    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        workflow.approve(version, superuser)

    assert ArticleVersion.objects.get(pk=version.pk).state == State.IN_REVIEW


def test_reviewer_who_also_edits_may_not_approve_their_own_edit(published_guide, reviewer, writer):
    reviewer.groups.add(Group.objects.get(name="Editors"))
    version = workflow.start_draft(published_guide, writer)
    version.body = "A reviewer's own words."
    workflow.save_draft(version, reviewer)
    workflow.submit(version, writer)

    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        workflow.approve(version, reviewer)
    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        workflow.request_changes(version, reviewer, "Please fix.")


def test_approving_without_a_linked_person_is_refused(version_in_review):
    user = UserFactory(is_staff=True, username="lonely-reviewer")
    user.groups.add(Group.objects.get(name="Reviewers"))

    with pytest.raises(workflow.TransitionNotAllowed, match="no Person"):
        workflow.approve(version_in_review, user)

    assert ArticleVersion.objects.get(pk=version_in_review.pk).state == State.IN_REVIEW


def test_approving_a_draft_is_refused(open_draft, reviewer):
    refusal = "Only a version that is in review can be approved"
    with pytest.raises(workflow.TransitionNotAllowed, match=refusal):
        workflow.approve(open_draft, reviewer)


@pytest.mark.parametrize("role", REVIEW_ROLES_ALLOWED)
def test_roles_that_may_request_changes(request, version_in_review, role):
    workflow.request_changes(version_in_review, user_for(request, role), "Cite the salary source.")

    version_in_review.refresh_from_db()
    assert version_in_review.state == State.DRAFT
    assert version_in_review.transitions.last().comment == "Cite the salary source."


@pytest.mark.parametrize("role", REVIEW_ROLES_REFUSED)
def test_roles_that_may_not_request_changes(request, version_in_review, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_changes(version_in_review, user_for(request, role), "No.")

    assert ArticleVersion.objects.get(pk=version_in_review.pk).state == State.IN_REVIEW


def test_requesting_changes_needs_a_comment(version_in_review, reviewer):
    with pytest.raises(workflow.TransitionNotAllowed, match="comment is required"):
        workflow.request_changes(version_in_review, reviewer, "   ")

    assert ArticleVersion.objects.get(pk=version_in_review.pk).state == State.IN_REVIEW


def test_every_transition_is_recorded_with_who_and_comment(published_guide, writer, reviewer):
    version = workflow.start_draft(published_guide, writer)
    workflow.submit(version, writer)
    workflow.request_changes(version, reviewer, "Add a source.")
    workflow.submit(version, writer)
    workflow.approve(version, reviewer, comment="Good.")

    steps = list(version.transitions.values_list("from_state", "to_state", "by", "comment"))

    assert steps[0][:3] == ("", State.DRAFT, writer.pk)
    assert steps[0][3].startswith("Started from version")
    assert steps[1:] == [
        (State.DRAFT, State.IN_REVIEW, writer.pk, ""),
        (State.IN_REVIEW, State.DRAFT, reviewer.pk, "Add a source."),
        (State.DRAFT, State.IN_REVIEW, writer.pk, ""),
        (State.IN_REVIEW, State.APPROVED, reviewer.pk, "Good."),
        (State.APPROVED, State.LIVE, reviewer.pk, ""),
    ]


def test_an_editor_who_is_also_the_author_is_refused_with_a_message(published_guide, writer):
    version = workflow.start_draft(published_guide, writer)
    version.editor = writer.person

    with pytest.raises(workflow.TransitionNotAllowed, match="someone other than the author"):
        workflow.save_draft(version, writer)

    assert ArticleVersion.objects.get(pk=version.pk).editor is None


# Found in review: ways around the roles and the four-eyes rule, now refused.


def _second_writer():
    from tests.conftest import _member_of

    user = _member_of("Writers", username="writer2")
    PersonFactory(user=user, name="Walt Writer")
    return user


def test_a_writer_cannot_take_over_another_writers_guide_with_a_new_version(published_guide):
    other = _second_writer()
    version = ArticleVersion(
        article=published_guide, title="Mine now", body="Text.", author=other.person
    )

    with pytest.raises(workflow.TransitionNotAllowed, match="writers work on their own guides"):
        workflow.add_draft(version, other)

    assert published_guide.versions.count() == 1


def test_a_writer_cannot_give_a_draft_to_another_author(published_guide, writer):
    other = _second_writer()
    draft = workflow.start_draft(published_guide, writer)
    draft.author = other.person

    with pytest.raises(workflow.TransitionNotAllowed, match="Only editors may give a guide"):
        workflow.save_draft(draft, writer)

    assert ArticleVersion.objects.get(pk=draft.pk).author == writer.person


def test_an_editor_may_give_a_draft_to_another_author(published_guide, editor):
    other = _second_writer()
    draft = workflow.start_draft(published_guide, editor)
    draft.author = other.person

    workflow.save_draft(draft, editor)

    assert ArticleVersion.objects.get(pk=draft.pk).author == other.person


def test_a_copy_of_unreviewed_text_cannot_be_approved_by_its_writer(editor):
    # One account that writes and reviews: its discarded, never-reviewed text comes back as a
    # new draft started by an editor; it still may not approve that text.
    both = _second_writer()
    both.groups.add(Group.objects.get(name="Reviewers"))
    from tests.articles.factories import ArticleFactory

    article = ArticleFactory()
    first = workflow.add_draft(
        ArticleVersion(article=article, title="Unreviewed", body="Text.", author=both.person),
        both,
    )
    workflow.discard(first, both)
    copy = workflow.start_draft(article, editor)
    workflow.submit(copy, editor)

    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        workflow.approve(copy, both)


def test_a_reviewer_cannot_approve_a_guide_that_carries_their_name(
    published_guide, editor, reviewer
):
    draft = workflow.start_draft(published_guide, editor)
    draft.editor = reviewer.person  # bylined as the guide's editor
    workflow.save_draft(draft, editor)
    workflow.submit(draft, editor)

    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        workflow.approve(draft, reviewer)


def test_a_go_live_time_more_than_two_years_ahead_is_refused(published_guide, writer, reviewer):
    draft = workflow.start_draft(published_guide, writer)
    workflow.submit(draft, writer)

    with pytest.raises(workflow.TransitionNotAllowed, match="within the next two years"):
        workflow.approve(draft, reviewer, go_live_at=timezone.now() + timedelta(days=800))

    assert ArticleVersion.objects.get(pk=draft.pk).state == State.IN_REVIEW


def test_a_mail_failure_does_not_undo_or_break_the_step(
    published_guide, writer, django_capture_on_commit_callbacks, monkeypatch
):
    from articles import notifications

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "submitted", broken)
    draft = workflow.start_draft(published_guide, writer)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, writer)

    assert ArticleVersion.objects.get(pk=draft.pk).state == State.IN_REVIEW
