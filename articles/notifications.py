"""Workflow notifications: a row on each recipient's admin home, and a copy by email.

Called from transaction.on_commit, so they never announce a rolled-back step. Nobody is told
about their own action. Everyone told who has an account gets a `Notification`, with or without
an email address. The email itself is a background task (`send_email`, django.tasks): with the
database backend a worker sends it, outside the request and the publish_scheduled job, and a
mail server that is down delays it and is tried again later (RETRY_DELAYS). An email that cannot
be built or sent is recorded on its row (`email_problem`), logged in one line, shown on the
admin home (`articles/dashboard.py`) and, when known before the step's page answers, told to the
person who acted (`articles/admin_messages.py`).
"""

import logging
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.tasks import task
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import diff, permissions
from .models import ArticleVersion, Notification

logger = logging.getLogger(__name__)

Kind = Notification.Kind

# Notification.email_problem when the recipient has no address: only the dashboard tells them.
NO_ADDRESS = "no email address"
# How long to wait before each new attempt when the mail server fails: about six hours in all,
# then the problem stays on the row and the dashboard.
RETRY_DELAYS = [timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240)]
# Notification.email_problem's length.
PROBLEM_LENGTH = 200


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


def one_line(text, limit=PROBLEM_LENGTH):
    """`text` on one line (runs of whitespace, line breaks included, made one space), cut."""
    return " ".join(str(text).split())[:limit]


def _build(address, subject, body):
    """The email, or why it cannot be made (a header with a line break, a malformed address)."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    try:
        message.message()
    except Exception as error:  # noqa: BLE001 (any reason is recorded, never raised)
        return None, one_line(f"the email could not be built: {type(error).__name__}: {error}")
    return message, ""


def _send(message):
    """Send one email; "" when it went, else why not. True when trying later may help."""
    try:
        mailers.default.send_messages([message])
    except OSError as error:
        # smtplib's errors and a refused or dropped connection are all OSErrors: the mail server
        # may answer later.
        return one_line(f"the mail server failed: {type(error).__name__}: {error}"), True
    except Exception as error:  # noqa: BLE001 (any reason is recorded, never raised)
        return one_line(f"the email could not be sent: {type(error).__name__}: {error}"), False
    return "", False


def _wait(delay):
    """How long `delay` is, in words: "5 minutes", "1 hour"."""
    minutes = round(delay.total_seconds() / 60)
    number, unit = (minutes // 60, "hour") if minutes % 60 == 0 else (minutes, "minute")
    return f"{number} {unit}{'s' if number != 1 else ''}"


@task
def send_email(notification_pk, subject, body, attempt=1):
    """Email one Notification's copy to its recipient; a background task, never raises.

    What happened is kept on the row: `email_problem` is "" once the email went, else the
    reason, with the next try when the mail server failed and a try is left (and the task
    backend can wait: the immediate backend of development and tests cannot). Anything else
    that goes wrong (the database, say) is logged in one line.
    """
    try:
        return _deliver(notification_pk, subject, body, attempt)
    except Exception as error:  # noqa: BLE001 (logged in one line)
        logger.error(
            "Email for notification %s failed: %s",
            notification_pk,
            one_line(f"{type(error).__name__}: {error}", 500),
        )
        return "failed"


def _deliver(notification_pk, subject, body, attempt):
    note = Notification.objects.select_related("recipient").filter(pk=notification_pk).first()
    if note is None:
        return "gone"  # the version (and its notifications) was deleted meanwhile
    user = note.recipient
    if not user.email:
        problem, retry = NO_ADDRESS, False
    else:
        message, problem = _build(user.email, subject, body)
        retry = False
        if message is not None:
            problem, retry = _send(message)
    if problem and retry:
        retry = attempt <= len(RETRY_DELAYS) and _try_again(notification_pk, subject, body, attempt)
    if problem and retry:
        delay = RETRY_DELAYS[attempt - 1]
        suffix = f"; trying again in {_wait(delay)} (attempt {attempt + 1} of "
        suffix += f"{len(RETRY_DELAYS) + 1})"
        problem = one_line(problem, PROBLEM_LENGTH - len(suffix)) + suffix
    elif problem and attempt > 1:
        suffix = f"; gave up after {attempt} attempts"
        problem = one_line(problem, PROBLEM_LENGTH - len(suffix)) + suffix
    if problem != note.email_problem:
        Notification.objects.filter(pk=note.pk).update(email_problem=problem)
    if problem:
        # One line, no traceback: the reason is all an operator needs, and the row keeps it.
        logger.warning(
            "Email about version %s not sent to %s: %s",
            note.version_id,
            user.get_username(),
            problem,
        )
        return "not sent"
    return "sent"


def _try_again(notification_pk, subject, body, attempt):
    """Queue the next attempt after RETRY_DELAYS[attempt - 1]; False when it cannot be queued."""
    if not send_email.get_backend().supports_defer:
        return False
    later = send_email.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
    try:
        later.enqueue(notification_pk, subject, body, attempt + 1)
    except Exception as error:  # noqa: BLE001 (the problem is recorded without a retry)
        logger.warning(
            "Email for notification %s not queued again: %s",
            notification_pk,
            one_line(f"{type(error).__name__}: {error}"),
        )
        return False
    return True


def _queue_email(note, subject, body):
    """Queue the email copy of `note`; a queue that cannot take it is recorded like a send."""
    try:
        send_email.enqueue(note.pk, subject, body)
    except Exception as error:  # noqa: BLE001 (recorded on the row, never raised)
        problem = one_line(f"the email could not be queued: {type(error).__name__}: {error}")
        Notification.objects.filter(pk=note.pk).update(email_problem=problem)
        logger.warning(
            "Email about version %s not sent to %s: %s",
            note.version_id,
            note.recipient.get_username(),
            problem,
        )


def _notify(recipients, version, kind, message, *, subject="", body=""):
    """Tell each recipient: a Notification on their admin home and a copy by email.

    `message` is the line the dashboard shows; the email has `subject` and `body`, by default
    the kind and the guide's title, and the message with a link. Returns the new rows.
    """
    # A subject is one header line: a title saved with a line break must not stop the email.
    subject = one_line(subject or f"{Kind(kind).label}: {version.title}", 998)
    body = body or f"{message}\n\nIn the admin: {review_url(version)}\n"
    rows = []
    for user in recipients:
        note = Notification.objects.create(
            recipient=user,
            version=version,
            kind=kind,
            message=message,
            email_problem="" if user.email else NO_ADDRESS,
        )
        rows.append(note)
        if user.email:
            _queue_email(note, subject, body)
        else:
            logger.warning(
                "Email about version %s not sent to %s: %s",
                version.pk,
                user.get_username(),
                NO_ADDRESS,
            )
    return rows


def _in_one_line_on_failure(function):
    """Run a notification step; an error is logged in one line (never a traceback) and dropped.

    The workflow step it reports on has committed: nothing can undo it, and the publish_scheduled
    job and the editor's page must go on.
    """

    @wraps(function)
    def run(version_pk, *args, **kwargs):
        try:
            return function(version_pk, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 (logged in one line)
            logger.error(
                "Notifications about version %s (%s) failed: %s",
                version_pk,
                function.__name__,
                one_line(f"{type(error).__name__}: {error}", 500),
            )
            return None

    return run


@_in_one_line_on_failure
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


@_in_one_line_on_failure
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


@_in_one_line_on_failure
def published(version_pk):
    """Tell the author their scheduled version is now live."""
    version = _version(version_pk)
    opening = f"Version {version.number} of “{version.title}” is now live."
    _to_author(version, None, Kind.PUBLISHED, "Published", opening)


@_in_one_line_on_failure
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


@_in_one_line_on_failure
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
