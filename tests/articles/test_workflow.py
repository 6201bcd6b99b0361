"""The workflow service layer: every transition allowed and refused, per role."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion, Transition
from tests.articles.factories import (
    FAQFactory,
    PersonFactory,
    SourceFactory,
    UserFactory,
    live_article,
)

State = ArticleVersion.State
EDITING_ROLES_ALLOWED = ["writer", "editor", "superuser"]
EDITING_ROLES_REFUSED = ["anonymous", "staff", "reviewer"]
REVIEW_ROLES_ALLOWED = ["reviewer", "superuser"]
REVIEW_ROLES_REFUSED = ["anonymous", "staff", "writer", "editor"]


@pytest.fixture
def guide(writer):
    """A live guide written by the writer, with one FAQ and one source."""
    article = live_article(author=writer.person, title="Original title")
    FAQFactory(version=article.live_version, question="Is it online?", answer="Yes.")
    SourceFactory(version=article.live_version, url="https://example.org/bls")
    return article


@pytest.fixture
def draft(guide, writer):
    version = workflow.start_draft(guide, writer)
    version.title = "New title"
    version.change_note = "Retitled"
    return workflow.save_draft(version, writer)


@pytest.fixture
def in_review(draft, writer):
    return workflow.submit(draft, writer)


def user_for(request, role):
    return request.getfixturevalue(role)


def test_start_draft_copies_live_content_with_faqs_and_sources(guide, editor):
    version = workflow.start_draft(guide, editor)

    assert version.state == State.DRAFT
    assert version.number == guide.live_version.number + 1
    assert version.title == "Original title"
    assert [f.question for f in version.faqs.all()] == ["Is it online?"]
    assert [s.url for s in version.sources.all()] == ["https://example.org/bls"]
    assert version.created_by == editor
    assert version.transitions.get().to_state == State.DRAFT


def test_start_draft_continues_the_open_draft(guide, writer, editor):
    first = workflow.start_draft(guide, writer)

    again = workflow.start_draft(guide, editor)

    assert again.pk == first.pk
    assert guide.versions.filter(state=State.DRAFT).count() == 1


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_start_a_draft(request, guide, role):
    version = workflow.start_draft(guide, user_for(request, role))

    assert version.state == State.DRAFT


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_start_a_draft(request, guide, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.start_draft(guide, user_for(request, role))

    assert not guide.versions.filter(state=State.DRAFT).exists()


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
def test_roles_that_may_save_a_draft(request, guide, writer, role):
    user = user_for(request, role)
    version = workflow.start_draft(guide, writer)
    version.body = "Rewritten body."

    workflow.save_draft(version, user)

    version.refresh_from_db()
    assert version.body == "Rewritten body."
    assert version.edit_count == 1
    assert user in version.edited_by.all()


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_save_a_draft(request, guide, writer, role):
    version = workflow.start_draft(guide, writer)
    version.body = "Rewritten body."

    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.save_draft(version, user_for(request, role))

    version.refresh_from_db()
    assert version.body != "Rewritten body."
    assert version.edit_count == 0


def test_conflicting_save_is_refused_and_nothing_is_lost(guide, writer, editor):
    draft = workflow.start_draft(guide, writer)
    mine = ArticleVersion.objects.get(pk=draft.pk)
    theirs = ArticleVersion.objects.get(pk=draft.pk)
    theirs.body = "The editor's paragraph."
    workflow.save_draft(theirs, editor)
    mine.body = "The writer's paragraph."

    with pytest.raises(workflow.EditConflict) as conflict:
        workflow.save_draft(mine, writer)

    saved = ArticleVersion.objects.get(pk=draft.pk)
    assert saved.body == "The editor's paragraph."
    assert mine.body == "The writer's paragraph."
    assert conflict.value.current.body == "The editor's paragraph."
    assert "Someone else saved" in str(conflict.value)


def test_saving_a_live_version_in_place_is_refused(guide, editor):
    live = guide.live_version
    live.title = "Sneaky edit"

    with pytest.raises(workflow.TransitionNotAllowed, match="new draft"):
        workflow.save_draft(live, editor)

    live.refresh_from_db()
    assert live.title == "Original title"


def test_editing_an_approved_scheduled_version_sends_it_back_to_draft(in_review, reviewer, writer):
    workflow.approve(in_review, reviewer, go_live_at=timezone.now() + timedelta(days=1))
    version = ArticleVersion.objects.get(pk=in_review.pk)
    version.body = "A change after approval."

    workflow.save_draft(version, writer)

    version.refresh_from_db()
    assert version.state == State.DRAFT
    assert version.go_live_at is None
    assert version.reviewer is None
    assert version.transitions.last().from_state == State.APPROVED


def test_editing_a_version_in_review_sends_it_back_to_draft(in_review, editor):
    in_review.body = "Edited during review."

    workflow.save_draft(in_review, editor)

    assert ArticleVersion.objects.get(pk=in_review.pk).state == State.DRAFT


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_submit(request, draft, role):
    workflow.submit(draft, user_for(request, role))

    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW
    assert draft.submitted_at is not None


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_submit(request, draft, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.submit(draft, user_for(request, role))

    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_submitting_twice_is_refused(in_review, writer):
    with pytest.raises(workflow.TransitionNotAllowed, match="in review"):
        workflow.submit(in_review, writer)


@pytest.mark.parametrize("role", REVIEW_ROLES_ALLOWED)
def test_roles_that_may_approve(request, in_review, guide, role):
    user = user_for(request, role)

    workflow.approve(in_review, user, comment="Checked the figures.")

    guide.refresh_from_db()
    assert guide.live_version_id == in_review.pk
    assert guide.live_version.reviewer == user.person
    assert guide.live_version.approved_by == user


@pytest.mark.parametrize("role", REVIEW_ROLES_REFUSED)
def test_roles_that_may_not_approve(request, in_review, guide, role):
    old_live = guide.live_version_id

    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.approve(in_review, user_for(request, role))

    guide.refresh_from_db()
    assert guide.live_version_id == old_live
    assert ArticleVersion.objects.get(pk=in_review.pk).state == State.IN_REVIEW


def test_superuser_may_not_approve_a_version_they_edited(guide, superuser):
    version = workflow.start_draft(guide, superuser)
    version.body = "Edited by the superuser."
    workflow.save_draft(version, superuser)
    workflow.submit(version, superuser)

    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        workflow.approve(version, superuser)

    assert ArticleVersion.objects.get(pk=version.pk).state == State.IN_REVIEW


def test_reviewer_who_also_edits_may_not_approve_their_own_edit(guide, reviewer, writer):
    reviewer.groups.add(Group.objects.get(name="Editors"))
    version = workflow.start_draft(guide, writer)
    version.body = "A reviewer's own words."
    workflow.save_draft(version, reviewer)
    workflow.submit(version, writer)

    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        workflow.approve(version, reviewer)
    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        workflow.request_changes(version, reviewer, "Please fix.")


def test_approving_without_a_linked_person_is_refused(in_review):
    user = UserFactory(is_staff=True, username="lonely-reviewer")
    user.groups.add(Group.objects.get(name="Reviewers"))

    with pytest.raises(workflow.TransitionNotAllowed, match="no Person"):
        workflow.approve(in_review, user)

    assert ArticleVersion.objects.get(pk=in_review.pk).state == State.IN_REVIEW


def test_approval_publishes_now_and_archives_the_old_live_version(in_review, guide, reviewer):
    old_live = guide.live_version
    before = timezone.now()

    workflow.approve(in_review, reviewer)

    guide.refresh_from_db()
    old_live.refresh_from_db()
    assert guide.live_version.title == "New title"
    assert guide.live_version.state == State.LIVE
    assert guide.content_updated_at >= before
    assert old_live.state == State.ARCHIVED
    steps = list(
        Transition.objects.filter(version=in_review).values_list("from_state", "to_state", "by")
    )
    assert steps[-2:] == [
        (State.IN_REVIEW, State.APPROVED, reviewer.pk),
        (State.APPROVED, State.LIVE, reviewer.pk),
    ]


def test_a_minor_change_keeps_the_updated_on_date(guide, writer, reviewer):
    updated_on = guide.content_updated_at
    version = workflow.start_draft(guide, writer)
    version.body = "Fixed a typo."
    version.is_minor = True
    workflow.save_draft(version, writer)
    workflow.submit(version, writer)

    workflow.approve(version, reviewer)

    guide.refresh_from_db()
    assert guide.live_version_id == version.pk
    assert guide.content_updated_at == updated_on


def test_approval_with_a_future_go_live_time_waits(in_review, guide, reviewer):
    old_live = guide.live_version_id
    go_live = timezone.now() + timedelta(hours=2)

    workflow.approve(in_review, reviewer, go_live_at=go_live)

    guide.refresh_from_db()
    in_review.refresh_from_db()
    assert guide.live_version_id == old_live
    assert in_review.state == State.APPROVED
    assert in_review.go_live_at == go_live


def test_approval_with_a_past_go_live_time_publishes_at_once(in_review, guide, reviewer):
    workflow.approve(in_review, reviewer, go_live_at=timezone.now() - timedelta(minutes=5))

    guide.refresh_from_db()
    assert guide.live_version_id == in_review.pk


def test_approving_a_draft_is_refused(draft, reviewer):
    with pytest.raises(workflow.TransitionNotAllowed, match="only a version that is in review"):
        workflow.approve(draft, reviewer)


@pytest.mark.parametrize("role", REVIEW_ROLES_ALLOWED)
def test_roles_that_may_request_changes(request, in_review, role):
    workflow.request_changes(in_review, user_for(request, role), "Cite the salary source.")

    in_review.refresh_from_db()
    assert in_review.state == State.DRAFT
    assert in_review.transitions.last().comment == "Cite the salary source."


@pytest.mark.parametrize("role", REVIEW_ROLES_REFUSED)
def test_roles_that_may_not_request_changes(request, in_review, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.request_changes(in_review, user_for(request, role), "No.")

    assert ArticleVersion.objects.get(pk=in_review.pk).state == State.IN_REVIEW


def test_requesting_changes_needs_a_comment(in_review, reviewer):
    with pytest.raises(workflow.TransitionNotAllowed, match="comment is required"):
        workflow.request_changes(in_review, reviewer, "   ")

    assert ArticleVersion.objects.get(pk=in_review.pk).state == State.IN_REVIEW


def test_public_version_is_unchanged_by_draft_submit_and_send_back(guide, writer, reviewer):
    live_pk = guide.live_version_id
    updated_on = guide.content_updated_at
    version = workflow.start_draft(guide, writer)
    version.title = "Unreviewed title"
    workflow.save_draft(version, writer)
    workflow.submit(version, writer)
    workflow.request_changes(version, reviewer, "Not yet.")

    guide.refresh_from_db()
    assert guide.live_version_id == live_pk
    assert guide.live_version.title == "Original title"
    assert guide.content_updated_at == updated_on


def test_publish_refuses_a_version_that_was_not_approved(in_review, guide):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.publish(in_review)

    guide.refresh_from_db()
    assert guide.live_version_id != in_review.pk


def test_publish_makes_an_approved_version_live(in_review, guide, reviewer):
    workflow.approve(in_review, reviewer, go_live_at=timezone.now() + timedelta(days=3))

    workflow.publish(in_review)

    guide.refresh_from_db()
    assert guide.live_version_id == in_review.pk
    assert guide.live_version.reviewer == reviewer.person


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_discard_a_draft(request, draft, guide, role):
    live_pk = guide.live_version_id

    workflow.discard(draft, user_for(request, role))

    guide.refresh_from_db()
    assert ArticleVersion.objects.get(pk=draft.pk).state == State.DISCARDED
    assert guide.live_version_id == live_pk


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_discard_a_draft(request, draft, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.discard(draft, user_for(request, role))

    assert ArticleVersion.objects.get(pk=draft.pk).state == State.DRAFT


def test_the_live_version_cannot_be_discarded(guide, editor):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.discard(guide.live_version, editor)

    assert guide.live_version.state == State.LIVE


def test_after_discarding_a_new_draft_can_start(draft, guide, writer):
    workflow.discard(draft, writer)

    fresh = workflow.start_draft(guide, writer)

    assert fresh.pk != draft.pk
    assert fresh.title == "Original title"


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_restore_an_old_version(request, in_review, guide, reviewer, role):
    old = guide.live_version
    workflow.approve(in_review, reviewer)

    restored = workflow.restore(old, user_for(request, role))

    assert restored.state == State.DRAFT
    assert restored.title == "Original title"
    assert restored.restored_from == old
    assert [f.question for f in restored.faqs.all()] == ["Is it online?"]
    guide.refresh_from_db()
    assert guide.live_version_id == in_review.pk


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_restore(request, in_review, guide, reviewer, role):
    old = guide.live_version
    workflow.approve(in_review, reviewer)

    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.restore(old, user_for(request, role))

    assert not guide.versions.filter(state=State.DRAFT).exists()


def test_restore_is_refused_while_another_version_is_open(draft, guide, writer):
    old = ArticleVersion.objects.create(
        article=guide,
        number=99,
        state=State.ARCHIVED,
        title="t",
        dek="d",
        body="b",
        author=writer.person,
    )

    with pytest.raises(workflow.TransitionNotAllowed, match="still open"):
        workflow.restore(old, writer)


def test_a_restored_version_goes_through_review_again(in_review, guide, reviewer, writer):
    old = guide.live_version
    workflow.approve(in_review, reviewer)
    restored = workflow.restore(old, writer)
    workflow.submit(restored, writer)

    workflow.approve(restored, reviewer)

    guide.refresh_from_db()
    assert guide.live_version_id == restored.pk
    assert guide.live_version.title == "Original title"


def test_every_transition_is_recorded_with_who_and_comment(guide, writer, reviewer):
    version = workflow.start_draft(guide, writer)
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


def test_public_page_is_unchanged_by_draft_submit_and_send_back(client, guide, writer, reviewer):
    old_date = timezone.make_aware(datetime(2023, 10, 18, 12, 0))
    Article.objects.filter(pk=guide.pk).update(content_updated_at=old_date)
    version = workflow.start_draft(guide, writer)
    version.title = "Unreviewed title"
    workflow.save_draft(version, writer)
    workflow.submit(version, writer)
    workflow.request_changes(version, reviewer, "Not yet.")

    after = client.get(guide.get_absolute_url()).content.decode()

    assert "Original title" in after
    assert "Unreviewed title" not in after
    assert "October 18, 2023" in after


def test_public_page_changes_after_approval_with_reviewer_and_date(
    client, in_review, guide, reviewer
):
    workflow.approve(in_review, reviewer)

    page = client.get(guide.get_absolute_url()).content.decode()

    guide.refresh_from_db()
    assert "New title" in page
    assert "Rita Reviewer" in page
    assert timezone.localtime(guide.content_updated_at).strftime("%B %-d, %Y") in page


def test_an_editor_who_is_also_the_author_is_refused_with_a_message(guide, writer):
    version = workflow.start_draft(guide, writer)
    version.editor = writer.person

    with pytest.raises(workflow.TransitionNotAllowed, match="someone other than the author"):
        workflow.save_draft(version, writer)

    assert ArticleVersion.objects.get(pk=version.pk).editor is None


def test_a_new_draft_keeps_the_programs_and_careers_in_the_editors_order(guide, writer):
    from tests.careers.factories import CareerFactory
    from tests.programs.factories import ProgramFactory

    live = guide.live_version
    for order, name in [(2, "Beta MS"), (1, "Alpha MS")]:
        live.program_links.create(program=ProgramFactory(name=name), order=order)
    live.career_links.create(career=CareerFactory(title="Data Scientist"), order=1)

    draft = workflow.start_draft(guide, writer)

    assert [link.program.name for link in draft.program_links.all()] == ["Alpha MS", "Beta MS"]
    assert [link.career.title for link in draft.career_links.all()] == ["Data Scientist"]


def _at_once(*steps):
    """Run each step in its own thread and connection, started together; return the errors."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(steps))
    results = [None] * len(steps)

    def run(index, step):
        try:
            barrier.wait()
            results[index] = step()
        except Exception as exc:  # noqa: BLE001
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _needs_row_locks():
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row locks matter on PostgreSQL.")


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_keep_one_and_refuse_the_other(writer, editor):
    _needs_row_locks()
    article = live_article(author=writer.person)
    draft = workflow.start_draft(article, writer)
    mine, theirs = (ArticleVersion.objects.get(pk=draft.pk) for _ in range(2))
    mine.body, theirs.body = "Writer's words.", "Editor's words."

    results = _at_once(
        lambda: workflow.save_draft(mine, writer), lambda: workflow.save_draft(theirs, editor)
    )

    conflicts = [r for r in results if isinstance(r, workflow.EditConflict)]
    assert len(conflicts) == 1
    saved = ArticleVersion.objects.get(pk=draft.pk)
    assert saved.edit_count == 1
    assert saved.body in {"Writer's words.", "Editor's words."}


@pytest.mark.django_db(transaction=True)
def test_two_people_starting_a_draft_at_once_get_the_same_draft(writer, editor):
    _needs_row_locks()
    article = live_article(author=writer.person)

    results = _at_once(
        lambda: workflow.start_draft(article, writer), lambda: workflow.start_draft(article, editor)
    )

    assert all(isinstance(r, ArticleVersion) for r in results), results
    assert results[0].pk == results[1].pk
    assert article.versions.filter(state=State.DRAFT).count() == 1
