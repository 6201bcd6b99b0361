"""reverse() once per address: list pages link to each card's object once or twice, and
reversing a URL pattern is a good part of a card's cost."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Every public object's address fits, with room: it is only a cache, so the least used go.
MAX_ADDRESSES = 50_000


@functools.lru_cache(maxsize=MAX_ADDRESSES)
def _reversed(name, args, prefix, urlconf, root_urlconf):
    return reverse(name, args=args)


def reverse_cached(name, *args):
    """reverse(name, args=args), kept per process. What else decides the address (the script
    prefix, the request's and the site's URLconf) is part of the key."""
    return _reversed(name, args, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
