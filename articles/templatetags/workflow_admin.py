"""Admin template helpers for the editorial workflow."""

from django import template
from django.utils import timezone

from articles import permissions
from articles.models import ArticleVersion

register = template.Library()


@register.simple_tag(takes_context=True)
def review_status(context):
    """How many versions wait for review and how many scheduled ones are overdue."""
    request = context.get("request")
    if request is None or not permissions.can_view(request.user):
        return None
    return ArticleVersion.objects.queue_counts(timezone.now())
