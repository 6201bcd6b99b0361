"""The page cache's tags and generation: a change is never hidden by a page cached while it
committed, and only changes the public can see drop anything (core/pagecache.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from articles import workflow
from articles.models import SitePage
from core import pagecache
from tests.articles.factories import ArticleVersionFactory, FAQFactory, live_article
from tests.articles.public_data import live_guide
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

pytestmark = pytest.mark.django_db

KEY = pagecache.key("test-page")


def test_a_page_cached_while_a_change_commits_is_not_served_after_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        program = ProgramFactory()  # a save that public pages show, inside a transaction
        # Another request, still seeing the data before the change, caches a page now.
        since = pagecache.generation()
        assert pagecache.put(KEY, "page from before", [f"program-{program.pk}"], since)

    assert pagecache.get(KEY) is None


def test_a_page_rendered_while_something_it_shows_changed_is_not_kept():
    since = pagecache.generation()  # the view starts reading
    pagecache.invalidate("guide-1")  # a change commits meanwhile

    assert not pagecache.put(KEY, "page from before", ["guide-2"], since)
    assert pagecache.get(KEY) is None


def test_a_change_is_seen_at_once_inside_its_own_transaction():
    pagecache.put(KEY, "directory", ["list-programs"], pagecache.generation())
    assert pagecache.get(KEY) == "directory"

    ProgramFactory()

    assert pagecache.get(KEY) is None


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


def test_a_lost_tag_version_never_serves_an_old_page_again():
    pagecache.put(KEY, "page", ["guide-1"], pagecache.generation())
    cache.delete(pagecache.TAG_KEY + "guide-1")  # evicted by the cache server
    assert pagecache.get(KEY) == "page"  # nothing changed since it was stored

    pagecache.invalidate("guide-1")  # a change while its version was lost

    assert pagecache.get(KEY) is None
    assert pagecache.put(KEY, "page", ["guide-1"], pagecache.generation())
    assert pagecache.get(KEY) == "page"


def test_a_lost_generation_never_restarts_at_an_old_number():
    before = pagecache.generation()
    ProgramFactory()
    cache.delete(pagecache.GENERATION_KEY)  # evicted by the cache server

    assert pagecache.generation() > before


def test_invalidating_everything_drops_pages_whatever_their_tags():
    pagecache.put(KEY, "page", ["guide-1"], pagecache.generation())

    pagecache.invalidate_all()

    assert pagecache.get(KEY) is None


# What moves the generation: only changes the public can see. ---------------------------------


def _guide_page_is_cached(client, article):
    client.get(article.get_absolute_url())  # an anonymous visit fills the cache


def test_saving_a_draft_keeps_the_cached_guide_page_and_approving_it_shows_the_new_text(
    client, writer, reviewer, django_assert_num_queries
):
    article = live_article(author=writer.person, title="Original title")
    _guide_page_is_cached(client, article)
    draft = workflow.start_draft(article, writer)
    draft.title = "New title"
    draft.change_note = "Retitled"
    workflow.save_draft(draft, writer)
    FAQFactory(version=draft, question="A draft question?")
    workflow.submit(draft, writer)

    with django_assert_num_queries(0):
        cached = client.get(article.get_absolute_url()).content.decode()
    assert "Original title" in cached
    assert "New title" not in cached
    assert "A draft question?" not in cached

    workflow.approve(draft, reviewer)

    fresh = client.get(article.get_absolute_url()).content.decode()
    assert "New title" in fresh
    assert "A draft question?" in fresh


def _draft_faq(writer):
    draft = workflow.start_draft(live_article(author=writer.person), writer)
    return lambda: FAQFactory(version=draft)


def _group_permission_change(writer):
    group = writer.groups.get()
    permission = Permission.objects.get(codename="view_transition")
    return lambda: group.permissions.add(permission)


def _new_group_member(writer):
    return lambda: writer.groups.add(Group.objects.get(name="Reviewers"))


def _staff_user_saved(writer):
    def change():
        writer.first_name = "Wanda"
        writer.save()

    return change


def _unpublished_guide_renamed(writer):
    article = ArticleVersionFactory(author=writer.person).article

    def change():
        article.slug = "renamed-draft-guide"
        article.save()

    return change


def _person_with_no_live_guide_saved(writer):
    def change():
        writer.person.job_title = "Senior writer"
        writer.person.save()

    return change


def _live_guide_renamed(writer):
    article = live_article(author=writer.person)

    def change():
        article.slug = "a-new-address"
        article.save()

    return change


def _person_on_a_live_guide_saved(writer):
    live_article(author=writer.person)

    def change():
        writer.person.short_bio = "A new bio."
        writer.person.save()

    return change


def _site_page_saved(writer):
    return lambda: SitePage.objects.create(title="About", slug="about", body="Us.")


def _career_linked_to_a_program(writer):
    career, program = CareerFactory(), ProgramFactory()
    return lambda: career.programs.add(program)


def _program_deleted(writer):
    program = ProgramFactory()
    return program.delete


@pytest.mark.parametrize(
    ("change", "public"),
    [
        (_draft_faq, False),
        (_group_permission_change, False),
        (_new_group_member, False),
        (_staff_user_saved, False),
        (_unpublished_guide_renamed, False),
        (_person_with_no_live_guide_saved, False),
        (_live_guide_renamed, True),
        (_person_on_a_live_guide_saved, True),
        (_site_page_saved, True),
        (_career_linked_to_a_program, True),
        (_program_deleted, True),
    ],
)
def test_only_changes_the_public_can_see_drop_cached_pages(writer, change, public):
    act = change(writer)
    before = pagecache.generation()

    act()

    assert (pagecache.generation() != before) is public


def test_an_entry_outlives_changes_to_what_it_does_not_show():
    pagecache.put(KEY, "guide one", ["guide-1"], pagecache.generation())

    pagecache.invalidate("guide-2")  # the generation moves: the entry's tags are read again

    assert pagecache.get(KEY) == "guide one"
    pagecache.invalidate("guide-1")
    assert pagecache.get(KEY) is None


def test_a_first_visit_costs_the_same_cache_calls_however_many_tags_the_page_has(
    client, monkeypatch
):
    """Each call is a round trip to a shared cache (Redis): a page naming 40 tags whose
    versions are not in the cache yet must not cost one call per tag."""
    from django.core.cache import caches

    backend = caches["default"]
    calls, inside = [], []
    for method in ("get", "get_many", "set", "set_many", "add", "incr"):
        original = getattr(backend, method)

        def counted(*args, _original=original, _method=method, **kwargs):
            if not inside:  # the local memory cache's get_many() calls get() for each key
                calls.append(_method)
            inside.append(_method)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(backend, method, counted)

    def first_visit(related):
        guide = live_guide(related=related)
        cache.clear()
        calls.clear()
        assert client.get(guide.get_absolute_url()).status_code == 200
        return list(calls)

    few, many = first_visit(1), first_visit(12)

    assert len(few) == len(many) < 15
    assert many.count("add") == 1  # the generation counter, once (generation())
    # The tags' records, read once for the page's date and its entry, and once more after
    # setting the missing ones: one read of the entry itself, one of the generation with it.
    assert many.count("get_many") == 3
    assert many.count("set_many") == 1
