"""Admin template helpers for the editorial workflow."""

from django import template
from django.utils import timezone

from articles import dashboard, notifications

register = template.Library()


@register.simple_tag(takes_context=True)
def desk(context):
    """The signed-in person's dashboard: notifications, panels, setup problems."""
    request = context.get("request")
    if request is None:
        return None
    return dashboard.desk(request.user, timezone.now())


@register.filter
def person_name(user):
    """What the site calls `user` (their Person's name, else their account's), as the
    dashboard and the messages do; "" for no user."""
    return notifications.name_of(user) if user else ""
