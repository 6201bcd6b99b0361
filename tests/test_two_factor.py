"""Two-factor sign-in (django-otp, guidesite/two_factor.py): optional for staff, required for
the roles OTP_REQUIRED_FOR names."""

import time

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from guidesite import two_factor
from tests.test_settings import PRODUCTION, run_python

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests/articles/factories.py UserFactory


def code(key_hex, offset=0):
    """The code an authenticator app shows for the key, `offset` time steps from now."""
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time() + 30 * offset
    return f"{totp.token():06d}"


def wrong_code(key_hex):
    accepted = {code(key_hex, offset) for offset in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000000)) if c not in accepted)


def device_for(user):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def sign_in(client, username, otp_token=""):
    return client.post(
        reverse("admin:login"),
        {
            "username": username,
            "password": PASSWORD,
            "otp_token": otp_token,
            "next": reverse("admin:index"),
        },
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Signing in --------------------------------------------------------------------------------------


def test_staff_without_a_device_sign_in_with_the_password_alone(client, editor):
    response = sign_in(client, "editor")

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_login_page_offers_the_code_field(client, db):
    response = client.get(reverse("admin:login"))

    assert 'name="otp_token"' in response.text
    assert "Authentication code" in response.text


def test_with_a_device_the_password_alone_is_not_enough(client, reviewer):
    device_for(reviewer)

    response = sign_in(client, "reviewer")

    assert response.status_code == 200
    assert two_factor.CODE_NEEDED in response.text
    assert client.get(reverse("admin:index")).status_code == 302


def test_with_a_device_the_current_code_signs_in(client, reviewer):
    device = device_for(reviewer)

    response = sign_in(client, "reviewer", code(device.key))

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_is_refused(client, reviewer):
    device = device_for(reviewer)

    response = sign_in(client, "reviewer", wrong_code(device.key))

    assert response.status_code == 200
    assert two_factor.WRONG_CODE in response.text
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_code_cannot_be_used_twice(client, reviewer):
    device = device_for(reviewer)
    token = code(device.key)
    sign_in(client, "reviewer", token)
    client.logout()

    response = sign_in(client, "reviewer", token)

    assert two_factor.WRONG_CODE in response.text


def test_a_wrong_password_with_a_right_code_is_still_refused(client, reviewer):
    device = device_for(reviewer)

    response = client.post(
        reverse("admin:login"),
        {"username": "reviewer", "password": "wrong", "otp_token": code(device.key)},
    )

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text


def test_a_session_that_never_gave_the_code_must_sign_in_again(client, reviewer):
    # For example, signed in on another computer before the device was set up.
    device_for(reviewer)
    client.force_login(reviewer)

    response = client.get(reverse("admin:articles_articleversion_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert two_factor.SIGN_IN_AGAIN in messages_of(response)
    assert client.get(reverse("admin:index")).status_code == 302  # signed out


# Setting it up -----------------------------------------------------------------------------------


def test_staff_set_up_a_device_with_a_code_from_their_app(client, writer):
    client.force_login(writer)
    page = client.get(reverse("two_factor"))
    key = client.session[two_factor.PENDING_KEY]

    response = client.post(reverse("two_factor"), {"token": code(key)})

    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    device = TOTPDevice.objects.get(user=writer)
    assert device.confirmed
    assert device.key == key
    assert "Two-factor sign-in is on" in messages_of(response)[0]
    # This session used the device: it goes on working.
    assert client.get(reverse("admin:index")).status_code == 200


def test_reloading_the_set_up_page_keeps_the_same_secret(client, writer):
    client.force_login(writer)
    first = client.get(reverse("two_factor"))
    second = client.get(reverse("two_factor"))

    assert first.context["secret"] == second.context["secret"]


def test_a_wrong_code_sets_nothing_up(client, writer):
    client.force_login(writer)
    client.get(reverse("two_factor"))
    key = client.session[two_factor.PENDING_KEY]

    response = client.post(reverse("two_factor"), {"token": wrong_code(key)})

    assert response.status_code == 200
    assert "That code is wrong or has expired" in response.text
    assert not TOTPDevice.objects.filter(user=writer).exists()


def test_the_set_up_page_says_when_two_factor_sign_in_is_on(client, writer):
    device = device_for(writer)
    sign_in(client, "writer", code(device.key))

    response = client.get(reverse("two_factor"))

    assert "Two-factor sign-in is on for your account" in response.text
    assert TOTPDevice.objects.filter(user=writer).count() == 1


def test_anonymous_visitors_are_sent_to_sign_in_from_the_set_up_page(client, db):
    response = client.get(reverse("two_factor"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Required for some roles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("required", "role", "sent_to_set_up"),
    [
        ("", "reviewer", False),
        ("reviewers", "reviewer", True),
        ("reviewers", "writer", False),
        ("reviewers", "editor", False),
        ("administrators", "superuser", True),
        ("administrators", "reviewer", False),
        ("reviewers,administrators", "superuser", True),
    ],
)
def test_otp_required_for_sends_those_without_a_device_to_set_one_up(
    client, settings, request, required, role, sent_to_set_up
):
    settings.OTP_REQUIRED_FOR = [word for word in required.split(",") if word]
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("admin:articles_articleversion_changelist"))

    if sent_to_set_up:
        assert response.status_code == 302
        assert response["Location"] == reverse("two_factor")
        assert two_factor.ENROL_FIRST in messages_of(response)
    else:
        assert response.status_code == 200


def test_a_reviewer_who_must_use_two_factor_can_only_set_it_up_or_sign_out(
    client, settings, reviewer
):
    settings.OTP_REQUIRED_FOR = ["reviewers"]
    sign_in(client, "reviewer")

    set_up = client.get(reverse("two_factor"))
    signed_out = client.post(reverse("admin:logout"))

    assert set_up.status_code == 200
    assert "Your role requires two-factor sign-in" in set_up.text
    assert signed_out.status_code == 200


def test_once_set_up_the_required_reviewer_works_in_the_admin(client, settings, reviewer):
    settings.OTP_REQUIRED_FOR = ["reviewers"]
    client.force_login(reviewer)
    client.get(reverse("two_factor"))
    client.post(reverse("two_factor"), {"token": code(client.session[two_factor.PENDING_KEY])})

    response = client.get(reverse("admin:articles_articleversion_changelist"))

    assert response.status_code == 200


def test_public_pages_are_not_held_back(client, settings, reviewer):
    settings.OTP_REQUIRED_FOR = ["reviewers"]
    client.force_login(reviewer)

    assert client.get(reverse("home")).status_code == 200


def test_otp_required_for_refuses_an_unknown_role_at_start():
    result = run_python("import django; django.setup()", **PRODUCTION, OTP_REQUIRED_FOR="writers")

    assert result.returncode != 0
    assert "OTP_REQUIRED_FOR may name reviewers and administrators, not writers." in result.stderr


def test_every_admin_page_links_to_the_two_factor_set_up(client, editor):
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert f'<a href="{reverse("two_factor")}">Two-factor sign-in</a>' in page
