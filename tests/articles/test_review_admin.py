"""The workflow through the admin: version form, buttons, queue, review, preview, history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.factories import (
    ArticleFactory,
    FAQFactory,
    PersonFactory,
    SourceFactory,
    live_article,
)

State = ArticleVersion.State


def change_url(version):
    return reverse("admin:articles_articleversion_change", args=[version.pk])


def review_url(version):
    return reverse("admin:articles_articleversion_review", args=[version.pk])


def preview_url(version):
    return reverse("admin:articles_articleversion_preview", args=[version.pk])


def act_url(version, action):
    return reverse("admin:articles_articleversion_act", args=[version.pk, action])


def form_data(version, **changes):
    """The POST body of the version change form, as the admin page would send it."""
    data = {
        "title": version.title,
        "dek": version.dek,
        "body": version.body,
        "author": version.author_id,
        "editor": version.editor_id or "",
        "change_note": version.change_note or "Updated",
        "loaded_edit_count": version.edit_count,
    }
    if version.is_minor:
        data["is_minor"] = "on"
    for prefix, rows, fields in (
        ("faqs", version.faqs.all(), ["question", "answer", "order"]),
        ("sources", version.sources.all(), ["title", "publisher", "url", "order"]),
    ):
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-version"] = version.pk
            for name in fields:
                data[f"{prefix}-{i}-{name}"] = getattr(row, name)
    # The programs widget and career cards: no rows sent, so existing links stay as they are.
    for prefix in ("program_links", "career_links"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


@pytest.fixture
def guide(writer):
    article = live_article(
        author=writer.person,
        title="Original title",
        body="Read the [BLS table](https://bls.gov/old) for salaries.",
    )
    FAQFactory(version=article.live_version, question="Is it online?")
    SourceFactory(version=article.live_version, url="https://example.org/src")
    return article


@pytest.fixture
def draft(guide, writer):
    version = workflow.start_draft(guide, writer)
    version.title = "Better title"
    version.body = "Read the [BLS table](https://bls.gov/new) for median salaries."
    version.change_note = "New salary link"
    return workflow.save_draft(version, writer)


@pytest.fixture
def in_review(draft, writer):
    return workflow.submit(draft, writer)


def signed_in(client, user):
    client.force_login(user)
    return client


# The version change form ------------------------------------------------------------------


def test_writer_saves_their_draft_through_the_workflow(client, draft, writer):
    response = signed_in(client, writer).post(
        change_url(draft), form_data(draft, title="Saved in the admin")
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Saved in the admin"
    assert draft.edit_count == 2
    assert draft.state == State.DRAFT


def test_state_cannot_be_set_through_the_form(client, draft, writer):
    signed_in(client, writer).post(change_url(draft), form_data(draft, state="live"))

    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_second_save_of_the_same_draft_shows_a_conflict_and_keeps_both_texts(
    client, draft, writer, editor
):
    loaded = form_data(draft)
    signed_in(client, editor).post(change_url(draft), {**loaded, "body": "The editor's text."})

    response = signed_in(client, writer).post(
        change_url(draft), {**loaded, "body": "The writer's text."}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this version" in page
    assert "The writer&#x27;s text." in page
    assert '<del><span class="visually-hidden">[removed: </span>editor' in page
    draft.refresh_from_db()
    assert draft.body == "The editor's text."


def test_saving_again_after_reading_the_conflict_keeps_the_second_text(
    client, draft, writer, editor
):
    loaded = form_data(draft)
    signed_in(client, editor).post(change_url(draft), {**loaded, "body": "The editor's text."})
    client.force_login(writer)
    client.post(change_url(draft), {**loaded, "body": "Merged text."})
    draft.refresh_from_db()

    client.post(change_url(draft), form_data(draft, body="Merged text."))

    draft.refresh_from_db()
    assert draft.body == "Merged text."


def test_a_live_version_is_not_editable_in_place(client, guide, editor):
    live = guide.live_version

    page = signed_in(client, editor).get(change_url(live))
    response = client.post(change_url(live), form_data(live, title="In place"))

    assert "Edit (start a new draft)" in page.content.decode()
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Original title"


def test_edit_button_on_a_live_version_opens_a_new_draft(client, guide, editor):
    response = signed_in(client, editor).post(act_url(guide.live_version, "edit"))

    draft = guide.versions.get(state=State.DRAFT)
    assert response.url == change_url(draft)
    guide.refresh_from_db()
    assert guide.live_version.title == "Original title"


def test_edit_button_on_the_guide_page_opens_the_draft(client, guide, writer):
    url = reverse("admin:articles_articleversion_edit_guide", args=[guide.pk])

    response = signed_in(client, writer).post(url)

    draft = guide.versions.get(state=State.DRAFT)
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


def test_reviewer_cannot_edit_a_draft(client, draft, reviewer):
    response = signed_in(client, reviewer).post(change_url(draft), form_data(draft, title="X"))

    assert response.status_code == 403


def test_save_and_submit_sends_the_draft_to_review(client, draft, writer):
    response = signed_in(client, writer).post(
        change_url(draft), form_data(draft, _submit="Save and submit for review"), follow=True
    )

    draft.refresh_from_db()
    assert draft.state == State.IN_REVIEW
    assert "submitted for review" in response.content.decode()


def test_editing_an_approved_version_in_the_admin_sends_it_back_with_a_warning(
    client, in_review, reviewer, writer
):
    workflow.approve(in_review, reviewer, go_live_at=timezone.now() + timedelta(days=1))
    in_review.refresh_from_db()

    response = signed_in(client, writer).post(
        change_url(in_review), form_data(in_review, body="Late edit."), follow=True
    )

    in_review.refresh_from_db()
    assert in_review.state == State.DRAFT
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


def test_adding_a_second_open_version_is_refused_with_a_message(client, draft, writer):
    data = form_data(draft, article=draft.article_id)
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
def test_submit_button_per_role(request, client, draft, role, allowed):
    response = signed_in(client, request.getfixturevalue(role)).post(act_url(draft, "submit"))

    draft.refresh_from_db()
    assert (draft.state == State.IN_REVIEW) is allowed
    assert response.url == change_url(draft)


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
def test_discard_button_per_role(request, client, draft, guide, role, allowed):
    signed_in(client, request.getfixturevalue(role)).post(act_url(draft, "discard"))

    draft.refresh_from_db()
    guide.refresh_from_db()
    assert (draft.state == State.DISCARDED) is allowed
    assert guide.live_version.title == "Original title"


def test_workflow_buttons_need_a_signed_in_user(client, draft):
    response = client.post(act_url(draft, "submit"))

    assert response.status_code == 302
    assert "/login/" in response.url
    assert ArticleVersion.objects.get(pk=draft.pk).state == State.DRAFT


def test_an_unknown_button_is_a_404(client, draft, writer):
    assert signed_in(client, writer).post(act_url(draft, "explode")).status_code == 404


def test_buttons_refuse_get(client, draft, writer):
    assert signed_in(client, writer).get(act_url(draft, "submit")).status_code == 405


# Queue and index --------------------------------------------------------------------------


def test_queue_lists_versions_in_review_oldest_first_with_author(client, in_review, reviewer):
    other = live_article(title="Another guide")
    newer = workflow.start_draft(other, another_editor())
    workflow.submit(newer, newer.created_by)
    ArticleVersion.objects.filter(pk=in_review.pk).update(
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


def test_admin_index_shows_the_review_count(client, in_review, reviewer):
    page = signed_in(client, reviewer).get(reverse("admin:index"))

    assert '<strong id="review-queue-count">1</strong> version waiting for review' in (
        page.content.decode()
    )


def test_admin_index_warns_when_a_due_version_waits_over_15_minutes(client, in_review, reviewer):
    workflow.approve(in_review, reviewer, go_live_at=timezone.now() + timedelta(hours=1))
    ArticleVersion.objects.filter(pk=in_review.pk).update(
        go_live_at=timezone.now() - timedelta(minutes=20)
    )

    index = signed_in(client, reviewer).get(reverse("admin:index")).content.decode()
    queue = client.get(reverse("admin:articles_articleversion_queue")).content.decode()

    assert "scheduler" in index
    assert "probably not running" in queue


def test_no_warning_when_the_due_version_is_recent(client, in_review, reviewer):
    workflow.approve(in_review, reviewer, go_live_at=timezone.now() + timedelta(hours=1))
    ArticleVersion.objects.filter(pk=in_review.pk).update(
        go_live_at=timezone.now() - timedelta(minutes=5)
    )

    index = signed_in(client, reviewer).get(reverse("admin:index")).content.decode()

    assert "probably not running" not in index


def test_scheduled_list_shows_the_site_time_zone(client, in_review, reviewer, settings):
    workflow.approve(in_review, reviewer, go_live_at=timezone.now() + timedelta(hours=3))

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


def test_review_screen_shows_a_word_diff_with_text_labels(client, in_review, reviewer):
    page = signed_in(client, reviewer).get(review_url(in_review)).content.decode()

    assert '<ins><span class="visually-hidden">[added: </span>Better' in page
    assert '<del><span class="visually-hidden">[removed: </span>Original' in page
    assert "Added link: <ins>https://bls.gov/new</ins>" in page
    assert "Removed link: <del>https://bls.gov/old</del>" in page
    assert '<details id="unchanged-fields">' in page
    assert "Approve" in page


def test_review_screen_lists_faq_and_source_changes(client, draft, writer, reviewer):
    draft.faqs.create(question="Is the GRE required?", answer="Rarely.", order=5)
    draft.sources.all().delete()
    workflow.submit(draft, writer)

    page = signed_in(client, reviewer).get(review_url(draft)).content.decode()

    assert "Added: <ins>Is the GRE required?</ins>" in page
    assert "Removed: <del>" in page


@pytest.mark.parametrize("role", ["reviewer", "superuser"])
def test_reviewer_approves_from_the_review_screen(request, client, in_review, guide, role):
    response = signed_in(client, request.getfixturevalue(role)).post(
        review_url(in_review), {"decision": "approve", "comment": "Checked."}, follow=True
    )

    guide.refresh_from_db()
    assert guide.live_version_id == in_review.pk
    assert "is now live" in response.content.decode()


@pytest.mark.parametrize("role", ["writer", "editor", "staff"])
def test_non_reviewers_cannot_approve_from_the_review_screen(
    request, client, in_review, guide, role
):
    user = request.getfixturevalue(role)
    client.force_login(user)

    page = client.get(review_url(in_review))
    response = client.post(review_url(in_review), {"decision": "approve"}, follow=True)

    guide.refresh_from_db()
    assert guide.live_version_id != in_review.pk
    if page.status_code == 200:
        assert "Only reviewers may" in response.content.decode()
    else:
        assert page.status_code == 403


def test_superuser_cannot_approve_their_own_edit_in_the_admin(client, guide, superuser):
    version = workflow.start_draft(guide, superuser)
    workflow.submit(version, superuser)
    client.force_login(superuser)

    page = client.get(review_url(version)).content.decode()
    response = client.post(review_url(version), {"decision": "approve"}, follow=True)

    assert "another reviewer must decide" in page
    assert "four-eyes" in response.content.decode()
    assert ArticleVersion.objects.get(pk=version.pk).state == State.IN_REVIEW


def test_request_changes_needs_a_comment(client, in_review, reviewer):
    response = signed_in(client, reviewer).post(
        review_url(in_review), {"decision": "request_changes", "comment": " "}
    )

    assert "Say what needs to change" in response.content.decode()
    assert ArticleVersion.objects.get(pk=in_review.pk).state == State.IN_REVIEW


def test_request_changes_sends_the_version_back(client, in_review, guide, reviewer):
    signed_in(client, reviewer).post(
        review_url(in_review), {"decision": "request_changes", "comment": "Cite BLS."}
    )

    in_review.refresh_from_db()
    guide.refresh_from_db()
    assert in_review.state == State.DRAFT
    assert guide.live_version.title == "Original title"


def test_approve_with_a_go_live_time_schedules_in_the_site_time_zone(
    client, in_review, guide, reviewer
):
    later = timezone.localtime() + timedelta(days=2)

    signed_in(client, reviewer).post(
        review_url(in_review),
        {"decision": "approve", "go_live_at": later.strftime("%Y-%m-%dT%H:%M")},
    )

    in_review.refresh_from_db()
    assert in_review.state == State.APPROVED
    assert in_review.go_live_at == later.replace(second=0, microsecond=0)


def test_a_bad_go_live_time_is_a_message_not_an_error(client, in_review, reviewer):
    response = signed_in(client, reviewer).post(
        review_url(in_review), {"decision": "approve", "go_live_at": "tomorrow-ish"}
    )

    assert response.status_code == 200
    assert ArticleVersion.objects.get(pk=in_review.pk).state == State.IN_REVIEW


def test_review_of_a_missing_version_is_a_404(client, reviewer):
    response = signed_in(client, reviewer).get(
        reverse("admin:articles_articleversion_review", args=[999999])
    )

    assert response.status_code == 404


# Preview ----------------------------------------------------------------------------------


def test_preview_renders_the_draft_for_staff_and_is_never_cached_or_indexed(client, draft, writer):
    response = signed_in(client, writer).get(preview_url(draft))

    assert response.status_code == 200
    assert "Better title" in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_preview_is_a_404_for_anonymous_visitors(client, draft):
    response = client.get(preview_url(draft))

    assert response.status_code == 404
    assert "Better title" not in response.content.decode()


def test_preview_is_a_404_for_staff_without_permission(client, draft, staff):
    assert signed_in(client, staff).get(preview_url(draft)).status_code == 404


def test_public_page_shows_the_live_version_while_a_draft_is_in_review(client, in_review, guide):
    page = client.get(guide.get_absolute_url()).content.decode()

    assert "Original title" in page
    assert "Better title" not in page


def test_public_page_shows_the_approved_version_with_reviewer_and_date(
    client, in_review, guide, reviewer
):
    workflow.approve(in_review, reviewer)

    page = client.get(guide.get_absolute_url()).content.decode()

    guide.refresh_from_db()
    assert "Better title" in page
    assert "Rita Reviewer" in page
    assert timezone.localtime(guide.content_updated_at).strftime("%Y-%m-%d") in page


# History ----------------------------------------------------------------------------------


def test_history_lists_every_version_with_transitions_and_restores(
    client, in_review, guide, reviewer, writer
):
    first = guide.live_version
    workflow.approve(in_review, reviewer, comment="Fine.")
    url = reverse("admin:articles_articleversion_guide_history", args=[guide.pk])

    page = signed_in(client, writer).get(url).content.decode()
    response = client.post(act_url(first, "restore"))

    assert "Version 1" in page or f"Version {first.number}" in page
    assert "“Fine.”" in page
    assert "Restore version" in page
    restored = guide.versions.get(state=State.DRAFT)
    assert restored.restored_from == first
    assert response.url == change_url(restored)


def test_reviewer_sees_history_without_restore_buttons(client, in_review, guide, reviewer):
    workflow.approve(in_review, reviewer)
    url = reverse("admin:articles_articleversion_guide_history", args=[guide.pk])

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
def test_workflow_pages_per_role(request, client, in_review, role):
    user = request.getfixturevalue(role)
    if user.is_authenticated:
        client.force_login(user)

    statuses = [client.get(page_url(name, in_review)).status_code for name in PAGES]

    assert statuses == EXPECTED[role]


def test_reviewer_sees_a_draft_read_only(client, draft, reviewer):
    page = signed_in(client, reviewer).get(change_url(draft)).content.decode()

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
