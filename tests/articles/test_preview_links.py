"""Preview links for outside experts: who may make and revoke them, and what the link shows."""

import base64
import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles import permissions, preview_links, workflow
from articles.models import PreviewLink
from core import pagecache
from tests.articles.factories import ArticleVersionFactory, PersonFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "writer", "editor", "reviewer", "superuser"]
# Making a link is the action "share": editors and reviewers (superusers are both).
MAY_SHARE = {"editor", "reviewer", "superuser"}
BANNER = "Preview of an unpublished version"


@pytest.fixture
def link(open_draft, editor):
    """A 7-day link, made by the editor, to the writer's draft (version 2, "New title")."""
    return preview_links.create(open_draft, editor)


def _open(client, link):
    return client.get(link.url)


def _days(link):
    """How long `link` works, in days (to the minute: created_at is set a moment later)."""
    return round((link.expires_at - link.created_at) / timedelta(days=1), 3)


# Who may make and revoke links ----------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_and_reviewers_may_make_a_preview_link(request, open_draft, role):
    user = request.getfixturevalue(role)
    answer = permissions.check(open_draft, user, "share")

    if role in MAY_SHARE:
        link = preview_links.create(open_draft, user)
        assert link.created_by == user
        assert link.url == f"/preview/{link.token}/"
    else:
        with pytest.raises(preview_links.PreviewNotAllowed) as refused:
            preview_links.create(open_draft, user)
        assert refused.value.message == answer.reason
        assert not PreviewLink.objects.exists()
    assert bool(answer) is (role in MAY_SHARE)


@pytest.mark.parametrize("role", ROLES)
def test_editors_reviewers_and_the_links_maker_may_revoke_it(request, link, role):
    user = request.getfixturevalue(role)

    if role in MAY_SHARE:
        preview_links.revoke(link, user)
        link.refresh_from_db()
        assert link.revoked_by == user
        assert link.revoked_at is not None
    else:
        with pytest.raises(preview_links.PreviewNotAllowed) as refused:
            preview_links.revoke(link, user)
        assert refused.value.message == permissions.may_revoke(link, user).reason
        assert refused.value.message.startswith(("Sign in to", "Only editors and reviewers"))
        link.refresh_from_db()
        assert link.revoked_at is None


def test_the_maker_may_revoke_their_link_after_leaving_the_reviewers(open_draft, reviewer):
    link = preview_links.create(open_draft, reviewer)
    reviewer.groups.remove(Group.objects.get(name="Reviewers"))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # drop the cached permissions

    preview_links.revoke(link, reviewer)

    assert PreviewLink.objects.get(pk=link.pk).revoked_by == reviewer


def test_a_discarded_version_cannot_be_shared_and_its_links_stop_opening(
    client, link, open_draft, writer, editor
):
    workflow.discard(open_draft, writer)

    with pytest.raises(preview_links.PreviewNotAllowed, match="discarded"):
        preview_links.create(open_draft, editor)
    assert _open(client, link).status_code == 404


def test_revoking_twice_keeps_the_first_revocation(link, editor, reviewer):
    preview_links.revoke(link, editor)
    first = PreviewLink.objects.get(pk=link.pk).revoked_at

    preview_links.revoke(link, reviewer)

    link.refresh_from_db()
    assert (link.revoked_by, link.revoked_at) == (editor, first)


# Expiry and tokens ----------------------------------------------------------------------


def test_a_link_expires_after_7_days_by_default(open_draft, editor):
    before = timezone.now()
    link = preview_links.create(open_draft, editor)
    assert before + timedelta(days=7) <= link.expires_at <= timezone.now() + timedelta(days=7)


@pytest.mark.parametrize("days", [1, 30])
def test_a_link_may_last_from_1_to_30_days(open_draft, editor, days):
    link = preview_links.create(open_draft, editor, days=days)
    assert _days(link) == days


@pytest.mark.parametrize("days", [0, -1, 31, 365])
def test_other_lengths_are_refused_with_a_sentence(open_draft, editor, days):
    with pytest.raises(preview_links.PreviewNotAllowed) as refused:
        preview_links.create(open_draft, editor, days=days)
    assert refused.value.message == (
        f"A preview link works for 1 to 30 days; {days} is outside that range, so no link was made."
    )
    assert not PreviewLink.objects.exists()


def test_tokens_are_32_random_bytes_unrelated_to_ids(open_draft, editor):
    first, second = (preview_links.create(open_draft, editor) for _ in range(2))

    assert first.token != second.token
    for link in (first, second):
        assert len(base64.urlsafe_b64decode(link.token + "=")) >= 32
        assert str(link.pk) not in link.url.split("/")
        assert str(open_draft.pk) not in link.url.split("/")


# The public page ------------------------------------------------------------------------


def test_the_link_opens_without_an_account_with_the_versions_text_and_a_banner(client, link):
    response = _open(client, link)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>New title</h1>" in page
    assert "Original title" not in page
    assert re.search(rf'role="status"[^>]*>\s*<p><strong>{BANNER}</strong>', page)


def test_the_page_is_noindex_no_store_and_keeps_the_token_out_of_referers(client, link):
    response = _open(client, link)

    page = response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert {"private", "no-store"} <= set(re.split(r",\s*", response["Cache-Control"]))
    assert '<meta name="robots" content="noindex">' in page
    assert response["Referrer-Policy"] == "no-referrer"
    # No canonical or Open Graph address: they would repeat the token for crawlers and chats.
    assert 'rel="canonical"' not in page
    assert "og:url" not in page


@pytest.mark.parametrize("case", ["expired", "revoked", "wrong", "too long", "odd characters"])
def test_expired_revoked_and_wrong_tokens_get_the_same_404(client, link, editor, case):
    not_found = client.get("/preview/no-such-token/")
    if case == "expired":
        PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    elif case == "revoked":
        preview_links.revoke(link, editor)
    token = {
        "wrong": link.token[:-1],
        "too long": link.token + "x" * 99,
        "odd characters": link.token[:9] + "%00" + link.token[9:],
    }.get(case, link.token)
    response = client.get(f"/preview/{token}/")

    assert response.status_code == 404
    assert "New title" not in response.content.decode()
    assert response.content == not_found.content
    assert PreviewLink.objects.get(pk=link.pk).open_count == 0


def test_a_link_keeps_showing_its_version_after_newer_ones_go_live(
    client, link, open_draft, published_guide, writer, reviewer
):
    workflow.approve(workflow.submit(open_draft, writer), reviewer)
    third = workflow.start_draft(published_guide, writer)
    third.title = "Third title"
    workflow.approve(workflow.submit(workflow.save_draft(third, writer), writer), reviewer)

    page = _open(client, link).content.decode()

    assert "<h1>New title</h1>" in page
    assert "Third title" not in page
    assert "Third title" in client.get(published_guide.get_absolute_url()).content.decode()


def test_each_opening_is_counted_timed_and_logged(client, link, caplog):
    before = timezone.now()
    with caplog.at_level(logging.INFO, logger="articles.preview_links"):
        _open(client, link)
        _open(client, link)

    link.refresh_from_db()
    assert link.open_count == 2
    assert link.last_opened_at >= before
    line = f"preview link {link.pk} for version {link.version_id} opened"
    assert [r.getMessage() for r in caplog.records] == [line, line]
    assert link.token not in caplog.text


def test_the_page_never_goes_through_the_page_cache(client, link, editor, monkeypatch):
    used = []
    monkeypatch.setattr(pagecache, "get", lambda *args: used.append("get"))
    monkeypatch.setattr(pagecache, "put", lambda *args: used.append("put"))

    first = _open(client, link)
    preview_links.revoke(link, editor)
    second = _open(client, link)

    assert (first.status_code, second.status_code) == (200, 404)
    assert used == []


def test_an_unpublished_guide_shared_by_link_stays_off_every_public_channel(client, editor):
    version = ArticleVersionFactory(
        title="Quokka habitats draft", author=PersonFactory(name="Quentin Quokka")
    )
    link = preview_links.create(version, editor)
    assert _open(client, link).status_code == 200

    channels = {
        "guide page": client.get(version.article.get_absolute_url()),
        "guide list": client.get(reverse("articles:list")),
        "home": client.get("/"),
        "sitemap": client.get("/sitemap.xml"),
        "feed": client.get("/feeds/articles/"),
        "search": client.get("/search/", {"q": "quokka"}),
    }
    # Searching for the token itself finds nothing (the page only repeats the query).
    by_token = client.get("/search/", {"q": link.token}).content.decode()

    assert channels.pop("guide page").status_code == 404
    for name, response in channels.items():
        text = response.content.decode()
        assert "Quokka" not in text, name
        assert link.token not in text, name
        assert "/preview/" not in text, name
    assert "No results for" in by_token
    assert "/preview/" not in by_token
