"""The version change form and workflow buttons in the admin, per role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.admin_support import (
    act_url,
    change_url,
    form_data,
    signed_in,
)
from tests.articles.factories import ArticleFactory, PersonFactory, live_article

State = ArticleVersion.State


# The version change form ------------------------------------------------------------------


def test_writer_saves_their_draft_through_the_workflow(client, draft_with_new_link, writer):
    response = signed_in(client, writer).post(
        change_url(draft_with_new_link), form_data(draft_with_new_link, title="Saved in the admin")
    )

    assert response.status_code == 302
    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.title == "Saved in the admin"
    assert draft_with_new_link.edit_count == 2
    assert draft_with_new_link.state == State.DRAFT


def test_state_cannot_be_set_through_the_form(client, draft_with_new_link, writer):
    signed_in(client, writer).post(
        change_url(draft_with_new_link), form_data(draft_with_new_link, state="live")
    )

    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.state == State.DRAFT


def test_second_save_of_the_same_draft_shows_a_conflict_and_keeps_both_texts(
    client, draft_with_new_link, writer, editor
):
    loaded = form_data(draft_with_new_link)
    signed_in(client, editor).post(
        change_url(draft_with_new_link), {**loaded, "body": "The editor's text."}
    )

    response = signed_in(client, writer).post(
        change_url(draft_with_new_link), {**loaded, "body": "The writer's text."}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this version" in page
    assert "Someone else (editor) saved this version" in page
    assert "The writer&#x27;s text." in page
    assert '<del><span class="visually-hidden">[removed: </span>editor' in page
    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.body == "The editor's text."


def test_saving_again_after_reading_the_conflict_keeps_the_second_text(
    client, draft_with_new_link, writer, editor
):
    loaded = form_data(draft_with_new_link)
    signed_in(client, editor).post(
        change_url(draft_with_new_link), {**loaded, "body": "The editor's text."}
    )
    client.force_login(writer)
    client.post(change_url(draft_with_new_link), {**loaded, "body": "Merged text."})
    draft_with_new_link.refresh_from_db()

    client.post(
        change_url(draft_with_new_link), form_data(draft_with_new_link, body="Merged text.")
    )

    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.body == "Merged text."


def test_a_live_version_is_not_editable_in_place(client, guide_with_link, editor):
    live = guide_with_link.live_version

    page = signed_in(client, editor).get(change_url(live))
    response = client.post(change_url(live), form_data(live, title="In place"))

    assert "Edit (start a new draft)" in page.content.decode()
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Original title"


def test_edit_button_on_a_live_version_opens_a_new_draft(client, guide_with_link, editor):
    response = signed_in(client, editor).post(act_url(guide_with_link.live_version, "edit"))

    draft = guide_with_link.versions.get(state=State.DRAFT)
    assert response.url == change_url(draft)
    guide_with_link.refresh_from_db()
    assert guide_with_link.live_version.title == "Original title"


def test_edit_button_on_the_guide_page_opens_the_draft(client, guide_with_link, writer):
    url = reverse("admin:articles_articleversion_edit_guide", args=[guide_with_link.pk])

    response = signed_in(client, writer).post(url)

    draft = guide_with_link.versions.get(state=State.DRAFT)
    assert response.url == change_url(draft)


def test_writer_cannot_edit_someone_elses_draft(client, writer, editor):
    article = live_article(author=PersonFactory())
    draft = workflow.start_draft(article, editor)

    response = signed_in(client, writer).post(change_url(draft), form_data(draft, title="Mine"))

    assert response.status_code == 403
    assert ArticleVersion.objects.get(pk=draft.pk).title != "Mine"


def test_writer_cannot_start_a_draft_of_someone_elses_guide(client, writer):
    article = live_article(author=PersonFactory())

    response = signed_in(client, writer).post(
        reverse("admin:articles_articleversion_edit_guide", args=[article.pk]), follow=True
    )

    assert "their own guides" in response.content.decode()
    assert not article.versions.filter(state=State.DRAFT).exists()


def test_reviewer_cannot_edit_a_draft(client, draft_with_new_link, reviewer):
    response = signed_in(client, reviewer).post(
        change_url(draft_with_new_link), form_data(draft_with_new_link, title="X")
    )

    assert response.status_code == 403


def test_save_and_submit_sends_the_draft_to_review(client, draft_with_new_link, writer):
    response = signed_in(client, writer).post(
        change_url(draft_with_new_link),
        form_data(draft_with_new_link, _submit="Save and submit for review"),
        follow=True,
    )

    draft_with_new_link.refresh_from_db()
    assert draft_with_new_link.state == State.IN_REVIEW
    saved = f"Saved version {draft_with_new_link.number} of “Better title”"
    assert f"{saved} and submitted it for review; reviewers were told." in response.content.decode()


def test_editing_an_approved_version_in_the_admin_sends_it_back_with_a_warning(
    client, new_link_in_review, reviewer, writer
):
    workflow.approve(new_link_in_review, reviewer, go_live_at=timezone.now() + timedelta(days=1))
    new_link_in_review.refresh_from_db()

    response = signed_in(client, writer).post(
        change_url(new_link_in_review),
        form_data(new_link_in_review, body="Late edit."),
        follow=True,
    )

    new_link_in_review.refresh_from_db()
    assert new_link_in_review.state == State.DRAFT
    assert "must be submitted for review" in response.content.decode()


def test_adding_a_first_version_creates_a_draft(client, writer):
    article = ArticleFactory()
    data = {
        "article": article.pk,
        "title": "A new guide",
        "dek": "Summary.",
        "body": "Body.",
        "author": writer.person.pk,
        "change_note": "First version",
        "loaded_edit_count": 0,
        "faqs-TOTAL_FORMS": 0,
        "faqs-INITIAL_FORMS": 0,
        "sources-TOTAL_FORMS": 0,
        "sources-INITIAL_FORMS": 0,
        "program_links-TOTAL_FORMS": 0,
        "program_links-INITIAL_FORMS": 0,
        "career_links-TOTAL_FORMS": 0,
        "career_links-INITIAL_FORMS": 0,
    }

    response = signed_in(client, writer).post(reverse("admin:articles_articleversion_add"), data)

    assert response.status_code == 302
    version = article.versions.get()
    assert version.state == State.DRAFT
    assert version.created_by == writer
    assert version.number == 1


def test_adding_a_second_open_version_is_refused_with_a_message(
    client, draft_with_new_link, writer
):
    data = form_data(draft_with_new_link, article=draft_with_new_link.article_id)
    data.update({"faqs-TOTAL_FORMS": 0, "faqs-INITIAL_FORMS": 0})
    data.update({"sources-TOTAL_FORMS": 0, "sources-INITIAL_FORMS": 0})

    response = signed_in(client, writer).post(reverse("admin:articles_articleversion_add"), data)

    assert response.status_code == 200
    assert "already has an open version" in response.content.decode()


# Buttons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("writer", True),
        ("editor", True),
        ("superuser", True),
        ("reviewer", False),
        ("staff", False),
    ],
)
def test_submit_button_per_role(request, client, draft_with_new_link, role, allowed):
    response = signed_in(client, request.getfixturevalue(role)).post(
        act_url(draft_with_new_link, "submit")
    )

    draft_with_new_link.refresh_from_db()
    assert (draft_with_new_link.state == State.IN_REVIEW) is allowed
    assert response.url == change_url(draft_with_new_link)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("writer", True),
        ("editor", True),
        ("superuser", True),
        ("reviewer", False),
        ("staff", False),
    ],
)
def test_discard_button_per_role(
    request, client, draft_with_new_link, guide_with_link, role, allowed
):
    signed_in(client, request.getfixturevalue(role)).post(act_url(draft_with_new_link, "discard"))

    draft_with_new_link.refresh_from_db()
    guide_with_link.refresh_from_db()
    assert (draft_with_new_link.state == State.DISCARDED) is allowed
    assert guide_with_link.live_version.title == "Original title"


def test_workflow_buttons_need_a_signed_in_user(client, draft_with_new_link):
    response = client.post(act_url(draft_with_new_link, "submit"))

    assert response.status_code == 302
    assert "/login/" in response.url
    assert ArticleVersion.objects.get(pk=draft_with_new_link.pk).state == State.DRAFT


def test_an_unknown_button_is_a_404(client, draft_with_new_link, writer):
    assert (
        signed_in(client, writer).post(act_url(draft_with_new_link, "explode")).status_code == 404
    )


def test_buttons_refuse_get(client, draft_with_new_link, writer):
    assert signed_in(client, writer).get(act_url(draft_with_new_link, "submit")).status_code == 405


def _first_version_data(article, author):
    return {
        "article": article.pk,
        "title": "A new guide",
        "dek": "Summary.",
        "body": "Body.",
        "author": author.pk,
        "change_note": "First version",
        "loaded_edit_count": 0,
        **{
            f"{prefix}-{count}": 0
            for prefix in ("faqs", "sources", "program_links", "career_links")
            for count in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }


def test_losing_a_race_to_add_the_first_version_gives_a_message_not_an_error(
    client, writer, monkeypatch
):
    article = ArticleFactory()

    def beaten(version, user):
        raise workflow.TransitionNotAllowed("This guide already has an open version.")

    monkeypatch.setattr(workflow, "add_draft", beaten)
    response = signed_in(client, writer).post(
        reverse("admin:articles_articleversion_add"),
        _first_version_data(article, writer.person),
        follow=True,
    )

    assert response.status_code == 200
    assert "This guide already has an open version. Nothing was saved." in response.text
    assert not article.versions.exists()


# A guide's address, topic and featured flag change the public site at once, outside review.


def _article_change(client, user, article, **changes):
    data = {
        "slug": article.slug,
        "topic": article.topic_id,
        "versions-TOTAL_FORMS": 0,
        "versions-INITIAL_FORMS": 0,
        **changes,
    }
    return signed_in(client, user).post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )


def test_a_writer_cannot_rename_or_feature_a_live_guide(client, guide_with_link, writer):
    response = _article_change(client, writer, guide_with_link, slug="renamed", is_featured="on")

    assert response.status_code == 403
    guide_with_link.refresh_from_db()
    assert guide_with_link.slug != "renamed"
    assert not guide_with_link.is_featured


def test_an_editor_may_rename_and_feature_a_live_guide(client, guide_with_link, editor):
    response = _article_change(client, editor, guide_with_link, slug="renamed", is_featured="on")

    assert response.status_code == 302
    guide_with_link.refresh_from_db()
    assert (guide_with_link.slug, guide_with_link.is_featured) == ("renamed", True)


def test_a_writer_may_set_the_address_of_their_own_unpublished_guide(client, writer):
    article = ArticleFactory(slug="draft-guide")
    workflow.add_draft(
        ArticleVersion(article=article, title="T", body="B", author=writer.person), writer
    )

    response = _article_change(client, writer, article, slug="better-address", is_featured="on")

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.slug, article.is_featured) == ("better-address", False)


def test_control_characters_pasted_into_a_draft_become_spaces(client, draft_with_new_link, writer):
    data = form_data(draft_with_new_link, title="Line one\x0bline two", dek="A\x0csummary\x07.")

    signed_in(client, writer).post(change_url(draft_with_new_link), data)

    draft_with_new_link.refresh_from_db()
    assert (draft_with_new_link.title, draft_with_new_link.dek) == (
        "Line one line two",
        "A summary .",
    )
