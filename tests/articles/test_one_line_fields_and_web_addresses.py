"""Admin input: a one-line field (title, name, change note) never keeps a line break, however it
was posted, and every web address an editor enters is an http(s) page (core/forms.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from articles.models import ArticleVersion, Person
from programs.models import School
from tests.articles.admin_support import act_url, change_url, form_data, signed_in
from tests.articles.factories import PersonFactory
from tests.programs.factories import SchoolFactory

pytestmark = pytest.mark.django_db

BREAKS = "\r\n", "\n", "\r", "\u2028", "\x85"


@pytest.mark.parametrize("line_break", BREAKS)
def test_line_breaks_posted_into_a_versions_one_line_fields_become_spaces(
    client, draft_with_new_link, writer, line_break
):
    data = form_data(
        draft_with_new_link,
        title=f"A title{line_break}Bcc: someone@example.com",
        dek=f"A summary{line_break}{line_break}on two lines",
        change_note=f"Fixed the link{line_break}and the table",
        **{"faqs-0-question": f"Is it{line_break}online?"},
    )

    response = signed_in(client, writer).post(change_url(draft_with_new_link), data)

    assert response.status_code == 302
    version = ArticleVersion.objects.get(pk=draft_with_new_link.pk)
    assert version.title == "A title Bcc: someone@example.com"
    assert version.dek == "A summary on two lines"
    assert version.change_note == "Fixed the link and the table"
    assert [faq.question for faq in version.faqs.all()] == ["Is it online?"]


def test_the_review_request_for_a_title_posted_with_a_line_break_is_emailed(
    client, draft_with_new_link, writer, reviewer, django_capture_on_commit_callbacks
):
    signed_in(client, writer).post(
        change_url(draft_with_new_link),
        form_data(
            draft_with_new_link,
            title="Better title\r\nX-Injected: yes",
            change_note="New salary\r\nlink",
        ),
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(act_url(draft_with_new_link, "submit"))

    assert ArticleVersion.objects.get(pk=draft_with_new_link.pk).state == "in_review"
    sent = [m for m in mail.outbox if reviewer.email in m.to]
    assert len(sent) == 1
    assert "Better title X-Injected: yes" in sent[0].subject
    assert "\n" not in sent[0].subject


def _person_data(person, **changes):
    return {
        "name": person.name,
        "slug": person.slug,
        "job_title": "Editor",
        "short_bio": "Bio.",
        "full_bio": "",
        "website_url": "",
        "linkedin_url": "",
        **changes,
    }


def test_line_breaks_in_a_persons_name_and_job_title_become_spaces(client, editor):
    person = PersonFactory(name="Ann Example")

    response = signed_in(client, editor).post(
        reverse("admin:articles_person_change", args=[person.pk]),
        _person_data(
            person, name="Ann\r\nExample", job_title="Senior\neditor", short_bio="Line 1\r\nLine 2"
        ),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.job_title) == ("Ann Example", "Senior editor")
    assert person.short_bio == "Line 1\r\nLine 2"  # a text of several lines keeps them


def _school_data(school, **changes):
    return {
        "name": school.name,
        "slug": school.slug,
        "city": school.city,
        "state": school.state,
        "description": "",
        "website": "",
        "accreditor": "",
        **changes,
    }


@pytest.mark.parametrize(
    "address",
    ["ftp://files.example.edu/", "ftps://files.example.edu/", "javascript:alert(1)"],
)
def test_a_school_website_that_is_not_a_web_page_is_refused_with_a_message(client, editor, address):
    school = SchoolFactory()

    response = signed_in(client, editor).post(
        reverse("admin:programs_school_change", args=[school.pk]),
        _school_data(school, website=address),
    )

    assert response.status_code == 200
    assert "Enter a web address starting with https:// or http://." in response.text
    assert School.objects.get(pk=school.pk).website == ""


@pytest.mark.parametrize("address", ["https://www.example.edu/", "http://www.example.edu/"])
def test_a_school_website_on_http_or_https_is_saved(client, editor, address):
    school = SchoolFactory()

    response = signed_in(client, editor).post(
        reverse("admin:programs_school_change", args=[school.pk]),
        _school_data(school, website=address),
    )

    assert response.status_code == 302
    assert School.objects.get(pk=school.pk).website == address


@pytest.mark.parametrize("field", ["website_url", "linkedin_url"])
def test_a_persons_web_addresses_must_be_web_pages(client, editor, field):
    person = PersonFactory()

    response = signed_in(client, editor).post(
        reverse("admin:articles_person_change", args=[person.pk]),
        _person_data(person, **{field: "ftp://example.org/me"}),
    )

    assert response.status_code == 200
    assert "Enter a web address starting with https:// or http://." in response.text
    assert getattr(Person.objects.get(pk=person.pk), field) == ""


def test_a_sources_address_must_be_a_web_page(client, draft_with_new_link, writer):
    source = draft_with_new_link.sources.get()
    data = form_data(draft_with_new_link, **{"sources-0-url": "ftp://example.org/table.csv"})

    response = signed_in(client, writer).post(change_url(draft_with_new_link), data)

    assert response.status_code == 200
    assert "Enter a web address starting with https:// or http://." in response.text
    source.refresh_from_db()
    assert source.url.startswith("https://")
