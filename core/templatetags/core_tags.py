"""Formatting every page uses: clipped text, initials, days and JSON-LD blocks."""

import json
import re

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")


@register.filter
def clip(text, length=200):
    """Cut text at a word boundary near `length` characters and end it with an ellipsis."""
    text = " ".join(str(text or "").split())
    length = int(length)
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0] if " " in text[:length] else text[:length]
    return cut.rstrip(" ,;:.-–—") + "…"


@register.filter
def first_sentence(text):
    """The text up to its first full stop, question or exclamation mark: a one-line summary."""
    text = " ".join(str(text or "").split())
    # A stop counts only before a space and a capital, so "e.g. a" or "$1.5 million" never cut.
    match = _SENTENCE_END.search(text)
    return text[: match.start() + 1] if match else text


@register.filter
def initials(name):
    """Up to two initials, for people without a portrait."""
    return "".join(part[0] for part in str(name).split()[:2]).upper()


@register.simple_tag
def jsonld(data):
    """A JSON-LD data block; '<', '>' and '&' are escaped.

    No CSP nonce: a data block is not a script, so the policy does not apply to it, and a page
    without per-request values is the same bytes for every visitor (a shared cache can keep it).
    """
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308
    )


@register.filter
def day_time(value):
    """A <time> element with the day of `value` in the current time zone, read "Jan 5, 2026":
    what |date:"Y-m-d" and |date:"M j, Y" write, at a fraction of their cost (a list of
    cards shows a day on each)."""
    if not value:
        return mark_safe('<time datetime=""></time>')
    day = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html(
        '<time datetime="{}">{} {}, {}</time>',
        f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
        MONTHS_3[day.month].title(),
        day.day,
        f"{day.year:04d}",
    )
