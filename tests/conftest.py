"""Shared fixtures: one per role, and test-only settings."""

import pytest
from django.contrib.auth.models import Group

from tests.articles.factories import PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


def _member_of(group_name, **kwargs):
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
