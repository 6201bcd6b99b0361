"""Notifications in the admin: a row for everyone told, an unread marker on the desk, and the
person who acted told (in one message, logged in one line) when an email could not be sent."""

import logging
import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone

from articles import admin_messages, notifications, workflow
from articles.models import ArticleVersion, Notification
from tests.articles.admin_support import act_url, change_url, form_data, review_url, signed_in
from tests.articles.desk_support import desk, links, text
from tests.articles.factories import ArticleVersionFactory, PersonFactory, UserFactory

Kind = Notification.Kind
State = ArticleVersion.State


class BrokenMailServer(BaseEmailBackend):
    """A mail server that drops every connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusesSecondReviewer(LocmemBackend):
    """Delivers to the test outbox, except to reviewer2, whom the server refuses."""

    def send_messages(self, email_messages):
        for message in email_messages:
            if "reviewer2@example.com" in message.to:
                raise smtplib.SMTPRecipientsRefused({"reviewer2@example.com": (550, b"No such")})
        return super().send_messages(email_messages)


def _mail_server(settings, backend):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.{backend.__name__}"}}


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run one workflow step and then its on-commit callbacks, as a commit would."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


def _problem_lines(caplog):
    return [r for r in caplog.records if r.name == "articles.notifications"]


# Who gets a row ---------------------------------------------------------------------------


def test_submitting_tells_every_reviewer_even_one_without_email(
    open_draft, writer, reviewer, second_reviewer, mailoutbox, act
):
    second_reviewer.email = ""
    second_reviewer.save()

    act(workflow.submit, open_draft, writer)

    rows = Notification.objects.filter(version=open_draft, kind=Kind.SUBMITTED)
    assert {(n.recipient.username, n.email_problem) for n in rows} == {
        ("reviewer", ""),
        ("reviewer2", "no email address"),
    }
    assert [m.to for m in mailoutbox] == [["reviewer@example.com"]]
    assert (
        rows[0].message == f"Version {open_draft.number} of “New title” was submitted for review."
    )


def test_the_author_is_told_of_the_approval_with_the_comment(
    version_in_review, writer, reviewer, act
):
    act(workflow.approve, version_in_review, reviewer, comment="Well sourced.")

    note = Notification.objects.get(recipient=writer)
    assert note.kind == Kind.APPROVED
    assert note.message == (
        f"Version {version_in_review.number} of “New title” was approved. It is now live. "
        "The reviewer wrote: Well sourced."
    )


def test_the_author_is_told_what_to_change_when_sent_back(version_in_review, writer, reviewer, act):
    act(workflow.request_changes, version_in_review, reviewer, "Cite the BLS table.")

    note = Notification.objects.get(recipient=writer)
    assert note.kind == Kind.SENT_BACK
    assert "was sent back for changes. The reviewer wrote: Cite the BLS table." in note.message


def test_the_author_is_told_when_the_scheduler_publishes(version_in_review, writer, reviewer, act):
    workflow.approve(version_in_review, reviewer, go_live_at=timezone.now() + timedelta(days=1))
    ArticleVersion.objects.filter(pk=version_in_review.pk).update(go_live_at=timezone.now())

    act(workflow.publish_due)

    note = Notification.objects.get(recipient=writer, kind=Kind.PUBLISHED)
    assert note.message == f"Version {version_in_review.number} of “New title” is now live."


def test_nobody_is_notified_of_their_own_action(published_guide, superuser, reviewer, act):
    published_guide.live_version.author = superuser.person
    published_guide.live_version.save()
    version = workflow.start_draft(published_guide, superuser)

    act(workflow.submit, version, superuser)
    act(workflow.request_changes, version, reviewer, "Add sources.")

    assert not Notification.objects.filter(recipient=reviewer, kind=Kind.SENT_BACK).exists()
    assert list(
        Notification.objects.filter(recipient=superuser).values_list("kind", flat=True)
    ) == [Kind.SENT_BACK]


def test_an_author_without_an_account_gets_no_row_and_nothing_breaks(reviewer, act):
    version = ArticleVersionFactory(in_review=True, author=PersonFactory(user=None))

    act(workflow.request_changes, version, reviewer, "Shorter, please.")

    assert version.notifications.count() == 0
    assert ArticleVersion.objects.get(pk=version.pk).state == State.DRAFT


# Email problems ---------------------------------------------------------------------------


def test_a_failed_address_does_not_stop_the_others(
    open_draft, writer, reviewer, second_reviewer, settings, mailoutbox, act, caplog
):
    _mail_server(settings, RefusesSecondReviewer)

    act(workflow.submit, open_draft, writer)

    assert [m.to for m in mailoutbox] == [["reviewer@example.com"]]
    refused = Notification.objects.get(recipient=second_reviewer)
    assert refused.email_problem.startswith("the mail server failed: SMTPRecipientsRefused")
    assert len(_problem_lines(caplog)) == 1


def test_a_missing_address_is_logged_in_one_line_without_a_traceback(
    version_in_review, writer, reviewer, act, caplog
):
    writer.email = ""
    writer.save()

    with caplog.at_level(logging.WARNING, logger="articles.notifications"):
        act(workflow.request_changes, version_in_review, reviewer, "Cite the BLS table.")

    [line] = _problem_lines(caplog)
    assert line.levelno == logging.WARNING
    assert line.exc_info is None
    assert "\n" not in line.getMessage()
    assert "no email address" in line.getMessage()


# Told in the admin (real commits: the messages are read after the step's transaction) -------


@pytest.mark.django_db(transaction=True)
def test_save_and_submit_tells_the_writer_a_reviewer_has_no_email(
    client, draft_with_new_link, writer, reviewer, caplog
):
    reviewer.email = ""
    reviewer.save()

    response = signed_in(client, writer).post(
        change_url(draft_with_new_link),
        form_data(draft_with_new_link, _submit="Save and submit for review"),
        follow=True,
    )

    page = response.content.decode()
    assert "and submitted it for review; reviewers were told." in page
    assert "Rita Reviewer has no email address; they will see this on their dashboard." in page
    [line] = _problem_lines(caplog)
    assert line.exc_info is None


@pytest.mark.django_db(transaction=True)
def test_sending_back_tells_the_reviewer_the_author_has_no_email(
    client, new_link_in_review, writer, reviewer
):
    writer.email = ""
    writer.save()

    response = signed_in(client, reviewer).post(
        review_url(new_link_in_review),
        {
            "decision": "request_changes",
            "comment": "Name the source.",
            "edit_count": new_link_in_review.edit_count,
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Sent back" in page
    assert "Wanda Writer has no email address; they will see this on their dashboard." in page


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_failure_keeps_the_step_and_tells_the_actor(
    client, draft_with_new_link, writer, reviewer, settings, caplog
):
    _mail_server(settings, BrokenMailServer)

    response = signed_in(client, writer).post(act_url(draft_with_new_link, "submit"), follow=True)

    assert ArticleVersion.objects.get(pk=draft_with_new_link.pk).state == State.IN_REVIEW
    note = Notification.objects.get(recipient=reviewer)
    assert note.kind == Kind.SUBMITTED
    assert note.email_problem == (
        "the mail server failed: SMTPServerDisconnected: Connection unexpectedly closed"
    )
    page = response.content.decode()
    assert (
        "The email to Rita Reviewer could not be sent (the mail server failed: "
        "SMTPServerDisconnected: Connection unexpectedly closed); they will see this on their "
        "dashboard."
    ) in page
    [line] = _problem_lines(caplog)
    assert line.levelno == logging.WARNING
    assert line.exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_no_message_when_every_email_went(client, draft_with_new_link, writer, reviewer):
    response = signed_in(client, writer).post(act_url(draft_with_new_link, "submit"), follow=True)

    assert "they will see this on their dashboard" not in response.content.decode()


def test_the_message_names_the_account_when_there_is_no_person(db):
    user = UserFactory(username="aaron", first_name="Aaron", last_name="Perkowitz", email="")
    note = Notification(recipient=user, email_problem=notifications.NO_ADDRESS)

    assert admin_messages.sentence(note) == (
        "Aaron Perkowitz has no email address; they will see this on their dashboard."
    )


# On the desk ------------------------------------------------------------------------------


def _note(user, version, kind=Kind.APPROVED, message="Version 2 of “A guide” was approved.", **kw):
    return Notification.objects.create(
        recipient=user, version=version, kind=kind, message=message, **kw
    )


def test_the_desk_marks_unread_notifications(client, open_draft, writer, editor):
    _note(writer, open_draft, message="First news.")
    _note(writer, open_draft, message="Second news.")
    _note(writer, open_draft, message="Old news.", read_at=timezone.now())
    _note(editor, open_draft, message="Editor's news.")

    page = desk(client, writer)

    panel = text(page, "notifications")
    assert panel.startswith("What happened to your work 2 new")
    assert panel.count("New ") == 2
    assert "Second news." in panel
    assert "Old news." in panel
    assert "Editor's news." not in panel
    assert 'id="mark-all-read"' in page


def test_without_notifications_there_is_no_panel(client, open_draft, writer):
    assert text(desk(client, writer), "notifications") == ""


def test_opening_a_notification_marks_it_read_and_opens_the_version(client, open_draft, writer):
    note = _note(writer, open_draft, kind=Kind.SENT_BACK)
    page = desk(client, writer)
    [url] = [u for u in links(page, "notifications") if "notifications" in u]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == change_url(open_draft)
    note.refresh_from_db()
    assert note.read_at is not None
    assert "new" not in text(desk(client, writer), "notifications").split()


def test_a_review_request_opens_the_review_screen(client, version_in_review, reviewer):
    note = _note(reviewer, version_in_review, kind=Kind.SUBMITTED)

    response = signed_in(client, reviewer).get(_open_url(note))

    assert response.url == review_url(version_in_review)


def test_mark_all_as_read(client, open_draft, writer, editor):
    _note(writer, open_draft)
    _note(writer, open_draft)
    theirs = _note(editor, open_draft)

    response = signed_in(client, writer).post(_read_all_url(), follow=True)

    page = response.content.decode()
    assert "Marked 2 notifications as read." in page
    assert not Notification.objects.filter(recipient=writer, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert 'id="mark-all-read"' not in page


def test_mark_all_as_read_only_answers_post(client, writer):
    assert signed_in(client, writer).get(_read_all_url()).status_code == 405


def test_someone_elses_notification_is_a_404(client, open_draft, writer, editor):
    theirs = _note(editor, open_draft)

    response = signed_in(client, writer).get(_open_url(theirs))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(client, open_draft, writer, method):
    note = _note(writer, open_draft)

    response = getattr(client, method)(_open_url(note) if method == "get" else _read_all_url())

    assert response.status_code == 302
    assert "/login/" in response.url


def _open_url(note):
    return reverse("admin:articles_notification_open", args=[note.pk])


def _read_all_url():
    return reverse("admin:articles_notification_read_all")
