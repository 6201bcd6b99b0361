"""Formatting for guide and bio pages: portraits."""

from django import template

from core.images import rendition

register = template.Library()


@register.simple_tag
def portrait(person, size=96):
    """A square portrait rendition of a Person, or None when there is no usable image."""
    return rendition(person.portrait, int(size), int(size), "fill") if person else None
