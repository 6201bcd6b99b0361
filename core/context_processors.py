import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from .social import site_image

# The addresses the header, the footer and base.html link to on every page.
SITE_LINKS = {
    "home": ("home", ()),
    "guides": ("articles:list", ()),
    "programs": ("programs:directory", ()),
    "careers": ("careers:list", ()),
    "people": ("articles:people", ()),
    "search": ("search", ()),
    "feed": ("feed", ()),
    "match": ("programs:match", ()),
    "editorial_process": ("site_page", ("editorial-process",)),
    "advertising_disclosure": ("site_page", ("advertising-disclosure",)),
}


# The files base.html links to: the style sheets, the print script and the icon.
SITE_FILES = {
    "site_css": "css/site.css",
    "print_css": "css/print.css",
    "print_js": "js/print.js",
    "favicon": "favicon.svg",
}


@functools.cache
def _site_links(prefix, urlconf, root_urlconf, static_url, static_storage):
    # The same for every request under one script prefix, URLconf and static files storage
    # (the arguments are the key): worked out once per process, not a dozen times a page.
    links = {key: reverse(name, args=args) for key, (name, args) in SITE_LINKS.items()}
    return links | {key: static(path) for key, path in SITE_FILES.items()}


def site(request):
    """The site's name and base URL, for titles, canonical links and structured data, the
    site's social image for pages without their own (looked up only by a page that shows it),
    and the addresses of its sections and files (SITE_LINKS, SITE_FILES)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_IMAGE": SimpleLazyObject(site_image),
        "LINKS": _site_links(
            get_script_prefix(),
            get_urlconf(),
            settings.ROOT_URLCONF,
            settings.STATIC_URL,
            settings.STORAGES["staticfiles"]["BACKEND"],
        ),
    }
