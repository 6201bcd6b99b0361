"""Old guide addresses answer 301 to the address now: no chains, no loops, not in the sitemap."""

import pytest
from django.urls import reverse

from articles import redirects, workflow
from articles.models import ArticleRedirect
from tests.articles.factories import ArticleVersionFactory, live_article

pytestmark = pytest.mark.django_db


def rename(client, article, slug):
    """Change the guide's address on its admin page, as an editor would; returns the response."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "slug": slug,
        "topic": article.topic_id,
        "versions-TOTAL_FORMS": 0,
        "versions-INITIAL_FORMS": 0,
    }
    if article.is_featured:
        data["is_featured"] = "on"
    response = client.post(url, data, follow=True)
    article.refresh_from_db()
    return response


@pytest.fixture
def moving_guide():
    return live_article(article__slug="first-address", title="A guide that moves")


def test_renaming_a_guide_sends_its_old_address_to_the_new_one(client, editor, moving_guide):
    client.force_login(editor)

    response = rename(client, moving_guide, "second-address")

    assert moving_guide.slug == "second-address"
    assert (
        "The old address /articles/first-address/ now sends readers to /articles/second-address/."
    ) in response.content.decode()
    client.logout()
    moved = client.get("/articles/first-address/")
    assert moved.status_code == 301
    assert moved["Location"] == "/articles/second-address/"
    assert ArticleRedirect.objects.get().created_by == editor


def test_a_guide_moved_twice_sends_its_first_address_straight_to_the_current_one(
    client, editor, moving_guide
):
    client.force_login(editor)
    rename(client, moving_guide, "second-address")
    rename(client, moving_guide, "third-address")
    client.logout()

    for old in ("first-address", "second-address"):
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301, old
        assert response["Location"] == "/articles/third-address/", old  # one hop, no chain
    assert client.get("/articles/third-address/").status_code == 200


def test_moving_a_guide_back_to_an_old_address_deletes_that_redirect(client, editor, moving_guide):
    client.force_login(editor)
    rename(client, moving_guide, "second-address")

    rename(client, moving_guide, "first-address")

    assert list(ArticleRedirect.objects.values_list("old_slug", flat=True)) == ["second-address"]
    client.logout()
    assert client.get("/articles/first-address/").status_code == 200
    assert client.get("/articles/second-address/")["Location"] == "/articles/first-address/"


def test_a_new_guide_at_an_old_address_takes_it_over(client, editor, moving_guide):
    redirects.record_move(moving_guide, "taken-over", editor)
    topic = moving_guide.topic
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "slug": "taken-over",
            "topic": topic.pk,
            "versions-TOTAL_FORMS": 0,
            "versions-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    assert not ArticleRedirect.objects.filter(old_slug="taken-over").exists()


def test_a_redirect_from_a_live_guides_address_is_refused_with_a_message(
    client, editor, moving_guide
):
    other = live_article(article__slug="another-guide")
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_articleredirect_add"),
        {"old_slug": "another-guide", "article": moving_guide.pk},
    )

    assert response.status_code == 200
    assert (
        "/articles/another-guide/ is the address of a guide now; a redirect from it would never "
        "be used. Change that guide&#x27;s address first."
    ) in response.content.decode()
    assert not ArticleRedirect.objects.exists()
    assert client.get(other.get_absolute_url()).status_code == 200


def test_editors_add_a_redirect_in_the_admin(client, editor, moving_guide):
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_articleredirect_add"),
        {"old_slug": "an-address-from-print", "article": moving_guide.pk},
    )

    assert response.status_code == 302
    redirect = ArticleRedirect.objects.get()
    assert (redirect.old_slug, redirect.article, redirect.created_by) == (
        "an-address-from-print",
        moving_guide,
        editor,
    )
    client.logout()
    assert client.get("/articles/an-address-from-print/")["Location"] == "/articles/first-address/"


def test_editors_find_and_delete_redirects_in_the_admin(client, editor, moving_guide):
    redirects.record_move(moving_guide, "old-one", editor)
    redirects.record_move(moving_guide, "other-old-one", editor)
    redirect = ArticleRedirect.objects.get(old_slug="old-one")
    client.force_login(editor)

    listing = client.get(reverse("admin:articles_articleredirect_changelist"), {"q": "other"})
    client.post(
        reverse("admin:articles_articleredirect_delete", args=[redirect.pk]), {"post": "yes"}
    )

    assert "/articles/other-old-one/" in listing.content.decode()
    assert "/articles/old-one/" not in listing.content.decode()
    assert list(ArticleRedirect.objects.values_list("old_slug", flat=True)) == ["other-old-one"]
    client.logout()
    assert client.get("/articles/old-one/").status_code == 404


@pytest.mark.parametrize(
    ("role", "list_status", "add_status"),
    [
        ("editor", 200, 200),
        ("superuser", 200, 200),
        ("writer", 200, 403),
        ("reviewer", 200, 403),
        ("staff", 403, 403),
    ],
)
def test_who_may_see_and_add_redirects(client, request, role, list_status, add_status):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("admin:articles_articleredirect_changelist")).status_code == (
        list_status
    )
    assert client.get(reverse("admin:articles_articleredirect_add")).status_code == add_status


def test_the_sitemap_lists_only_current_addresses(client, editor, moving_guide):
    client.force_login(editor)
    rename(client, moving_guide, "second-address")
    rename(client, moving_guide, "third-address")
    client.logout()

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "/articles/third-address/" in sitemap
    assert "/articles/first-address/" not in sitemap
    assert "/articles/second-address/" not in sitemap


def test_an_old_address_of_a_guide_taken_down_answers_410(client, editor, moving_guide):
    redirects.record_move(moving_guide, "old-address", editor)
    workflow.unpublish(moving_guide, editor, "Legal request.")

    assert client.get("/articles/old-address/").status_code == 410


def test_an_old_address_of_a_guide_taken_down_goes_to_its_replacement(client, editor, moving_guide):
    replacement = live_article(article__slug="replacement-guide")
    redirects.record_move(moving_guide, "old-address", editor)
    workflow.unpublish(moving_guide, editor, "Merged.", replacement)

    response = client.get("/articles/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/replacement-guide/"


def test_renaming_a_guide_never_published_keeps_no_redirect(client, editor):
    draft_guide = ArticleVersionFactory(article__slug="draft-address").article
    client.force_login(editor)

    rename(client, draft_guide, "better-draft-address")

    assert draft_guide.slug == "better-draft-address"
    assert not ArticleRedirect.objects.exists()
    client.logout()
    assert client.get("/articles/draft-address/").status_code == 404


def test_a_redirect_to_a_guide_not_live_tells_nothing(client, editor):
    draft_guide = ArticleVersionFactory().article
    ArticleRedirect.objects.create(old_slug="somewhere-old", article=draft_guide)

    assert client.get("/articles/somewhere-old/").status_code == 404
