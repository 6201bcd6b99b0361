"""Preview links in the admin: the version page's share button and list, the links' own list."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles import preview_links
from articles.models import PreviewLink
from tests.articles.admin_support import change_url, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(open_draft, editor):
    """A 7-day link, made by the editor, to the writer's draft ("New title")."""
    return preview_links.create(open_draft, editor)


def _days(link):
    """How long `link` works, in days (to the minute: created_at is set a moment later)."""
    return round((link.expires_at - link.created_at) / timedelta(days=1), 3)


def _share(client, version, **data):
    url = reverse("admin:articles_articleversion_share", args=[version.pk])
    return client.post(url, data, follow=True)


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_the_share_button_makes_a_7_day_link_and_shows_its_address(client, open_draft, editor):
    response = _share(signed_in(client, editor), open_draft)

    link = PreviewLink.objects.get()
    until = timezone.localtime(link.expires_at)
    [message] = _messages(response)
    assert response.redirect_chain == [(change_url(open_draft), 302)]
    assert settings.SITE_URL + link.url in message
    assert until.strftime("%-d %B %Y, %H:%M") in message
    assert _days(link) == 7
    # The version page lists it, ready to copy.
    assert f'value="{settings.SITE_URL}{link.url}"' in response.content.decode()


def test_the_share_form_takes_a_number_of_days(client, open_draft, reviewer):
    _share(signed_in(client, reviewer), open_draft, days="3")

    link = PreviewLink.objects.get()
    assert link.created_by == reviewer
    assert _days(link) == 3


@pytest.mark.parametrize(
    ("days", "said"),
    [("45", "1 to 30 days; 45 is outside"), ("abc", "as a whole number"), ("0", "0 is outside")],
)
def test_bad_days_in_the_share_form_are_explained(client, open_draft, editor, days, said):
    response = _share(signed_in(client, editor), open_draft, days=days)

    assert response.status_code == 200
    assert said in " ".join(_messages(response))
    assert not PreviewLink.objects.exists()


@pytest.mark.parametrize("role", ["writer", "staff"])
def test_the_share_button_refuses_those_who_may_not_share(request, client, open_draft, role):
    url = reverse("admin:articles_articleversion_share", args=[open_draft.pk])

    response = signed_in(client, request.getfixturevalue(role)).post(url)

    assert response.url == change_url(open_draft)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Only editors and reviewers may share a preview of this version."
    ]
    assert not PreviewLink.objects.exists()


def test_the_share_button_sends_anonymous_visitors_to_sign_in(client, open_draft):
    response = client.post(reverse("admin:articles_articleversion_share", args=[open_draft.pk]))

    assert response.url.startswith(reverse("admin:login"))
    assert not PreviewLink.objects.exists()


def test_the_writer_sees_the_links_on_the_version_page_but_not_their_address(
    client, link, open_draft, writer
):
    page = signed_in(client, writer).get(change_url(open_draft)).content.decode()

    assert "Preview links for outside experts" in page
    assert "Active" in page
    assert link.token not in page
    assert "Revoke this link" not in page
    assert "Only editors and reviewers may share a preview of this version." in page


def test_revoking_from_the_version_page_stops_the_link(client, link, open_draft, reviewer):
    url = reverse("admin:articles_articleversion_revoke_link", args=[link.pk])

    response = signed_in(client, reviewer).post(url, follow=True)

    assert response.redirect_chain == [(change_url(open_draft), 302)]
    assert _messages(response) == [
        f"The preview link to version {open_draft.number} was revoked; it no longer opens."
    ]
    assert "Revoked" in response.content.decode()
    client.logout()
    assert client.get(link.url).status_code == 404


def test_the_writer_cannot_revoke_from_the_version_page(client, link, writer):
    url = reverse("admin:articles_articleversion_revoke_link", args=[link.pk])

    response = signed_in(client, writer).post(url, follow=True)

    assert _messages(response) == ["Only editors and reviewers may revoke this preview link."]
    assert PreviewLink.objects.get(pk=link.pk).revoked_at is None


def test_the_links_list_revokes_selected_links(client, link, open_draft, editor):
    other = preview_links.create(open_draft, editor)
    url = reverse("admin:articles_previewlink_changelist")
    client = signed_in(client, editor)

    listing = client.get(url).content.decode()
    response = client.post(
        url,
        {"action": "revoke_selected", "_selected_action": [link.pk, other.pk]},
        follow=True,
    )

    assert "New title" in listing
    assert _messages(response) == ["2 preview links were revoked; they no longer open."]
    assert PreviewLink.objects.filter(revoked_at__isnull=True).count() == 0


def test_links_are_read_only_in_the_admin_and_made_only_from_a_version(client, link, editor):
    client = signed_in(client, editor)

    add = client.get(reverse("admin:articles_previewlink_add"))
    page = client.get(reverse("admin:articles_previewlink_change", args=[link.pk]))

    assert add.status_code == 403
    assert settings.SITE_URL + link.url in page.content.decode()
    assert 'name="_save"' not in page.content.decode()


def test_writers_see_neither_the_address_nor_the_revoke_action(client, link, writer):
    client = signed_in(client, writer)

    listing = client.get(reverse("admin:articles_previewlink_changelist")).content.decode()
    page = client.get(reverse("admin:articles_previewlink_change", args=[link.pk]))

    assert "revoke_selected" not in listing
    assert link.token not in page.content.decode()


def test_the_links_list_says_which_links_still_open(client, link, open_draft, editor):
    revoked = preview_links.revoke(preview_links.create(open_draft, editor), editor)
    expired = preview_links.create(open_draft, editor)
    PreviewLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    url = reverse("admin:articles_previewlink_changelist")
    client = signed_in(client, editor)

    def shown(status):
        page = client.get(url, {"status": status})
        return {row.pk for row in page.context["cl"].result_list}

    listing = client.get(url).content.decode()

    assert {"Active", "Revoked", "Expired"} <= set(re.findall(r'field-status">(\w+)<', listing))
    assert shown("active") == {link.pk}
    assert shown("revoked") == {revoked.pk}
    assert shown("expired") == {expired.pk}
