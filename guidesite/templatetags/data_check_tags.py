"""The admin home's "Data to check" panel (templates/admin/guidesite/index.html)."""

from django import template
from django.urls import reverse

from guidesite import data_check

register = template.Library()


@register.simple_tag(takes_context=True)
def data_to_check_summary(context):
    """{"count", "url"} for someone who may see the list (one query), else None."""
    request = context.get("request")
    if request is None or not data_check.may_view(request.user):
        return None
    return {"count": data_check.count(), "url": reverse("data_to_check")}
