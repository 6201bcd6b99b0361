"""Addresses the site's own URLs already answer, for records whose slug makes their address."""

from django.urls import NoReverseMatch, Resolver404, resolve, reverse


def answered_by_another_page(url_name, *args):
    """The address `url_name` gives for `args` when another URL of the site answers it instead
    (one listed before it in the URLconf, such as /programs/compare/ for a program slugged
    "compare"), else "". A record at that address could never be reached."""
    try:
        path = reverse(url_name, args=args)
        match = resolve(path)
    except (NoReverseMatch, Resolver404):
        return ""
    return path if match.view_name != url_name else ""
