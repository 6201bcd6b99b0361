"""How old a program's checked figures are: the public page's notice and the "Data to check" list.

Tuition and admission requirements each carry the day an editor last checked them against the
school's pages. Checked more than DATA_STALE_MONTHS months ago, or never, they are overdue: the
program page says when they were last checked, and the admin's "Data to check" lists the program
(ProgramQuerySet.data_to_check, with the same rule in the database).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from core.dates import add_months, months_before


def stale_cutoff(today):
    """Figures last checked before this day are overdue."""
    return months_before(today, settings.DATA_STALE_MONTHS)


def due_on(checked_on):
    """The day a check made on `checked_on` stops being current."""
    return add_months(checked_on, settings.DATA_STALE_MONTHS)


def overdue_checks(program, admission, today):
    """[(what, last checked on or None)] for the program's figures whose check is overdue:
    "tuition", then "admission requirements" (only when the program has admission rules)."""
    cutoff = stale_cutoff(today)
    checks = [("tuition", program.tuition_checked_on)]
    if admission is not None:
        checks.append(("admission requirements", admission.checked_on))
    return [(what, day) for what, day in checks if day is None or day < cutoff]


@dataclass(frozen=True)
class AgeNotice:
    """What the program page says about overdue figures."""

    what: str  # "tuition", "admission requirements" or both
    checked_on: date | None  # the oldest check; None when one of them was never checked


def age_notice(program, admission, today):
    """The notice for the program page, or None when every check is current."""
    overdue = overdue_checks(program, admission, today)
    if not overdue:
        return None
    days = [day for _what, day in overdue]
    return AgeNotice(
        what=" and ".join(what for what, _day in overdue),
        checked_on=None if None in days else min(days),
    )
