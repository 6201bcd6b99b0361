"""Formatting for program figures: money, percentages, GPAs, durations, deadlines, unknowns."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join

from programs.rules import format_gpa

register = template.Library()

NOT_PUBLISHED = "Not published"


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def money(value):
    """131490 -> "$131,490"; 1234.5 -> "$1,234.50"; None -> "Not published"."""
    amount = _decimal(value)
    if amount is None:
        return NOT_PUBLISHED
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


@register.filter
def percent(value):
    """42.00 -> "42%"; 42.50 -> "42.5%"; None -> "Not published"."""
    number = _decimal(value)
    if number is None:
        return NOT_PUBLISHED
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


@register.filter
def gpa(value):
    """3 -> "3.0"; None -> "Not published"."""
    return NOT_PUBLISHED if value in (None, "") else format_gpa(value)


@register.filter
def months(value):
    """12 -> "12 months"; 1 -> "1 month"."""
    if value is None:
        return NOT_PUBLISHED
    return f"{value} month{'' if value == 1 else 's'}"


def duration_text(shortest, longest):
    """The range of months a program takes, in words."""
    if shortest is None and longest is None:
        return NOT_PUBLISHED
    if shortest is None or longest is None or shortest == longest:
        return months(shortest if longest is None else longest)
    return f"{shortest}–{longest} months"


@register.simple_tag
def duration(program):
    """A program's duration range, e.g. "12–24 months"."""
    return duration_text(program.duration_min_months, program.duration_max_months)


def deadline_text(deadline, today):
    """An application deadline as a student should read it on `today`: passed ones say so."""
    if deadline is None:
        return NOT_PUBLISHED
    day = format_date(deadline, "F j, Y")
    if deadline < today:
        return f"passed on {day}"
    if deadline == today:
        return f"today, {day}"
    return day


@register.filter
def deadline(value):
    """date(2024, 3, 1) -> "passed on March 1, 2024" once that day is over, else "March 1, 2024"."""
    return deadline_text(value, timezone.localdate())


@register.filter
def yes_no(value):
    """True -> "Yes", False -> "No", None -> "Not published"."""
    if value is None:
        return NOT_PUBLISHED
    return "Yes" if value else "No"


@register.filter
def or_not_published(value):
    """Empty text reads as "Not published"."""
    return value if value not in (None, "") else NOT_PUBLISHED


@register.simple_tag
def rule_results(evaluation):
    """A rules.Evaluation as a list, one rule a line with its status. Written in Python: the
    quiz lists the rules of 25 programs, and a template per rule was a third of its page."""
    lines = format_html_join(
        "",
        '\n    <li class="rule rule-{}"><span class="rule-status">{}:</span> {}. {}.</li>\n  ',
        ((r.status, r.status.label, r.label, r.sentence) for r in evaluation.results),
    )
    return format_html('<ul class="rule-results">\n  {}\n</ul>\n', lines)
