"""Two people at once: stale saves are refused, row locks keep one outcome."""

import pytest

from articles import workflow
from articles.models import ArticleVersion
from tests.articles.factories import live_article

State = ArticleVersion.State


def test_conflicting_save_is_refused_and_nothing_is_lost(published_guide, writer, editor):
    draft = workflow.start_draft(published_guide, writer)
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
