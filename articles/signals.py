"""What in this app changes a public page, and which cached pages that drops (core/pagecache.py).

Only rows the public can see count: a live version and its FAQs, sources and links, a guide that
is or was public, people on live guides, topics and site pages. Drafts (saved all day long),
transitions, users and groups leave every cached page in place. Each row drops the pages that
show it: a live version its guide's page and the lists of guides, never another guide's page.
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

# A guide entering or leaving the live set changes every list of guides (home, topics, bios,
# careers) and may change who is listed among the experts.
GUIDE_LISTS = ("list-guides", "list-people")


def is_public_article(article):
    """A guide with a live version, or one that had one (its address answers 410 or moves)."""
    return article.live_version_id is not None or article.first_published_at is not None


def guide_tags(article_ids):
    """The pages of these live guides: each guide's page and the lists of guides."""
    names = pagecache.names("guide", *article_ids)
    return [*names, *GUIDE_LISTS] if names else []


def article_tags(article):
    if not is_public_article(article):
        return []
    return [f"guide-{article.pk}", *GUIDE_LISTS]


def version_tags(version):
    return [f"guide-{version.article_id}", *GUIDE_LISTS] if version.is_live else []


def live_version_part_tags(row):
    """A FAQ, source or link of the live version (live content is never edited in place, but a
    whole guide can be deleted): its guide's page and the lists."""
    live = ArticleVersion.objects.filter(pk=row.version_id).live()
    article_id = live.values_list("article_id", flat=True).first()
    return [] if article_id is None else [f"guide-{article_id}", *GUIDE_LISTS]


def person_tags(person):
    on_live_guide = Person.objects.filter(pk=person.pk).with_live_work().exists()
    return [f"person-{person.pk}", "list-people"] if on_live_guide else []


def connect():
    pagecache.watch(Article, article_tags)
    pagecache.watch(ArticleVersion, version_tags)
    for model in (FAQ, Source, ArticleProgram, ArticleCareer):
        pagecache.watch(model, live_version_part_tags)
    pagecache.watch(Person, person_tags)
    pagecache.watch(Topic, lambda topic: [f"topic-{topic.pk}", "list-topics"])
    # The advertising disclosure's summary is shown on pages of its own (the tag "disclosure").
    pagecache.watch(SitePage, lambda page: [f"page-{page.pk}", "disclosure"])
