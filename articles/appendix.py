"""A version's FAQ entries and sources as the guide page shows them, stored with the version.

The guide page reads them from the version's row (`faqs_rendered`, `sources_rendered`), in the
page's first query, instead of in two queries of their own. `refresh()` stores them again from
the rows; a save or delete of an entry or a source calls it (connected in articles/signals.py),
whatever the version's state, so a preview shows what the page will. Whatever writes entries
or sources without signals (`bulk_create()`, `update()`) must call `refresh()` itself.

A copy made under other sanitizing rules (core.markdown.rules_digest) or never made is not
used: the page builds the entries from the rows then, as core.markdown.from_stored does for a
body.
"""

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import mark_safe

from core import markdown, pagecache

from .models import FAQ, Article, ArticleVersion, Source, stored_faqs, stored_sources
from .signals import guide_tags


class Question(NamedTuple):
    question: str
    answer: str  # HTML, sanitized when the answer was saved


class Cited(NamedTuple):
    title: str
    publisher: str
    url: str
    accessed_on: date | None


# Versions stored per query and per UPDATE.
BATCH = 500


def _faqs_of(version_ids):
    return FAQ.objects.filter(version__in=version_ids).order_by("order", "id")


def _sources_of(version_ids):
    return Source.objects.filter(version__in=version_ids).order_by("order", "id")


def _by_version(rows):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.version_id].append(row)
    return grouped


def refresh(version_ids):
    """Store the FAQ entries and sources of these versions again, from their rows, and drop
    the cached pages of those that are live (core/pagecache.py): for writes without signals."""
    version_ids = list(version_ids)
    _store(version_ids, faqs=True, sources=True)
    live = ArticleVersion.objects.filter(pk__in=version_ids).live()
    pagecache.invalidate(guide_tags(live.values_list("article_id", flat=True)))


def _store(version_ids, faqs, sources):
    for start in range(0, len(version_ids), BATCH):
        ids = version_ids[start : start + BATCH]
        versions = [ArticleVersion(pk=pk) for pk in ids]
        fields = []
        if faqs:
            fields.append("faqs_rendered")
            grouped = _by_version(_faqs_of(ids))
            for version in versions:
                version.faqs_rendered = stored_faqs(grouped[version.pk])
        if sources:
            fields.append("sources_rendered")
            grouped = _by_version(_sources_of(ids))
            for version in versions:
                version.sources_rendered = stored_sources(grouped[version.pk])
        # An UPDATE: no signals, and nothing at all for a version that is gone.
        ArticleVersion.objects.bulk_update(versions, fields)


def questions(version):
    """The version's FAQ entries in order: [Question(question, answer HTML)]."""
    data = version.faqs_rendered
    if not (isinstance(data, dict) and data.get("rules") == markdown.rules_digest()):
        data = stored_faqs(_faqs_of([version.pk]))
    # The answers were sanitized when they were saved (core.markdown.render).
    return [Question(q, mark_safe(answer)) for q, answer in data["entries"]]  # noqa: S308


def cited(version):
    """The version's sources in order: [Cited(title, publisher, url, accessed_on)]."""
    data = version.sources_rendered
    if not (isinstance(data, dict) and "entries" in data):
        data = stored_sources(_sources_of([version.pk]))
    return [
        Cited(title, publisher, url, date.fromisoformat(accessed) if accessed else None)
        for title, publisher, url, accessed in data["entries"]
    ]


# A single save or delete: the page cache's own receivers (articles/signals.py) drop the page.


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _store([instance.version_id], faqs=sender is FAQ, sources=sender is Source)


def _deleted(sender, instance, origin=None, **kwargs):
    # Deleting a version or a guide deletes its entries too: nothing left to store them on.
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if model not in (ArticleVersion, Article):
        _store([instance.version_id], faqs=sender is FAQ, sources=sender is Source)


def connect():
    """Store a version's entries and sources again as one is saved or deleted; called from
    ArticlesConfig.ready()."""
    for model in (FAQ, Source):
        uid = f"appendix-{model._meta.model_name}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
