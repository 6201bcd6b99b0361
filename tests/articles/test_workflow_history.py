"""Discarding and restoring versions: history is kept, the live page untouched."""

import pytest

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.workflow_support import (
    EDITING_ROLES_ALLOWED,
    EDITING_ROLES_REFUSED,
    user_for,
)

State = ArticleVersion.State


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_discard_a_draft(request, open_draft, published_guide, role):
    live_pk = published_guide.live_version_id

    workflow.discard(open_draft, user_for(request, role))

    published_guide.refresh_from_db()
    assert ArticleVersion.objects.get(pk=open_draft.pk).state == State.DISCARDED
    assert published_guide.live_version_id == live_pk


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_discard_a_draft(request, open_draft, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.discard(open_draft, user_for(request, role))

    assert ArticleVersion.objects.get(pk=open_draft.pk).state == State.DRAFT


def test_the_live_version_cannot_be_discarded(published_guide, editor):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.discard(published_guide.live_version, editor)

    assert published_guide.live_version.state == State.LIVE


def test_after_discarding_a_new_draft_can_start(open_draft, published_guide, writer):
    workflow.discard(open_draft, writer)

    fresh = workflow.start_draft(published_guide, writer)

    assert fresh.pk != open_draft.pk
    assert fresh.title == "Original title"


@pytest.mark.parametrize("role", EDITING_ROLES_ALLOWED)
def test_roles_that_may_restore_an_old_version(
    request, version_in_review, published_guide, reviewer, role
):
    old = published_guide.live_version
    workflow.approve(version_in_review, reviewer)

    restored = workflow.restore(old, user_for(request, role))

    assert restored.state == State.DRAFT
    assert restored.title == "Original title"
    assert restored.restored_from == old
    assert [f.question for f in restored.faqs.all()] == ["Is it online?"]
    published_guide.refresh_from_db()
    assert published_guide.live_version_id == version_in_review.pk


@pytest.mark.parametrize("role", EDITING_ROLES_REFUSED)
def test_roles_that_may_not_restore(request, version_in_review, published_guide, reviewer, role):
    old = published_guide.live_version
    workflow.approve(version_in_review, reviewer)

    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.restore(old, user_for(request, role))

    assert not published_guide.versions.filter(state=State.DRAFT).exists()


def test_restore_is_refused_while_another_version_is_open(open_draft, published_guide, writer):
    old = ArticleVersion.objects.create(
        article=published_guide,
        number=99,
        state=State.ARCHIVED,
        title="t",
        dek="d",
        body="b",
        author=writer.person,
    )

    with pytest.raises(workflow.TransitionNotAllowed, match="still open"):
        workflow.restore(old, writer)


def test_a_restored_version_goes_through_review_again(
    version_in_review, published_guide, reviewer, writer
):
    old = published_guide.live_version
    workflow.approve(version_in_review, reviewer)
    restored = workflow.restore(old, writer)
    workflow.submit(restored, writer)

    workflow.approve(restored, reviewer)

    published_guide.refresh_from_db()
    assert published_guide.live_version_id == restored.pk
    assert published_guide.live_version.title == "Original title"


def test_a_new_draft_keeps_the_programs_and_careers_in_the_editors_order(published_guide, writer):
    from tests.careers.factories import CareerFactory
    from tests.programs.factories import ProgramFactory

    live = published_guide.live_version
    for order, name in [(2, "Beta MS"), (1, "Alpha MS")]:
        live.program_links.create(program=ProgramFactory(name=name), order=order)
    live.career_links.create(career=CareerFactory(title="Data Scientist"), order=1)

    draft = workflow.start_draft(published_guide, writer)

    assert [link.program.name for link in draft.program_links.all()] == ["Alpha MS", "Beta MS"]
    assert [link.career.title for link in draft.career_links.all()] == ["Data Scientist"]
