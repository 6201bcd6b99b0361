"""Playwright fixtures: Debian's Chromium, the demo site on a live server, desktop and phone pages.

The checks need Chromium at /usr/bin/chromium (or $CHROME_PATH) and `npm install --ignore-scripts`
for axe-core; when either is missing the tests fail and say so, they are never skipped.
"""

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.pages import DESKTOP, PHONE, load_demo_content, page_types

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Names other than loopback never resolve, so a stray CDN link cannot leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.*, EXCLUDE ::1",
]


def is_loopback_url(url):
    """True for URLs the page may load: loopback hosts, data: and blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    host = (parts.hostname or "").strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Content types are cached per process by id. A transactional test elsewhere in this process
    may have flushed the table and recreated the rows under new ids (the groups' permissions
    bring them back), and this test restores the migrated ids: a stale cache would then write
    admin log entries pointing at ids that no longer exist (PostgreSQL refuses them)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright():
    # Playwright's sync API keeps an asyncio loop running in the test thread, and Django refuses
    # ORM calls while a loop runs there. The flag is set only while the browser tests run.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="package")
def migrated_rows(django_db_setup):
    """The rows migrations wrote (the editorial groups), as Django serialized them at setup."""
    from django.db import connection

    # Read before Playwright starts (the browser fixture asks for this one): afterwards this
    # thread may be handed a new connection object that does not carry the serialized copy.
    # None when no test of the session asked for the demo site, so no copy was made.
    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="package")
def browser(_orm_beside_playwright, migrated_rows):
    """Debian's Chromium, launched once for the browser tests."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install it with `apt-get install -y chromium`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="package")
def axe_source():
    """The source of axe-core from node_modules."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing at {AXE_JS}: run `npm install --ignore-scripts`.")
    return AXE_JS.read_text(encoding="utf-8")


@dataclass
class DemoSite:
    base_url: str
    pages: dict

    def url(self, name):
        return self.base_url + self.pages[name].path


def _rebuild_middleware(live_server):
    # The live server is started once per session, possibly before this test's settings were
    # applied, and middleware reads some settings (SECURE_SSL_REDIRECT) only when it is built.
    handler = live_server.thread.httpd.get_app()
    while hasattr(handler, "application"):
        handler = handler.application
    handler.load_middleware()


@pytest.fixture
def live_site(
    live_server, transactional_db, django_db_serialized_rollback, migrated_rows, settings
):
    """The live server's URL, over a database holding only what migrations wrote."""
    from django.core.management import call_command
    from django.db import connection

    if migrated_rows is None:
        pytest.fail("The test database was set up without a serialized copy of its rows.")
    _rebuild_middleware(live_server)
    if not hasattr(connection, "_test_serialized_contents"):
        # Once Playwright runs, this thread may get a new connection object, unknown to Django's
        # serialized rollback: restore the migrated rows by hand once and hand it the copy, so
        # that Django's rollback restores them again after each following test's flush.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(migrated_rows)
        connection._test_serialized_contents = migrated_rows
    return live_server.url


@pytest.fixture
def demo_site(live_site):
    """The site with the demo content, served on loopback by a live server (media included)."""
    load_demo_content()
    return DemoSite(base_url=live_site, pages=page_types())


@dataclass
class Visit:
    """A browser tab plus what it tried to load from elsewhere and what it logged as errors."""

    page: object
    blocked: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)

    @property
    def width(self):
        return self.page.viewport_size["width"]


@pytest.fixture
def open_tab(browser):
    """Open a tab in a fresh context; every non-loopback request is aborted and recorded."""
    contexts = []

    def open_(options, javascript=True):
        context = browser.new_context(**options, java_script_enabled=javascript)
        contexts.append(context)
        visit = Visit(page=context.new_page())

        def guard(route):
            if is_loopback_url(route.request.url):
                route.continue_()
            else:
                visit.blocked.append(route.request.url)
                route.abort("blockedbyclient")

        def on_console(message):
            if message.type == "error":
                visit.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

        context.route("**/*", guard)
        visit.page.on("console", on_console)
        visit.page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
        return visit

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def desktop_tab(open_tab):
    """A 1366x768 desktop tab."""
    return open_tab(DESKTOP)


@pytest.fixture
def phone_tab(open_tab):
    """A 390x844 phone tab with touch and mobile layout."""
    return open_tab(PHONE)


@pytest.fixture
def axe(axe_source):
    """Run axe-core's default rules on a page and return its violations."""

    def run(page):
        page.evaluate(axe_source)
        return page.evaluate("() => window.axe.run(document, {resultTypes: ['violations']})")

    return lambda page: run(page)["violations"]


@pytest.fixture
def screenshot():
    """Save a full-page PNG to test-artifacts/screenshots/<name>-<width>.png."""

    def save(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
