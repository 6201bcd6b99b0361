from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core import pagecache
from core.pages import crumbs, gone, moved_permanently, paginate
from core.prepared import Prepared
from core.social import social_image
from core.urls import reverse_cached
from programs import finder

from . import appendix, jsonld, preview_links
from .models import Article, ArticleRedirect, ArticleVersion, Person, SitePage, Topic
from .querysets import PERSON_ROLES, page_content

SLUG_MAX_LENGTH = Article._meta.get_field("slug").max_length
# A bio page's section headings: "Guides written by …", "… edited by …", "… reviewed by …".
ROLE_VERBS = {"author": "written", "editor": "edited", "reviewer": "reviewed"}
# The columns a guide card reads (guide_tags.guide_card): every column selected is
# converted on every render, and a list sorts every live guide before it keeps a page of them.
GUIDE_CARD_COLUMNS = (
    "slug", "content_updated_at", "topic__name",
    "live_version__title", "live_version__dek", "live_version__author__name",
)  # fmt: skip
# What a byline card and the people list read.
PERSON_CARD_COLUMNS = ("name", "slug", "portrait", "job_title", "short_bio")


def guide_card_tags(articles):
    """What a list of guide cards shows besides the guides: their topics and authors."""
    return [
        "list-guides",
        *pagecache.names("topic", *{article.topic_id for article in articles}),
        *pagecache.names("person", *{article.live_version.author_id for article in articles}),
    ]


@require_safe
@pagecache.cached_page
def article_list(request):
    """All live guides, newest change first."""
    page = paginate(request, Article.objects.published().for_list().only(*GUIDE_CARD_COLUMNS))
    response = render(
        request,
        "articles/article_list.html",
        {"page_obj": page, **crumbs(("Guides", reverse_cached("articles:list")))},
    )
    return pagecache.tag(response, guide_card_tags(page))


def placed_widgets(rendered):
    """The widgets that a marker line places in the body ("programs", "careers")."""
    return {part["widget"] for part in rendered.parts if part["widget"]}


def outline(rendered, has_programs, has_careers, has_faqs):
    """The guide page's table of contents: the body's headings, then the widgets that no
    marker placed (they follow the body, each with a heading), then the FAQ."""
    placed = placed_widgets(rendered)
    if not (rendered.toc or has_faqs):
        # The page has a table of contents only when the body has headings or there are FAQs.
        return []
    entries = list(rendered.toc)
    if has_programs and "programs" not in placed:
        entries.append({"id": "programs", "name": "Popular online programs", "level": 2})
    if has_careers and "careers" not in placed:
        entries.append({"id": "careers", "name": "Careers", "level": 2})
    if has_faqs:
        entries.append({"id": "faq", "name": "Questions", "level": 2})
    return entries


def body_context(rendered, programs, careers, has_faqs):
    """The guide body as the page shows it: its pieces, the widgets, the table of contents.

    Shared by the guide page and the editor's live preview, so both show the same thing.
    The writer places the programs widget and the career cards with a marker line in the body
    (`[[programs]]`, `[[careers]]`); without one they go after the body, with a heading.
    """
    placed = placed_widgets(rendered)
    return {
        "body_parts": rendered.parts or [{"html": "", "widget": ""}],
        "programs_placed": "programs" in placed,
        "careers_placed": "careers" in placed,
        "outline": outline(rendered, bool(programs), bool(careers), has_faqs),
        "programs": programs,
        # The figures of the fields the widget's programs belong to, read with the programs.
        "program_fields": finder.fields_shown(programs),
        "careers": careers,
    }


def guide_context(request, article, version, social=None):
    """What the guide template reads, for `version` of `article` (live, or a staff preview).

    `social` is the live guide's social image: only the public page passes one, so a preview
    never draws the title of an unpublished version into a file under the public MEDIA_URL.
    """
    # Rendered when the version was saved (core.markdown.stored).
    rendered = version.rendered_body
    content = page_content(version)
    # Stored with the version as its entries and sources were saved (articles/appendix.py).
    faqs = appendix.questions(version)
    programs, careers = content["programs"], content["careers"]
    return {
        "article": article,
        "version": version,
        **body_context(rendered, programs, careers, bool(faqs)),
        "faqs": faqs,
        "sources": appendix.cited(version),
        "social_image": social,
        "webpage_ld": jsonld.web_page(article, version, version.reviewer, social),
        "faq_ld": jsonld.faq_page(faqs),
        **crumbs(
            ("Guides", reverse("articles:list")),
            (article.topic.name, article.topic.get_absolute_url()),
            (version.title, article.get_absolute_url()),
        ),
    }


def guide_tags(article, context):
    """What the guide page shows: the guide, its topic and people, its programs with their
    schools and fields (the widget's figures cover each field), its careers, the disclosure."""
    version, programs = article.live_version, context["programs"]
    return [
        f"guide-{article.pk}",
        f"topic-{article.topic_id}",
        pagecache.names("person", version.author_id, version.editor_id, version.reviewer_id),
        pagecache.names("program", *(program.pk for program in programs)),
        pagecache.names("school", *{program.school_id for program in programs}),
        pagecache.names("field", *{program.field_id for program in programs}),
        pagecache.names("career", *(career.pk for career in context["careers"])),
        "disclosure",
    ]


# The live guide at a slug, with the disclosure's text, which the page shows (one query less
# than the context processor's, guidesite/context_processors.py). Compiled once per process
# (core/prepared.py): compiling it cost four times what running it does.
_GUIDE_PAGE = Prepared(
    lambda slug: (
        Article.objects.published()
        .for_page()
        .annotate(disclosure=SitePage.disclosure_subquery())
        .filter(slug=slug)
    ),
    str,
)


@require_safe
@pagecache.cached_page
def article_detail(request, slug):
    """A guide's live version with its byline, FAQs, sources, programs and careers.

    Anonymous visitors share a cached copy (core/pagecache.py), served without a query until
    something the page shows changes; only the page's own tags are dropped then.
    """
    if len(slug) > SLUG_MAX_LENGTH:
        raise Http404("No guide has such an address.")
    found = _GUIDE_PAGE(slug)
    if not found:
        return _moved_or_gone(request, slug)
    article = found[0]
    version = article.live_version
    # Drawn on the first render of a title, then one os.path.exists; cached pages skip it.
    social = social_image(version.title, article.topic.name, kind="guide", slug=article.slug)
    context = {
        **guide_context(request, article, version, social),
        "disclosure": article.disclosure or "",
    }
    response = render(request, "articles/article_detail.html", context)
    return pagecache.tag(response, guide_tags(article, context))


def _live_guide(pk):
    return Article.objects.published().only("slug").filter(pk=pk).first() if pk else None


def _moved_or_gone(request, slug):
    """No live guide at `slug`: 301 to where the guide (or its replacement) is now, 410 when it
    was taken down, 404 when no public guide ever had this address."""
    article = Article.objects.only("slug", "taken_down_at", "replaced_by").filter(slug=slug).first()
    if article is None:
        moved = ArticleRedirect.objects.select_related("article").filter(old_slug=slug).first()
        if moved is None:
            raise Http404("No guide has such an address.")
        article = moved.article
        if (live := _live_guide(article.pk)) is not None:
            return moved_permanently(live.get_absolute_url())
    if article.taken_down_at is None:
        # Never public (a draft's address) or not public yet: nothing to tell.
        raise Http404("No guide has such an address.")
    if (replacement := _live_guide(article.replaced_by_id)) is not None:
        return moved_permanently(replacement.get_absolute_url())
    return gone(request, "guide")


@require_safe
@pagecache.cached_page
def topic_detail(request, slug):
    """The live guides of one topic."""
    topic = get_object_or_404(Topic, slug=slug)
    guides = Article.objects.published().for_list().only(*GUIDE_CARD_COLUMNS)
    page = paginate(request, guides.filter(topic=topic))
    response = render(
        request,
        "articles/topic_detail.html",
        {"topic": topic, "page_obj": page, **crumbs((topic.name, topic.get_absolute_url()))},
    )
    return pagecache.tag(response, f"topic-{topic.pk}", guide_card_tags(page))


@require_safe
@pagecache.cached_page
def person_list(request):
    """Everyone who wrote, edited or reviewed a live guide."""
    people = Person.objects.with_live_work().only(*PERSON_CARD_COLUMNS).order_by("name", "pk")
    page = paginate(request, people, per_page=24)
    response = render(
        request,
        "articles/person_list.html",
        {"page_obj": page, **crumbs(("Our experts", reverse_cached("articles:people")))},
    )
    # Who is listed follows the live guides.
    people = pagecache.names("person", *(person.pk for person in page))
    return pagecache.tag(response, "list-people", "list-guides", people)


@require_safe
@pagecache.cached_page
def person_detail(request, slug):
    """A bio page with the live guides the person wrote, edited or reviewed, one section each."""
    person = get_object_or_404(Person, slug=slug)
    # A bio page lists each guide by title and date, in the section of each role held.
    guides = (
        Article.objects.published()
        .select_related("live_version")
        .only(
            "slug",
            "content_updated_at",
            "topic",
            "live_version__title",
            *(f"live_version__{role}" for role in PERSON_ROLES),
        )
        .involving(person)
    )
    # One aggregate gives the section totals and the paginator's count (no COUNT of its own).
    counts = guides.role_counts(person)
    # Only people on a live guide have a public page.
    if not counts["total"]:
        raise Http404("No live guides for this person.")
    # Ordered by role, so the pages walk through the sections in turn; a guide where the person
    # holds two roles is listed in both sections of the page it falls on.
    page = paginate(request, guides.in_role_order(person), count=counts["total"])
    sections = []
    for role in PERSON_ROLES:
        listed = [a for a in page if getattr(a.live_version, f"{role}_id") == person.pk]
        if listed:
            sections.append(
                {"role": role, "verb": ROLE_VERBS[role], "total": counts[role], "guides": listed}
            )
    context = {
        "person": person,
        "page_obj": page,
        "sections": sections,
        # Rendered when the bio was saved (core.markdown.stored).
        "full_bio": person.rendered_full_bio.html,
        "person_ld": jsonld.person(person, with_context=True),
        **crumbs(
            ("Our experts", reverse_cached("articles:people")),
            (person.name, person.get_absolute_url()),
        ),
    }
    response = render(request, "articles/person_detail.html", context)
    return pagecache.tag(response, f"person-{person.pk}", guide_card_tags(page))


@never_cache
@require_safe
def preview_link(request, token):
    """One version through a share link, for an outside expert without an account.

    A wrong, expired or revoked token gets the same 404, so the page never tells whether a token
    existed. Never in the page cache and never indexed: the link is private to whoever has it.
    """
    link = preview_links.resolve(token)
    if link is None:
        raise Http404("No preview at this address.")
    version = get_object_or_404(
        ArticleVersion.objects.select_related(
            "article", "article__topic", "author", "editor", "reviewer"
        ),
        pk=link.version_id,
    )
    article = version.article
    # In memory only, as the staff preview does: the page reads the guide as if the shared
    # version were live, so later versions of the guide never show through this link.
    article.live_version = version
    if not version.is_minor or article.content_updated_at is None:
        article.content_updated_at = version.published_at or timezone.now()
    context = {**guide_context(request, article, version), "preview_link": link}
    response = render(request, "articles/preview_link.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token is the key: links to other sites must not carry it away in the Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response
