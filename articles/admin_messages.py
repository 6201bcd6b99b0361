"""Tell the person who acted whose notification email could not be sent.

The workflow queues its notifications with transaction.on_commit; they run when the step's
transaction commits, which is before the admin view that called the step returns. So the view
can read what they recorded (`Notification.email_problem`) and say it in a message: a missing
address always, and a failed send when the task backend sends at once (TASKS_BACKEND=immediate).
With the database backend the worker sends later; what fails then is on the admin home
(`dashboard.email_problems`).
"""

from contextlib import contextmanager

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import notifications, permissions
from .models import Notification, Transition


def email_problems(user, since):
    """Notifications with an email problem made since `since` about versions `user` moved."""
    moved = Transition.objects.filter(version=OuterRef("version"), by=user, at__gte=since)
    return (
        Notification.objects.filter(Exists(moved), created_at__gte=since)
        .exclude(email_problem="")
        .select_related("recipient__person")
        .order_by("created_at", "id")
    )


def sentence(notification):
    """The message for the person who acted, e.g. "Aaron Perkowitz has no email address; …"."""
    name = notifications.name_of(notification.recipient)
    if notification.email_problem == notifications.NO_ADDRESS:
        return f"{name} has no email address; they will see this on their dashboard."
    return (
        f"The email to {name} could not be sent ({notification.email_problem}); "
        "they will see this on their dashboard."
    )


@contextmanager
def report_email_problems(request):
    """Around a POST that runs workflow steps: afterwards, add a message per unsent email."""
    since = timezone.now()
    yield
    if request.method != "POST" or not permissions.is_signed_in(request.user):
        return
    told = set()
    for notification in email_problems(request.user, since):
        text = sentence(notification)
        if text not in told:
            told.add(text)
            messages.warning(request, text)
