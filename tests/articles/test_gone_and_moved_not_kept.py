"""A 410 or 301 that browsers would keep forever must be asked for again: the guide can return.

Chromium treats a 410 and a 301 without cache headers as fresh forever, so a reader who once saw
a guide's "no longer available" page kept seeing it after the guide was published again (the
editors' desk walk-through in tests/browser/test_editors_desk.py found it). `no-cache` makes the
browser ask the site on every visit.
"""

import pytest
from django.utils.cache import get_max_age

from articles import redirects, workflow
from tests.articles.factories import live_article

pytestmark = pytest.mark.django_db


def asks_again(response):
    return "no-cache" in response.get("Cache-Control", "") and not get_max_age(response)


def test_the_gone_page_of_a_taken_down_guide_is_asked_for_again(client, editor):
    guide = live_article(title="A guide taken down")
    workflow.unpublish(guide, editor, "Legal request.")

    response = client.get(guide.get_absolute_url())

    assert response.status_code == 410
    assert asks_again(response)


def test_the_redirect_to_a_replacement_is_asked_for_again(client, editor):
    guide = live_article(title="A guide replaced")
    replacement = live_article(title="Its replacement")
    workflow.unpublish(guide, editor, "Merged into another guide.", replacement)

    response = client.get(guide.get_absolute_url())

    assert response.status_code == 301
    assert response["Location"] == replacement.get_absolute_url()
    assert asks_again(response)


def test_the_redirect_from_an_old_address_is_asked_for_again(client, editor):
    guide = live_article(article__slug="new-address", title="A guide that moved")
    redirects.record_move(guide, "old-address", editor)

    response = client.get("/articles/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/new-address/"
    assert asks_again(response)


def test_the_live_guide_answers_again_after_it_is_published_again(client, editor, reviewer):
    guide = live_article(title="A guide that comes back")
    workflow.unpublish(guide, editor, "Checking the figures.")
    assert client.get(guide.get_absolute_url()).status_code == 410

    draft = workflow.start_draft(guide, editor)
    draft.change_note = "Figures checked"
    workflow.save_draft(draft, editor)
    workflow.submit(draft, editor)
    workflow.approve(draft, reviewer)

    assert client.get(guide.get_absolute_url()).status_code == 200
