from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse

from core import pagecache
from core.markdown import render_cached, sections, slot, without_heading_ids
from core.pages import crumbs, paginate
from programs import finder

from . import jsonld
from .models import Article, Person, Topic

SLUG_MAX_LENGTH = Article._meta.get_field("slug").max_length


def article_list(request):
    """All live guides, newest change first."""
    page = paginate(request, Article.objects.published().for_list())
    return render(
        request,
        "articles/article_list.html",
        {"page_obj": page, **crumbs(("Guides", reverse("articles:list")))},
    )


def guide_context(request, article, version):
    """What the guide template reads, for `version` of `article` (live, or a staff preview)."""
    rendered = render_cached(version.body)
    # The programs widget and career cards sit in the body's own sections for them when the
    # body has such headings (as the seed page does), else after the body.
    parts = sections(rendered.html) or [{"id": "", "html": ""}]
    faqs = [
        (faq, without_heading_ids(render_cached(faq.answer).html)) for faq in version.faqs.all()
    ]
    programs = list(version.programs.all())
    return {
        "article": article,
        "version": version,
        "sections": parts,
        "programs_at": slot(parts, ("online-programs", "popular-programs", "programs")),
        "careers_at": slot(parts, ("jobs", "careers")),
        "toc": rendered.toc,
        "faqs": faqs,
        "sources": version.sources.all(),
        "programs": programs,
        # Live figures for the fields the widget shows (one query, only when it shows programs).
        "program_fields": finder.field_stats({p.field for p in programs}) if programs else [],
        "careers": version.careers.all(),
        "webpage_ld": jsonld.web_page(article, version, version.reviewer),
        "faq_ld": jsonld.faq_page(faqs),
        **crumbs(
            ("Guides", reverse("articles:list")),
            (article.topic.name, article.topic.get_absolute_url()),
            (version.title, article.get_absolute_url()),
        ),
    }


def article_detail(request, slug):
    """A guide's live version with its byline, FAQs, sources, programs and careers."""
    if len(slug) > SLUG_MAX_LENGTH:
        raise Http404("No guide has such an address.")
    # Signed-in staff may have messages to see, so only anonymous visitors share cached pages.
    # The key needs no query on this, the most-read page: every save of a guide, a version or
    # anything the page shows moves the generation in it (core/pagecache.py).
    cacheable = not request.user.is_authenticated
    page_key = pagecache.key("guide", slug)
    if cacheable and (html := pagecache.get(page_key, request)) is not None:
        return HttpResponse(html)
    article = get_object_or_404(Article.objects.published().for_page(), slug=slug)
    context = guide_context(request, article, article.live_version)
    if not cacheable:
        return render(request, "articles/article_detail.html", context)
    context["csp_nonce"] = pagecache.NONCE_PLACEHOLDER
    html = render_to_string("articles/article_detail.html", context, request)
    return HttpResponse(pagecache.put(page_key, html, request))


def topic_detail(request, slug):
    """The live guides of one topic."""
    topic = get_object_or_404(Topic, slug=slug)
    page = paginate(request, Article.objects.published().for_list().filter(topic=topic))
    return render(
        request,
        "articles/topic_detail.html",
        {"topic": topic, "page_obj": page, **crumbs((topic.name, topic.get_absolute_url()))},
    )


def person_list(request):
    """Everyone who wrote, edited or reviewed a live guide."""
    page = paginate(request, Person.objects.with_live_work().order_by("name", "pk"), per_page=24)
    return render(
        request,
        "articles/person_list.html",
        {"page_obj": page, **crumbs(("Our experts", reverse("articles:people")))},
    )


def person_detail(request, slug):
    """A bio page with the live guides the person wrote, edited or reviewed."""
    person = get_object_or_404(Person, slug=slug)
    page = paginate(request, Article.objects.published().for_list().involving(person))
    # Only people on a live guide have a public page.
    if not page.paginator.count:
        raise Http404("No live guides for this person.")
    guides = [
        {
            "article": article,
            "roles": [
                role
                for role, person_id in (
                    ("Author", article.live_version.author_id),
                    ("Editor", article.live_version.editor_id),
                    ("Reviewer", article.live_version.reviewer_id),
                )
                if person_id == person.pk
            ],
        }
        for article in page
    ]
    context = {
        "person": person,
        "page_obj": page,
        "guides": guides,
        "full_bio": render_cached(person.full_bio).html,
        "person_ld": jsonld.person(person, with_context=True),
        **crumbs(
            ("Our experts", reverse("articles:people")), (person.name, person.get_absolute_url())
        ),
    }
    return render(request, "articles/person_detail.html", context)
