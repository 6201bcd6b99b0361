"""Sign-in throttling (django-axes, guidesite/signin.py): 5 failures for a username or 20 from an
address within 15 minutes lock sign-in for 15 minutes, even with the right password."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from guidesite import signin

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests/articles/factories.py UserFactory
LOCKED = (
    "Too many failed sign-in attempts. Try again in 15 minutes, "
    "or ask an administrator to unlock your account."
)


def sign_in(client, username, password=PASSWORD, address="127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail(client, username, times, address="127.0.0.1"):
    for _ in range(times):
        response = sign_in(client, username, "wrong password", address)
        assert response.status_code in (200, 429)


def signed_in(response):
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_the_right_password_after_four_failures_still_signs_in(client, writer):
    fail(client, "writer", 4)

    assert signed_in(sign_in(client, "writer"))


def test_the_sixth_attempt_with_the_right_password_is_refused_with_a_message(client, writer):
    fail(client, "writer", 5)

    response = sign_in(client, "writer")

    assert response.status_code == 429
    assert LOCKED in response.text
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in


def test_the_fifth_failure_already_shows_the_lockout_page(client, writer):
    fail(client, "writer", 4)

    response = sign_in(client, "writer", "wrong password")

    assert response.status_code == 429
    assert LOCKED in response.text


def test_another_username_is_not_locked(client, writer, editor):
    fail(client, "writer", 5)

    assert signed_in(sign_in(client, "editor"))


def test_the_username_is_counted_whatever_its_case(client, writer):
    for name in ["Writer", "WRITER", " writer", "wRiter", "writeR"]:
        sign_in(client, name, "wrong password")

    assert sign_in(client, "writer").status_code == 429


def test_twenty_failures_from_one_address_lock_every_username_there(client, editor):
    for number in range(20):
        sign_in(client, f"guess{number}", "wrong password", address="203.0.113.7")

    assert sign_in(client, "editor", address="203.0.113.7").status_code == 429
    assert signed_in(sign_in(client, "editor", address="198.51.100.2"))


def test_nineteen_failures_from_one_address_do_not_lock_it(client, editor):
    for number in range(19):
        sign_in(client, f"guess{number}", "wrong password", address="203.0.113.7")

    assert signed_in(sign_in(client, "editor", address="203.0.113.7"))


def test_the_lockout_ends_after_fifteen_minutes(client, writer):
    fail(client, "writer", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert signed_in(sign_in(client, "writer"))


def test_refused_attempts_during_a_lockout_do_not_extend_it(client, writer):
    fail(client, "writer", 5)
    locked_at = AccessAttempt.objects.get().attempt_time

    fail(client, "writer", 3)

    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_an_administrator_unlocks_a_username_with_the_command(client, writer):
    fail(client, "writer", 5)

    call_command("axes_reset_username", "writer")

    assert signed_in(sign_in(client, "writer"))


def test_an_administrator_unlocks_a_username_in_the_admin(client, writer, superuser):
    fail(client, "writer", 5)
    attempt = AccessAttempt.objects.get(username="writer")
    admin_client = Client()
    admin_client.force_login(superuser)

    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    removed = admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert listing.status_code == 200
    assert "writer" in listing.text
    assert removed.status_code == 302
    assert signed_in(sign_in(client, "writer"))


@pytest.mark.parametrize("role", ["editor", "writer", "reviewer", "staff"])
def test_only_administrators_see_the_sign_in_attempts(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_every_lockout_is_logged_as_one_line(client, writer, caplog):
    fail(client, "writer", 4)

    with caplog.at_level(logging.WARNING, logger="guidesite.signin"):
        sign_in(client, "writer", "wrong password")
        sign_in(client, "writer")

    lines = [r.getMessage() for r in caplog.records if r.name == "guidesite.signin"]
    assert len(lines) == 2
    assert all("\n" not in line for line in lines)
    assert lines[0].startswith(
        "Sign-in locked for 15 minutes: username 'writer', address 127.0.0.1."
    )


def test_the_limits_come_from_settings(client, settings, writer):
    settings.AXES_FAILURE_LIMIT = 2

    fail(client, "writer", 2)

    assert sign_in(client, "writer").status_code == 429


# The client's address behind proxies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "198.51.100.9", "10.0.0.2"),  # no proxy trusted: the header is the client's word
        (1, "198.51.100.9", "198.51.100.9"),
        (1, "6.6.6.6, 198.51.100.9", "198.51.100.9"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 198.51.100.9, 10.0.0.5", "198.51.100.9"),
        (2, "198.51.100.9", "10.0.0.2"),  # fewer entries than proxies: not through them
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxies_saw(
    settings, proxies, forwarded, address
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post(
        "/admin/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded
    )

    assert signin.client_address(request) == address


def test_behind_a_proxy_two_clients_are_counted_apart(client, settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(20):
        client.post(
            reverse("admin:login"),
            {"username": f"guess{number}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )

    assert response.status_code == 302
