"""Varnish (deploy/varnish/default.vcl) in front of the live server, for the proxy tests.

Skipped, with the reason, where Debian's varnish and varnish-modules are not installed (`make
test` installs them). One varnishd per test module; each test starts with an empty cache.
"""

from urllib.parse import urlsplit

import pytest

from core import frontend_cache
from tests.proxy import varnish


@pytest.fixture(scope="module")
def _varnish_in_front_of_the_live_server(live_server):
    if reason := varnish.missing():
        pytest.skip(reason)
    proxy = varnish.Varnish([("127.0.0.1", urlsplit(live_server.url).port)])
    yield proxy
    proxy.stop()


def _rebuild_middleware(live_server):
    # The live server is started once per session, possibly before this test's settings were
    # applied, and middleware reads some settings (SECURE_SSL_REDIRECT) only when it is built.
    handler = live_server.thread.httpd.get_app()
    while hasattr(handler, "application"):
        handler = handler.application
    handler.load_middleware()


@pytest.fixture
def proxy(_varnish_in_front_of_the_live_server, live_server, transactional_db, settings):
    """Varnish in front of the live server, purged by the application, emptied first."""
    _rebuild_middleware(live_server)
    settings.FRONTEND_CACHE_URLS = [_varnish_in_front_of_the_live_server.url]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    settings.ROOT_URLCONF = "tests.proxy.urls"
    frontend_cache.purge_all()
    return _varnish_in_front_of_the_live_server
