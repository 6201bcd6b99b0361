from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .social import site_image


def site(request):
    """The site's name and base URL, for titles, canonical links and structured data, and the
    site's social image for pages without their own (looked up only by a page that shows it)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_IMAGE": SimpleLazyObject(site_image),
    }
