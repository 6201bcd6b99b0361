"""Admin template helpers for the editorial workflow."""

from django import template
from django.utils import timezone

from articles import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def desk(context):
    """The signed-in person's dashboard: notifications, panels, setup problems."""
    request = context.get("request")
    if request is None:
        return None
    return dashboard.desk(request.user, timezone.now())
