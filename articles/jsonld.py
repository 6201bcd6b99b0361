"""JSON-LD for guide and bio pages: Article, WebPage (reviewedBy, lastReviewed), FAQPage, Person."""

from html import unescape

from django.utils.html import strip_tags

from core.images import rendition
from core.jsonld import CONTEXT, absolute, clean, date, day, image, organization

# The bio page's portrait rendition (drawn at 120 px, three times that for sharp screens), so
# the structured data points at a file the site already serves.
PORTRAIT_SIZE = 360


def person(p, with_context=False):
    """A Person with the URL of their bio page and their portrait, when there is one."""
    url = absolute(p.get_absolute_url())
    data = clean(
        {
            "@type": "Person",
            "@id": url + "#person",
            "name": p.name,
            "url": url,
            "jobTitle": p.job_title,
            "description": p.short_bio if with_context else None,
            "sameAs": [address for address in (p.website_url, p.linkedin_url) if address],
            "image": image(rendition(p.portrait, PORTRAIT_SIZE, PORTRAIT_SIZE)),
        }
    )
    return {"@context": CONTEXT, **data} if with_context else data


def web_page(article, version, reviewer=None, social=None):
    """The guide's WebPage: reviewer and review date from the workflow; mainEntity the Article
    (with `social`, the guide's social image, as its image)."""
    url = absolute(article.get_absolute_url())
    return clean(
        {
            "@context": CONTEXT,
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": version.title,
            "description": version.dek,
            "reviewedBy": person(reviewer) if reviewer else None,
            # schema.org's range for lastReviewed is Date, not DateTime.
            "lastReviewed": day(version.approved_at) if reviewer else None,
            "mainEntity": article_entity(article, version, url, social),
        }
    )


def article_entity(article, version, url, social=None):
    """The Article at `url` (absolute): headline, author, editor, datePublished, dateModified
    (last substantive), image, and the site as publisher."""
    return clean(
        {
            "@type": "Article",
            "@id": url + "#article",
            "headline": version.title,
            "description": version.dek,
            "url": url,
            "author": person(version.author),
            "editor": person(version.editor) if version.editor else None,
            "datePublished": date(article.first_published_at),
            "dateModified": date(article.content_updated_at),
            "articleSection": article.topic.name,
            "image": image(social),
            "publisher": organization(),
        }
    )


def faq_page(faqs):
    """A FAQPage from appendix.Question entries, answers as plain text; None when there are none."""
    if not faqs:
        return None
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": unescape(strip_tags(faq.answer)).strip(),
                },
            }
            for faq in faqs
        ],
    }
