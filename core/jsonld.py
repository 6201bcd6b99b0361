"""JSON-LD pieces every app's builder uses. Only live, public data goes in.

Each app builds its own types in `<app>/jsonld.py` (articles: Article, WebPage, Person,
FAQPage; programs: EducationalOccupationalProgram; careers: Occupation).
"""

from datetime import datetime

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

CONTEXT = "https://schema.org"
# static/logo.png, drawn by core.social.logo(): the publisher's logo (Google asks for a raster
# image of at least 112 px, so not the SVG favicon).
LOGO = ("logo.png", 512, 512)


def absolute(path):
    """An absolute URL on the public site for a path."""
    return settings.SITE_URL + path


def date(value):
    """An ISO 8601 date or date-time, or None."""
    return value.isoformat() if value else None


def day(value):
    """An ISO 8601 date (YYYY-MM-DD), for properties whose range is Date (lastReviewed): a
    date-time is taken on its calendar day in the site's time zone."""
    if not value:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()


def image(rendition):
    """An ImageObject for a rendition (core.images or core.social), or None."""
    if rendition is None:
        return None
    return {
        "@type": "ImageObject",
        "url": absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def organization():
    """The site as publisher: name, home page and logo."""
    name, width, height = LOGO
    return {
        "@type": "Organization",
        "@id": absolute("/") + "#organization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(name)),
            "width": width,
            "height": height,
        },
    }


def clean(data):
    """Drop empty values so the markup states only what is known."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def breadcrumbs(items):
    """A BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(path)}
            for n, (name, path) in enumerate(items, start=1)
        ],
    }


def collection_page(name, path, description=""):
    """A plain WebPage for lists and site pages."""
    return clean(
        {
            "@context": CONTEXT,
            "@type": "WebPage",
            "@id": absolute(path),
            "url": absolute(path),
            "name": name,
            "description": description,
        }
    )
