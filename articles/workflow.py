"""The editorial workflow: the only code that changes a version's state.

    draft --submit--> in review --approve--> approved --(now, or at go_live_at)--> live
                          +--request_changes (comment)--> draft
    live --unpublish (reason)--> taken down; a new draft of it goes live only through review

Every function opens a transaction, re-reads the rows it changes with select_for_update (so two
people, or two scheduler runs, cannot both act on the same version), checks the rules, saves with
update_fields, records a Transition and queues its emails for after the commit. A refused step
raises TransitionNotAllowed (or EditConflict) with a sentence an editor can read, and changes
nothing.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from . import notifications, permissions, review_comments
from .models import EDITOR_IS_AUTHOR, Article, ArticleVersion, ReviewComment, Transition

State = ArticleVersion.State

COMMENT_REQUIRED = "Say what needs to change: a comment is required."
# The comment of the step back to draft that an edit after submission makes (not a send-back).
EDITED_AFTER_SUBMIT = "Edited after it was submitted or approved, so it needs review again."

# The fields an editor writes; save_draft saves exactly these.
CONTENT_FIELDS = ["title", "dek", "body", "author", "editor", "change_note", "is_minor"]


class TransitionNotAllowed(Exception):
    """A workflow step that the rules refuse; the message is shown to the editor."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class EditConflict(Exception):
    """Someone else saved the draft after this copy was loaded; nothing was saved."""

    def __init__(self, message, current=None):
        super().__init__(message)
        self.message = message
        # The version as it is now in the database, to show what changed.
        self.current = current


def _require(version, user, action, **context):
    """Refuse the step with the permission module's sentence unless `user` may do it now."""
    answer = permissions.check(version, user, action, **context)
    if not answer:
        raise TransitionNotAllowed(answer.reason)


def _require_unchanged(current, seen_edit_count, outcome):
    if seen_edit_count is not None and seen_edit_count != current.edit_count:
        raise TransitionNotAllowed(
            f"Version {current.number} was edited after you opened it, so {outcome}. "
            "Review the new text below, then decide again."
        )


# The latest go-live time a reviewer may schedule.
MAX_SCHEDULE_AHEAD = timedelta(days=731)


def _aware(moment, what):
    """`moment` as an aware datetime. A naive one is a time in the site's time zone, as the
    review form reads it; anything but a datetime (a date, a string) is refused."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        raise TransitionNotAllowed(f"{what} must be a date and a time; nothing was changed.")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


# Helpers -----------------------------------------------------------------------------------


def _locked(version):
    return (
        ArticleVersion.objects.select_for_update(of=("self",))
        .select_related("article", "author")
        .get(pk=version.pk)
    )


def _record(version, from_state, to_state, user=None, comment=""):
    by = user if permissions.is_signed_in(user) else None
    return Transition.objects.create(
        version=version, from_state=from_state, to_state=to_state, by=by, comment=comment
    )


def _refresh(target, source, fields):
    """Copy saved values onto the caller's instance so it matches the database."""
    for name in fields:
        setattr(target, name, getattr(source, name))


WORKFLOW_FIELDS = [
    "state",
    "edit_count",
    "submitted_at",
    "approved_at",
    "approved_by_id",
    "reviewer_id",
    "go_live_at",
    "published_at",
    "updated_at",
]


def _next_number(article):
    top = ArticleVersion.objects.filter(article=article).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _copy(source, user, *, restored_from=None):
    """A new draft holding `source`'s content, FAQs, sources and related items."""
    draft = ArticleVersion.objects.create(
        article=source.article,
        number=_next_number(source.article),
        state=State.DRAFT,
        title=source.title,
        dek=source.dek,
        body=source.body,
        author=source.author,
        editor=source.editor,
        created_by=user,
        restored_from=restored_from,
    )
    for link in source.program_links.all():
        draft.program_links.create(program_id=link.program_id, order=link.order)
    for link in source.career_links.all():
        draft.career_links.create(career_id=link.career_id, order=link.order)
    for faq in source.faqs.all():
        draft.faqs.create(question=faq.question, answer=faq.answer, order=faq.order)
    for src in source.sources.all():
        draft.sources.create(
            title=src.title,
            publisher=src.publisher,
            url=src.url,
            accessed_on=src.accessed_on,
            order=src.order,
        )
    return draft


def _keep_unreviewed_editors(draft, source):
    """Content that never went live was never reviewed: its writers may not approve the copy."""
    if source.published_at is None:
        draft.edited_by.add(*source.edited_by.all())
        if source.created_by_id:
            draft.edited_by.add(source.created_by_id)


def _open_version(article):
    return ArticleVersion.objects.filter(article=article).open().select_related("author").first()


def _latest_version(article):
    """The live version, else the one last taken down, else the newest: what a new draft
    starts from (a guide taken down restarts from what readers last saw, not a discarded try)."""
    versions = ArticleVersion.objects.filter(article=article).order_by("-number")
    return article.live_version or versions.withdrawn().first() or versions.first()


# Transitions -------------------------------------------------------------------------------


def start_draft(article, user):
    """Return the article's open version, or a new draft copied from the live version."""
    with transaction.atomic():
        # Lock the article so two people starting a draft at once get the same one.
        article = Article.objects.select_for_update().get(pk=article.pk)
        current = _open_version(article)
        if current is not None:
            _require(current, user, "edit")
            return current
        source = _latest_version(article)
        if source is None:
            raise TransitionNotAllowed("This guide has no version yet; add its first version.")
        _require(source, user, "edit")
        draft = _copy(source, user)
        _keep_unreviewed_editors(draft, source)
        _record(draft, "", State.DRAFT, user, f"Started from version {source.number}.")
        return draft


def add_draft(version, user):
    """Save a brand-new version (not yet in the database) as a draft by `user`."""
    if version.pk is not None:
        raise TransitionNotAllowed("This version already exists; edit it instead.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=version.article_id)
        answer = permissions.may_add(
            article,
            version.author,
            user,
            current=_open_version(article),
            latest=_latest_version(article),
        )
        if not answer:
            raise TransitionNotAllowed(answer.reason)
        version.number = _next_number(article)
        version.state = State.DRAFT
        version.created_by = user
        version.edit_count = 0
        version.save()
        version.edited_by.add(user)
        _record(version, "", State.DRAFT, user, "New version.")
        return version


def save_draft(version, user):
    """Save edits to an open version; refuse with EditConflict if the copy is stale."""
    with transaction.atomic():
        current = _locked(version)
        _require(current, user, "save")
        answer = permissions.may_set_author(current, version.author, user)
        if not answer:
            raise TransitionNotAllowed(answer.reason)
        if current.edit_count != version.edit_count:
            raise EditConflict(
                f"Someone else saved version {current.number} after you opened it. "
                "Nothing was saved; compare their changes with yours below, then save again.",
                current=current,
            )
        if version.editor_id is not None and version.editor_id == version.author_id:
            raise TransitionNotAllowed(EDITOR_IS_AUTHOR)
        from_state = current.state
        current.edit_count += 1
        before = {name: getattr(current, name) for name in review_comments.TEXT_FIELDS}
        for name in CONTENT_FIELDS:
            setattr(current, name, getattr(version, name))
        fields = [*CONTENT_FIELDS, "edit_count", "updated_at"]
        if from_state != State.DRAFT:
            # An edit after submission or approval is unreviewed: back to draft, unscheduled.
            current.state = State.DRAFT
            current.submitted_at = None
            current.approved_at = None
            current.approved_by = None
            current.reviewer = None
            current.go_live_at = None
            fields += ["state", "submitted_at", "approved_at", "approved_by", "reviewer"]
            fields += ["go_live_at"]
        current.save(update_fields=fields)
        current.edited_by.add(user)
        _resolve(current, before, {name: getattr(current, name) for name in before})
        if from_state != State.DRAFT:
            _record(
                current,
                from_state,
                State.DRAFT,
                user,
                EDITED_AFTER_SUBMIT,
            )
        _refresh(version, current, WORKFLOW_FIELDS)
        return version


def submit(version, user):
    """Send a draft to the reviewers."""
    with transaction.atomic():
        current = _locked(version)
        _require(current, user, "submit")
        current.state = State.IN_REVIEW
        current.submitted_at = timezone.now()
        current.save(update_fields=["state", "submitted_at", "updated_at"])
        _record(current, State.DRAFT, State.IN_REVIEW, user, current.change_note)
        transaction.on_commit(lambda: notifications.submitted(current.pk, user.pk), robust=True)
        _refresh(version, current, WORKFLOW_FIELDS)
        return version


def approve(version, user, comment="", go_live_at=None, seen_edit_count=None):
    """Approve a version in review; it goes live now, or at `go_live_at` if that is later.

    `seen_edit_count` is the version's edit_count on the screen the reviewer read: if it was
    edited since, the approval is refused rather than applied to text nobody reviewed. A naive
    `go_live_at` is a time in the site's time zone.
    """
    go_live_at = _aware(go_live_at, "The go-live time")
    with transaction.atomic():
        current = _locked(version)
        _require(current, user, "approve")
        _require_unchanged(current, seen_edit_count, "nothing was approved")
        if go_live_at is not None and go_live_at > timezone.now() + MAX_SCHEDULE_AHEAD:
            raise TransitionNotAllowed(
                "Choose a go-live time within the next two years; nothing was approved."
            )
        # The permission check made sure there is one: the byline's "Reviewed by".
        person = permissions.person_of(user)
        now = timezone.now()
        current.state = State.APPROVED
        current.approved_at = now
        current.approved_by = user
        current.reviewer = person
        current.go_live_at = go_live_at
        current.save(
            update_fields=[
                "state",
                "approved_at",
                "approved_by",
                "reviewer",
                "go_live_at",
                "updated_at",
            ]
        )
        _record(current, State.IN_REVIEW, State.APPROVED, user, comment)
        live_now = go_live_at is None or go_live_at <= now
        if live_now:
            _make_live(current, user)
        transaction.on_commit(
            lambda: notifications.approved(current.pk, user.pk, comment, published=live_now),
            robust=True,
        )
        _refresh(version, current, WORKFLOW_FIELDS)
        return version


def request_changes(version, user, comment, seen_edit_count=None, comments=()):
    """Send a version in review back to draft, saying what must change.

    `comments` are (field, quote, text) rows: comments on one field of the version, optionally
    on a passage of it, which the writer sees on the draft (see review_comments.py).
    """
    comment = (comment or "").strip()
    with transaction.atomic():
        current = _locked(version)
        _require(current, user, "request_changes")
        _require_unchanged(current, seen_edit_count, "nothing was sent back")
        if not comment:
            raise TransitionNotAllowed(COMMENT_REQUIRED)
        try:
            # Checked against the text under the lock: the text the reviewer was shown.
            rows = review_comments.clean(current, comments)
        except ValueError as problem:
            raise TransitionNotAllowed(str(problem)) from None
        for row in rows:
            row.author = user
        ReviewComment.objects.bulk_create(rows)
        current.state = State.DRAFT
        current.submitted_at = None
        current.save(update_fields=["state", "submitted_at", "updated_at"])
        _record(current, State.IN_REVIEW, State.DRAFT, user, comment)
        transaction.on_commit(
            lambda: notifications.sent_back(current.pk, user.pk, comment), robust=True
        )
        _refresh(version, current, WORKFLOW_FIELDS)
        return version


def resolve_comments(version, before):
    """Resolve comments on FAQs and sources answered by the rows just saved.

    The admin saves those rows after save_draft, in the same transaction; `before` is
    `review_comments.item_texts(version)` read before they were saved.
    """
    _resolve(version, before, review_comments.item_texts(version))


def _resolve(version, before, after):
    """Mark the open comments on the fields in `after` resolved if the change answers them."""
    open_comments = ReviewComment.objects.filter(
        version=version, resolved_at__isnull=True, field__in=list(after)
    )
    answered = [
        c.pk
        for c in open_comments
        if review_comments.is_answered(c, before.get(c.field, ""), after[c.field])
    ]
    if answered:
        ReviewComment.objects.filter(pk__in=answered).update(resolved_at=timezone.now())


def publish(version):
    """Make an approved version live; the previous live version becomes "was live"."""
    with transaction.atomic():
        current = _locked(version)
        answer = permissions.in_state(current, [State.APPROVED], "publish")
        if not answer:
            raise TransitionNotAllowed(answer.reason)
        _make_live(current, None)
        transaction.on_commit(lambda: notifications.published(current.pk), robust=True)
        _refresh(version, current, WORKFLOW_FIELDS)
        return version


def _make_live(current, user):
    """Swap the article's live version; the caller holds the lock on `current`."""
    now = timezone.now()
    article = Article.objects.select_for_update().get(pk=current.article_id)
    if article.live_version_id:
        old = ArticleVersion.objects.select_for_update().get(pk=article.live_version_id)
        old.state = State.ARCHIVED
        old.save(update_fields=["state", "updated_at"])
        _record(old, State.LIVE, State.ARCHIVED, user, f"Replaced by version {current.number}.")
    current.state = State.LIVE
    current.published_at = now
    current.save(update_fields=["state", "published_at", "updated_at"])
    _record(current, State.APPROVED, State.LIVE, user)
    article.live_version = current
    article.first_published_at = article.first_published_at or now
    fields = ["live_version", "first_published_at"]
    if article.taken_down_at is not None:
        # Back on the site after a takedown: its address serves the guide again.
        article.taken_down_at = None
        article.replaced_by = None
        fields += ["taken_down_at", "replaced_by"]
    # A minor change keeps the public "Updated on" date, unless there is none yet.
    if not current.is_minor or article.content_updated_at is None:
        article.content_updated_at = now
        fields.append("content_updated_at")
    article.save(update_fields=fields)
    current.article = article


def discard(version, user):
    """Throw away an open version; the live page is untouched."""
    with transaction.atomic():
        current = _locked(version)
        _require(current, user, "discard")
        from_state = current.state
        current.state = State.DISCARDED
        current.go_live_at = None
        current.save(update_fields=["state", "go_live_at", "updated_at"])
        _record(current, from_state, State.DISCARDED, user)
        _refresh(version, current, WORKFLOW_FIELDS)
        return version


def restore(version, user):
    """Make a new draft from an old version; it goes through review like any other."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=version.article_id)
        source = (
            ArticleVersion.objects.select_related("author")
            .prefetch_related("faqs", "sources", "program_links", "career_links")
            .get(pk=version.pk)
        )
        _require(source, user, "restore", open_version=_open_version(article))
        draft = _copy(source, user, restored_from=source)
        _keep_unreviewed_editors(draft, source)
        _record(draft, "", State.DRAFT, user, f"Restored from version {source.number}.")
        return draft


def due_versions(now=None):
    """Approved versions whose go-live time has come, oldest first; a naive `now` is a time in
    the site's time zone."""
    now = _aware(now, "The time to publish at") or timezone.now()
    return ArticleVersion.objects.due(now).order_by("go_live_at", "pk")


def publish_due(now=None, failures=None):
    """Publish every due version once; safe when several schedulers run at the same time.

    With a `failures` list, a version that cannot be published (its transaction rolled back, so
    the next run tries it again) is added to it as (pk, exception) and the others still go live;
    without one, the exception is raised.
    """
    published = []
    for pk in list(due_versions(now).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # skip_locked: another run holds this one and will publish it.
                qs = due_versions(now).filter(pk=pk).select_for_update(skip_locked=True)
                version = qs.first()
                if version is not None:
                    publish(version)
        except Exception as error:
            if failures is None:
                raise
            failures.append((pk, error))
            continue
        if version is not None:
            published.append(version)
    return published


# Taking a guide down -----------------------------------------------------------------------

REASON_REQUIRED = "Say why the guide is taken down: a reason is required."
NOT_LIVE = "This guide is not on the site, so there is nothing to take down."
REPLACEMENT_IS_ITSELF = "A guide cannot replace itself; choose another guide or none."
REPLACEMENT_NOT_LIVE = "The replacement must be a guide that is on the site; choose a live guide."


def unpublish(article, user, reason, replacement=None):
    """Take a live guide off the site: its address answers 410 Gone, or 301 to `replacement`."""
    reason = (reason or "").strip()
    with transaction.atomic():
        # Lock order as in publish(): an approved version, then the guide, then its live version.
        scheduled = (
            ArticleVersion.objects.filter(article_id=article.pk)
            .scheduled()
            .select_for_update(of=("self",))
            .first()
        )
        guide = Article.objects.select_for_update().get(pk=article.pk)
        if guide.live_version_id is None:
            raise TransitionNotAllowed(NOT_LIVE)
        current = _locked(guide.live_version)
        _require(current, user, "unpublish")
        if not reason:
            raise TransitionNotAllowed(REASON_REQUIRED)
        if replacement is not None:
            if replacement.pk == guide.pk:
                raise TransitionNotAllowed(REPLACEMENT_IS_ITSELF)
            if not Article.objects.published().filter(pk=replacement.pk).exists():
                raise TransitionNotAllowed(REPLACEMENT_NOT_LIVE)
        current.state = State.WITHDRAWN
        current.save(update_fields=["state", "updated_at"])
        _record(current, State.LIVE, State.WITHDRAWN, user, reason)
        # The guide's save drops every cached page (articles/signals.py: a guide that was public).
        guide.live_version = None
        guide.taken_down_at = timezone.now()
        guide.replaced_by = replacement
        fields = ["live_version", "taken_down_at", "replaced_by"]
        guide.save(update_fields=fields)
        if scheduled is not None:
            _unschedule(scheduled, user)
        transaction.on_commit(
            lambda: notifications.taken_down(current.pk, user.pk, reason), robust=True
        )
        _refresh(article, guide, fields)
        return article


def _unschedule(version, user):
    """An approved version would bring a guide taken down back by itself at its go-live time:
    it goes back to the reviewers, who approve it again knowing the guide was taken down."""
    version.state = State.IN_REVIEW
    version.approved_at = None
    version.approved_by = None
    version.reviewer = None
    version.go_live_at = None
    version.save(
        update_fields=[
            "state",
            "approved_at",
            "approved_by",
            "reviewer",
            "go_live_at",
            "updated_at",
        ]
    )
    _record(
        version,
        State.APPROVED,
        State.IN_REVIEW,
        user,
        "The guide was taken down, so this version no longer goes live by itself; "
        "it needs a reviewer's approval again.",
    )
