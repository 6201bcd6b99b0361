"""The admin home, per person: what waits for me, and what happened to my work.

One function per panel, each taking the user and the time and returning a queryset that reads
everything its rows show (select_related and annotations), so the home page runs the same number
of queries with 1 or 100 rows. A panel is only built for someone who may act on its rows, asked
through the predicates of `permissions.py`; `desk()` puts them together for the template.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.urls import reverse

from . import accounts, permissions
from .models import ArticleVersion, Notification, Transition
from .notifications import NO_ADDRESS

State = ArticleVersion.State

# Rows shown per panel; the count says how many there are in all.
PANEL_ROWS = 10
# How far back "Recently published" looks.
RECENT_DAYS = 14


# Who the user is, for the panels ----------------------------------------------------------


def may_write(user):
    """Writers and editors: they have drafts of their own."""
    return permissions.is_signed_in(user) and user.has_perm(permissions.CHANGE)


def _edited_by(user):
    return Exists(ArticleVersion.objects.filter(pk=OuterRef("pk"), edited_by=user))


def _mine(user):
    """The versions that are `user`'s work and that they may act on.

    A writer may act only on versions they author (permissions.may_write_for), so only those
    are theirs; an editor's also include the versions they created or edited.
    """
    mine = Q(author__user=user)
    if permissions.is_editor(user):
        mine |= Q(created_by=user) | _edited_by(user)
    return mine


def _sees_everyones(user):
    """Editors and reviewers follow every guide; a writer follows their own."""
    return permissions.is_editor(user) or permissions.can_review(user)


def _overdue(now):
    return Exists(ArticleVersion.objects.overdue(now).filter(pk=OuterRef("pk")))


# Panels: one queryset each ----------------------------------------------------------------


def sent_back(user, now):
    """My drafts that a reviewer sent back, with the comment, who and when (newest first).

    A send-back is the draft's latest return from review with a comment by someone who never
    edited it: an edit made during review also returns the version to draft, but by its editor.
    """
    if not may_write(user):
        return ArticleVersion.objects.none()
    returns = Transition.objects.filter(
        version=OuterRef("pk"), from_state=State.IN_REVIEW, to_state=State.DRAFT
    ).order_by("-at", "-id")
    returned_by_editor = Exists(
        ArticleVersion.objects.filter(pk=OuterRef("pk"), edited_by=OuterRef("returned_by_id"))
    )
    return (
        ArticleVersion.objects.drafts()
        .filter(_mine(user))
        .annotate(
            returned_by_id=Subquery(returns.values("by")[:1]),
            returned_comment=Subquery(returns.values("comment")[:1]),
            returned_at=Subquery(returns.values("at")[:1]),
            returned_by_name=Subquery(returns.values("by__person__name")[:1]),
            returned_by_username=Subquery(returns.values("by__username")[:1]),
        )
        .filter(returned_comment__isnull=False)
        .exclude(returned_comment="")
        .exclude(returned_by_editor)
        .select_related("article")
        .order_by("-returned_at", "-pk")
    )


def my_drafts(user, now):
    """Open versions that are my work (draft, in review or approved), last changed first."""
    if not may_write(user):
        return ArticleVersion.objects.none()
    return (
        ArticleVersion.objects.open()
        .filter(_mine(user))
        .select_related("article", "author")
        .order_by("-updated_at", "-pk")
    )


def waiting_for_review(user, now):
    """Versions in review that I may decide on, oldest first.

    The four-eyes rule (permissions.has_touched) as one query: never a version I created,
    edited or am bylined on.
    """
    if not permissions.can_review(user):
        return ArticleVersion.objects.none()
    touched = Q(created_by=user) | Q(author__user=user) | Q(editor__user=user) | _edited_by(user)
    return (
        ArticleVersion.objects.in_review()
        .exclude(touched)
        .select_related("article", "author")
        .order_by("submitted_at", "pk")
    )


def scheduled(user, now):
    """Approved versions waiting for their go-live time, soonest first; overdue ones marked."""
    if not permissions.can_view(user):
        return ArticleVersion.objects.none()
    versions = ArticleVersion.objects.scheduled()
    if not _sees_everyones(user):
        versions = versions.filter(_mine(user))
    return (
        versions.annotate(is_overdue=_overdue(now))
        .select_related("article", "author")
        .order_by(F("go_live_at").asc(nulls_last=True), "pk")
    )


def recently_published(user, now):
    """Versions that went live in the last RECENT_DAYS days and are still live, newest first."""
    if not permissions.can_view(user):
        return ArticleVersion.objects.none()
    versions = ArticleVersion.objects.live().filter(
        published_at__gte=now - timedelta(days=RECENT_DAYS)
    )
    if not _sees_everyones(user):
        versions = versions.filter(_mine(user))
    return versions.select_related("article", "author").order_by("-published_at", "-pk")


def stalled(user, now):
    """For editors: versions in review for more than STALLED_REVIEW_DAYS days, and approved
    versions past their go-live time (the scheduler has stopped); overdue ones first."""
    if not permissions.is_editor(user):
        return ArticleVersion.objects.none()
    cutoff = now - timedelta(days=settings.STALLED_REVIEW_DAYS)
    slow = ArticleVersion.objects.in_review().filter(submitted_at__lt=cutoff)
    return (
        (slow | ArticleVersion.objects.overdue(now))
        .annotate(is_overdue=_overdue(now))
        .select_related("article", "author")
        .order_by("-is_overdue", "submitted_at", "go_live_at", "pk")
    )


def notifications(user, now):
    """What happened to my work, newest first, with how many are unread."""
    if not permissions.is_signed_in(user):
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .select_related("version", "version__article")
        .annotate(unread_total=Window(Count("pk", filter=Q(read_at__isnull=True))))
        .order_by("-created_at", "-id")
    )


def email_problems(user, now):
    """Notification emails that could not be sent (or wait for another try) in the last
    RECENT_DAYS days: every one for editors, who can fix an address or call the operator; for
    others, those about versions they moved. A missing address is told to the person who acted
    at once (admin_messages.py), so it is not repeated here."""
    if not permissions.can_view(user):
        return Notification.objects.none()
    failed = (
        Notification.objects.filter(created_at__gte=now - timedelta(days=RECENT_DAYS))
        .exclude(email_problem="")
        .exclude(email_problem=NO_ADDRESS)
    )
    if not permissions.is_editor(user):
        moved = Transition.objects.filter(version=OuterRef("version"), by=user)
        failed = failed.filter(Exists(moved))
    return failed.select_related("recipient__person", "version").order_by("-created_at", "-id")


# The page ---------------------------------------------------------------------------------


@dataclass
class Panel:
    """One module on the admin home: "<count> versions <summary>", linked to `url`, and its
    first PANEL_ROWS rows; `overdue` counts rows past their go-live time."""

    key: str
    title: str
    summary: str
    url: str
    rows: list
    count: int
    overdue: int = 0


def _panel(key, title, summary, queryset, url="", warn_overdue=False):
    # The total comes with the rows (a window count), so a panel is one query.
    rows = list(queryset.annotate(panel_total=Window(Count("pk")))[:PANEL_ROWS])
    count = rows[0].panel_total if rows else 0
    overdue = sum(1 for row in rows if row.is_overdue) if warn_overdue else 0
    return Panel(key, title, summary, url, rows, count, overdue)


def _changelist(**filters):
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return f"{reverse('admin:articles_articleversion_changelist')}?{query}"


def desk(user, now):
    """Everything the admin home shows `user`: notifications, panels and setup problems."""
    notes = list(notifications(user, now)[:PANEL_ROWS])
    unsent = list(email_problems(user, now).annotate(total=Window(Count("pk")))[:PANEL_ROWS])
    panels = []
    if may_write(user):
        panels += [
            _panel("sent-back", "Sent back to me", "sent back to you", sent_back(user, now)),
            _panel(
                "my-drafts",
                "My drafts",
                "open (draft, in review or approved)",
                my_drafts(user, now),
                reverse("admin:articles_articleversion_changelist"),
            ),
        ]
    if permissions.can_review(user):
        panels.append(
            _panel(
                "review-status",
                "Waiting for my review",
                "waiting for review",
                waiting_for_review(user, now),
                reverse("admin:articles_articleversion_queue"),
            )
        )
    if permissions.can_view(user):
        panels += [
            _panel(
                "scheduled",
                "Scheduled to go live",
                "approved and waiting for their go-live time",
                scheduled(user, now),
                reverse("admin:articles_articleversion_scheduled"),
                warn_overdue=True,
            ),
            _panel(
                "recently-published",
                "Recently published",
                f"went live in the last {RECENT_DAYS} days",
                recently_published(user, now),
                _changelist(state__exact=State.LIVE),
            ),
        ]
    if permissions.is_editor(user):
        days = settings.STALLED_REVIEW_DAYS
        panels.append(
            _panel(
                "stalled",
                "Stalled",
                f"in review for more than {days} days or past the go-live time",
                stalled(user, now),
            )
        )
    return {
        "notifications": notes,
        "unread": notes[0].unread_total if notes else 0,
        "email_problems": unsent,
        "email_problem_count": unsent[0].total if unsent else 0,
        "recent_days": RECENT_DAYS,
        "panels": panels,
        # What the account lacks (no group, no Person), said before anything is refused.
        "problems": accounts.setup_problems(user),
        "time_zone": settings.TIME_ZONE,
        "now": now,
    }
