"""JSON-LD for guide and bio pages: Article, WebPage (reviewedBy, lastReviewed), FAQPage, Person."""

from html import unescape

from django.conf import settings
from django.utils.html import strip_tags

from core.jsonld import CONTEXT, absolute, clean, date


def person(p, with_context=False):
    """A Person with the URL of their bio page."""
    data = clean(
        {
            "@type": "Person",
            "@id": absolute(p.get_absolute_url()) + "#person",
            "name": p.name,
            "url": absolute(p.get_absolute_url()),
            "jobTitle": p.job_title,
            "description": p.short_bio if with_context else None,
            "sameAs": [url for url in (p.website_url, p.linkedin_url) if url],
        }
    )
    return {"@context": CONTEXT, **data} if with_context else data


def web_page(article, version, reviewer=None):
    """The guide's WebPage: reviewer and review date from the workflow; mainEntity the Article."""
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
            "lastReviewed": date(version.approved_at) if reviewer else None,
            "mainEntity": article_entity(article, version),
        }
    )


def article_entity(article, version):
    """The Article: headline, author, editor, datePublished, dateModified (last substantive)."""
    url = absolute(article.get_absolute_url())
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
            "publisher": {
                "@type": "Organization",
                "name": settings.SITE_NAME,
                "url": absolute("/"),
            },
        }
    )


def faq_page(faqs):
    """A FAQPage from (faq, answer_html) pairs, answers as plain text; None when there are none."""
    if not faqs:
        return None
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": unescape(strip_tags(html)).strip()},
            }
            for faq, html in faqs
        ],
    }
