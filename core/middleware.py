"""Request clean-up shared by every view."""

import functools

from django.http import HttpResponse, HttpResponseNotAllowed, QueryDict
from django.urls import Resolver404, resolve


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


# Methods a view can be written to take. TRACE (and its old alias TRACK) echo the request back,
# headers and cookies included: no view takes them.
VIEW_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# A function view that does not say (no require_http_methods): it may read a form.
UNDECLARED = ["GET", "HEAD", "POST"]


# Per view, once: what a view takes never changes while the process runs.
@functools.lru_cache(maxsize=1024)
def allowed_methods(view):
    """The request methods `view` answers, OPTIONS included, in a stable order.

    A class-based view says so by the handlers it has (`View._allowed_methods`); a function
    view by Django's require_http_methods family (require_safe, require_POST...), whose list
    is read from the decorator, at any depth of other decorators. Other views: UNDECLARED.
    """
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        declared = set(view_class(**view.view_initkwargs)._allowed_methods())
    else:
        declared = _decorated_methods(view)
    methods = (set(UNDECLARED) if declared is None else declared & VIEW_METHODS) | {"OPTIONS"}
    order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return tuple(sorted(methods, key=order.index))


def _decorated_methods(view):
    methods = None
    seen = set()
    while callable(view) and id(view) not in seen:
        seen.add(id(view))
        for cell in getattr(view, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if (
                isinstance(value, (list, tuple, set, frozenset))
                and value
                and all(isinstance(m, str) and m in VIEW_METHODS for m in value)
            ):
                methods = set(value) if methods is None else methods & set(value)
        view = getattr(view, "__wrapped__", None)
    return methods


class AllowedMethodsMiddleware:
    """Answer each URL only in the methods its view takes.

    TRACE is refused (405) everywhere, before any view or URL lookup. OPTIONS is answered here,
    with an Allow header listing what the view takes and no body, without running the view.
    Any other method the view does not take is a 405 with the same Allow header, so a function
    view without a declared list never sees a PUT or DELETE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in VIEW_METHODS:
            return HttpResponseNotAllowed(self.methods_at(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = allowed_methods(view_func)
        if request.method == "OPTIONS":
            return HttpResponse(headers={"Allow": ", ".join(allowed), "Content-Length": "0"})
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return None

    @staticmethod
    def methods_at(request):
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return []
        return allowed_methods(match.func)
