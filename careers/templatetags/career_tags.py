"""Money and percentage formatting as readers expect: $131,490 and +21%."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def money(value):
    """Whole US dollars with thousands separators, e.g. $131,490; empty for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount).quantize(Decimal(1)):,}"


@register.filter
def signed_percent(value):
    """A change with its sign, e.g. +21% or -3%; "Not Available" when there is none."""
    if value is None or value == "":
        return "Not Available"
    number = int(value)
    return f"+{number}%" if number > 0 else f"{number}%"
