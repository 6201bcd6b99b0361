"""Two gunicorn app servers on one PostgreSQL database and one Redis, Varnish in front: an
editor's publish through one server is fresh through the proxy and on the other server at once.

Runs where the suite runs on PostgreSQL with a Redis cache (the second run of `.ci/run`): the
app servers, started here, serve the test database and share the test's cache.
"""

import os
import secrets
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from articles import workflow
from tests.articles.factories import live_article
from tests.proxy import varnish

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_stores():
    if connection.vendor != "postgresql" or "redis" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (CACHE_URL), as in .ci/run")
    if reason := varnish.missing():
        pytest.skip(reason)
    db = connection.settings_dict
    user = quote(db["USER"] or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return {
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}",
        "CACHE_URL": settings.CACHES["default"]["LOCATION"],
    }


class AppServer:
    """gunicorn with 2 workers on a free loopback port; stopped by its PID."""

    def __init__(self, port, env, log_dir):
        self.port = port
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"gunicorn-{self.port}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn)
                [str(ROOT / ".venv" / "bin" / "gunicorn"), "guidesite.wsgi", "--workers", "2",
                 "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_until_up(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text(errors='replace')}")
            try:
                if varnish.fetch(self.url + "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture
def two_app_servers_behind_varnish(shared_stores, tmp_path):
    ports = [varnish.free_port(), varnish.free_port()]
    proxy = varnish.Varnish([("127.0.0.1", port) for port in ports])
    env = {
        **os.environ,
        **shared_stores,
        "DJANGO_SETTINGS_MODULE": "tests.proxy.gunicorn_settings",
        "ENV_FILE": "",
        "DEBUG": "False",
        # The test's own: the session it signs an editor in with must be valid there.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "EMAIL_URL": "consolemail://",
        "TASKS_BACKEND": "immediate",
        "FRONTEND_CACHE_URLS": proxy.url,
        "LOG_LEVEL": "WARNING",
    }
    servers = []
    try:
        servers = [AppServer(port, env, tmp_path) for port in ports]
        for server in servers:
            server.wait_until_up()
        yield proxy, servers
    finally:
        for server in servers:
            server.stop()
        proxy.stop()


def _signed_in(user):
    """Cookie and form fields for a POST as `user`: a session in the shared database and a
    CSRF secret sent both as the cookie and in the form."""
    client = Client()
    client.force_login(user)
    csrf = secrets.token_hex(16)  # 32 letters and digits: a valid unmasked CSRF secret
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    return {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, csrf


def test_a_publish_through_one_app_server_is_fresh_through_the_proxy_and_on_the_other(
    two_app_servers_behind_varnish, writer, reviewer
):
    proxy, (first, second) = two_app_servers_behind_varnish
    article = live_article(author=writer.person, title="The old title")
    path = article.get_absolute_url()
    for _ in range(3):  # the proxy's round robin fills each server's page cache too
        proxy.request(path)
    assert proxy.request(path)[1]["x-cache"] == "hit"
    for server in (first, second):
        assert "The old title" in varnish.fetch(server.url + path)[2].decode()
    draft = workflow.start_draft(article, writer)
    draft.title = "The new title"
    draft.change_note = "Retitled"
    workflow.save_draft(draft, writer)
    workflow.submit(draft, writer)
    headers, csrf = _signed_in(reviewer)

    status, answer_headers, body = varnish.fetch(
        f"{first.url}/admin/articles/articleversion/{draft.pk}/review/",
        method="POST",
        headers=headers,
        body=f"csrfmiddlewaretoken={csrf}&decision=approve&edit_count={draft.edit_count}",
    )

    assert status == 302, body.decode()[:2000]
    assert answer_headers["location"].startswith("/admin/"), answer_headers["location"]
    assert "login" not in answer_headers["location"]
    published = time.monotonic()
    through_proxy = proxy.request(path)
    on_the_other = varnish.fetch(second.url + path)
    assert time.monotonic() - published < 1.0
    for answer in (through_proxy, on_the_other):
        assert answer[0] == 200
        assert "The new title" in answer[2].decode()
        assert "The old title" not in answer[2].decode()
    assert through_proxy[1]["x-cache"] == "miss"
    assert proxy.request(path)[1]["x-cache"] == "hit"
