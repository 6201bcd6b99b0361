"""The page cache's generation: a change is never hidden by a page cached while it committed."""

import pytest

from core import pagecache
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_a_page_cached_while_a_change_commits_is_not_served_after_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        ProgramFactory()  # a save that public pages show, inside a transaction
        # Another request, still seeing the data before the change, caches a page now.
        key_while_committing = pagecache.key("guide", "a-guide")

    assert pagecache.key("guide", "a-guide") != key_while_committing


def test_a_change_is_seen_at_once_inside_its_own_transaction():
    before = pagecache.key("guide", "a-guide")

    ProgramFactory()

    assert pagecache.key("guide", "a-guide") != before


def test_a_process_that_serves_no_pages_still_invalidates_them(tmp_path):
    """A cron job (publish_scheduled) or shell never loads the URLs; its saves still count."""
    from tests.test_settings import run_python

    code = (
        "import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); "
        "from core import pagecache; from programs.models import School; "
        "before = pagecache.generation(); "
        "School.objects.create(name='S', slug='s', city='C', state='IL'); "
        "print(pagecache.generation() > before)"
    )
    result = run_python(code, DEBUG="True", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_lost_generation_never_restarts_at_an_old_number():
    from django.core.cache import cache

    before = pagecache.key("guide", "a-guide")
    ProgramFactory()
    cache.delete(pagecache.GENERATION_KEY)  # evicted by the cache server

    after = pagecache.key("guide", "a-guide")

    assert after != before
    assert int(after.rsplit(":", 1)[1]) > int(before.rsplit(":", 1)[1])
