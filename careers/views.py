from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import pagecache
from core.pages import crumbs, gone, paginate
from core.social import social_image
from core.urls import reverse_cached
from programs.models import Program

from . import jsonld
from .models import Career

SORTS = {
    "title": ("Title (A-Z)", ["title", "pk"]),
    "salary": ("Salary (highest first)", [F("salary").desc(nulls_last=True), "title"]),
    "outlook": (
        "Job outlook (highest first)",
        [F("outlook_percent").desc(nulls_last=True), "title"],
    ),
}
DEFAULT_SORT = "title"


@require_safe
@pagecache.cached_page
def career_list(request):
    """Published careers, sortable by title, salary or job outlook."""
    sort = request.GET.get("sort") or DEFAULT_SORT
    notice = ""
    if sort not in SORTS:
        notice = "That sort order is not available, so careers are sorted by title."
        sort = DEFAULT_SORT
    careers = Career.objects.published().for_card().order_by(*SORTS[sort][1])
    context = {
        "page_obj": paginate(request, careers),
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in SORTS.items()],
        "notice": notice,
        **crumbs(("Careers", reverse_cached("careers:list"))),
    }
    return pagecache.tag(render(request, "careers/career_list.html", context), "list-careers")


@require_safe
@pagecache.cached_page
def career_detail(request, slug):
    """A career with its figures and sources, related programs and the guides that cite it."""
    try:
        # with_newer_edition: whether newer projections are recorded, in the same query.
        career = Career.objects.published().with_newer_edition().get(slug=slug)
    except Career.DoesNotExist:
        if Career.objects.withdrawn().filter(slug=slug).exists():
            return gone(request, "career")
        raise Http404("No career has such an address.") from None
    related = Q(pk__in=career.programs.values("pk"))
    if career.program_field_id:
        related |= Q(field=career.program_field_id)
    programs = Program.objects.published().for_card().filter(related).order_by("name")[:6]
    # The guides that show this career, read through the reverse relation (careers sit below
    # articles): their live versions, each set as its guide's live version for the card.
    versions = (
        career.article_versions.live()
        .select_related("article__topic", "author")
        .only(
            "title",
            "dek",
            "author__name",
            "article__slug",
            "article__content_updated_at",
            "article__topic__name",
        )
        .order_by("-article__content_updated_at", "article__slug")[:6]
    )
    guides = []
    for version in versions:
        version.article.live_version = version
        guides.append(version.article)
    context = {
        "career": career,
        # Rendered when the career was saved (core.markdown.stored).
        "description": career.rendered_description.html,
        "programs": list(programs),
        "guides": guides,
        "occupation_ld": jsonld.occupation(career),
        "social_image": social_image(
            career.title, "Career profile", kind="career", slug=career.slug
        ),
        **crumbs(
            ("Careers", reverse_cached("careers:list")), (career.title, career.get_absolute_url())
        ),
    }
    response = render(request, "careers/career_detail.html", context)
    programs, guides = context["programs"], context["guides"]
    return pagecache.tag(
        response,
        f"career-{career.pk}",
        # Its related programs: hand-picked (career-N when the picks change) or of its field.
        pagecache.names("field", career.program_field_id),
        pagecache.names("program", *(program.pk for program in programs)),
        pagecache.names("school", *{program.school_id for program in programs}),
        # The guides that show it, as cards.
        "list-guides",
        pagecache.names("topic", *{guide.topic_id for guide in guides}),
        pagecache.names("person", *{guide.live_version.author_id for guide in guides}),
    )
