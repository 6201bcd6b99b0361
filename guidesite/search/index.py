"""Keeping the search index in step with the public content: the one refresh path.

Single saves reach it through signals (guidesite/search/signals.py, connected in
GuidesiteConfig.ready). Anything that writes without signals calls it itself:

- `refresh_kind(kind, ids)` after `QuerySet.update()`, `bulk_create()` or an import of that
  kind (`ids`: a list or a pk queryset; None: every row of the kind);
- programs and schools need nothing more than `programs.finder_rows.refresh(ids)`, which bulk
  paths already call: it sends `finder_rows.refreshed`, and this index follows;
- `rebuild()` (`manage.py rebuild_search_index`) after raw SQL, or to repair the index.

Each call runs in one transaction (the caller's, when there is one), so the index never shows a
change that was rolled back, and a guide taken down leaves the results when its transaction
commits. Each also drops the cached pages of results (the tag "search", core/pagecache.py), so
none outlives the entries it was ranked from.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from articles.models import FAQ, Article, ArticleVersion, Person, Topic
from careers.models import Career
from core import pagecache
from programs.models import Course, Program, School

from ..models import SearchEntry, SearchTerm
from . import backends, documents
from .query import vocabulary
from .results import SEARCH_TAG

Kind = SearchEntry.Kind


def refresh(obj):
    """Bring the entries that show `obj`'s text up to date (adding, changing or removing them)."""
    match obj:
        case Article():
            refresh_kind(Kind.GUIDES, [obj.pk])
        case ArticleVersion():
            refresh_kind(Kind.GUIDES, [obj.article_id])
        case FAQ():
            live = Article.objects.filter(live_version=obj.version_id)
            refresh_kind(Kind.GUIDES, live.values("pk"))
        case Topic():
            refresh_kind(Kind.GUIDES, Article.objects.filter(topic=obj).values("pk"))
        case Program():
            refresh_kind(Kind.PROGRAMS, [obj.pk])
        case Course():
            refresh_kind(Kind.PROGRAMS, [obj.program_id])
        case School():
            # A program's entry names its school and city.
            refresh_kind(Kind.PROGRAMS, Program.objects.filter(school=obj).values("pk"))
            refresh_kind(Kind.SCHOOLS, [obj.pk])
        case Career():
            refresh_kind(Kind.CAREERS, [obj.pk])
        case Person():
            refresh_kind(Kind.PEOPLE, [obj.pk])
        case _:
            raise TypeError(f"{type(obj).__name__} has no search entry")


def refresh_kind(kind, ids=None):
    """Rewrite the entries of these rows of `kind` (None: all) from the public content.

    Follows on: the people of the guides' versions, old and new (a bio is public while its
    person is on a live guide) and the programs' schools (public while they have a published
    program; a school left without one is dropped). Returns how many entries were written.
    """
    with transaction.atomic():
        written = _write(kind, ids)
        if kind == Kind.GUIDES:
            _write(Kind.PEOPLE, None if ids is None else documents.people_on_guides(ids))
        elif kind == Kind.PROGRAMS:
            schools = Program.objects.all() if ids is None else Program.objects.filter(pk__in=ids)
            _write(Kind.SCHOOLS, None if ids is None else schools.values("school"))
            _sweep(Kind.SCHOOLS, School.objects.listed())
    return written


def remove(kind, ids):
    """Drop the entries of these rows of `kind`, and what followed them (see refresh_kind)."""
    with transaction.atomic():
        _changed(SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()[0])
        if kind == Kind.GUIDES:
            _sweep(Kind.PEOPLE, Person.objects.with_live_work())
        elif kind == Kind.PROGRAMS:
            _sweep(Kind.SCHOOLS, School.objects.listed())


def rebuild():
    """Every entry and the whole vocabulary again, from scratch; returns entries per kind."""
    backend = backends.get()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        backend.repair()
        written = {kind: _write(kind, None) for kind in Kind}
        pagecache.invalidate(SEARCH_TAG)  # even when empty: the entries before were all deleted
        return written


def fill_if_empty(using=DEFAULT_DB_ALIAS, **kwargs):
    """After `migrate`: build the index of a database that has content but no index yet (the
    first deploy of search); an index already there is left as it is."""
    tables = connections[using].introspection.table_names()
    if SearchEntry._meta.db_table not in tables or SearchEntry.objects.exists():
        return  # migrated back past the index, or it is there already
    has_content = (
        Article.objects.published().exists()
        or Program.objects.published().exists()
        or Career.objects.published().exists()
    )
    if has_content:
        rebuild()


# Entry ids are made from kind, object and position, so an entry is written over (an upsert):
# two saves of one row at the same moment cannot collide on an id the other has just inserted.
UPSERT = {
    "update_conflicts": True,
    "unique_fields": ["id"],
    "update_fields": [f.name for f in SearchEntry._meta.concrete_fields if not f.primary_key],
}
BATCH = 500


def _write(kind, ids):
    scope = SearchEntry.objects.filter(kind=kind)
    if ids is not None:
        scope = scope.filter(object_id__in=ids)
    entries = documents.BUILDERS[kind](ids)
    backends.get().prepare(entries)
    # Entries no longer written: a row no longer public, a section that went away.
    kept = {entry.id for entry in entries}
    stale = [pk for pk in scope.values_list("id", flat=True).iterator() if pk not in kept]
    for start in range(0, len(stale), BATCH):  # SQLite limits the parameters of a query
        SearchEntry.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=BATCH, **UPSERT)
    backends.get().written(kind, ids)
    _add_words(entries)
    _changed(len(entries) + len(stale))
    return len(entries)


def _sweep(kind, public):
    """Drop entries of `kind` whose row is no longer public (a school's last program gone)."""
    gone = SearchEntry.objects.filter(kind=kind).exclude(object_id__in=public.values("pk"))
    _changed(gone.delete()[0])


def _changed(entries):
    """Cached result pages were ranked from the entries before: drop them when any was written."""
    if entries:
        pagecache.invalidate(SEARCH_TAG)


def _add_words(entries):
    words = set()
    for entry in entries:
        for text in (entry.title, entry.summary, entry.headings, entry.body, entry.extra):
            words |= vocabulary(text)
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=word) for word in sorted(words)], batch_size=1000, ignore_conflicts=True
    )
