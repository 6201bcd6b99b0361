"""Calendar arithmetic in whole months, as editors count "checked more than 12 months ago"."""

import calendar
from datetime import datetime

from django.utils import timezone
from django.utils.dates import MONTHS


def add_months(day, months):
    """`day` moved by `months` (negative: back), kept inside its month: Jan 31 + 1 -> Feb 28.

    Works for dates and datetimes (a datetime keeps its time and time zone).
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def months_before(day, months):
    """The day `months` whole months before `day`: Mar 31, 1 -> Feb 28 (29 in a leap year)."""
    return add_months(day, -months)


def as_date(value):
    """A datetime's day in the site's time zone; a date (or None) as it is."""
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def long_date(day):
    """A date as |date:"F j, Y" writes it ("March 1, 2024"), at a fraction of its cost: cards
    and quiz results show one each."""
    return f"{MONTHS[day.month]} {day.day}, {day.year}"
