"""The dashboard's notifications: open one (it is then read), or mark them all as read."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import Notification


def open_notification(request, pk):
    """Mark one of my notifications read and go to what it is about."""
    # Someone else's notification is a 404: its address must not say that it exists.
    notification = get_object_or_404(
        Notification.objects.select_related("version"), pk=pk, recipient=request.user
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.version is None:
        return redirect("admin:index")
    if notification.kind == Notification.Kind.SUBMITTED:
        return redirect("admin:articles_articleversion_review", notification.version_id)
    return redirect("admin:articles_articleversion_change", notification.version_id)


@require_POST
def mark_all_read(request):
    """Mark every unread notification of mine as read."""
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        messages.success(
            request, f"Marked {count} notification{'s' if count != 1 else ''} as read."
        )
    else:
        messages.info(request, "You had no unread notifications.")
    return redirect("admin:index")
