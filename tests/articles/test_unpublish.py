"""Taking a live guide down (workflow.unpublish), per role, and putting it back through review."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleVersion, Transition
from tests.articles.factories import ArticleVersionFactory, live_article
from tests.articles.workflow_support import user_for

State = ArticleVersion.State

UNPUBLISH_ALLOWED = ["editor", "reviewer", "superuser"]
UNPUBLISH_REFUSED = {
    "anonymous": "Sign in to take this guide down.",
    "writer": "Only editors and reviewers may take this guide down.",
    "staff": "Only editors and reviewers may take this guide down.",
}


@pytest.fixture
def take_down(django_capture_on_commit_callbacks):
    """workflow.unpublish, then its on-commit callbacks (the email), as a commit would run them."""

    def run(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return workflow.unpublish(*args, **kwargs)

    return run


@pytest.mark.parametrize("role", UNPUBLISH_ALLOWED)
def test_roles_that_may_take_a_guide_down(request, published_guide, role):
    live = published_guide.live_version

    workflow.unpublish(published_guide, user_for(request, role), "Legal request of 3 March.")

    published_guide.refresh_from_db()
    live.refresh_from_db()
    assert published_guide.live_version is None
    assert published_guide.taken_down_at is not None
    assert live.state == State.WITHDRAWN
    assert not Article.objects.published().filter(pk=published_guide.pk).exists()


@pytest.mark.parametrize(("role", "sentence"), UNPUBLISH_REFUSED.items())
def test_roles_that_may_not_take_a_guide_down(request, published_guide, role, sentence):
    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.unpublish(published_guide, user_for(request, role), "Legal request.")

    assert refused.value.message == sentence
    published_guide.refresh_from_db()
    assert published_guide.live_version.state == State.LIVE
    assert published_guide.taken_down_at is None


@pytest.mark.parametrize("reason", ["", "   \n ", None])
def test_an_empty_reason_is_refused_and_nothing_changes(published_guide, editor, reason):
    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.unpublish(published_guide, editor, reason)

    assert refused.value.message == "Say why the guide is taken down: a reason is required."
    published_guide.refresh_from_db()
    assert published_guide.live_version.state == State.LIVE
    assert published_guide.taken_down_at is None
    assert not Transition.objects.filter(to_state=State.WITHDRAWN).exists()


def test_the_takedown_is_recorded_with_who_and_why(published_guide, reviewer):
    live = published_guide.live_version

    workflow.unpublish(published_guide, reviewer, "  Outdated salary data.  ")

    step = Transition.objects.get(version=live, to_state=State.WITHDRAWN)
    assert (step.from_state, step.by, step.comment) == (
        State.LIVE,
        reviewer,
        "Outdated salary data.",
    )


def test_a_replacement_guide_is_kept(published_guide, editor):
    replacement = live_article(title="The newer guide")

    workflow.unpublish(published_guide, editor, "Merged into a newer guide.", replacement)

    published_guide.refresh_from_db()
    assert published_guide.replaced_by == replacement


def test_a_guide_cannot_replace_itself(published_guide, editor):
    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.unpublish(published_guide, editor, "Merged.", published_guide)

    assert refused.value.message == "A guide cannot replace itself; choose another guide or none."
    published_guide.refresh_from_db()
    assert published_guide.live_version is not None


def test_the_replacement_must_be_live(published_guide, editor):
    never_live = ArticleVersionFactory().article

    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.unpublish(published_guide, editor, "Merged.", never_live)

    assert "must be a guide that is on the site" in refused.value.message
    published_guide.refresh_from_db()
    assert published_guide.taken_down_at is None


def test_a_guide_that_is_not_live_cannot_be_taken_down(published_guide, editor):
    workflow.unpublish(published_guide, editor, "Legal request.")

    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.unpublish(published_guide, editor, "Again.")

    assert refused.value.message == (
        "This guide is not on the site, so there is nothing to take down."
    )


def test_the_author_is_emailed_the_reason(published_guide, editor, writer, mailoutbox, take_down):
    take_down(published_guide, editor, "The school asked us to remove it.")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [writer.email]
    assert message.subject == "Taken down: Original title"
    assert "The school asked us to remove it." in message.body
    assert "tells readers the guide is gone" in message.body


def test_the_email_names_the_replacement_address(
    published_guide, editor, mailoutbox, settings, take_down
):
    settings.SITE_URL = "https://guides.example.com"
    replacement = live_article(article__slug="newer-guide")

    take_down(published_guide, editor, "Merged.", replacement)

    assert "https://guides.example.com/articles/newer-guide/" in mailoutbox[0].body


def test_nobody_is_emailed_about_their_own_takedown(published_guide, writer, mailoutbox, take_down):
    # The writer, made an editor, takes down their own guide.
    from django.contrib.auth.models import Group

    writer.groups.add(Group.objects.get(name="Editors"))

    take_down(published_guide, writer, "Out of date.")

    assert mailoutbox == []


# Putting it back --------------------------------------------------------------------------


def test_a_guide_taken_down_comes_back_only_through_review(
    client, published_guide, editor, writer, reviewer
):
    workflow.unpublish(published_guide, editor, "Legal request.", live_article())
    draft = workflow.start_draft(published_guide, writer)
    assert draft.title == "Original title"
    assert client.get(published_guide.get_absolute_url()).status_code == 301
    workflow.submit(draft, writer)
    assert client.get(published_guide.get_absolute_url()).status_code == 301

    workflow.approve(draft, reviewer)

    published_guide.refresh_from_db()
    assert published_guide.live_version_id == draft.pk
    assert published_guide.taken_down_at is None
    assert published_guide.replaced_by is None
    response = client.get(published_guide.get_absolute_url())
    assert response.status_code == 200
    assert "Original title" in response.content.decode()


def test_a_new_draft_starts_from_the_version_taken_down_not_a_discarded_one(
    published_guide, writer, editor
):
    discarded = workflow.start_draft(published_guide, writer)
    discarded.title = "An abandoned attempt"
    workflow.save_draft(discarded, writer)
    workflow.discard(discarded, writer)
    workflow.unpublish(published_guide, editor, "Legal request.")

    draft = workflow.start_draft(published_guide, writer)

    assert draft.title == "Original title"
    assert draft.transitions.get().comment == (
        f"Started from version {published_guide.versions.withdrawn().get().number}."
    )


def test_an_open_draft_survives_the_takedown(open_draft, published_guide, editor, writer):
    workflow.unpublish(published_guide, editor, "Legal request.")

    assert workflow.start_draft(published_guide, writer).pk == open_draft.pk


def test_a_scheduled_version_does_not_bring_the_guide_back_by_itself(
    version_in_review, published_guide, editor, reviewer
):
    workflow.approve(version_in_review, reviewer, go_live_at=timezone.now() + timedelta(hours=1))

    workflow.unpublish(published_guide, editor, "Legal request.")

    version_in_review.refresh_from_db()
    assert version_in_review.state == State.IN_REVIEW
    assert version_in_review.go_live_at is None
    assert workflow.publish_due(timezone.now() + timedelta(days=1)) == []
    published_guide.refresh_from_db()
    assert published_guide.live_version is None
    assert "needs a reviewer's approval again" in version_in_review.transitions.last().comment
