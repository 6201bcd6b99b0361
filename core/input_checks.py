"""What an editor types, checked the same way in every app: one-line text, web addresses, dates
of a check already made."""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

# Line breaks of every kind, with the spaces around them. A title, a name or a change note is
# one line: a break pasted (or posted) into one would end up in an email's subject, where it is
# not allowed, and in page titles and feeds, where it means nothing.
LINE_BREAKS = re.compile(r"[ \t]*[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


def on_one_line(text):
    """`text` with each line break (and the spaces around it) turned into one space."""
    return LINE_BREAKS.sub(" ", text).strip() if text else text


# A web page is linked from public pages: only addresses a browser opens as a page.
WEB_SCHEMES = ["http", "https"]
NOT_A_WEB_ADDRESS = "Enter a web address starting with https:// or http://."
# Its own code: a form field's message for "invalid" ("Enter a valid URL.") would replace it.
web_address = URLValidator(schemes=WEB_SCHEMES, message=NOT_A_WEB_ADDRESS, code="not_a_web_address")

IN_THE_FUTURE = "This date is in the future: give the day it was checked, today or earlier."
# The calendar day starts first at UTC+14: a date after that day has not begun anywhere, so it
# is wrong wherever the editor is.
EARLIEST_OFFSET = timedelta(hours=14)


def latest_today():
    """The latest date that is today somewhere on Earth."""
    return (timezone.now() + EARLIEST_OFFSET).date()


def future_dates(instance, *names):
    """{field name: message} for each of `instance`'s dates (a day something was checked,
    accessed or retrieved) that is still in the future."""
    today = latest_today()
    return {
        name: IN_THE_FUTURE
        for name in names
        if isinstance(value := getattr(instance, name), date) and value > today
    }


def refuse(errors):
    """Raise a ValidationError for a {field name: message} dict, if there is anything in it."""
    if errors:
        raise ValidationError(errors)
