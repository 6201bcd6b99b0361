"""Signing in to the admin: throttling (django-axes), the lockout page, and first passwords.

Axes records each failed sign-in in the database (shared by every app server) and refuses
further attempts, even with the right password, once a username or an address has failed too
often within AXES_COOLOFF_TIME. Settings under "Sign-in throttling" in settings.py.
"""

import logging

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.db.models import Sum
from django.shortcuts import render

log = logging.getLogger(__name__)


class ThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, which refuses a locked-out sign-in before the password is checked.

    Axes raises when no request is given; code that authenticates outside a web request (the
    test client's login(), a shell) has no address to throttle, so it is let through to the
    next backend. Every web sign-in (the admin's login form) passes the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class ThrottleHandler(AxesDatabaseHandler):
    """Two limits where axes compares one: AXES_FAILURE_LIMIT failures for a username,
    AXES_IP_FAILURE_LIMIT from an address, each within AXES_COOLOFF_TIME."""

    def get_failures(self, request, credentials=None):
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        by_username = _failures(recent.filter(username=get_client_username(request, credentials)))
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        if by_address >= settings.AXES_IP_FAILURE_LIMIT:
            # An address over its own limit is locked for every username.
            return max(by_username, get_failure_limit(request, credentials))
        return by_username


def _failures(attempts):
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def username(request, credentials):
    """The username axes counts failures for: case and spaces do not make a new one."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    return value.strip().lower() if isinstance(value, str) else value


def client_address(request):
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, the one the outermost saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    entry that many places from the right was written by our own outermost proxy; anything to
    its left came from the client and could be forged.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout(request, original_response=None, credentials=None):
    """The page shown instead of the login form while sign-in is locked (429)."""
    context = {
        **admin.site.each_context(request),
        "title": "Sign-in locked",
        "minutes": lockout_minutes(),
    }
    return render(request, "admin/lockout.html", context, status=429)


def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    """One line per refused or locking attempt, for the operator (axes.signals.user_locked_out)."""
    log.warning(
        "Sign-in locked for %d minutes: username %r, address %s. "
        "Unlock: manage.py axes_reset_username USERNAME (or axes_reset_ip ADDRESS).",
        lockout_minutes(),
        username,
        ip_address,
    )


# First passwords: the link from add_staff opens Django's password-reset views, with the
# admin's registration templates and header.


def _admin_look(request):
    # The admin's header and title; no model sidebar: whoever opens the link is not signed in.
    return {**admin.site.each_context(request), "is_nav_sidebar_enabled": False}


def set_password(request, uidb64, token):
    view = auth_views.PasswordResetConfirmView.as_view(extra_context=_admin_look(request))
    return view(request, uidb64=uidb64, token=token)


def password_set(request):
    view = auth_views.PasswordResetCompleteView.as_view(extra_context=_admin_look(request))
    return view(request)
