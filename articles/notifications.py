"""Workflow emails. Called from transaction.on_commit, so they never announce a rolled-back step.

Nobody is emailed about their own action.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import diff, permissions
from .models import ArticleVersion


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def review_url(version):
    """The absolute address of the version's review screen in the admin."""
    try:
        path = reverse("admin:articles_articleversion_review", args=[version.pk])
    except NoReverseMatch:
        path = reverse("admin:index")
    return absolute(path)


def reviewers(exclude=()):
    """Active users who may approve, with an email address, except those in `exclude`."""
    users = get_user_model().objects.with_perm(
        permissions.APPROVE, is_active=True, include_superusers=False
    )
    return users.exclude(Q(email="") | Q(pk__in=[pk for pk in exclude if pk]))


def _version(pk):
    return ArticleVersion.objects.select_related(
        "article", "article__live_version", "author__user", "created_by"
    ).get(pk=pk)


def change_summary(version):
    """Lines saying what `version` changes against the live version."""
    live = version.article.live_version
    old = diff.snapshot(live) if live and live.pk != version.pk else None
    return diff.summary(diff.compare(old, diff.snapshot(version)))


def _author_address(version, actor_pk):
    user = version.author.user
    if user is None or not user.is_active or not user.email or user.pk == actor_pk:
        return None
    return user.email


def _send(messages):
    messages = [m for m in messages if m[3]]
    if messages:
        send_mass_mail(messages, fail_silently=False)


def submitted(version_pk, actor_pk):
    """Tell reviewers that a version waits for them, with what changed and a link."""
    version = _version(version_pk)
    # People who touched the version may not review it, so they are not asked to.
    touched = [actor_pk, version.created_by_id, *version.edited_by.values_list("pk", flat=True)]
    recipients = list(reviewers(exclude=touched).values_list("email", flat=True))
    changes = "\n".join(f"- {line}" for line in change_summary(version))
    body = (
        f"“{version.title}” (version {version.number}) was submitted for review.\n\n"
        f"Change note: {version.change_note or '—'}\n"
        f"Minor change: {'yes' if version.is_minor else 'no'}\n\n"
        f"What changed against the live page:\n{changes}\n\n"
        f"Review it here: {review_url(version)}\n"
    )
    subject = f"Review requested: {version.title}"
    _send([(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)])


def _to_author(version_pk, actor_pk, subject, opening, comment=""):
    version = _version(version_pk)
    address = _author_address(version, actor_pk)
    if address is None:
        return
    body = f"{opening}\n\n"
    if comment:
        body += f"Reviewer's comment:\n{comment}\n\n"
    body += f"Public page: {absolute(version.article.get_absolute_url())}\n"
    body += f"In the admin: {review_url(version)}\n"
    _send([(f"{subject}: {version.title}", body, settings.DEFAULT_FROM_EMAIL, [address])])


def approved(version_pk, actor_pk, comment="", published=False):
    """Tell the author their version was approved (and whether it is live yet)."""
    version = _version(version_pk)
    when = (
        "It is now live."
        if published
        else f"It goes live at {timezone.localtime(version.go_live_at):%Y-%m-%d %H:%M %Z}."
        if version.go_live_at
        else "It goes live when published."
    )
    opening = f"Version {version.number} of “{version.title}” was approved. {when}"
    subject = "Approved and published" if published else "Approved"
    _to_author(version_pk, actor_pk, subject, opening, comment)


def published(version_pk):
    """Tell the author their scheduled version is now live."""
    version = _version(version_pk)
    opening = f"Version {version.number} of “{version.title}” is now live."
    _to_author(version_pk, None, "Published", opening)


def sent_back(version_pk, actor_pk, comment):
    """Tell the author what a reviewer asked them to change."""
    version = _version(version_pk)
    opening = f"Version {version.number} of “{version.title}” was sent back for changes."
    _to_author(version_pk, actor_pk, "Changes requested", opening, comment)
