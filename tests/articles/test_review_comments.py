"""Reviewers' comments on a field or a quoted passage, left while sending a version back: who may
leave them, what is refused, where the writer and the reviewer see them, and when they resolve."""

import pytest

from articles import workflow
from articles.models import ArticleVersion, ReviewComment
from tests.articles.admin_support import change_url, form_data, review_url, signed_in
from tests.articles.workflow_support import REVIEW_ROLES_ALLOWED, REVIEW_ROLES_REFUSED, user_for

State = ArticleVersion.State

# The body of the fixtures' guide (tests/articles/factories.py).
BODY = "## First section\n\nSome text.\n\n## Second section\n\nMore text."


def send_back(version, reviewer, *comments):
    return workflow.request_changes(version, reviewer, "See my comments.", comments=comments)


def comment_rows(*rows, extra=3):
    """The send-back form's comment rows as a browser posts them: filled rows, then empty ones."""
    rows = [*rows, *[("", "", "")] * (extra - len(rows))]
    data = {
        "comments-TOTAL_FORMS": len(rows),
        "comments-INITIAL_FORMS": 0,
        "comments-MIN_NUM_FORMS": 0,
        "comments-MAX_NUM_FORMS": 20,
    }
    for i, (field, quote, text) in enumerate(rows):
        data.update({f"comments-{i}-field": field, f"comments-{i}-quote": quote})
        data[f"comments-{i}-text"] = text
    return data


def send_back_form(version, *rows, comment="See my comments."):
    return {
        "decision": "request_changes",
        "comment": comment,
        "edit_count": version.edit_count,
        **comment_rows(*rows),
    }


# Creating comments: the workflow -----------------------------------------------------------


def test_sending_back_with_comments_creates_them_with_the_send_back(version_in_review, reviewer):
    send_back(
        version_in_review,
        reviewer,
        ("body", "Some text.", "Say which salaries."),
        ("title", "", "Too long for search results."),
    )

    version_in_review.refresh_from_db()
    assert version_in_review.state == State.DRAFT
    rows = list(
        ReviewComment.objects.filter(version=version_in_review).values_list(
            "field", "quote", "text", "author__username", "resolved_at"
        )
    )
    assert rows == [
        ("body", "Some text.", "Say which salaries.", "reviewer", None),
        ("title", "", "Too long for search results.", "reviewer", None),
    ]


def test_the_sent_back_email_lists_the_comments_on_the_text(
    version_in_review, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_back(version_in_review, reviewer, ("body", "Some text.", "Say which salaries."))

    [email] = [m for m in mailoutbox if m.subject.startswith("Changes requested")]
    assert "See my comments." in email.body
    assert "- Body (“Some text.”): Say which salaries." in email.body


def test_sending_back_without_comments_still_works(version_in_review, reviewer):
    workflow.request_changes(version_in_review, reviewer, "Cite the salary source.")

    assert version_in_review.state == State.DRAFT
    assert not ReviewComment.objects.exists()


def test_a_quote_that_is_not_in_the_field_is_refused_and_nothing_is_saved(
    version_in_review, reviewer
):
    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        send_back(
            version_in_review,
            reviewer,
            ("title", "", "A fine comment."),
            ("body", "Text that is not there.", "Fix this."),
        )

    assert refused.value.message.startswith(
        "The quoted passage “Text that is not there.” does not appear in the body of version"
    )
    assert "Nothing was sent back." in refused.value.message
    version_in_review.refresh_from_db()
    assert version_in_review.state == State.IN_REVIEW
    assert not ReviewComment.objects.exists()
    assert version_in_review.transitions.last().to_state == State.IN_REVIEW


def test_a_quote_from_another_field_is_refused(version_in_review, reviewer):
    with pytest.raises(workflow.TransitionNotAllowed, match="does not appear in the title"):
        send_back(version_in_review, reviewer, ("title", "Some text.", "Fix this."))


def test_a_comment_on_an_unknown_field_is_refused(version_in_review, reviewer):
    with pytest.raises(workflow.TransitionNotAllowed, match="Choose which part of the guide"):
        send_back(version_in_review, reviewer, ("slug", "", "Fix this."))

    assert not ReviewComment.objects.exists()


def test_a_quote_may_differ_in_line_breaks_or_come_from_the_preview(
    published_guide, writer, reviewer
):
    draft = workflow.start_draft(published_guide, writer)
    draft.body = "Read the [BLS table](https://bls.gov/ooh) for\nmedian salaries."
    workflow.submit(workflow.save_draft(draft, writer), writer)

    send_back(draft, reviewer, ("body", "BLS table for median salaries", "Which year?"))

    assert ReviewComment.objects.get().quote == "BLS table for median salaries"


def test_faq_and_source_comments_quote_their_text(version_in_review, reviewer):
    send_back(
        version_in_review,
        reviewer,
        ("faqs", "Is it online?", "Say which programs."),
        ("sources", "https://example.org/bls", "Link the table itself."),
    )

    assert ReviewComment.objects.count() == 2


@pytest.mark.parametrize("role", REVIEW_ROLES_ALLOWED)
def test_roles_that_may_send_back_may_comment(request, version_in_review, role):
    send_back(version_in_review, user_for(request, role), ("body", "Some text.", "Expand."))

    assert ReviewComment.objects.get().text == "Expand."


@pytest.mark.parametrize("role", REVIEW_ROLES_REFUSED)
def test_roles_that_may_not_send_back_may_not_comment(request, version_in_review, role):
    with pytest.raises(workflow.TransitionNotAllowed):
        send_back(version_in_review, user_for(request, role), ("body", "Some text.", "Expand."))

    assert not ReviewComment.objects.exists()


def test_a_reviewer_who_edited_the_version_may_not_comment(version_in_review, reviewer):
    version_in_review.edited_by.add(reviewer)

    with pytest.raises(workflow.TransitionNotAllowed, match="four-eyes"):
        send_back(version_in_review, reviewer, ("body", "Some text.", "Expand."))

    assert not ReviewComment.objects.exists()


# Resolving: save_draft and the admin's inline rows -------------------------------------------


@pytest.fixture
def sent_back(version_in_review, reviewer):
    """The version in review, sent back with a quoted body comment and a title comment."""
    send_back(
        version_in_review,
        reviewer,
        ("body", "Some text.", "Say which salaries."),
        ("title", "", "Too long."),
        ("faqs", "Yes.", "Say which programs are online."),
    )
    return version_in_review


def status(field):
    return ReviewComment.objects.get(field=field).resolved_at is not None


def test_changing_the_quoted_passage_resolves_its_comment(sent_back, writer):
    sent_back.body = BODY.replace("Some text.", "Median salaries rose 5% in 2023.")
    workflow.save_draft(sent_back, writer)

    assert status("body")
    assert not status("title")


def test_changing_other_text_of_the_field_leaves_the_comment_open(sent_back, writer):
    sent_back.body = BODY.replace("More text.", "Different closing text.")
    workflow.save_draft(sent_back, writer)

    assert not status("body")


def test_a_comment_without_a_quote_resolves_when_its_field_changes(sent_back, writer):
    sent_back.dek = "Another summary."
    workflow.save_draft(sent_back, writer)
    assert not status("title")

    sent_back.title = "Shorter"
    workflow.save_draft(sent_back, writer)
    assert status("title")


def test_a_faq_comment_resolves_when_the_writer_changes_that_answer_in_the_admin(
    client, sent_back, writer
):
    data = form_data(sent_back, **{"faqs-0-answer": "Yes: three of the four are online."})

    response = signed_in(client, writer).post(change_url(sent_back), data)

    assert response.status_code == 302
    assert status("faqs")
    assert not status("body")


def test_saving_a_faq_elsewhere_leaves_a_faq_comment_open(client, sent_back, writer):
    data = form_data(sent_back, **{"faqs-0-question": "Is it online now?"})

    signed_in(client, writer).post(change_url(sent_back), data)

    assert not status("faqs")


# Where the comments are seen ---------------------------------------------------------------


def test_the_writer_sees_the_comments_on_the_draft(client, sent_back, writer):
    page = signed_in(client, writer).get(change_url(sent_back)).content.decode()

    panel = page[page.index('id="draft-review-comments"') :]
    assert "Reviewer’s comments on the text" in panel
    assert "Say which salaries." in panel
    assert "Some text." in panel
    assert '<a href="#id_body">Body</a>' in panel
    assert '<a href="#faqs-group">FAQ</a>' in panel
    assert panel.count("Open</strong>") == 3


def test_a_resolved_comment_stays_on_the_draft_marked_resolved_until_it_is_submitted(
    client, sent_back, writer
):
    sent_back.title = "Shorter"
    workflow.save_draft(sent_back, writer)

    before = signed_in(client, writer).get(change_url(sent_back)).content.decode()
    workflow.submit(sent_back, writer)
    after = client.get(change_url(sent_back)).content.decode()

    assert "Resolved</strong>" in before
    assert "the title has changed." in before
    assert "Too long." in before
    # Submitted again: the resolved comment is gone from the draft, the open ones stay.
    assert "Too long." not in after
    assert "Say which salaries." in after


def test_no_comments_panel_on_a_draft_without_comments(client, open_draft, writer):
    page = signed_in(client, writer).get(change_url(open_draft)).content.decode()

    assert 'id="draft-review-comments"' not in page


def test_the_reviewer_sees_earlier_comments_and_their_resolution(
    client, sent_back, writer, reviewer
):
    sent_back.title = "Shorter"
    workflow.submit(workflow.save_draft(sent_back, writer), writer)

    page = signed_in(client, reviewer).get(review_url(sent_back)).content.decode()

    panel = page[page.index('id="earlier-comments"') : page.index("<h2>Decision</h2>")]
    assert "Too long." in panel
    assert "Say which salaries." in panel
    assert panel.count("Resolved</strong>") == 1
    assert panel.count("Open</strong>") == 2
    assert '<a href="#diff-title">Title</a>' in panel


# The review screen's form, without JavaScript ---------------------------------------------


def test_review_screen_offers_three_empty_comment_rows(client, version_in_review, reviewer):
    page = signed_in(client, reviewer).get(review_url(version_in_review)).content.decode()

    form = page[page.index('id="request-changes-form"') :]
    form = form[: form.index("</form>")]
    assert 'name="comments-TOTAL_FORMS" value="3"' in form
    for i in range(3):
        assert f'name="comments-{i}-field"' in form
        assert f'name="comments-{i}-quote"' in form
        assert f'name="comments-{i}-text"' in form
    # The button that adds rows needs the script, so it starts hidden.
    assert '<button type="button" class="button" id="add-comment-row" hidden>' in form


@pytest.mark.parametrize("role", REVIEW_ROLES_ALLOWED)
def test_a_plain_form_post_sends_back_with_comments(request, client, version_in_review, role):
    data = send_back_form(version_in_review, ("body", "Some text.", "Say which salaries."))
    client.force_login(user_for(request, role))

    response = client.post(review_url(version_in_review), data, follow=True)

    assert "They will see your 1 comment on the text on the draft." in response.content.decode()
    assert ReviewComment.objects.get().text == "Say which salaries."
    version_in_review.refresh_from_db()
    assert version_in_review.state == State.DRAFT


def test_a_bad_quote_on_the_form_is_refused_and_the_reviewer_keeps_their_text(
    client, version_in_review, reviewer
):
    data = send_back_form(version_in_review, ("body", "Not in the text.", "My careful comment."))

    response = signed_in(client, reviewer).post(review_url(version_in_review), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "does not appear in the body of version" in page
    assert "My careful comment." in page
    assert not ReviewComment.objects.exists()
    version_in_review.refresh_from_db()
    assert version_in_review.state == State.IN_REVIEW


def test_a_quote_without_a_comment_is_refused_on_the_form(client, version_in_review, reviewer):
    data = send_back_form(version_in_review, ("body", "Some text.", ""))

    page = signed_in(client, reviewer).post(review_url(version_in_review), data).content.decode()

    assert "Say what should change in the quoted passage." in page
    assert state_of(version_in_review) == State.IN_REVIEW


def state_of(version):
    return ArticleVersion.objects.get(pk=version.pk).state


def test_broken_row_counts_are_a_message_not_an_error(client, version_in_review, reviewer):
    data = {**send_back_form(version_in_review), "comments-TOTAL_FORMS": "many"}

    response = signed_in(client, reviewer).post(review_url(version_in_review), data)

    assert response.status_code == 200
    assert "Nothing was changed" in response.content.decode()
    assert state_of(version_in_review) == State.IN_REVIEW


@pytest.mark.parametrize(
    ("role", "refusal"),
    [
        ("writer", "Only reviewers may send back"),
        ("editor", "Only reviewers may send back"),
        ("staff", 403),
        ("anonymous", "/login/"),
    ],
)
def test_only_reviewers_can_comment_through_the_review_screen(
    request, client, version_in_review, role, refusal
):
    if role != "anonymous":
        client.force_login(user_for(request, role))
    data = send_back_form(version_in_review, ("body", "Some text.", "Expand."))

    response = client.post(review_url(version_in_review), data)

    if refusal == 403:
        assert response.status_code == 403
    elif role == "anonymous":
        assert response.status_code == 302
        assert refusal in response.url
    else:
        assert refusal in response.content.decode()
    assert not ReviewComment.objects.exists()
    assert state_of(version_in_review) == State.IN_REVIEW
