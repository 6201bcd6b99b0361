"""Admin template helpers for the editorial workflow."""

from django import template

from articles.review_views import VIEW_PERMISSION, queue_status

register = template.Library()


@register.simple_tag(takes_context=True)
def review_status(context):
    """How many versions wait for review and how many scheduled ones are overdue."""
    request = context.get("request")
    if request is None or not request.user.has_perm(VIEW_PERMISSION):
        return None
    return queue_status()
