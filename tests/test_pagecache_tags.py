"""Exact invalidation: every anonymous page is cached with the tags of what it shows, and a change
drops only the pages that show it, in the application's cache and, on commit, in the reverse
proxies (core/pagecache.py, core/frontend_cache.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import workflow
from core import frontend_cache, pagecache
from tests.articles.factories import (
    FAQFactory,
    PersonFactory,
    SitePageFactory,
    TopicFactory,
    live_article,
)
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(monkeypatch):
    """The tags each commit purges from the reverse proxies."""
    calls = []
    monkeypatch.setattr(frontend_cache, "purge", lambda tags: calls.append(set(tags)))
    monkeypatch.setattr(frontend_cache, "purge_all", lambda: calls.append({"everything"}))
    return calls


@pytest.fixture
def site():
    """A guide showing a program and a career, and another guide sharing nothing with it."""
    program = ProgramFactory(name="Shown program")
    career = CareerFactory(title="Shown career")
    article = live_article(title="The guide", body="Text about quokkas.")
    article.live_version.programs.add(program)
    article.live_version.careers.add(career)
    career.programs.add(program)
    other = live_article(title="The other guide")
    page = SitePageFactory()
    return {"article": article, "program": program, "career": career, "other": other, "page": page}


def from_cache(client, url):
    """True when the page came from the cache: no query at all."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries) == 0


def pages(site):
    article, program = site["article"], site["program"]
    return {
        "home": "/",
        "guide list": "/articles/",
        "guide": article.get_absolute_url(),
        "other guide": site["other"].get_absolute_url(),
        "topic": article.topic.get_absolute_url(),
        "people": "/people/",
        "bio": article.live_version.author.get_absolute_url(),
        "program": program.get_absolute_url(),
        "school": program.school.get_absolute_url(),
        "career list": "/careers/",
        "career": site["career"].get_absolute_url(),
        "site page": site["page"].get_absolute_url(),
        "directory": "/programs/",
        "directory, filtered": "/programs/?format=online&max_tuition=40000&sort=tuition",
        "quiz, answered": "/programs/match/?gpa=3.4&bachelors=yes&budget=50000",
        "search": "/search/?q=quokkas",
    }


def visit_all(client, site):
    urls = pages(site)
    for url in urls.values():
        client.get(url)
    return urls


def test_every_anonymous_page_is_served_from_the_cache_and_names_what_it_shows(client, site):
    urls = pages(site)
    tags = {name: client.get(url)["xkey"].split() for name, url in urls.items()}

    for name, url in urls.items():
        assert from_cache(client, url), name
    article, program, career = site["article"], site["program"], site["career"]
    version = article.live_version
    assert {
        f"guide-{article.pk}",
        f"topic-{article.topic_id}",
        f"person-{version.author_id}",
        f"person-{version.reviewer_id}",
        f"program-{program.pk}",
        f"school-{program.school_id}",
        f"field-{program.field_id}",
        f"career-{career.pk}",
        "disclosure",
    } == set(tags["guide"])
    assert f"program-{program.pk}" in tags["program"]
    assert f"career-{career.pk}" in tags["career"]
    assert "list-programs" in tags["directory"]
    assert "search" in tags["search"]
    assert f"page-{site['page'].pk}" in tags["site page"]


def test_the_cached_copy_is_the_page_as_first_served(client, site):
    url = site["article"].get_absolute_url()
    first = client.get(url)
    cached = client.get(url)

    assert cached.content == first.content
    assert cached["Content-Type"] == first["Content-Type"]
    assert cached["xkey"] == first["xkey"]


def test_publishing_a_guide_keeps_every_other_guide_page_in_the_cache(
    client, site, writer, reviewer, django_assert_num_queries, django_capture_on_commit_callbacks,
    purged,
):  # fmt: skip
    article = live_article(author=writer.person, title="Original title")
    urls = visit_all(client, site)
    client.get(article.get_absolute_url())
    draft = workflow.start_draft(article, writer)
    draft.title, draft.change_note = "New title", "Retitled"
    workflow.save_draft(draft, writer)
    workflow.submit(draft, writer)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(draft, reviewer)

    with django_assert_num_queries(0):
        kept = client.get(urls["other guide"])
    assert "The other guide" in kept.text
    for name in ("guide", "program", "school", "career list", "site page", "directory"):
        assert from_cache(client, urls[name]), name
    assert "New title" in client.get(article.get_absolute_url()).text
    assert "New title" in client.get("/articles/").text  # the lists of guides were dropped
    purged_tags = set().union(*purged)
    assert {f"guide-{article.pk}", "list-guides"} <= purged_tags
    assert f"guide-{site['other'].pk}" not in purged_tags
    assert f"guide-{site['article'].pk}" not in purged_tags


def test_saving_drafts_purges_nothing(client, writer, django_capture_on_commit_callbacks, purged):
    article = live_article(author=writer.person)
    client.get(article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        draft = workflow.start_draft(article, writer)
        draft.body, draft.change_note = "Rewritten.", "Rewrote"
        workflow.save_draft(draft, writer)
        FAQFactory(version=draft)
        workflow.submit(draft, writer)

    assert purged == []
    assert from_cache(client, article.get_absolute_url())


def test_a_program_change_drops_the_pages_that_show_it_and_no_other(
    client, site, django_capture_on_commit_callbacks, purged
):
    urls = visit_all(client, site)
    program = site["program"]

    with django_capture_on_commit_callbacks(execute=True):
        program.name = "Renamed program"
        program.save()

    for name in ("program", "school", "guide", "career", "directory", "quiz, answered"):
        assert not from_cache(client, urls[name]), name
    for name in ("other guide", "site page", "bio", "career list"):
        assert from_cache(client, urls[name]), name
    for name in ("program", "school", "guide", "career", "directory"):
        assert "Renamed program" in client.get(urls[name]).text, name
    assert {f"program-{program.pk}", f"school-{program.school_id}", "list-programs"} <= set().union(
        *purged
    )


def test_a_person_change_drops_their_bio_and_the_bylines_that_name_them(client, site):
    urls = visit_all(client, site)
    author = site["article"].live_version.author

    author.name = "Renamed Writer"
    author.save()

    assert "Renamed Writer" in client.get(urls["guide"]).text
    assert "Renamed Writer" in client.get(urls["bio"]).text
    assert "Renamed Writer" in client.get(urls["people"]).text
    for name in ("other guide", "program", "directory", "site page"):
        assert from_cache(client, urls[name]), name


def test_a_program_a_guide_links_shows_up_when_it_is_published_and_goes_when_it_is_not(
    client, site
):
    hidden = ProgramFactory(name="Hidden program", unpublished=True)
    site["article"].live_version.programs.add(hidden)
    url = site["article"].get_absolute_url()
    assert "Hidden program" not in client.get(url).text

    hidden.is_published = True
    hidden.save()
    assert "Hidden program" in client.get(url).text

    hidden.is_published = False
    hidden.save()
    assert "Hidden program" not in client.get(url).text


def test_a_career_a_guide_links_shows_up_when_it_is_published(client, site):
    hidden = CareerFactory(title="Hidden career", is_published=False)
    site["article"].live_version.careers.add(hidden)
    url = site["article"].get_absolute_url()
    assert "Hidden career" not in client.get(url).text

    hidden.is_published = True
    hidden.save()

    assert "Hidden career" in client.get(url).text


def test_a_program_moved_to_another_field_drops_the_pages_counting_its_old_field(client, site):
    url = site["article"].get_absolute_url()
    client.get(url)
    # Another program of the shown program's field, which the guide's figures count.
    counted = ProgramFactory(field=site["program"].field)
    client.get(url)
    assert from_cache(client, url)

    counted.field = ProgramFactory(field="Robotics").field
    counted.save()

    assert not from_cache(client, url)


def test_a_topic_change_drops_the_pages_that_name_it(client, site):
    urls = visit_all(client, site)
    topic = site["article"].topic

    topic.name = "Renamed topic"
    topic.save()

    for name in ("guide", "topic", "home", "guide list"):
        assert "Renamed topic" in client.get(urls[name]).text, name
    assert from_cache(client, urls["program"])


def test_a_new_live_guide_in_a_topic_appears_on_the_cached_topic_page(client, site):
    topic = TopicFactory()
    client.get(topic.get_absolute_url())

    live_article(title="Fresh guide in the topic", article__topic=topic)

    assert "Fresh guide in the topic" in client.get(topic.get_absolute_url()).text


def test_search_results_follow_the_index(client, site):
    assert "No results" in client.get("/search/?q=platypus").text

    article = live_article(title="Platypus guide", body="All about the platypus.")

    assert f'href="{article.get_absolute_url()}"' in client.get("/search/?q=platypus").text


def test_signed_in_people_never_get_or_leave_a_cached_copy(client, site, editor):
    url = site["article"].get_absolute_url()
    client.force_login(editor)
    client.get(url)
    assert not from_cache(client, url)

    client.logout()
    assert not from_cache(client, url)  # nothing was kept for anonymous visitors


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client, site):
    url = site["article"].get_absolute_url()
    client.get(url)
    client.cookies["messages"] = "something"

    assert not from_cache(client, url)


def test_a_person_on_no_live_guide_changes_nothing(client, site, purged):
    urls = visit_all(client, site)
    before = pagecache.generation()

    PersonFactory(name="Not on any guide").save()

    assert pagecache.generation() == before
    assert from_cache(client, urls["people"])
