"""What in this app changes a public page, and so drops cached public pages.

Only rows the public can see count: a live version and its FAQs, sources and links, a guide that
is or was public, people on live guides, topics and site pages. Drafts (saved all day long),
transitions, users and groups leave every cached page in place.
"""

from core import pagecache

from .models import (
    FAQ,
    Article,
    ArticleCareer,
    ArticleProgram,
    ArticleVersion,
    Person,
    SitePage,
    Source,
    Topic,
)


def is_public_article(article):
    """A guide with a live version, or one that had one (its address answers 410 or moves)."""
    return article.live_version_id is not None or article.first_published_at is not None


def belongs_to_live_version(row):
    """A FAQ, source or link of the live version (live content is never edited in place, but a
    whole guide can be deleted)."""
    return ArticleVersion.objects.filter(pk=row.version_id).live().exists()


def is_on_live_guide(person):
    return Person.objects.filter(pk=person.pk).with_live_work().exists()


def connect():
    pagecache.watch(Article, is_public_article)
    pagecache.watch(ArticleVersion, lambda version: version.is_live)
    for model in (FAQ, Source, ArticleProgram, ArticleCareer):
        pagecache.watch(model, belongs_to_live_version)
    pagecache.watch(Person, is_on_live_guide)
    pagecache.watch(Topic)
    pagecache.watch(SitePage)
