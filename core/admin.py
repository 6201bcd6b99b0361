"""Admin pieces every app's admin uses."""

from django.utils.html import format_html


def thumbnail(image, alt):
    """A small preview of an uploaded image for changelists and forms."""
    if not image:
        return "—"
    return format_html('<img src="{}" width="48" height="48" alt="{}">', image.url, alt)
