"""Shared fixtures: one per role, and test-only settings."""

import os

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from articles.groups import sync_groups
from tests.articles.factories import PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    # Background tasks (notification emails) run at once, as in development.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # CACHE_URL=redis://... runs the suite on a real Redis; each xdist worker gets its own
    # database number, because clearing the cache between tests flushes the whole database.
    cache = settings.CACHES["default"]
    if "redis" in cache["BACKEND"]:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
        base, _, _db = cache["LOCATION"].rpartition("/")
        settings.CACHES = {"default": {**cache, "LOCATION": f"{base}/{1 + int(worker) % 15}"}}


@pytest.fixture(autouse=True)
def _clear_cache(_test_settings):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _member_of(group_name, **kwargs):
    if not Group.objects.filter(name=group_name).exists():
        # A transactional test's flush (with serialized rollback) can leave the groups out.
        sync_groups(apps)
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def writer(db):
    user = _member_of("Writers", username="writer")
    PersonFactory(user=user, name="Wanda Writer")
    return user


@pytest.fixture
def editor(db):
    user = _member_of("Editors", username="editor")
    PersonFactory(user=user, name="Eddie Editor")
    return user


@pytest.fixture
def reviewer(db):
    user = _member_of("Reviewers", username="reviewer")
    PersonFactory(user=user, name="Rita Reviewer")
    return user


@pytest.fixture
def second_reviewer(db):
    user = _member_of("Reviewers", username="reviewer2")
    PersonFactory(user=user, name="Rob Reviewer")
    return user


@pytest.fixture
def staff(db):
    """A staff user in no group: may sign in to the admin, may change nothing."""
    return UserFactory(is_staff=True, username="staff")


@pytest.fixture
def superuser(db):
    user = UserFactory(is_staff=True, is_superuser=True, username="admin")
    PersonFactory(user=user, name="Ada Admin")
    return user
