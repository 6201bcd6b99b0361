from django.db.models import F, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles.markdown import render_cached
from articles.models import Article
from articles.views import program_card_template
from guidesite import jsonld
from guidesite.pages import crumbs, paginate
from programs.models import Program

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


def career_list(request):
    """Published careers, sortable by title, salary or job outlook."""
    sort = request.GET.get("sort") or DEFAULT_SORT
    notice = ""
    if sort not in SORTS:
        notice = "That sort order is not available, so careers are sorted by title."
        sort = DEFAULT_SORT
    careers = Career.objects.published().order_by(*SORTS[sort][1])
    context = {
        "page_obj": paginate(request, careers),
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in SORTS.items()],
        "notice": notice,
        **crumbs(("Careers", reverse("careers:list"))),
    }
    return render(request, "careers/career_list.html", context)


def career_detail(request, slug):
    """A career with its figures and sources, related programs and the guides that cite it."""
    career = get_object_or_404(Career.objects.published(), slug=slug)
    related = Q(pk__in=career.programs.values("pk"))
    if career.program_field:
        related |= Q(field__iexact=career.program_field)
    programs = Program.objects.published().for_card().filter(related).order_by("name")[:6]
    guides = Article.objects.published().for_list().filter(live_version__careers=career)[:6]
    context = {
        "career": career,
        "description": render_cached(career.description).html,
        "programs": list(programs),
        "program_card": program_card_template(),
        "guides": list(guides),
        "occupation_ld": jsonld.occupation(career),
        **crumbs(("Careers", reverse("careers:list")), (career.title, career.get_absolute_url())),
    }
    return render(request, "careers/career_detail.html", context)
