"""Backup and restore as docs/operations.md describes them, tried for real on PostgreSQL.

The demo content goes into a fresh database; every URL of the sitemap is rendered; the database
is dumped with pg_dump and MEDIA_ROOT archived with tar; both are destroyed; the dump is restored
into a new database and the archive into a new folder; and the site must serve the same HTML for
every sitemap URL, with every image it points at in place. Only what differs on every request
anyway (the CSP nonce, a CSRF token) is left out of the comparison.
"""

import difflib
import json
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
DATABASE = settings.DATABASES["default"]

pytestmark = pytest.mark.skipif(
    DATABASE["ENGINE"] != "django.db.backends.postgresql",
    reason="pg_dump and pg_restore need PostgreSQL: set DATABASE_URL=postgres://… to run this",
)

# What differs between two requests for the same page, whatever the database.
PER_REQUEST = [
    (re.compile(r'nonce="[^"]*"'), 'nonce="(per request)"'),
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r'\1(per request)"'),
]
MEDIA_URL = re.compile(r'/media/([^"\'\s\\)?#]+)')

# Every URL the sitemap lists, and the sitemap itself: {path: [status, html]} as JSON.
RENDER = """
import json, sys
from urllib.parse import urlsplit
from xml.etree import ElementTree
import django
django.setup()
from django.test import Client
client = Client()
sitemap = client.get("/sitemap.xml")
pages = {"/sitemap.xml": [sitemap.status_code, sitemap.content.decode()]}
ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
for loc in ElementTree.fromstring(sitemap.content).iterfind("s:url/s:loc", ns):
    url = urlsplit(loc.text)
    path = url.path + (f"?{url.query}" if url.query else "")
    response = client.get(path)
    pages[path] = [response.status_code, response.content.decode()]
json.dump(pages, sys.stdout)
"""


def server_version():
    with psycopg.connect(**connection_arguments("postgres")) as conn:
        return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000


def connection_arguments(name):
    arguments = {"dbname": name, "host": DATABASE["HOST"] or "localhost"}
    arguments |= {"user": DATABASE["USER"], "password": DATABASE["PASSWORD"]}
    if DATABASE["PORT"]:
        arguments["port"] = DATABASE["PORT"]
    return {key: value for key, value in arguments.items() if value}


def database_url(name):
    user = quote(DATABASE["USER"] or "", safe="")
    password = f":{quote(DATABASE['PASSWORD'], safe='')}" if DATABASE["PASSWORD"] else ""
    port = f":{DATABASE['PORT']}" if DATABASE["PORT"] else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{DATABASE['HOST'] or 'localhost'}{port}/{name}"


def client_programs(major):
    """The bin folder of PostgreSQL's client programs of the server's version (or newer)."""
    for candidate in [Path(f"/usr/lib/postgresql/{major}/bin"), *_on_path()]:
        pg_dump = candidate / "pg_dump"
        if pg_dump.exists():
            found = subprocess.run(  # noqa: S603 (a PostgreSQL program)
                [pg_dump, "--version"], capture_output=True, text=True, check=True
            ).stdout
            version = int(re.search(r"(\d+)\.", found).group(1))
            if version >= major:
                return candidate
    pytest.skip(f"pg_dump {major} or newer is not installed (the server is PostgreSQL {major})")


def _on_path():
    found = shutil.which("pg_dump")
    return [Path(found).resolve().parent, Path(found).parent] if found else []


def site_env(database, media_root):
    """A development server's environment, on `database` and `media_root`."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(Path.home()),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "guidesite.settings",
        "DEBUG": "True",
        "SECRET_KEY": "backup-test-secret-key",
        "ALLOWED_HOSTS": "testserver",
        "SITE_URL": "https://guides.example.com",
        "DATABASE_URL": database_url(database),
        "CACHE_URL": "locmemcache://",
        "MEDIA_ROOT": str(media_root),
        "EMAIL_URL": "dummymail://",
        "TASKS_BACKEND": "immediate",
    }


def run(command, env=None):
    result = subprocess.run(  # noqa: S603 (our programs and PostgreSQL's)
        [str(word) for word in command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stderr}"
    return result.stdout


def manage(env, *arguments):
    return run([sys.executable, "manage.py", *arguments], env)


def render(env):
    pages = json.loads(run([sys.executable, "-c", RENDER], env))
    for path, (status, html) in pages.items():
        for pattern, replacement in PER_REQUEST:
            html = pattern.sub(replacement, html)
        pages[path] = [status, html]
    return pages


def differences(before, after):
    """A readable list of what changed, per path."""
    lines = []
    for path in sorted(before.keys() | after.keys()):
        if before.get(path) != after.get(path):
            old, new = before.get(path, [None, ""]), after.get(path, [None, ""])
            changed = difflib.unified_diff(
                old[1].splitlines(), new[1].splitlines(), lineterm="", n=0
            )
            detail = [line for line in changed if line[:1] in "+-"][2:6]
            lines.append(f"{path}: status {old[0]} -> {new[0]}; {detail}")
    return lines


@pytest.fixture
def databases():
    """Two empty database names on the test server, dropped afterwards whatever happens."""
    suffix = uuid.uuid4().hex[:8]
    names = [f"guidesite_backup_{suffix}", f"guidesite_restored_{suffix}"]
    yield names
    with psycopg.connect(**connection_arguments("postgres"), autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_serves_the_same_pages(tmp_path, databases):
    major = server_version()
    bin_dir = client_programs(major)
    source, restored = databases
    pg_env = {"PATH": "/usr/bin:/bin"}
    if DATABASE["PASSWORD"]:
        pg_env["PGPASSWORD"] = DATABASE["PASSWORD"]
    server = ["--host", DATABASE["HOST"] or "localhost", "--username", DATABASE["USER"]]
    server += ["--port", str(DATABASE["PORT"] or 5432)]

    # A site with the demo content, its portraits and social images in MEDIA_ROOT.
    media = tmp_path / "media"
    site = site_env(source, media)
    run([bin_dir / "createdb", *server, source], pg_env)
    manage(site, "migrate", "--no-input", "-v0")
    manage(site, "load_demo")
    before = render(site)

    # The backup (docs/operations.md): the database with pg_dump, the uploads with tar.
    backup = tmp_path / "backup"
    backup.mkdir()
    dump, archive = backup / "database.dump", backup / "media.tar.gz"
    run(
        [
            bin_dir / "pg_dump",
            "--format=custom",
            f"--file={dump}",
            f"--dbname={database_url(source)}",
        ],
        pg_env,
    )
    run(["tar", "--create", "--gzip", f"--file={archive}", f"--directory={media}", "."])

    # Both are lost.
    run([bin_dir / "dropdb", *server, source], pg_env)
    shutil.rmtree(media)

    # The restore, into a new database and a new MEDIA_ROOT.
    new_media = tmp_path / "restored-media"
    new_media.mkdir()
    run([bin_dir / "createdb", *server, restored], pg_env)
    run(
        [
            bin_dir / "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={database_url(restored)}",
            dump,
        ],
        pg_env,
    )
    run(["tar", "--extract", "--gzip", f"--file={archive}", f"--directory={new_media}"])
    site = site_env(restored, new_media)
    manage(site, "migrate", "--check")
    after = render(site)

    assert len(before) > 20, "the demo content should fill the sitemap"
    assert {status for status, _html in before.values()} == {200}
    assert "Can You Earn a Master" in "".join(html for _status, html in before.values())
    changed = differences(before, after)
    assert not changed, "pages that differ after the restore:\n" + "\n".join(changed)
    images = {m for _status, html in after.values() for m in MEDIA_URL.findall(html)}
    assert images, "the demo pages show portraits"
    missing = sorted(path for path in images if not (new_media / path).is_file())
    assert not missing, f"images the restored pages point at but MEDIA_ROOT lacks: {missing}"
