"""Workflow notifications: a row on each recipient's admin home, and a copy by email.

Called from transaction.on_commit, so they never announce a rolled-back step. Nobody is told
about their own action. Everyone told who has an account gets a `Notification`, with or without
an email address; an email that cannot be sent is recorded on that row (`email_problem`), logged
in one line, and reported to the person who acted (`articles/admin_messages.py`).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import diff, permissions
from .models import ArticleVersion, Notification

logger = logging.getLogger(__name__)

Kind = Notification.Kind

# Notification.email_problem when the recipient has no address: only the dashboard tells them.
NO_ADDRESS = "no email address"


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def review_url(version):
    """The absolute address of the version's review screen in the admin."""
    try:
        path = reverse("admin:articles_articleversion_review", args=[version.pk])
    except NoReverseMatch:
        path = reverse("admin:index")
    return absolute(path)


def name_of(user):
    """How a person is called in messages: their Person's name, else their account's."""
    person = getattr(user, "person", None)
    return person.name if person else (user.get_full_name() or user.get_username())


def reviewers(exclude=()):
    """Active users who may approve (with or without an email address), except `exclude`."""
    # Permissions live in ModelBackend; the other backends (sign-in throttling) hold none.
    users = get_user_model().objects.with_perm(
        permissions.APPROVE,
        is_active=True,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return users.exclude(pk__in=[pk for pk in exclude if pk])


def _version(pk):
    return ArticleVersion.objects.select_related(
        "article", "article__live_version", "author__user", "editor", "created_by"
    ).get(pk=pk)


def change_summary(version):
    """Lines saying what `version` changes against the live version."""
    live = version.article.live_version
    old = diff.snapshot(live) if live and live.pk != version.pk else None
    return diff.summary(diff.compare(old, diff.snapshot(version)))


def _author(version, actor_pk):
    """The author's account as a list of recipients: empty when there is none or they acted."""
    user = version.author.user
    if user is None or not user.is_active or user.pk == actor_pk:
        return []
    return [user]


def _email(connection, user, subject, body):
    """Send one copy; "" when it went, else why not, in one line."""
    if not user.email:
        return NO_ADDRESS
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    try:
        connection.send_messages([message])
    except OSError as error:
        # smtplib's errors and a refused or dropped connection are all OSErrors. Caught per
        # message: one bad address or a hiccup does not cost the others their email.
        return " ".join(f"the mail server failed: {type(error).__name__}: {error}".split())[:200]
    return ""


def _notify(recipients, version, kind, message, *, subject="", body=""):
    """Tell each recipient: a Notification on their admin home and a copy by email.

    `message` is the line the dashboard shows; the email has `subject` and `body`, by default
    the kind and the guide's title, and the message with a link. Returns the new rows.
    """
    subject = subject or f"{Kind(kind).label}: {version.title}"
    body = body or f"{message}\n\nIn the admin: {review_url(version)}\n"
    connection = mailers.default
    rows = []
    for user in recipients:
        problem = _email(connection, user, subject, body)
        if problem:
            # One line, no traceback: the reason is all an operator needs, and the row keeps it.
            logger.warning(
                "Email about version %s not sent to %s: %s",
                version.pk,
                user.get_username(),
                problem,
            )
        rows.append(
            Notification.objects.create(
                recipient=user, version=version, kind=kind, message=message, email_problem=problem
            )
        )
    return rows


def submitted(version_pk, actor_pk):
    """Tell reviewers that a version waits for them, with what changed and a link."""
    version = _version(version_pk)
    # People who touched or are bylined on the version may not review it, so are not asked to.
    touched = [
        actor_pk,
        version.created_by_id,
        version.author.user_id,
        version.editor.user_id if version.editor else None,
        *version.edited_by.values_list("pk", flat=True),
    ]
    recipients = reviewers(exclude=touched).select_related("person")
    changes = "\n".join(f"- {line}" for line in change_summary(version))
    body = (
        f"“{version.title}” (version {version.number}) was submitted for review.\n\n"
        f"Change note: {version.change_note or '—'}\n"
        f"Minor change: {'yes' if version.is_minor else 'no'}\n\n"
        f"What changed against the live page:\n{changes}\n\n"
        f"Review it here: {review_url(version)}\n"
    )
    message = f"Version {version.number} of “{version.title}” was submitted for review."
    subject = f"Review requested: {version.title}"
    _notify(recipients, version, Kind.SUBMITTED, message, subject=subject, body=body)


def _to_author(version, actor_pk, kind, subject, opening, comment=""):
    body = f"{opening}\n\n"
    if comment:
        body += f"Reviewer's comment:\n{comment}\n\n"
    body += f"Public page: {absolute(version.article.get_absolute_url())}\n"
    body += f"In the admin: {review_url(version)}\n"
    message = f"{opening} The reviewer wrote: {comment}" if comment else opening
    subject = f"{subject}: {version.title}"
    _notify(_author(version, actor_pk), version, kind, message, subject=subject, body=body)


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
    _to_author(version, actor_pk, Kind.APPROVED, subject, opening, comment)


def published(version_pk):
    """Tell the author their scheduled version is now live."""
    version = _version(version_pk)
    opening = f"Version {version.number} of “{version.title}” is now live."
    _to_author(version, None, Kind.PUBLISHED, "Published", opening)


def sent_back(version_pk, actor_pk, comment):
    """Tell the author what a reviewer asked them to change."""
    version = _version(version_pk)
    opening = f"Version {version.number} of “{version.title}” was sent back for changes."
    # The comments on fields and passages made with this send-back (still open).
    notes = [
        f"- {note.get_field_display()}"
        + (f" (“{note.quote}”)" if note.quote else "")
        + f": {note.text}"
        for note in version.review_comments.filter(resolved_at__isnull=True)
    ]
    if notes:
        comment = f"{comment}\n\nOn the text:\n" + "\n".join(notes)
    _to_author(version, actor_pk, Kind.SENT_BACK, "Changes requested", opening, comment)


def taken_down(version_pk, actor_pk, reason):
    """Tell the author their guide was taken off the site, why, and how it can come back."""
    version = _version(version_pk)
    replacement = version.article.replaced_by
    address_now = (
        f"sends readers to {absolute(replacement.get_absolute_url())} instead"
        if replacement
        else "tells readers the guide is gone"
    )
    body = (
        f"“{version.title}” was taken off the site: version {version.number} is no longer "
        f"public, and its address {address_now}.\n\n"
        f"Reason:\n{reason}\n\n"
        "To put it back, start a new draft from it and submit it for review.\n"
        f"In the admin: {review_url(version)}\n"
    )
    subject = f"Taken down: {version.title}"
    message = f"“{version.title}” was taken off the site. Reason: {reason}"
    _notify(
        _author(version, actor_pk), version, Kind.TAKEN_DOWN, message, subject=subject, body=body
    )
