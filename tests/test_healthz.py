"""/healthz: the load balancer's probe checks the database and the shared cache, and says which
one failed."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import DatabaseError
from django.test import override_settings

pytestmark = pytest.mark.django_db

# Nothing listens on the discard port: connections are refused at once.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
    }
}


def cache_fails():
    return mock.patch.object(
        type(caches["default"]), "set", side_effect=ConnectionError("cache refused")
    )


def database_fails():
    return mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError)


def test_healthz_is_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_naming_the_cache_when_the_cache_is_down(client):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"cache unavailable\n"


def test_healthz_is_503_naming_the_cache_when_it_does_not_keep_values(client):
    with mock.patch.object(type(caches["default"]), "get", return_value=None):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"cache unavailable\n"


def test_healthz_is_503_naming_the_database_when_only_the_database_is_down(client):
    with database_fails():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_healthz_names_both_when_both_are_down(client):
    with database_fails(), cache_fails():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\ncache unavailable\n"
