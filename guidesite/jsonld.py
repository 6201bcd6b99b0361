"""Builders for the JSON-LD the public pages carry. Only live, public data goes in."""

from html import unescape

from django.conf import settings
from django.utils.html import strip_tags

CONTEXT = "https://schema.org"


def absolute(path):
    """An absolute URL on the public site for a path."""
    return settings.SITE_URL + path


def _date(value):
    return value.isoformat() if value else None


def _clean(data):
    """Drop empty values so the markup states only what is known."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def person(p, with_context=False):
    """A Person with the URL of their bio page."""
    data = _clean(
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


def web_page(article, version, reviewer=None):
    """The guide's WebPage: reviewer and review date from the workflow; mainEntity the Article."""
    url = absolute(article.get_absolute_url())
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": version.title,
            "description": version.dek,
            "reviewedBy": person(reviewer) if reviewer else None,
            "lastReviewed": _date(version.approved_at) if reviewer else None,
            "mainEntity": article_entity(article, version),
        }
    )


def article_entity(article, version):
    """The Article: headline, author, editor, datePublished, dateModified (last substantive)."""
    url = absolute(article.get_absolute_url())
    return _clean(
        {
            "@type": "Article",
            "@id": url + "#article",
            "headline": version.title,
            "description": version.dek,
            "url": url,
            "author": person(version.author),
            "editor": person(version.editor) if version.editor else None,
            "datePublished": _date(article.first_published_at),
            "dateModified": _date(article.content_updated_at),
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


def occupation(career):
    """An Occupation with the salary statistic and year, education and SOC category."""
    from careers.models import Career

    salary = None
    if career.salary is not None:
        is_median = career.salary_statistic == Career.SalaryStatistic.MEDIAN
        salary = _clean(
            {
                "@type": "MonetaryAmountDistribution",
                "name": f"{career.get_salary_statistic_display()} annual salary",
                "currency": "USD",
                "duration": "P1Y",
                "median": career.salary if is_median else None,
                "description": None
                if is_median
                else f"Average (mean) annual salary: {career.salary} USD",
                "validFrom": f"{career.salary_year}-01-01" if career.salary_year else None,
                "validThrough": f"{career.salary_year}-12-31" if career.salary_year else None,
            }
        )
        if not is_median:
            # schema.org has no "mean" on the distribution; state it as the value instead.
            salary["value"] = career.salary
    category = None
    if career.soc_code:
        category = {
            "@type": "CategoryCode",
            "codeValue": career.soc_code,
            "inCodeSet": {
                "@type": "CategoryCodeSet",
                "name": "Standard Occupational Classification (SOC)",
                "url": "https://www.bls.gov/soc/",
            },
        }
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Occupation",
            "@id": absolute(career.get_absolute_url()),
            "name": career.title,
            "description": career.summary,
            "url": absolute(career.get_absolute_url()),
            "estimatedSalary": [salary] if salary else None,
            "educationRequirements": career.get_education_display() if career.education else None,
            "occupationalCategory": category,
            "occupationLocation": {"@type": "Country", "name": "United States"},
        }
    )


def collection_page(name, path, description=""):
    """A plain WebPage for lists and site pages."""
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "WebPage",
            "@id": absolute(path),
            "url": absolute(path),
            "name": name,
            "description": description,
        }
    )
