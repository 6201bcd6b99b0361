"""The "Data to check" list: figures and guides that may be out of date, from every app.

Each app says what is stale with a queryset (docs/architecture.md); this module puts them
together as rows, counts them, and records a check:

- program figures: tuition or admission requirements last checked more than DATA_STALE_MONTHS
  months ago, or never (`Program.objects.data_to_check`);
- application deadlines: passed, and the admission data not checked since
  (`Program.objects.deadline_passed`);
- career figures: a job outlook from projections older than the latest edition recorded, or a
  salary more than two years old, not checked since (`Career.objects.figures_to_check`);
- guide reviews: the last expert review older than REVIEW_DUE_MONTHS months
  (`Article.objects.due_for_review`);
- guide sources: cited by a live guide and last accessed more than SOURCE_MONTHS months ago
  (`Source.objects.accessed_before`).

Only published programs, careers and guides are listed: what readers cannot see can wait.
Who may see the list and who may mark a row as checked is answered here (`may_view`,
`may_mark`), and `mark_checked` enforces it, whoever calls it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from articles import permissions
from articles.models import Article, Source
from careers.data_age import figures_due
from careers.models import Career
from core import history
from core.dates import add_months, as_date, months_before
from core.input_checks import on_one_line
from core.validators import without_control_characters
from programs import data_age
from programs.models import Program

# A source a live guide cites is due when it was last opened this many months ago.
SOURCE_MONTHS = 24

# The kinds of rows, in the order the filters list them.
KINDS = {
    "program": "Program figures",
    "deadline": "Application deadlines",
    "career": "Career figures",
    "guide": "Guide reviews",
    "source": "Guide sources",
}

# How long a row has been due: (label, at least this many days, fewer than this many).
AGES = {
    "new": ("Less than a month", 0, 30),
    "months": ("1 to 6 months", 30, 183),
    "half-year": ("6 to 12 months", 183, 365),
    "year": ("More than a year", 365, None),
}

# What marking a row as checked changes, and the permissions it takes. A guide due for review
# is not here: it needs an expert review (a new version through the workflow), not a check.
MARK_PERMISSIONS = {
    "program": ["programs.change_program", "programs.change_admissionrule"],
    "deadline": ["programs.change_admissionrule"],
    "career": ["careers.change_career"],
    "source": ["articles.change_source"],
}

# The note goes into the object's history, whose change reason holds 100 characters.
NOTE_MAX_LENGTH = 80
REASON = "Marked as checked"

MAY_NOT_VIEW = "Only editors and reviewers may see the data to check."
MAY_NOT_MARK = (
    "Only editors may mark {kind} as checked; your account may not change them. Nothing was "
    "changed."
)
GUIDE_NEEDS_REVIEW = (
    "A guide due for review needs an expert review, not a check: open the guide and send a new "
    "version to review. Nothing was changed."
)
UNKNOWN_KIND = "There is no such kind of data to check. Nothing was changed."
NOT_DUE = (
    "That row is not on the list any more (someone may have checked it already). "
    "Nothing was changed."
)
NOTE_TOO_LONG = (
    f"Keep the note to {NOTE_MAX_LENGTH} characters (it has {{length}}). Nothing was changed."
)


class CheckRefused(Exception):
    """A check that may not be recorded; `message` says why, for the person who asked."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Item:
    """One row of the list: what is due on which object, since when, and where to open it."""

    kind: str
    pk: int
    name: str
    due: str
    since: date
    url: str  # the object's admin page (a guide's: its editor page)
    public_url: str = ""  # the page readers see, or the page to check against
    markable: bool = True

    @property
    def kind_label(self):
        return KINDS[self.kind]

    def days_due(self, today):
        return max((today - self.since).days, 0)

    def age(self, today):
        """The key of AGES this row falls in."""
        days = self.days_due(today)
        return next(
            key
            for key, (_label, low, high) in AGES.items()
            if days >= low and (high is None or days < high)
        )


# Who may do what ------------------------------------------------------------------------------


def may_view(user):
    """Editors and reviewers (and administrators) see the list; reviewers only read it."""
    return (
        permissions.is_signed_in(user)
        and user.is_staff
        and (permissions.is_editor(user) or permissions.can_review(user))
    )


def may_mark(user, kind):
    """Whether `user` may mark a row of `kind` as checked: editors, for programs, careers and
    sources (they change the object); nobody for guides."""
    return kind in MARK_PERMISSIONS and may_view(user) and user.has_perms(MARK_PERMISSIONS[kind])


# The rows ---------------------------------------------------------------------------------------


def _day(value):
    return format_date(value, "M j, Y")


def _sentence(parts):
    """Parts joined by semicolons, the first letter capitalized."""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _cutoffs(today):
    """The days before which a check, a review or an access is too old."""
    review_day = months_before(today, settings.REVIEW_DUE_MONTHS)
    return {
        "data": data_age.stale_cutoff(today),
        # Reviews are times: before the start of that day in the site's time zone.
        "review": timezone.make_aware(datetime.combine(review_day, time.min)),
        "source": months_before(today, SOURCE_MONTHS),
    }


def _querysets(today, cutoffs):
    """Each kind's rows as a queryset that reads everything its rows show (one query each)."""
    return {
        "program": Program.objects.data_to_check(cutoffs["data"]).select_related(
            "school", "admission"
        ),
        "deadline": Program.objects.deadline_passed(today).select_related("school", "admission"),
        "career": Career.objects.figures_to_check(today, cutoffs["data"]),
        "guide": Article.objects.due_for_review(cutoffs["review"]).select_related("live_version"),
        "source": Source.objects.accessed_before(cutoffs["source"]).select_related(
            "version__article"
        ),
    }


def _admission(program):
    return getattr(program, "admission", None)


def _program_item(program, today):
    overdue = data_age.overdue_checks(program, _admission(program), today)
    if not overdue:
        return None
    published = as_date(program.first_published_at or program.created_at)
    due = _sentence(
        f"{what} last checked on {_day(day)}" if day else f"{what} never checked"
        for what, day in overdue
    )
    since = min(data_age.due_on(day) if day else published for _what, day in overdue)
    return Item(
        "program",
        program.pk,
        str(program),
        due,
        since,
        reverse("admin:programs_program_change", args=[program.pk]),
        program.tuition_source_url or program.url or program.get_absolute_url(),
    )


def _deadline_item(program, today):
    admission = _admission(program)
    deadline = admission.deadline
    return Item(
        "deadline",
        program.pk,
        str(program),
        f"Application deadline passed on {_day(deadline)}; no newer one recorded",
        deadline + timedelta(days=1),
        reverse("admin:programs_program_change", args=[program.pk]),
        admission.source_url or program.url or program.get_absolute_url(),
    )


def _career_item(career, today):
    due = figures_due(career, today, settings.DATA_STALE_MONTHS)
    if not due:
        return None
    return Item(
        "career",
        career.pk,
        career.title,
        _sentence(what for what, _since in due),
        min(since for _what, since in due),
        reverse("admin:careers_career_change", args=[career.pk]),
        career.source_url or career.get_absolute_url(),
    )


def _guide_item(article, today):
    reviewed = as_date(article.last_reviewed_at)
    if reviewed is None:
        due = "No expert review on record"
        since = as_date(article.first_published_at) or today
    else:
        due = f"Last expert review on {_day(reviewed)}"
        since = add_months(reviewed, settings.REVIEW_DUE_MONTHS)
    return Item(
        "guide",
        article.pk,
        article.live_version.title,
        due,
        since,
        reverse("admin:articles_article_change", args=[article.pk]),
        article.get_absolute_url(),
        markable=False,
    )


def _source_item(source, today):
    return Item(
        "source",
        source.pk,
        source.title,
        f"Last accessed on {_day(source.accessed_on)}, cited by “{source.version.title}”",
        add_months(source.accessed_on, SOURCE_MONTHS),
        reverse("admin:articles_articleversion_change", args=[source.version_id]),
        source.url,
    )


ITEM = {
    "program": _program_item,
    "deadline": _deadline_item,
    "career": _career_item,
    "guide": _guide_item,
    "source": _source_item,
}


def items(today=None, kinds=None):
    """Every row due on `today` (default: the site's today), longest due first; `kinds` limits
    them to some KINDS. One query per kind."""
    today = today or timezone.localdate()
    querysets = _querysets(today, _cutoffs(today))
    rows = []
    for kind in KINDS if kinds is None else [k for k in KINDS if k in kinds]:
        rows += [item for obj in querysets[kind] if (item := ITEM[kind](obj, today)) is not None]
    return sorted(rows, key=lambda item: (item.since, item.kind, item.name.casefold(), item.pk))


def count(today=None):
    """How many rows the list has: one query."""
    today = today or timezone.localdate()
    keys = [
        queryset.order_by().values_list("pk")
        for queryset in _querysets(today, _cutoffs(today)).values()
    ]
    return keys[0].union(*keys[1:], all=True).count()


# Marking a row as checked -------------------------------------------------------------------------


def clean_note(note):
    """The note as it is recorded: one line, no control characters, surrounding spaces gone."""
    return on_one_line(without_control_characters(note or "")).strip()


def _record(obj, user, reason, fields):
    """Save `fields` of `obj`, with `user` and `reason` in its history (core/history.py; a
    source has none of its own) and in the admin's log."""
    history.save(obj, user=user, reason=reason, update_fields=fields)
    LogEntry.objects.log_actions(user.pk, [obj], CHANGE, change_message=reason, single_object=True)


def mark_checked(user, kind, pk, note="", today=None):
    """Record that `user` checked the row (`kind`, `pk`) on `today`, with an optional note.

    Programs: the tuition and the admission requirements are checked on `today` (a passed
    deadline: the admission requirements only); careers: their source was retrieved on
    `today`; sources: accessed on `today`. Refused (CheckRefused) without the permission, for
    a guide (it needs an expert review), for a row no longer due, or with a note too long.
    Returns the row's name.
    """
    if kind == "guide":
        raise CheckRefused(GUIDE_NEEDS_REVIEW)
    if kind not in MARK_PERMISSIONS:
        raise CheckRefused(UNKNOWN_KIND)
    if not may_mark(user, kind):
        raise CheckRefused(MAY_NOT_MARK.format(kind=KINDS[kind].lower()))
    note = clean_note(note)
    if len(note) > NOTE_MAX_LENGTH:
        raise CheckRefused(NOTE_TOO_LONG.format(length=len(note)))
    today = today or timezone.localdate()
    reason = f"{REASON}: {note}" if note else REASON
    with transaction.atomic():
        try:
            obj = _querysets(today, _cutoffs(today))[kind].get(pk=pk)
        except (Program.DoesNotExist, Career.DoesNotExist, Source.DoesNotExist, ValueError):
            raise CheckRefused(NOT_DUE) from None
        if kind in ("program", "deadline"):
            if kind == "program":
                obj.tuition_checked_on = today
                _record(obj, user, reason, ["tuition_checked_on", "updated_at"])
            admission = _admission(obj)
            if admission is not None:
                admission.checked_on = today
                _record(admission, user, reason, ["checked_on"])
            return str(obj)
        if kind == "career":
            obj.source_retrieved_on = today
            _record(obj, user, reason, ["source_retrieved_on", "updated_at"])
            return obj.title
        obj.accessed_on = today
        _record(obj, user, reason, ["accessed_on"])
        return obj.title
