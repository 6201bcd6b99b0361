"""Each URL answers only the methods its view takes: TRACE nowhere, OPTIONS without the page."""

import pytest
from django.urls import reverse

from tests.articles.factories import live_article

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/search/",
    "/articles/",
    "/articles/a-guide/",
    "/topics/a-topic/",
    "/people/",
    "/people/a-person/",
    "/careers/",
    "/careers/a-career/",
    "/programs/",
    "/programs/compare/",
    "/programs/match/",
    "/programs/a-program/",
    "/schools/a-school/",
    "/an-about-page/",
    "/sitemap.xml",
    "/feeds/articles/",
    "/robots.txt",
    "/healthz",
]


@pytest.mark.parametrize(
    "url", [*PUBLIC_PAGES, "/admin/", "/admin/login/", "/no/such/page/", "/static/site.css"]
)
def test_trace_is_refused_everywhere(client, url):
    live_article()

    response = client.generic("TRACE", url, HTTP_COOKIE="sessionid=secret")

    assert response.status_code == 405
    assert b"secret" not in response.content


def test_other_methods_nobody_takes_are_refused(client):
    for method in ("TRACK", "CONNECT", "PROPFIND"):
        assert client.generic(method, "/").status_code == 405


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_options_on_a_public_page_lists_get_and_head_only(client, url):
    response = client.options(url)

    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.content == b""


def test_options_on_a_form_lists_post_too(client):
    response = client.options(reverse("admin:login"))

    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_options_on_a_post_only_action_lists_post_only(client):
    url = reverse("admin:articles_articleversion_act", args=[1, "approve"])

    response = client.options(url)

    assert response["Allow"] == "POST, OPTIONS"
    assert response.content == b""


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_public_page_refuses_writes_with_405_and_says_what_it_takes(client, method):
    response = getattr(client, method)("/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_get_and_head_still_serve_the_page(client):
    live_article()

    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200


def test_a_rejected_next_after_sign_in_lands_on_the_admin_home(client, editor):
    login = reverse("admin:login")
    for next_url in ("https://evil.example/steal", "//evil.example/", "javascript:alert(1)"):
        response = client.post(
            f"{login}?next={next_url}",
            {
                "username": editor.username,
                "password": "correct horse battery staple",
                "next": next_url,
            },
        )

        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
        assert client.get(response["Location"]).status_code == 200
        client.logout()


def test_a_safe_next_after_sign_in_is_followed(client, editor):
    target = reverse("admin:articles_person_changelist")

    response = client.post(
        f"{reverse('admin:login')}?next={target}",
        {"username": editor.username, "password": "correct horse battery staple", "next": target},
    )

    assert response["Location"] == target
