"""JSON-LD pieces every app's builder uses. Only live, public data goes in.

Each app builds its own types in `<app>/jsonld.py` (articles: Article, WebPage, Person,
FAQPage; programs: EducationalOccupationalProgram; careers: Occupation).
"""

from django.conf import settings

CONTEXT = "https://schema.org"


def absolute(path):
    """An absolute URL on the public site for a path."""
    return settings.SITE_URL + path


def date(value):
    """An ISO 8601 date or date-time, or None."""
    return value.isoformat() if value else None


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
