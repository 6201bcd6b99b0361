"""Version states are filtered in one place: the ArticleVersion querysets."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from articles import workflow
from articles.models import ArticleVersion
from articles.querysets import SCHEDULER_GRACE
from tests.articles.factories import live_article

pytestmark = pytest.mark.django_db


def _in_review(writer):
    draft = workflow.start_draft(live_article(author=writer.person), writer)
    return workflow.submit(draft, writer)


def test_each_state_has_its_queryset(writer, reviewer):
    live = live_article(author=writer.person).live_version
    draft = workflow.start_draft(live_article(author=writer.person), writer)
    in_review = _in_review(writer)
    scheduled = workflow.approve(
        _in_review(writer), reviewer, go_live_at=timezone.now() + timedelta(days=3)
    )
    versions = ArticleVersion.objects

    assert live in versions.live()
    assert list(versions.drafts()) == [draft]
    assert list(versions.in_review()) == [in_review]
    assert list(versions.scheduled()) == [scheduled]
    assert set(versions.open()) == {draft, in_review, scheduled}
    assert draft not in versions.live()


def test_due_and_overdue_follow_the_go_live_time_and_the_schedulers_grace(writer, reviewer):
    go_live = timezone.now() + timedelta(hours=1)
    version = workflow.approve(_in_review(writer), reviewer, go_live_at=go_live)
    versions = ArticleVersion.objects

    assert list(versions.due(go_live - timedelta(seconds=1))) == []
    assert list(versions.due(go_live)) == [version]
    assert list(versions.overdue(go_live + SCHEDULER_GRACE - timedelta(seconds=1))) == []
    assert list(versions.overdue(go_live + SCHEDULER_GRACE)) == [version]
    assert versions.queue_counts(go_live + SCHEDULER_GRACE) == {"waiting": 0, "overdue": 1}


def test_no_state_is_spelled_out_outside_the_model():
    # A literal state in a filter or a template would silently miss a renamed state.
    states = "|".join(ArticleVersion.State.values)
    literal = re.compile(rf"""(state\w*\s*(==|!=|=)\s*|\(|\[|,\s*)["']({states})["']""")
    root = Path(settings.BASE_DIR)
    sources = [
        path
        for folder in ("articles", "programs", "careers", "core", "guidesite", "bench")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts and path != root / "articles" / "models.py"
    ] + list((root / "templates").rglob("*.html"))
    found = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in sources
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if literal.search(line)
    ]
    assert found == []
