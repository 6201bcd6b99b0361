"""Notification emails as background tasks: queued by the step, sent by the worker, retried when
the mail server is down, and every failure recorded, logged in one line and shown to staff."""

import logging
import signal
import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command, get_commands
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import notifications, workflow
from articles.models import ArticleVersion, Notification
from tests.articles.admin_support import act_url, signed_in
from tests.articles.desk_support import desk, text
from tests.articles.factories import live_article
from tests.test_settings import PRODUCTION, ROOT, _deploy_check, run_python

State = ArticleVersion.State
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DOWN = "the mail server failed: SMTPServerDisconnected: Connection unexpectedly closed"


class MailServerDown(BaseEmailBackend):
    """A mail server that drops every connection, and counts the attempts."""

    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_down(settings):
    MailServerDown.attempts = 0
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.{MailServerDown.__name__}"}}
    return MailServerDown


@pytest.fixture
def queue(settings):
    """Production's task backend: tasks wait in the database for `manage.py db_worker`."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run one workflow step and then its on-commit callbacks, as a commit would."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


def run_worker():
    """`manage.py db_worker --batch`: run every task that is due, then stop."""
    saved_signals = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    loggers = [logging.getLogger(name) for name in ("django.tasks", "django_tasks_db")]
    levels = [lg.level for lg in loggers]
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0
        )
    finally:
        for sig, handler in saved_signals.items():
            signal.signal(sig, handler)
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def waiting_tasks():
    return DBTaskResult.objects.filter(status="READY")


def problem_lines(caplog):
    return [r for r in caplog.records if r.name.startswith("articles.")]


# Outside the request ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_step_does_not_wait_for_the_mail_server_and_the_desk_shows_what_failed(
    client, draft_with_new_link, writer, reviewer, editor, queue, mail_down, caplog
):
    response = signed_in(client, writer).post(act_url(draft_with_new_link, "submit"), follow=True)

    # The editor's step is done without a word to the mail server: the email waits in the queue.
    assert ArticleVersion.objects.get(pk=draft_with_new_link.pk).state == State.IN_REVIEW
    assert mail_down.attempts == 0
    assert "could not be sent" not in response.content.decode()
    assert waiting_tasks().count() == 1
    note = Notification.objects.get(recipient=reviewer)
    assert note.email_problem == ""

    run_worker()

    assert mail_down.attempts == 1
    note.refresh_from_db()
    assert note.email_problem == f"{DOWN}; trying again in 1 minute (attempt 2 of 6)"
    [line] = problem_lines(caplog)
    assert line.levelno == logging.WARNING
    assert line.exc_info is None
    assert "Traceback" not in caplog.text
    # The writer who submitted and every editor see it on their admin home.
    for person in (writer, editor):
        unsent = text(desk(client, person), "email-problems")
        assert "1 notification email of the last 14 days could not be sent" in unsent
        assert f"The email to Rita Reviewer could not be sent: {DOWN}; trying again" in unsent
        assert "Better title" in unsent


# The worker closes connections between tasks, as a request does: real commits, then.
@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_is_tried_again_later_until_the_email_goes(
    settings, version_in_review, writer, reviewer, queue, mail_down, mailoutbox, act
):
    act(workflow.request_changes, version_in_review, reviewer, "Name the source.")
    run_worker()
    note = Notification.objects.get(recipient=writer, kind=Notification.Kind.SENT_BACK)
    assert note.email_problem.startswith(f"{DOWN}; trying again in 1 minute")
    [retry] = waiting_tasks()
    assert timezone.now() + timedelta(seconds=50) < retry.run_after
    assert retry.run_after < timezone.now() + timedelta(seconds=70)

    # Not before its time.
    run_worker()
    assert mail_down.attempts == 1

    # The mail server is back when the retry is due.
    settings.MAILERS = LOCMEM
    waiting_tasks().update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()

    assert [m.to for m in mailoutbox] == [["writer@example.com"]]
    assert "Name the source." in mailoutbox[0].body
    note.refresh_from_db()
    assert note.email_problem == ""
    assert not waiting_tasks().exists()


def test_the_last_attempt_gives_up_and_says_so(version_in_review, writer, queue, mail_down):
    note = Notification.objects.create(
        recipient=writer, version=version_in_review, kind=Notification.Kind.APPROVED, message="m"
    )
    tries = len(notifications.RETRY_DELAYS) + 1

    notifications.send_email.call(note.pk, "Approved: A guide", "Body.", attempt=tries)

    note.refresh_from_db()
    assert note.email_problem == f"{DOWN}; gave up after 6 attempts"
    assert not waiting_tasks().exists()


def test_a_retry_after_each_delay_adds_up_to_hours_not_days():
    total = sum(notifications.RETRY_DELAYS, timedelta())

    assert timedelta(hours=4) < total < timedelta(hours=12)


# Failures to build an email --------------------------------------------------------------


def test_a_title_with_a_line_break_still_gets_its_email_with_a_one_line_subject(
    open_draft, writer, reviewer, mailoutbox, act
):
    ArticleVersion.objects.filter(pk=open_draft.pk).update(title="Line one\r\nBcc: x@evil.example")
    open_draft.refresh_from_db()

    act(workflow.submit, open_draft, writer)

    [message] = mailoutbox
    assert message.subject == "Review requested: Line one Bcc: x@evil.example"
    assert message.recipients() == ["reviewer@example.com"]
    assert Notification.objects.get(recipient=reviewer).email_problem == ""


@pytest.mark.django_db(transaction=True)
def test_an_email_that_cannot_be_built_is_recorded_told_and_shown_and_the_others_go(
    client, draft_with_new_link, writer, reviewer, second_reviewer, editor, mailoutbox, caplog
):
    get_user_model().objects.filter(pk=reviewer.pk).update(
        email="reviewer@example.com\nBcc: x@evil.example"
    )

    response = signed_in(client, writer).post(act_url(draft_with_new_link, "submit"), follow=True)

    assert ArticleVersion.objects.get(pk=draft_with_new_link.pk).state == State.IN_REVIEW
    assert [m.to for m in mailoutbox] == [["reviewer2@example.com"]]
    problem = (
        "the email could not be built: ValueError: Header values may not contain linefeed or "
        "carriage return characters"
    )
    assert Notification.objects.get(recipient=reviewer).email_problem == problem
    assert (
        f"The email to Rita Reviewer could not be sent ({problem}); they will see this on their "
        "dashboard."
    ) in response.content.decode()
    [line] = problem_lines(caplog)
    assert line.exc_info is None
    assert "Traceback" not in caplog.text
    assert f"The email to Rita Reviewer could not be sent: {problem}" in text(
        desk(client, editor), "email-problems"
    )


def test_the_desk_shows_a_failed_email_only_to_editors_and_whoever_moved_the_version(
    client, version_in_review, writer, reviewer, second_reviewer, editor
):
    Notification.objects.create(
        recipient=reviewer,
        version=version_in_review,
        kind=Notification.Kind.SUBMITTED,
        message="Version 2 was submitted for review.",
        email_problem=DOWN,
    )

    assert "email-problems" in desk(client, editor)
    assert "email-problems" in desk(client, writer)
    assert "email-problems" not in desk(client, second_reviewer)


def test_a_missing_address_is_not_repeated_among_the_failed_emails(
    client, version_in_review, writer, editor
):
    Notification.objects.create(
        recipient=writer,
        version=version_in_review,
        kind=Notification.Kind.APPROVED,
        message="Approved.",
        email_problem=notifications.NO_ADDRESS,
    )

    assert "email-problems" not in desk(client, editor)


def test_a_notification_that_fails_to_build_is_logged_in_one_line(
    version_in_review, writer, reviewer, act, caplog, monkeypatch
):
    def broken(version):
        raise DatabaseError("server closed the connection unexpectedly\nThis probably means…")

    monkeypatch.setattr(notifications, "change_summary", broken)
    version = ArticleVersion.objects.get(pk=version_in_review.pk)
    version.state = State.DRAFT
    version.save(update_fields=["state"])

    act(workflow.submit, version, writer)

    [line] = problem_lines(caplog)
    assert line.levelno == logging.ERROR
    assert line.exc_info is None
    assert line.getMessage() == (
        f"Notifications about version {version.pk} (submitted) failed: DatabaseError: server "
        "closed the connection unexpectedly This probably means…"
    )


# The publish_scheduled job ---------------------------------------------------------------


def _due(writer, reviewer, title):
    article = live_article(author=writer.person, title=f"{title} (old)")
    version = workflow.start_draft(article, writer)
    version.title = title
    workflow.save_draft(version, writer)
    workflow.submit(version, writer)
    workflow.approve(version, reviewer, go_live_at=timezone.now() + timedelta(hours=1))
    ArticleVersion.objects.filter(pk=version.pk).update(
        go_live_at=timezone.now() - timedelta(minutes=5)
    )
    return version


def test_publish_scheduled_only_queues_the_emails(
    writer, reviewer, queue, mail_down, django_capture_on_commit_callbacks
):
    versions = [_due(writer, reviewer, "First"), _due(writer, reviewer, "Second")]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)

    live = ArticleVersion.objects.filter(pk__in=[v.pk for v in versions], state=State.LIVE)
    assert live.count() == 2
    assert mail_down.attempts == 0
    assert waiting_tasks().count() == 2


def test_publish_scheduled_logs_a_mail_failure_in_one_line_each(
    writer, reviewer, mail_down, django_capture_on_commit_callbacks, caplog, capsys
):
    versions = [_due(writer, reviewer, "First"), _due(writer, reviewer, "Second")]

    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")

    live = ArticleVersion.objects.filter(pk__in=[v.pk for v in versions], state=State.LIVE)
    assert live.count() == 2
    lines = problem_lines(caplog)
    assert [r.getMessage() for r in lines] == [
        f"Email about version {v.pk} not sent to writer: {DOWN}" for v in versions
    ]
    assert all(r.exc_info is None for r in caplog.records)
    assert "Traceback" not in capsys.readouterr().err


def test_publish_scheduled_logs_a_version_it_cannot_publish_and_publishes_the_others(
    writer, reviewer, monkeypatch, caplog
):
    stuck, fine = _due(writer, reviewer, "Stuck"), _due(writer, reviewer, "Fine")
    publish = workflow.publish

    def publish_unless_stuck(version):
        if version.pk == stuck.pk:
            raise DatabaseError("deadlock detected\nDETAIL: Process 12 waits for ShareLock")
        return publish(version)

    monkeypatch.setattr(workflow, "publish", publish_unless_stuck)

    with pytest.raises(CommandError, match="1 due version"):
        call_command("publish_scheduled", verbosity=0)

    assert ArticleVersion.objects.get(pk=stuck.pk).state == State.APPROVED
    assert ArticleVersion.objects.get(pk=fine.pk).state == State.LIVE
    [line] = problem_lines(caplog)
    assert line.getMessage() == (
        f"Version {stuck.pk} not published (tried again on the next run): DatabaseError: "
        "deadlock detected DETAIL: Process 12 waits for ShareLock"
    )
    assert line.exc_info is None


# Settings --------------------------------------------------------------------------------

SHOW_TASKS = (
    "import django; from django.conf import settings; django.setup(); "
    "print(settings.TASKS['default']['BACKEND'])"
)


def test_production_queues_tasks_in_the_database_and_development_runs_them_at_once():
    production = run_python(SHOW_TASKS, **PRODUCTION)
    development = run_python(SHOW_TASKS, DEBUG="True")

    assert production.stdout.strip() == "django_tasks_db.DatabaseBackend", production.stderr
    assert development.stdout.strip() == "django.tasks.backends.immediate.ImmediateBackend"


def test_an_unknown_tasks_backend_is_refused_with_a_message():
    result = run_python(SHOW_TASKS, DEBUG="True", TASKS_BACKEND="celery")

    assert result.returncode != 0
    assert "TASKS_BACKEND must be database or immediate, not 'celery'." in result.stderr


def test_the_deploy_check_warns_when_production_sends_email_inside_the_request():
    result = _deploy_check(**PRODUCTION, TASKS_BACKEND="immediate")

    assert result.returncode != 0
    assert "articles.W001" in result.stdout + result.stderr


def test_the_worker_unit_runs_a_command_of_this_site_without_reloading():
    unit = (ROOT / "deploy" / "guidesite-worker.service").read_text()
    [exec_start] = [line for line in unit.splitlines() if line.startswith("ExecStart=")]
    words = exec_start.removeprefix("ExecStart=").split()

    assert words[1:3] == ["manage.py", "db_worker"]
    assert words[2] in get_commands()
    assert "--no-reload" in words
    assert "Restart=always" in unit
