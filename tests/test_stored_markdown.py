"""Site pages, full bios and career descriptions are rendered from Markdown when saved, not on
every view, and still show the text they have after a change that skipped save()."""

from unittest import mock

import pytest

from articles.models import Person, SitePage
from careers.models import Career
from core import markdown
from tests.articles.factories import PersonFactory, SitePageFactory, live_article
from tests.careers.factories import CareerFactory

pytestmark = pytest.mark.django_db


def _site_page(**kwargs):
    return SitePageFactory(**kwargs), "/editorial-process/"


def _bio(**kwargs):
    person = PersonFactory(**{"full_bio": kwargs.pop("body")}, **kwargs)
    live_article(author=person)
    return person, person.get_absolute_url()


def _career(**kwargs):
    career = CareerFactory(**{"description": kwargs.pop("body")}, **kwargs)
    return career, career.get_absolute_url()


PAGES = [
    pytest.param(_site_page, SitePage, "body", id="site page"),
    pytest.param(_bio, Person, "full_bio", id="bio"),
    pytest.param(_career, Career, "description", id="career"),
]


@pytest.mark.parametrize(("make", "model", "field"), PAGES)
def test_the_page_shows_the_markdown_rendered_when_it_was_saved(client, make, model, field):
    _row, url = make(body="## Our *promise*")
    with mock.patch.object(markdown, "render", side_effect=AssertionError("rendered on view")):
        html = client.get(url).content.decode()
    assert '<h2 id="our-promise">Our <em>promise</em></h2>' in html


@pytest.mark.parametrize(("make", "model", "field"), PAGES)
def test_text_changed_without_save_is_shown_as_it_is_now(client, make, model, field):
    row, url = make(body="Old words.")
    # A bulk change (an update(), a restore from SQL) leaves the stored rendering behind.
    model.objects.filter(pk=row.pk).update(**{field: "New **words**."})
    html = client.get(url).content.decode()
    assert "<strong>words</strong>" in html
    assert "Old words." not in html


@pytest.mark.parametrize(("make", "model", "field"), PAGES)
def test_saving_only_the_text_stores_its_new_rendering(client, make, model, field):
    row, url = make(body="Old words.")
    setattr(row, field, "New **words**.")
    row.save(update_fields=[field])
    with mock.patch.object(markdown, "render", side_effect=AssertionError("rendered on view")):
        html = client.get(url).content.decode()
    assert "<strong>words</strong>" in html
