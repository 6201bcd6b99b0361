"""Guides through Varnish (deploy/varnish/default.vcl): an editor's publish, unpublish or edit of
live content is seen through the proxy at once and the old page never after, under load; a
draft's save purges nothing; nothing personal is ever kept by the proxy."""

import threading
import time
from dataclasses import dataclass

import pytest
from django.test import Client

from articles import preview_links, workflow
from core import pagecache
from tests.articles.factories import live_article
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Answer:
    started: float
    ended: float
    status: int
    body: str
    cache: str


class Visitors:
    """Anonymous visitors asking for one address through the proxy, as fast as they can."""

    def __init__(self, proxy, path, count=4):
        self.proxy, self.path = proxy, path
        self.answers = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._visit) for _ in range(count)]

    def _visit(self):
        while not self.stop.is_set():
            started = time.monotonic()
            status, headers, body = self.proxy.request(self.path)
            self.answers.append(
                Answer(started, time.monotonic(), status, body.decode(), headers.get("x-cache"))
            )

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def after(self, moment):
        return [answer for answer in self.answers if answer.started >= moment]

    def before(self, moment):
        return [answer for answer in self.answers if answer.ended <= moment]


def _changed_under_load(proxy, path, change, seconds=1.5):
    """Run `change` while visitors load `path`; return them and when `change` returned."""
    with Visitors(proxy, path) as visitors:
        time.sleep(0.4)
        change()
        done = time.monotonic()
        time.sleep(seconds)
    return visitors, done


def _cached(proxy, path):
    proxy.request(path)
    status, headers, _body = proxy.request(path)
    assert (status, headers["x-cache"]) == (200, "hit"), "the proxy keeps the page"


def test_a_new_version_is_seen_through_the_proxy_at_once_and_the_old_one_never_after(
    proxy, writer, reviewer, monkeypatch
):
    article = live_article(author=writer.person, title="The old title")
    other = live_article(title="Another guide")
    path, other_path = article.get_absolute_url(), other.get_absolute_url()
    _cached(proxy, path)
    _cached(proxy, other_path)
    draft = workflow.start_draft(article, writer)
    draft.title = "The new title"
    draft.change_note = "Retitled"
    workflow.save_draft(draft, writer)
    workflow.submit(draft, writer)
    assert proxy.request(path)[1]["x-cache"] == "hit", "saving a draft purges nothing"

    # When the publish committed: the page cache's commit step runs right after it, before
    # approve() returns (and before the proxy is purged). A visitor may see the new version from
    # then on, so only answers ended by then must show the old one.
    committed = []
    commit = pagecache._commit
    monkeypatch.setattr(
        pagecache, "_commit", lambda tags: (committed.append(time.monotonic()), commit(tags))
    )

    visitors, published = _changed_under_load(
        proxy, path, lambda: workflow.approve(draft, reviewer)
    )

    before, after = visitors.before(committed[0]), visitors.after(published)
    assert before
    assert after
    assert all("The new title" not in answer.body for answer in before)
    assert all(answer.status == 200 for answer in visitors.answers)
    stale = [answer for answer in after if "The old title" in answer.body]
    assert stale == [], f"{len(stale)} of {len(after)} answers after the publish were stale"
    first_new = min(a.ended for a in visitors.answers if "The new title" in a.body)
    assert first_new - published < 1.0
    # Served from the proxy again once fetched, and the other guide was never purged.
    hits = sum(answer.cache == "hit" for answer in after)
    assert hits > len(after) / 2, f"{hits} of {len(after)} answers after the publish were hits"
    assert proxy.request(other_path)[1]["x-cache"] == "hit"


def test_an_unpublished_guide_is_gone_through_the_proxy_at_once(proxy, editor):
    article = live_article(title="Soon withdrawn")
    path = article.get_absolute_url()
    _cached(proxy, path)

    visitors, done = _changed_under_load(
        proxy, path, lambda: workflow.unpublish(article, editor, "Out of date"), seconds=1.0
    )

    after = visitors.after(done)
    assert after
    assert [a for a in after if a.status == 200 or "Soon withdrawn" in a.body] == []


def test_an_edit_of_a_program_a_guide_shows_is_seen_through_the_proxy_at_once(proxy):
    program = ProgramFactory(name="Old program name")
    article = live_article(title="A guide with a program")
    article.live_version.programs.add(program)
    path = article.get_absolute_url()
    assert "Old program name" in proxy.request(path)[2].decode()
    _cached(proxy, path)

    def rename():
        program.name = "New program name"
        program.save()

    visitors, done = _changed_under_load(proxy, path, rename, seconds=1.0)

    after = visitors.after(done)
    assert after
    assert [a for a in after if "Old program name" in a.body] == []
    assert all("New program name" in a.body for a in after)


def test_a_signed_in_editors_pages_are_never_kept_by_the_proxy(proxy, editor):
    article = live_article(title="Read by an editor")
    path = article.get_absolute_url()
    client = Client()
    client.force_login(editor)
    session = f"sessionid={client.cookies['sessionid'].value}"

    for _ in range(2):
        status, headers, _body = proxy.request(path, headers={"Cookie": session})
        assert (status, headers["x-cache"]) == (200, "miss")
        assert "private" in headers["cache-control"]
        status, headers, body = proxy.request("/admin/", headers={"Cookie": session})
        assert (status, headers["x-cache"]) == (200, "miss")
        assert "no-store" in headers["cache-control"]
    # Nothing the editor was sent is served to anyone else.
    assert proxy.request(path)[1]["x-cache"] == "miss"
    assert proxy.request("/admin/")[0] == 302


def test_a_preview_link_is_never_kept_and_stops_working_at_once_when_revoked(proxy, writer, editor):
    article = live_article(author=writer.person)
    draft = workflow.start_draft(article, writer)
    draft.title = "Draft only an expert may read"
    workflow.save_draft(draft, writer)
    link = preview_links.create(draft, editor)
    path = f"/preview/{link.token}/"

    for _ in range(2):
        status, headers, body = proxy.request(path)
        assert (status, headers["x-cache"]) == (200, "miss")
        assert "Draft only an expert may read" in body.decode()
        assert "no-store" in headers["cache-control"]
    preview_links.revoke(link, editor)

    status, _headers, body = proxy.request(path)
    assert status == 404
    assert "Draft only an expert may read" not in body.decode()
    assert (
        "Draft only an expert may read" not in proxy.request(article.get_absolute_url())[2].decode()
    )
