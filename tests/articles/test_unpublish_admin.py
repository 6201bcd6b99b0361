"""The "Take down" page in the admin: shown and usable by editors and reviewers only."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import ArticleVersion
from tests.articles.factories import live_article

State = ArticleVersion.State


def take_down_url(article):
    return reverse("admin:articles_article_unpublish", args=[article.pk])


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("role", ["editor", "reviewer", "superuser"])
def test_the_guide_page_offers_take_down_to_editors_and_reviewers(
    client, request, published_guide, role
):
    client.force_login(request.getfixturevalue(role))

    html = client.get(article_url(published_guide)).content.decode()

    assert f'href="{take_down_url(published_guide)}"' in html
    assert ">Take down</a>" in html


def test_the_guide_page_does_not_offer_take_down_to_writers(client, writer, published_guide):
    client.force_login(writer)

    response = client.get(article_url(published_guide))

    assert response.status_code == 200
    assert take_down_url(published_guide) not in response.content.decode()


def test_a_guide_already_taken_down_offers_no_take_down(client, editor, published_guide):
    client.force_login(editor)
    client.post(take_down_url(published_guide), {"reason": "Legal request."})

    html = client.get(article_url(published_guide)).content.decode()

    assert take_down_url(published_guide) not in html
    assert "Taken down" in html


@pytest.mark.parametrize("role", ["editor", "reviewer", "superuser"])
def test_the_take_down_page_shows_the_form(client, request, published_guide, role):
    other = live_article(title="Another live guide", article__slug="another-live-guide")
    client.force_login(request.getfixturevalue(role))

    response = client.get(take_down_url(published_guide))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Take down “Original title”" in html
    assert 'name="reason"' in html
    assert f'<option value="{other.pk}">Another live guide (/articles/another-live-guide/)' in html
    assert f'<option value="{published_guide.pk}">' not in html  # not its own replacement


@pytest.mark.parametrize("role", ["editor", "reviewer", "superuser"])
def test_taking_a_guide_down_in_the_admin(client, request, published_guide, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(take_down_url(published_guide), {"reason": "Legal request."})

    assert response.status_code == 302
    assert response["Location"] == article_url(published_guide)
    assert messages_of(response) == [
        "“Original title” was taken off the site; its address now tells readers the guide is "
        "gone (410). To put it back, start a new draft from it: it goes live again after review."
    ]
    published_guide.refresh_from_db()
    assert published_guide.live_version is None
    assert published_guide.versions.withdrawn().get().transitions.last().comment == (
        "Legal request."
    )


def test_taking_a_guide_down_with_a_replacement_in_the_admin(client, editor, published_guide):
    replacement = live_article(article__slug="its-replacement")
    client.force_login(editor)

    response = client.post(
        take_down_url(published_guide),
        {"reason": "Merged into a newer guide.", "replacement": replacement.pk},
    )

    assert (
        "its address now sends readers to /articles/its-replacement/ (301)"
        in (messages_of(response)[0])
    )
    client.logout()
    assert client.get(published_guide.get_absolute_url())["Location"] == (
        "/articles/its-replacement/"
    )


def test_an_empty_reason_is_refused_on_the_page_and_nothing_changes(
    client, editor, published_guide
):
    client.force_login(editor)

    response = client.post(take_down_url(published_guide), {"reason": "   "})

    assert response.status_code == 200
    assert "Say why the guide is taken down: a reason is required." in response.content.decode()
    published_guide.refresh_from_db()
    assert published_guide.live_version.state == State.LIVE


def test_a_replacement_that_is_not_a_live_guide_is_refused(client, editor, published_guide):
    client.force_login(editor)

    response = client.post(
        take_down_url(published_guide), {"reason": "Merged.", "replacement": published_guide.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    published_guide.refresh_from_db()
    assert published_guide.live_version is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_writers_are_refused_with_the_workflows_sentence(client, writer, published_guide, method):
    client.force_login(writer)

    response = getattr(client, method)(take_down_url(published_guide), {"reason": "Mine."})

    assert response.status_code == 302
    assert response["Location"] == article_url(published_guide)
    assert messages_of(response) == ["Only editors and reviewers may take this guide down."]
    published_guide.refresh_from_db()
    assert published_guide.live_version.state == State.LIVE


def test_staff_without_a_group_get_403(client, staff, published_guide):
    client.force_login(staff)

    response = client.post(take_down_url(published_guide), {"reason": "Why not."})

    assert response.status_code == 403
    published_guide.refresh_from_db()
    assert published_guide.live_version is not None


def test_anonymous_visitors_are_sent_to_sign_in(client, published_guide):
    response = client.post(take_down_url(published_guide), {"reason": "Why not."})

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    published_guide.refresh_from_db()
    assert published_guide.live_version is not None


def test_an_unknown_guide_is_a_404(client, editor, db):
    client.force_login(editor)

    assert client.get(reverse("admin:articles_article_unpublish", args=[999999])).status_code == (
        404
    )


def test_editors_may_change_the_replacement_after_the_takedown(client, editor, published_guide):
    first = live_article(article__slug="first-replacement")
    better = live_article(article__slug="better-replacement")
    client.force_login(editor)
    client.post(take_down_url(published_guide), {"reason": "Merged.", "replacement": first.pk})
    data = {
        "slug": published_guide.slug,
        "topic": published_guide.topic_id,
        "replaced_by": better.pk,
        "versions-TOTAL_FORMS": 0,
        "versions-INITIAL_FORMS": 0,
    }

    client.post(article_url(published_guide), data)
    refused = client.post(article_url(published_guide), {**data, "replaced_by": published_guide.pk})

    published_guide.refresh_from_db()
    assert published_guide.replaced_by == better
    assert "A guide cannot replace itself; choose another guide or none." in (
        refused.content.decode()
    )
