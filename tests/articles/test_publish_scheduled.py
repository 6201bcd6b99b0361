"""The scheduled go-live: `manage.py publish_scheduled`."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion, Transition
from tests.articles.factories import live_article

State = ArticleVersion.State


@pytest.fixture
def scheduled(writer, reviewer):
    """An approved version of a live guide, due five minutes ago."""
    article = live_article(author=writer.person, title="Old title")
    version = workflow.start_draft(article, writer)
    version.title = "Scheduled title"
    workflow.save_draft(version, writer)
    workflow.submit(version, writer)
    workflow.approve(version, reviewer, go_live_at=timezone.now() + timedelta(hours=1))
    ArticleVersion.objects.filter(pk=version.pk).update(
        go_live_at=timezone.now() - timedelta(minutes=5)
    )
    return version


def run():
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def test_due_version_goes_live_when_the_command_runs(scheduled):
    output = run()

    scheduled.refresh_from_db()
    assert scheduled.state == State.LIVE
    assert scheduled.article.live_version_id == scheduled.pk
    assert "Published" in output


def test_running_twice_publishes_once(scheduled):
    run()
    second = run()

    assert Transition.objects.filter(version=scheduled, to_state=State.LIVE).count() == 1
    assert "Published" not in second


def test_a_version_not_yet_due_stays_approved(scheduled):
    ArticleVersion.objects.filter(pk=scheduled.pk).update(
        go_live_at=timezone.now() + timedelta(minutes=30)
    )

    run()

    scheduled.refresh_from_db()
    assert scheduled.state == State.APPROVED
    assert scheduled.article.live_version.title == "Old title"


def test_a_scheduled_version_edited_after_approval_never_goes_live(scheduled, writer):
    version = ArticleVersion.objects.get(pk=scheduled.pk)
    version.body = "Unreviewed words."
    workflow.save_draft(version, writer)

    run()

    scheduled.refresh_from_db()
    assert scheduled.state == State.DRAFT
    assert scheduled.article.live_version.title == "Old title"


def test_scheduled_publication_emails_the_author(
    scheduled, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run()

    assert [m.to for m in mailoutbox] == [["writer@example.com"]]
    assert "now live" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_publish_once(writer, reviewer):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row lock matters on PostgreSQL.")
    article = live_article(author=writer.person)
    version = workflow.start_draft(article, writer)
    workflow.submit(version, writer)
    workflow.approve(version, reviewer, go_live_at=timezone.now() + timedelta(hours=1))
    ArticleVersion.objects.filter(pk=version.pk).update(go_live_at=timezone.now())
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            run()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Transition.objects.filter(version=version, to_state=State.LIVE).count() == 1
