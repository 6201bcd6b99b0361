"""Request clean-up shared by every view."""

from django.http import QueryDict


class DropNulFromQueryMiddleware:
    """Remove NUL characters from query-string values before any view reads them.

    A NUL means nothing in a search or a filter, but a view that echoes the value back (the
    search box, a form showing what was typed) would put it in the page, where HTML forbids it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "%00" in raw or "\x00" in raw:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
