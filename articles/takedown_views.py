"""The guide's "Take down" page in the admin: a form, then workflow.unpublish; nothing else.

Who may take a guide down is the workflow's answer (permissions.check, action "unpublish"); this
view only shows the form, calls the workflow and reports the outcome with messages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from . import admin_messages, permissions, workflow
from .forms import TakeDownForm
from .models import Article


def take_down(request, model_admin, article_id):
    """GET: what taking the guide down does, and the form; POST: take it down."""
    article = get_object_or_404(Article.objects.select_related("live_version"), pk=article_id)
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    live = article.live_version
    if live is None:
        messages.error(request, workflow.NOT_LIVE)
        return redirect(change_url)
    answer = permissions.check(live, request.user, "unpublish")
    if not answer:
        messages.error(request, answer.reason)
        return redirect(change_url)
    form = TakeDownForm(request.POST if request.method == "POST" else None, article=article)
    if form.is_valid():
        replacement = form.cleaned_data["replacement"]
        try:
            with admin_messages.report_email_problems(request):
                workflow.unpublish(article, request.user, form.cleaned_data["reason"], replacement)
        except workflow.TransitionNotAllowed as refused:
            # Lost a race (someone took it down or replaced it first): say so, keep the form.
            form.add_error(None, refused.message)
        else:
            address = (
                f"now sends readers to {replacement.get_absolute_url()} (301)"
                if replacement
                else "now tells readers the guide is gone (410)"
            )
            messages.success(
                request,
                f"“{live.title}” was taken off the site; its address {address}. To put it "
                "back, start a new draft from it: it goes live again after review.",
            )
            return redirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Take down “{live.title}”",
        "opts": Article._meta,
        "original": article,
        "live": live,
        "form": form,
        "change_url": change_url,
    }
    return TemplateResponse(request, "admin/articles/article/unpublish.html", context)
