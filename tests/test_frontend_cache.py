"""The purge client (core/frontend_cache.py) as a proxy sees it: what it sends, to whom, and that
nothing it meets ever fails the change that asked for it. tests/proxy/ runs it against Varnish."""

import http.server
import threading
import time

import pytest

from core import frontend_cache


class Recorder(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        self.server.seen.append((self.command, self.path, self.headers.get("xkey-purge")))
        time.sleep(self.server.delay)
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def proxies(settings):
    """Two recording stand-ins for Varnish, listed in FRONTEND_CACHE_URLS."""
    servers = []
    for _ in range(2):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        server.seen, server.status, server.delay = [], 200, 0
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    settings.FRONTEND_CACHE_URLS = [f"http://127.0.0.1:{s.server_address[1]}" for s in servers]
    settings.FRONTEND_CACHE_TIMEOUT = 0.5
    yield servers
    for server in servers:
        server.shutdown()
        server.server_close()


def test_purge_tells_every_proxy_the_tags_once_each_in_one_request(proxies):
    frontend_cache.purge(["person-3", "guide-12", "guide-12", "list-guides"])

    for proxy in proxies:
        assert proxy.seen == [("PURGE", "/", "guide-12 list-guides person-3")]


def test_purge_accepts_a_string_of_tags_and_purge_all_bans_everything(proxies):
    frontend_cache.purge("guide-1 guide-2")
    frontend_cache.purge_all()

    assert proxies[0].seen == [("PURGE", "/", "guide-1 guide-2"), ("BAN", "/", None)]


def test_thousands_of_tags_go_in_requests_the_proxy_accepts(proxies):
    tags = [f"program-{n}" for n in range(3000)]

    frontend_cache.purge(tags)

    sent = proxies[0].seen
    assert len(sent) > 1
    assert all(len(header) <= frontend_cache.MAX_HEADER for _, _, header in sent)
    assert sorted(tag for _, _, header in sent for tag in header.split()) == sorted(tags)


def test_nothing_is_sent_without_proxies_or_tags(proxies, settings):
    frontend_cache.purge([])
    settings.FRONTEND_CACHE_URLS = []
    frontend_cache.purge(["guide-1"])
    frontend_cache.purge_all()

    assert proxies[0].seen == []


def test_a_tag_that_would_break_the_header_is_left_out_and_logged(proxies, caplog):
    with caplog.at_level("WARNING", logger="core.frontend_cache"):
        frontend_cache.purge(["guide-1", "guide-2\r\nX-Injected: 1", "two words"])

    assert proxies[0].seen == [("PURGE", "/", "guide-1")]
    assert len(caplog.records) == 1
    assert "skipped" in caplog.records[0].getMessage()


def test_a_refusing_or_slow_proxy_is_logged_in_one_line_and_the_others_still_purged(
    proxies, caplog
):
    proxies[0].status = 403
    proxies[1].delay = 2  # longer than FRONTEND_CACHE_TIMEOUT
    started = time.monotonic()

    with caplog.at_level("WARNING", logger="core.frontend_cache"):
        frontend_cache.purge(["guide-1"])

    assert time.monotonic() - started < 2
    messages = [record.getMessage() for record in caplog.records]
    assert (
        messages[0]
        == f"Frontend cache PURGE http://127.0.0.1:{proxies[0].server_address[1]} answered 403"
    )
    assert messages[1].startswith(
        f"Frontend cache PURGE http://127.0.0.1:{proxies[1].server_address[1]} failed: "
    )
    assert len(messages) == 2
    assert all("\n" not in message for message in messages)
