"""Structured data: parse each page's JSON-LD and check it states only live, honest facts."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.articles.factories import FAQFactory, PersonFactory, live_article
from tests.articles.public_data import DRAFT_MARK, add_draft, live_guide
from tests.careers.factories import CareerFactory

pytestmark = pytest.mark.django_db

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def blocks(response):
    """Every JSON-LD block of a response, parsed, keyed by @type."""
    found = {}
    for text in LD.findall(response.content.decode()):
        data = json.loads(text)
        found[data["@type"]] = data
    return found


def test_guide_has_webpage_reviewed_by_the_approver_with_article_as_main_entity(client):
    approved = timezone.now() - timedelta(days=3)
    article = live_guide(approved_at=approved)
    version = article.live_version
    page = blocks(client.get(article.get_absolute_url()))["WebPage"]
    assert page["reviewedBy"]["name"] == "Rhea Reviewer"
    assert page["reviewedBy"]["url"].endswith(version.reviewer.get_absolute_url())
    # schema.org's lastReviewed is a Date: the approval's day in the site's time zone.
    assert page["lastReviewed"] == timezone.localdate(approved).isoformat()
    entity = page["mainEntity"]
    assert entity["@type"] == "Article"
    assert entity["headline"] == version.title
    assert entity["author"] == {
        "@type": "Person",
        "@id": entity["author"]["url"] + "#person",
        "name": "Aaron Author",
        "url": "http://127.0.0.1:8000" + version.author.get_absolute_url(),
    }
    assert entity["editor"]["name"] == "Edna Editor"
    assert entity["datePublished"] == article.first_published_at.isoformat()
    assert entity["dateModified"] == article.content_updated_at.isoformat()


def test_date_modified_is_the_last_substantive_change_not_the_last_save(client):
    article = live_article()
    substantive = timezone.now() - timedelta(days=30)
    type(article).objects.filter(pk=article.pk).update(content_updated_at=substantive)
    page = blocks(client.get(article.get_absolute_url()))["WebPage"]
    assert page["mainEntity"]["dateModified"] == substantive.isoformat()


def test_guide_has_faq_page_with_plain_text_answers(client):
    article = live_article()
    FAQFactory(version=article.live_version, question="Is it **worth** it?", answer="*Yes*, often.")
    faq = blocks(client.get(article.get_absolute_url()))["FAQPage"]
    assert faq["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Is it **worth** it?",
            "acceptedAnswer": {"@type": "Answer", "text": "Yes, often."},
        }
    ]


def test_guide_without_faqs_has_no_faq_page(client):
    assert "FAQPage" not in blocks(client.get(live_article().get_absolute_url()))


def test_guide_has_a_breadcrumb_list(client):
    article = live_article(title="Crumbs")
    crumbs = blocks(client.get(article.get_absolute_url()))["BreadcrumbList"]
    names = [item["name"] for item in crumbs["itemListElement"]]
    assert names == ["Home", "Guides", article.topic.name, "Crumbs"]
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3, 4]


def test_structured_data_holds_no_draft_content(client):
    article = live_guide()
    add_draft(article)
    text = "".join(LD.findall(client.get(article.get_absolute_url()).content.decode()))
    assert DRAFT_MARK not in text


def test_json_ld_cannot_break_out_of_its_script(client):
    article = live_article(title="</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert blocks(client.get(article.get_absolute_url()))["WebPage"]["name"].startswith("</script>")


def test_bio_page_has_a_person(client):
    person = PersonFactory(
        name="Pia Person", job_title="Data editor", website_url="https://pia.example/"
    )
    live_article(author=person)
    data = blocks(client.get(person.get_absolute_url()))["Person"]
    assert data["name"] == "Pia Person"
    assert data["jobTitle"] == "Data editor"
    assert data["sameAs"] == ["https://pia.example/"]
    assert data["url"].endswith(person.get_absolute_url())


def test_career_page_has_an_occupation_with_salary_statistic_education_and_soc(client):
    career = CareerFactory(
        title="Research Scientist",
        salary=131490,
        salary_year=2022,
        education="masters",
        soc_code="15-1221",
        outlook_percent=21,
        outlook_start_year=2021,
        outlook_end_year=2031,
    )
    data = blocks(client.get(career.get_absolute_url()))["Occupation"]
    salary = data["estimatedSalary"][0]
    assert salary["@type"] == "MonetaryAmountDistribution"
    assert salary["median"] == 131490
    assert salary["currency"] == "USD"
    assert salary["name"] == "Median annual salary"
    assert salary["duration"] == "P1Y"
    # A distribution has no validity dates: the reference year is in its text.
    assert salary["description"] == "Median annual salary in 2022"
    assert "validFrom" not in salary
    assert "value" not in salary
    assert data["educationRequirements"] == "Master's degree"
    category = data["occupationalCategory"]
    assert category["@type"] == "CategoryCode"
    assert category["codeValue"] == "15-1221"
    assert "Standard Occupational Classification" in category["inCodeSet"]["name"]


def test_average_salary_is_not_called_a_median(client):
    career = CareerFactory(salary=114980, salary_statistic="average", salary_year=2021)
    salary = blocks(client.get(career.get_absolute_url()))["Occupation"]["estimatedSalary"][0]
    assert salary["@type"] == "MonetaryAmount"
    assert "median" not in salary
    assert salary["name"] == "Average annual salary"
    assert salary["currency"] == "USD"
    assert salary["value"] == {"@type": "QuantitativeValue", "value": 114980, "unitText": "YEAR"}
    assert (salary["validFrom"], salary["validThrough"]) == ("2021-01-01", "2021-12-31")


def test_career_without_salary_states_none(client):
    career = CareerFactory(salary=None, soc_code="")
    data = blocks(client.get(career.get_absolute_url()))["Occupation"]
    assert "estimatedSalary" not in data
    assert "occupationalCategory" not in data


def test_json_ld_blocks_carry_no_nonce_and_the_policy_names_none(client):
    response = client.get(live_article().get_absolute_url())
    assert len(LD.findall(response.content.decode())) >= 2
    assert "nonce" not in response.content.decode()
    assert "nonce" not in response["Content-Security-Policy"]


def test_the_cached_guide_page_is_the_same_bytes_for_every_visitor(client):
    article = live_article()
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
