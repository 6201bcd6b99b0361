"""Preview links: one version shown to an outside expert who has no account.

A link is an unguessable token (never derived from ids), expires after a few days and can be
revoked at once. Who may make or revoke one is answered by `permissions.py`; the public view
(`views.preview_link`) opens links only through `resolve()`, which also counts the opening.
"""

import logging
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from . import permissions, workflow
from .models import ArticleVersion, PreviewLink

logger = logging.getLogger(__name__)

# The admin's names for a link's state (see status() and with_status()).
STATUSES = ["active", "expired", "revoked"]
DEFAULT_DAYS = 7
MIN_DAYS, MAX_DAYS = 1, 30
# 32 random bytes: 43 URL-safe characters, far beyond guessing.
TOKEN_BYTES = 32
# What token_urlsafe writes, up to the length of the token column.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")

DAYS_OUT_OF_RANGE = (
    "A preview link works for {min} to {max} days; {days} is outside that range, "
    "so no link was made."
)


class PreviewNotAllowed(workflow.TransitionNotAllowed):
    """A preview link the rules refuse (who asks, or for how long); the message says why."""


def create(version, user, days=DEFAULT_DAYS):
    """Make a preview link to `version` that works for `days` days; return it."""
    answer = permissions.check(version, user, "share")
    if not answer:
        raise PreviewNotAllowed(answer.reason)
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise PreviewNotAllowed(DAYS_OUT_OF_RANGE.format(min=MIN_DAYS, max=MAX_DAYS, days=days))
    return PreviewLink.objects.create(
        token=secrets.token_urlsafe(TOKEN_BYTES),
        version=version,
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )


def revoke(link, user):
    """Stop `link` from opening, at once; revoking a revoked link changes nothing."""
    answer = permissions.may_revoke(link, user)
    if not answer:
        raise PreviewNotAllowed(answer.reason)
    # Only the first revocation is recorded: a second click must not rewrite who did it.
    PreviewLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=user
    )
    link.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return link


def is_usable(link, now=None):
    """Whether `link` opens now: not revoked, not expired, and its version not discarded."""
    now = now or timezone.now()
    return (
        link.revoked_at is None
        and link.expires_at > now
        and link.version.state != ArticleVersion.State.DISCARDED
    )


def resolve(token):
    """The link behind `token` if it opens now, counted as opened; None otherwise.

    None says nothing about why (no such token, revoked, expired), so the public page cannot
    tell a visitor whether a token ever existed.
    """
    # Anything else (a NUL, which PostgreSQL refuses in a query) is answered without a query.
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return None
    link = PreviewLink.objects.select_related("version").filter(token=token).first()
    now = timezone.now()
    if link is None or not is_usable(link, now):
        return None
    # One UPDATE with F(): two people opening the link at once both count, and no signal fires
    # (a preview link is not public content, so the page cache keeps its pages).
    PreviewLink.objects.filter(pk=link.pk).update(
        open_count=F("open_count") + 1, last_opened_at=now
    )
    link.open_count += 1
    link.last_opened_at = now
    logger.info("preview link %s for version %s opened", link.pk, link.version_id)
    return link


def full_url(link):
    """The address to send to the expert (the site's own address plus the link's path)."""
    return settings.SITE_URL + link.url


def for_version(version, user):
    """The version's links for its admin page, newest first: state, and what `user` may do."""
    now = timezone.now()
    links = PreviewLink.objects.filter(version=version).select_related("created_by", "version")
    rows = []
    for link in links:
        may_revoke = bool(permissions.may_revoke(link, user))
        usable = is_usable(link, now)
        rows.append(
            {
                "link": link,
                "is_usable": usable,
                "status": status(link, now),
                # The address itself only to those who may share: it opens the version.
                "full_url": full_url(link) if usable and may_revoke else "",
                "may_revoke": usable and may_revoke,
            }
        )
    return rows


def status(link, now=None):
    """A link's state in a word or two, for the admin."""
    if is_usable(link, now):
        return "Active"
    if link.revoked_at is not None:
        return "Revoked"
    if link.version.state == ArticleVersion.State.DISCARDED:
        return "Version discarded"
    return "Expired"


def with_status(queryset, name, now=None):
    """The links of `queryset` that are "active", "expired" or "revoked" (as is_usable says;
    "expired" also holds the links whose version was discarded)."""
    now = now or timezone.now()
    discarded = Q(version__state=ArticleVersion.State.DISCARDED)
    if name == "revoked":
        return queryset.filter(revoked_at__isnull=False)
    queryset = queryset.filter(revoked_at__isnull=True)
    if name == "active":
        return queryset.filter(expires_at__gt=now).exclude(discarded)
    return queryset.filter(Q(expires_at__lte=now) | discarded)
