import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from articles.models import Article, SitePage, Topic
from articles.views import GUIDE_CARD_COLUMNS
from careers.models import Career
from core import jsonld, pagecache
from core.pages import crumbs

from . import search as site_search
from .search.results import SEARCH_TAG

logger = logging.getLogger(__name__)

HOME_DESCRIPTION = (
    "Guides to master's degrees, written by our team and checked by subject experts: "
    "programs, admission rules, costs and careers."
)


@require_safe
@pagecache.cached_page
def home(request):
    """Featured and recent guides, topics with live guides, careers and the quiz."""
    guides = Article.objects.published().for_list().only(*GUIDE_CARD_COLUMNS)
    topics = Topic.objects.with_live_guides().only("name", "slug")
    careers = Career.objects.published().for_card()
    context = {
        "guides": list(guides.featured_first()[:6]),
        "topics": list(topics),
        "careers": list(careers.order_by(F("salary").desc(nulls_last=True), "title")[:4]),
        "page_ld": jsonld.collection_page(settings.SITE_NAME, "/", HOME_DESCRIPTION),
    }
    response = render(request, "pages/home.html", context)
    guides = context["guides"]
    return pagecache.tag(
        response,
        # Which guides, topics and careers are shown changes with any of them.
        "list-guides",
        "list-topics",
        "list-careers",
        pagecache.names("topic", *{topic.pk for topic in context["topics"]}),
        pagecache.names("topic", *{guide.topic_id for guide in guides}),
        pagecache.names("person", *{guide.live_version.author_id for guide in guides}),
    )


@require_safe
@pagecache.cached_page
def search(request):
    """Ranked, highlighted results over every kind of public content; ?kind= keeps one kind."""
    # ?type= was the parameter's name before ?kind=; old links keep working.
    kind = request.GET.get("kind") or request.GET.get("type") or ""
    found = site_search.search(request.GET.get("q", ""), kind, request.GET.get("page"))
    context = {
        "query": found.query.text,
        "search": found,
        "max_length": site_search.MAX_QUERY_LENGTH,
        **crumbs(("Search", reverse("search"))),
    }
    return pagecache.tag(render(request, "search/search.html", context), SEARCH_TAG)


@require_safe
@pagecache.cached_page
def site_page(request, slug):
    """An editable site page such as the editorial process."""
    page = get_object_or_404(SitePage, slug=slug)
    context = {
        "page": page,
        # Rendered when the page was saved (core.markdown.stored).
        "body": page.rendered_body.html,
        "page_ld": jsonld.collection_page(page.title, page.get_absolute_url(), page.summary),
        **crumbs((page.title, page.get_absolute_url())),
    }
    return pagecache.tag(render(request, "pages/site_page.html", context), f"page-{page.pk}")


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache answer; 503 naming the one (or two) that did not.

    Cached pages are dropped for every process through the cache (CACHE_URL), so a server
    that cannot reach it would serve stale pages: the load balancer should take it out.
    """
    failed = [name for name, check in HEALTH_CHECKS if not check()]
    if failed:
        body = "".join(f"{name} unavailable\n" for name in failed)
        return HttpResponse(body, status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False
    return True


def _cache_answers():
    """A value written to the cache reads back (a per-process memory cache always does)."""
    # A key of its own per probe: probes from several servers never read each other's value.
    key = f"healthz:{get_random_string(16)}"
    try:
        cache.set(key, "ok", 30)
        answered = cache.get(key) == "ok"
        cache.delete(key)
        return answered
    except Exception:  # every backend has its own errors (redis ConnectionError, OSError...)
        logger.exception("Health check: the cache did not answer")
        return False


HEALTH_CHECKS = [("database", _database_answers), ("cache", _cache_answers)]


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    """Crawl rules pointing at the sitemap."""
    return render(request, "robots.txt", content_type="text/plain")


def page_not_found(request, exception=None):
    """The 404 page in the site's design."""
    body = loader.render_to_string("404.html", {"path": request.path}, request)
    return HttpResponseNotFound(body)


def server_error(request):
    """The 500 page: rendered without the database or context processors, which may be down."""
    body = loader.render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(body)
