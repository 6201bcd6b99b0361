"""The writing desk of the version form: live preview, outline, length, warnings, and the
"Submit for review" confirmation that lists the warnings first.

The preview is rendered by the guide page's own code (`views.body_context` and the template's
`guide_body` partial), so the writer sees what readers will get.
"""

from html import unescape

from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from careers.models import Career
from core.markdown import render_cached
from programs.models import Program

from . import lint, permissions, views
from .models import ArticleVersion

# More links than any guide shows; a longer list is cut, not refused.
MAX_LINKS = 50


def _ids(values):
    """The distinct positive integers among `values`, in their order (bad ones skipped)."""
    ids = []
    for value in values[:MAX_LINKS]:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if number > 0 and number not in ids:
            ids.append(number)
    return ids


def _in_order(queryset, ids):
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def stats(body):
    """Word count and reading time, as the form shows them."""
    words = lint.word_count(body)
    return {"words": words, "minutes": lint.reading_minutes(words)}


def render_preview(request):
    """POST title, body and the form's program and career ids: the body as the guide page
    renders it (HTML), its outline, length and warnings, as JSON. Staff who may view versions
    only; anyone else gets a 404, as for the staff preview."""
    if not permissions.can_view(request.user):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    # Only published programs and careers, as on the guide page.
    programs = _in_order(
        Program.objects.published().for_widget(), _ids(request.POST.getlist("programs"))
    )
    careers = _in_order(Career.objects.published(), _ids(request.POST.getlist("careers")))
    context = views.body_context(
        render_cached(body), programs, careers, has_faqs=request.POST.get("faqs") == "1"
    )
    html = render_to_string("articles/article_detail.html#guide_body", context, request)
    response = JsonResponse(
        {
            "html": html,
            "outline": [
                {"id": e["id"], "name": unescape(str(e["name"])), "level": e["level"]}
                for e in context["outline"]
            ],
            **stats(body),
            "warnings": lint.warnings(title, body),
        }
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True)
    return response


def writing_aids(version):
    """What the form shows beside the body without JavaScript, for the saved text."""
    if version is None:
        return {"outline": [], **stats(""), "warnings": [], "preview_url": ""}
    rendered = render_cached(version.body)
    return {
        "outline": views.outline(
            rendered,
            version.program_links.exists(),
            version.career_links.exists(),
            version.faqs.exists(),
        ),
        **stats(version.body),
        "warnings": lint.warnings(version.title, version.body),
        "preview_url": reverse("admin:articles_articleversion_preview", args=[version.pk]),
    }


def confirm_submit(request, admin_site, pk):
    """Before a version goes to review: its warnings, and the button that submits it anyway."""
    if not permissions.can_view(request.user):
        raise Http404
    version = get_object_or_404(ArticleVersion.objects.select_related("article"), pk=pk)
    answer = permissions.check(version, request.user, "submit")
    return TemplateResponse(
        request,
        "admin/articles/confirm_submit.html",
        {
            **admin_site.each_context(request),
            "title": f"Submit “{version.title}” for review?",
            "opts": ArticleVersion._meta,
            "version": version,
            "answer": answer,
            "warnings": lint.warnings(version.title, version.body),
        },
    )
