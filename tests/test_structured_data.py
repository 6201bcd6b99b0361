"""Every JSON-LD block on every public page type of the demo uses each property only on a type
whose schema.org domain has it, with dates, URLs and images in the shapes schema.org asks for."""

import json
import re

from django.conf import settings
from django.test import Client

from careers.models import Career
from programs.models import Program
from tests.browser.pages import load_demo_content, page_types

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z))?$")

# What schema.org (https://schema.org/<Type>, "Properties from ...") allows on each type we emit,
# built up along its superclasses. Not every property of each type: the ones we use or might,
# each checked on schema.org. A new type or property goes here after the same check.
# fmt: off
THING = {
    "additionalType", "alternateName", "description", "disambiguatingDescription", "identifier",
    "image", "mainEntityOfPage", "name", "potentialAction", "sameAs", "subjectOf", "url",
}
CREATIVE_WORK = THING | {
    "about", "abstract", "author", "citation", "contributor", "copyrightHolder", "copyrightYear",
    "creator", "dateCreated", "dateModified", "datePublished", "editor", "headline",
    "inLanguage", "isAccessibleForFree", "isPartOf", "keywords", "license", "mainEntity",
    "publisher", "text", "thumbnailUrl",
}
WEB_PAGE = CREATIVE_WORK | {
    "breadcrumb", "lastReviewed", "mainContentOfPage", "primaryImageOfPage", "relatedLink",
    "reviewedBy", "significantLink", "speakable", "specialty",
}
COMMENT = CREATIVE_WORK | {"downvoteCount", "parentItem", "upvoteCount"}
ORGANIZATION = THING | {
    "address", "areaServed", "contactPoint", "department", "email", "foundingDate", "legalName",
    "logo", "member", "memberOf", "parentOrganization", "subOrganization", "telephone",
}
PLACE = THING | {"address", "containedInPlace", "containsPlace", "geo", "latitude", "longitude"}
ALLOWED = {
    "WebPage": WEB_PAGE,
    "FAQPage": WEB_PAGE,
    "Article": CREATIVE_WORK | {"articleBody", "articleSection", "wordCount", "speakable"},
    "Question": COMMENT | {"acceptedAnswer", "answerCount", "suggestedAnswer"},
    "Answer": COMMENT | {"answerExplanation"},
    "ImageObject": CREATIVE_WORK | {
        "caption", "contentSize", "contentUrl", "encodingFormat", "height",
        "representativeOfPage", "uploadDate", "width",
    },
    "Person": THING | {
        "address", "affiliation", "alumniOf", "award", "email", "familyName", "givenName",
        "hasOccupation", "honorificPrefix", "honorificSuffix", "jobTitle", "knowsAbout",
        "memberOf", "worksFor",
    },
    "Organization": ORGANIZATION,
    "CollegeOrUniversity": ORGANIZATION | {"alumni", "openingHours"},
    "PostalAddress": THING | {
        "addressCountry", "addressLocality", "addressRegion", "postOfficeBoxNumber",
        "postalCode", "streetAddress",
    },
    "Country": PLACE,
    "Occupation": THING | {
        "educationRequirements", "estimatedSalary", "experienceRequirements",
        "occupationLocation", "occupationalCategory", "qualifications", "responsibilities",
        "skills",
    },
    # A distribution (a QuantitativeValueDistribution) has no validFrom, validThrough or value:
    # those are MonetaryAmount's.
    "MonetaryAmountDistribution": THING | {
        "currency", "duration", "median", "percentile10", "percentile25", "percentile75",
        "percentile90",
    },
    "MonetaryAmount": THING | {
        "currency", "maxValue", "minValue", "validFrom", "validThrough", "value",
    },
    "QuantitativeValue": THING | {
        "maxValue", "minValue", "unitCode", "unitText", "value", "valueReference",
    },
    "CategoryCode": THING | {"codeValue", "inCodeSet", "inDefinedTermSet", "termCode"},
    "CategoryCodeSet": CREATIVE_WORK | {"hasCategoryCode", "hasDefinedTerm"},
    "EducationalOccupationalProgram": THING | {
        "applicationDeadline", "applicationStartDate", "dayOfWeek",
        "educationalCredentialAwarded", "educationalProgramMode", "endDate",
        "financialAidEligible", "hasCourse", "maximumEnrollment", "numberOfCredits",
        "occupationalCategory", "occupationalCredentialAwarded", "offers",
        "programPrerequisites", "programType", "provider", "salaryUponCompletion", "startDate",
        "termDuration", "termsPerYear", "timeOfDay", "timeToComplete", "trainingSalary",
        "typicalCreditsPerTerm",
    },
    "EducationalOccupationalCredential": CREATIVE_WORK | {
        "competencyRequired", "credentialCategory", "educationalLevel", "recognizedBy",
        "validFor", "validIn",
    },
    "Offer": THING | {
        "areaServed", "availability", "category", "eligibleRegion", "itemOffered", "offeredBy",
        "price", "priceCurrency", "priceSpecification", "priceValidUntil", "seller",
        "validFrom", "validThrough",
    },
    "BreadcrumbList": THING | {"itemListElement", "itemListOrder", "numberOfItems"},
    "ListItem": THING | {"item", "nextItem", "position", "previousItem"},
}
# fmt: on
# Properties we state as a Date (lastReviewed's range is Date, not DateTime; a deadline is a
# day), and those that take a Date or a DateTime.
DATE_ONLY = {"lastReviewed", "applicationDeadline"}
DATE_OR_DATE_TIME = {"datePublished", "dateModified", "validFrom", "validThrough"}
URLS = {"url", "item", "@id", "contentUrl"}


def nodes(data, where):
    """Every typed node in a JSON-LD value, with the path that leads to it."""
    if isinstance(data, list):
        for n, item in enumerate(data):
            yield from nodes(item, f"{where}[{n}]")
    elif isinstance(data, dict):
        if "@type" in data:
            yield where, data
        for key, value in data.items():
            yield from nodes(value, f"{where}.{key}")


def problems_in(node, where):
    kind = node["@type"]
    if kind not in ALLOWED:
        return [f"{where}: no entry for @type {kind!r} in ALLOWED (check schema.org, add it)"]
    found = []
    for key, value in node.items():
        if key.startswith("@"):
            pass
        elif key not in ALLOWED[kind]:
            found.append(f"{where}: {kind} has no property {key!r} on schema.org")
        if key in DATE_ONLY and not DATE.match(str(value)):
            found.append(f"{where}.{key}: {value!r} is not a Date (YYYY-MM-DD)")
        if key in DATE_OR_DATE_TIME and not DATE_TIME.match(str(value)):
            found.append(f"{where}.{key}: {value!r} is not an ISO 8601 date or date-time")
        absolute = str(value).startswith((settings.SITE_URL + "/", "https://"))
        if key in URLS and not absolute:
            found.append(f"{where}.{key}: {value!r} is not an absolute URL")
        image = value if isinstance(value, dict) else {}
        if key in {"image", "logo"} and (image.get("@type") != "ImageObject" or "url" not in image):
            found.append(f"{where}.{key}: an ImageObject with a url, please")
    return found


def json_ld(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return [json.loads(text) for text in LD.findall(response.content.decode())]


def test_every_property_is_allowed_on_its_type_on_every_demo_page(db):
    load_demo_content()
    # Every page type, and every career and program page: careers differ in their salary
    # statistic, programs in what they publish (deadline, GRE, tuition).
    paths = [page.path for page in page_types().values() if page.status == 200]
    paths += [career.get_absolute_url() for career in Career.objects.published()]
    paths += [program.get_absolute_url() for program in Program.objects.published()]
    client = Client()
    problems, seen = [], set()
    for path in paths:
        for n, block in enumerate(json_ld(client, path)):
            assert block.get("@context") == "https://schema.org", f"{path} block {n}"
            for where, node in nodes(block, f"{path} block {n}"):
                seen.add(node["@type"])
                problems += problems_in(node, where)
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
    # The walk met every type of the table, except those the demo has no data for (no career
    # with an average salary).
    assert seen >= set(ALLOWED) - {"MonetaryAmount", "QuantitativeValue"}, set(ALLOWED) - seen


def test_demo_nodes_have_ids_images_and_a_review_date(db):
    load_demo_content()
    client = Client()
    program = Program.objects.published().select_related("school").order_by("pk").first()
    graph = next(
        block
        for block in json_ld(client, program.get_absolute_url())
        if block["@type"] == "EducationalOccupationalProgram"
    )
    assert graph["@id"] == settings.SITE_URL + program.get_absolute_url() + "#program"
    school_url = settings.SITE_URL + program.school.get_absolute_url()
    assert graph["provider"]["@id"] == school_url + "#school"
    [school] = [b for b in json_ld(client, program.school.get_absolute_url()) if "@id" in b]
    assert school["@id"] == school_url + "#school"

    page = next(b for b in json_ld(client, page_types()["guide"].path) if b["@type"] == "WebPage")
    article = page["mainEntity"]
    assert (article["image"]["width"], article["image"]["height"]) == (1200, 630)
    assert article["author"]["image"]["url"].startswith(settings.SITE_URL + "/media/")
    assert page["reviewedBy"]["image"]["url"].startswith(settings.SITE_URL + "/media/")
    assert article["publisher"]["logo"]["url"] == settings.SITE_URL + "/static/logo.png"
    assert DATE.match(page["lastReviewed"])


def test_a_property_outside_its_domain_is_reported():
    node = {"@type": "MonetaryAmountDistribution", "median": 1, "validFrom": "2022-01-01"}
    assert problems_in(node, "x") == [
        "x: MonetaryAmountDistribution has no property 'validFrom' on schema.org"
    ]
    assert problems_in({"@type": "WebPage", "lastReviewed": "2024-01-02T10:00:00+00:00"}, "y") == [
        "y.lastReviewed: '2024-01-02T10:00:00+00:00' is not a Date (YYYY-MM-DD)"
    ]
