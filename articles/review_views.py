"""Staff-only admin screens of the editorial workflow: queue, review, preview, history, schedule.

Every state change goes through `workflow.py`; these views only read, call it and report.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from . import admin_messages, diff, permissions, preview_links, review_comments, views, workflow
from .forms import ReviewCommentFormSet, ReviewForm, ShareForm, decide
from .models import Article, ArticleVersion, PreviewLink, Transition
from .querysets import SCHEDULER_GRACE


def _require_view(request):
    if not permissions.can_view(request.user):
        raise PermissionDenied


def _context(admin_site, request, title, **extra):
    return {
        **admin_site.each_context(request),
        "title": title,
        "opts": ArticleVersion._meta,
        "time_zone": settings.TIME_ZONE,
        **extra,
    }


def queue(request, admin_site):
    """Versions in review, oldest first, with author and age."""
    _require_view(request)
    versions = (
        ArticleVersion.objects.in_review()
        .select_related("article", "author", "created_by")
        .order_by("submitted_at", "pk")
    )
    return TemplateResponse(
        request,
        "admin/articles/review_queue.html",
        _context(
            admin_site,
            request,
            "Review queue",
            versions=versions,
            overdue=list(ArticleVersion.objects.overdue(timezone.now()).select_related("article")),
            can_review=permissions.can_review(request.user),
        ),
    )


def scheduled(request, admin_site):
    """Approved versions waiting for their go-live time."""
    _require_view(request)
    now = timezone.now()
    versions = (
        ArticleVersion.objects.scheduled()
        .select_related("article", "author", "reviewer")
        .order_by("go_live_at", "pk")
    )
    rows = [
        {
            "version": v,
            "is_due": v.go_live_at is not None and v.go_live_at <= now,
            "is_overdue": v.go_live_at is not None and v.go_live_at <= now - SCHEDULER_GRACE,
        }
        for v in versions
    ]
    return TemplateResponse(
        request,
        "admin/articles/scheduled.html",
        _context(
            admin_site,
            request,
            "Scheduled versions",
            rows=rows,
            overdue=[r["version"] for r in rows if r["is_overdue"]],
        ),
    )


def _version_for_review(pk):
    return get_object_or_404(
        ArticleVersion.objects.select_related(
            "article",
            "article__topic",
            "article__live_version",
            "author",
            "editor",
            "reviewer",
            "created_by",
        ),
        pk=pk,
    )


def review(request, admin_site, pk):
    """One version: diff against the live version, preview link, approve or send back."""
    _require_view(request)
    version = _version_for_review(pk)
    form = ReviewForm()
    comment_rows = ReviewCommentFormSet(prefix="comments")
    if request.method == "POST":
        form = ReviewForm(request.POST)
        sending_back = request.POST.get("decision") == ReviewForm.REQUEST_CHANGES
        # A post without the rows (an older page, a script) is a send-back without comments.
        if sending_back and "comments-TOTAL_FORMS" in request.POST:
            comment_rows = ReviewCommentFormSet(request.POST, prefix="comments")
        rows_valid = not comment_rows.is_bound or comment_rows.is_valid()
        if form.is_valid() and rows_valid:
            rows = [r for f in comment_rows if (r := f.as_row())] if comment_rows.is_bound else []
            try:
                with admin_messages.report_email_problems(request):
                    done = decide(form, version, request.user, comments=rows)
                    messages.success(request, done)
            except workflow.TransitionNotAllowed as refused:
                messages.error(request, refused.message)
            else:
                return redirect("admin:articles_articleversion_queue")
        else:
            for problem in form.non_field_errors() or ["Nothing was changed; see the form below."]:
                messages.error(request, problem)
    live = version.article.live_version
    compare_to = live if live and live.pk != version.pk else None
    old = diff.snapshot(compare_to) if compare_to else None
    diffs = diff.compare(old, diff.snapshot(version))
    actions = permissions.allowed_actions(version, request.user)
    return TemplateResponse(
        request,
        "admin/articles/review.html",
        _context(
            admin_site,
            request,
            f"Review: {version.title}",
            version=version,
            live=compare_to,
            changed=[d for d in diffs if diff.is_changed(d)],
            unchanged=[d for d in diffs if not diff.is_changed(d)],
            summary=diff.summary(diffs),
            form=form,
            comment_rows=comment_rows,
            comments=review_comments.for_reviewer(version),
            actions=actions,
            transitions=version.transitions.select_related("by"),
        ),
    )


def preview(request, pk):
    """Any version rendered with the public guide template; signed-in staff only."""
    if not permissions.can_view(request.user):
        # A 404, not a login page: the address must not reveal that a draft exists.
        raise Http404
    version = get_object_or_404(
        ArticleVersion.objects.select_related(
            "article", "article__topic", "author", "editor", "reviewer"
        ),
        pk=pk,
    )
    article = version.article
    # In memory only: the page reads the article as if this version were live.
    article.live_version = version
    if not version.is_minor or article.content_updated_at is None:
        article.content_updated_at = version.published_at or timezone.now()
    response = TemplateResponse(
        request,
        "admin/articles/preview.html",
        {**views.guide_context(request, article, version), "preview_version": version},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
    return response


def history(request, admin_site, article_id):
    """Every version of a guide with its transitions, and a restore button for old ones."""
    _require_view(request)
    article = get_object_or_404(Article.objects.select_related("live_version"), pk=article_id)
    versions = (
        article.versions.select_related("author", "created_by", "reviewer", "restored_from")
        .prefetch_related(Prefetch("transitions", queryset=Transition.objects.select_related("by")))
        .order_by("-number")
    )
    open_version = next((v for v in versions if v.is_open), None)
    rows = [
        {
            "version": v,
            "can_restore": permissions.check(v, request.user, "restore", open_version=open_version),
        }
        for v in versions
    ]
    return TemplateResponse(
        request,
        "admin/articles/history.html",
        _context(
            admin_site,
            request,
            f"History of {article.live_version.title if article.live_version else article.slug}",
            article=article,
            rows=rows,
        ),
    )


ACTIONS = {
    "submit": (workflow.submit, "Submitted version {n} for review; reviewers were told."),
    "discard": (workflow.discard, "Discarded version {n}; the live page is unchanged."),
}


@require_POST
def act(request, pk, action):
    """Run one workflow step on a version from a button, and report the outcome."""
    version = get_object_or_404(ArticleVersion.objects.select_related("article"), pk=pk)
    change_url = reverse("admin:articles_articleversion_change", args=[version.pk])
    try:
        if action == "restore":
            draft = workflow.restore(version, request.user)
            messages.success(
                request,
                f"Version {version.number} was copied into a new draft, version {draft.number}; "
                "it goes live only after review.",
            )
            return redirect("admin:articles_articleversion_change", draft.pk)
        if action == "edit":
            draft = workflow.start_draft(version.article, request.user)
            messages.info(request, f"You are editing draft version {draft.number}.")
            return redirect("admin:articles_articleversion_change", draft.pk)
        if action not in ACTIONS:
            raise Http404
        step, done = ACTIONS[action]
        with admin_messages.report_email_problems(request):
            step(version, request.user)
            messages.success(request, done.format(n=version.number))
    except workflow.TransitionNotAllowed as refused:
        messages.error(request, refused.message)
    return redirect(change_url)


@require_POST
def edit_article(request, article_id):
    """Start (or continue) the draft of a guide and open it."""
    article = get_object_or_404(Article, pk=article_id)
    try:
        draft = workflow.start_draft(article, request.user)
    except workflow.TransitionNotAllowed as refused:
        messages.error(request, refused.message)
        return redirect("admin:articles_article_change", article.pk)
    messages.info(
        request,
        f"You are editing draft version {draft.number}. The public page keeps showing the live "
        "version until a reviewer approves this one.",
    )
    return redirect("admin:articles_articleversion_change", draft.pk)


@require_POST
def share(request, pk):
    """Make a preview link to a version for an outside expert and show its address."""
    version = get_object_or_404(ArticleVersion, pk=pk)
    form = ShareForm(request.POST)
    try:
        if not form.is_valid():
            raise preview_links.PreviewNotAllowed(form.errors["days"][0])
        days = form.cleaned_data["days"]
        link = preview_links.create(
            version, request.user, preview_links.DEFAULT_DAYS if days is None else days
        )
    except workflow.TransitionNotAllowed as refused:
        messages.error(request, refused.message)
    else:
        until = dateformat.format(timezone.localtime(link.expires_at), "j F Y, H:i T")
        messages.success(
            request,
            f"Preview link made: anyone with this address can read version {version.number} "
            f"until {until}, without an account. {preview_links.full_url(link)}",
        )
    return redirect("admin:articles_articleversion_change", version.pk)


@require_POST
def revoke_link(request, pk):
    """Revoke one preview link from its version's page; it stops opening at once."""
    link = get_object_or_404(PreviewLink.objects.select_related("version"), pk=pk)
    try:
        preview_links.revoke(link, request.user)
    except workflow.TransitionNotAllowed as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            f"The preview link to version {link.version.number} was revoked; it no longer opens.",
        )
    return redirect("admin:articles_articleversion_change", link.version_id)
