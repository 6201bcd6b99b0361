"""Optional two-factor sign-in for staff: a TOTP authenticator app, through django-otp.

- The admin's login form asks for the app's code when the account has a confirmed device
  (`SignInForm`, set on the default admin site in guidesite/admin.py).
- `enrol` is the admin page where a staff member sets up their app.
- `TwoFactorMiddleware` keeps the rule in every admin page: a session must have used the
  account's device, if it has one; an account that OTP_REQUIRED_FOR names must set one up
  before anything else.
"""

import base64
import time

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles import permissions

CODE_NEEDED = (
    "Your account has two-factor sign-in: enter the code from your authenticator app "
    "together with your password."
)
WRONG_CODE = (
    "That authentication code is wrong or has expired. "
    "Enter the code your app shows now, together with your password."
)
WAIT = "Too many wrong codes. Wait a minute, then enter the code your app shows now."
SIGN_IN_AGAIN = "Sign in again with your password and the code from your authenticator app."
ENROL_FIRST = "Set up two-factor sign-in before you continue: your role requires it."
# The session keeps the secret being set up, so a reload does not change the QR code the
# person may already have scanned; the device row is written only once a code confirms it.
PENDING_KEY = "two_factor_pending_key"


def confirmed_device(user):
    """The account's authenticator, or None (the enrol page keeps one per person)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-id").first()


def is_required(user):
    """Whether OTP_REQUIRED_FOR makes two-factor sign-in compulsory for `user`.

    "reviewers" means every account that may approve guides (administrators hold every
    permission); "administrators" means superusers.
    """
    required = settings.OTP_REQUIRED_FOR
    return ("administrators" in required and user.is_superuser) or (
        "reviewers" in required and permissions.can_review(user)
    )


def _digits(value):
    return "".join((value or "").split())


class SignInForm(AdminAuthenticationForm):
    """The admin login form, with the authenticator code for accounts that have a device."""

    otp_token = forms.CharField(
        label="Authentication code",
        required=False,
        max_length=12,
        help_text="Only if you set up two-factor sign-in: the 6 digits your app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user is not None else None
        if device is None:
            return cleaned
        token = _digits(cleaned.get("otp_token"))
        if not token:
            raise forms.ValidationError(CODE_NEEDED, code="otp_required")
        if not device.verify_is_allowed()[0]:
            raise forms.ValidationError(WAIT, code="otp_throttled")
        # verify_token counts a wrong code against the device (its throttle) in its own
        # transaction, so the count survives this form's error.
        if django_otp.verify_token(user, device.persistent_id, token) is None:
            raise forms.ValidationError(WRONG_CODE, code="otp_invalid")
        # django-otp's user_logged_in receiver marks the session verified with this device.
        user.otp_device = device
        return cleaned


class EnrolForm(forms.Form):
    token = forms.CharField(
        label="Code from your app",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def enrol(request):
    """Set up (or see) two-factor sign-in for the signed-in staff member."""
    user = request.user
    context = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "required": is_required(user),
        "device": confirmed_device(user),
    }
    if context["device"] is not None:
        return render(request, "admin/two_factor.html", context)
    key = request.session.get(PENDING_KEY) or get_random_string(40, "0123456789abcdef")
    request.session[PENDING_KEY] = key
    pending = TOTPDevice(user=user, key=key, name="Authenticator app", confirmed=True)
    form = EnrolForm(request.POST or None)
    if form.is_valid():
        totp = TOTP(pending.bin_key, pending.step, pending.t0, pending.digits)
        totp.time = time.time()
        token = _digits(form.cleaned_data["token"])
        if token.isdigit() and totp.verify(int(token), tolerance=pending.tolerance):
            # last_t: the code just used cannot sign in a second time.
            pending.last_t = totp.t()
            pending.save()
            del request.session[PENDING_KEY]
            django_otp.login(request, pending)
            messages.success(
                request,
                "Two-factor sign-in is on. From now on, signing in asks for the code "
                "from your authenticator app.",
            )
            return redirect("admin:index")
        form.add_error("token", "That code is wrong or has expired: enter the code shown now.")
    secret = base64.b32encode(pending.bin_key).decode()
    context |= {
        "form": form,
        "qr_code": segno.make(pending.config_url).svg_data_uri(scale=4, light="white"),
        "config_url": pending.config_url,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "admin/two_factor.html", context)


class TwoFactorMiddleware:
    """After OTPMiddleware: hold every admin page to the two-factor rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request):
        if not request.path.startswith(reverse("admin:index")):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        if request.path in (reverse("admin:logout"), reverse("admin:login")):
            return None
        if confirmed_device(user) is not None:
            # Signed in before the device was set up (in another session) or without it:
            # the session must start again through the form that asks for the code.
            logout(request)
            messages.info(request, SIGN_IN_AGAIN)
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if is_required(user) and request.path != reverse("two_factor"):
            messages.warning(request, ENROL_FIRST)
            return redirect("two_factor")
        return None
