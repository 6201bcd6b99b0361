"""The admin's "Data to check" page and its "Mark as checked" button (guidesite/data_check.py).

Both sit under /admin/ behind the admin site's sign-in (guidesite/urls.py). The list is for
editors and reviewers; marking a row is for editors, and `data_check.mark_checked` says so.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from . import data_check

ROWS_PER_PAGE = 100
# The list's own parameters: the only ones kept in its links and after a check.
PARAMETERS = ("kind", "age", "page")
UNKNOWN_FILTER = "That filter is not available, so it was left out."


def _list_url(**params):
    query = urlencode({name: value for name, value in params.items() if value})
    return reverse("data_to_check") + (f"?{query}" if query else "")


def _options(choices, chosen, counts, name, others):
    """Filter links: an "All" choice, then one per choice with its count."""
    total = sum(counts.values())
    options = [("All", total, "", not chosen)]
    options += [(label, counts.get(key, 0), key, key == chosen) for key, label in choices]
    return [
        {
            "label": label,
            "count": count,
            "selected": selected,
            "url": _list_url(**others, **{name: key}),
        }
        for label, count, key, selected in options
    ]


@require_safe
def data_to_check(request):
    """Everything that may be out of date, longest due first, with filters by kind and age."""
    user = request.user
    if not data_check.may_view(user):
        raise PermissionDenied(data_check.MAY_NOT_VIEW)
    today = timezone.localdate()
    kind, age = request.GET.get("kind", ""), request.GET.get("age", "")
    notice = ""
    if kind not in data_check.KINDS or age not in data_check.AGES:
        kind = kind if kind in data_check.KINDS else ""
        age = age if age in data_check.AGES else ""
        notice = UNKNOWN_FILTER if request.GET.get("kind") or request.GET.get("age") else ""
    rows = data_check.items(today)
    ages = {row: row.age(today) for row in rows}
    by_kind, by_age = {}, {}
    for row in rows:
        if not age or ages[row] == age:
            by_kind[row.kind] = by_kind.get(row.kind, 0) + 1
        if not kind or row.kind == kind:
            by_age[ages[row]] = by_age.get(ages[row], 0) + 1
    shown = [row for row in rows if kind in ("", row.kind) and age in ("", ages[row])]
    page = Paginator(shown, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    markable = {key for key in data_check.MARK_PERMISSIONS if data_check.may_mark(user, key)}
    context = {
        **admin.site.each_context(request),
        "title": "Data to check",
        "page_obj": page,
        "total": len(rows),
        "shown": len(shown),
        "filtered": bool(kind or age),
        "kinds": _options(data_check.KINDS.items(), kind, by_kind, "kind", {"age": age}),
        "ages": _options(
            [(key, label) for key, (label, _low, _high) in data_check.AGES.items()],
            age,
            by_age,
            "age",
            {"kind": kind},
        ),
        "clear_url": _list_url(),
        "query": urlencode({"kind": kind, "age": age, "page": page.number}),
        "page_urls": {
            "previous": _list_url(kind=kind, age=age, page=page.number - 1)
            if page.has_previous()
            else "",
            "next": _list_url(kind=kind, age=age, page=page.number + 1) if page.has_next() else "",
        },
        "notice": notice,
        "markable": markable,
        "note_max_length": data_check.NOTE_MAX_LENGTH,
        "today": today,
        "data_months": settings.DATA_STALE_MONTHS,
        "review_months": settings.REVIEW_DUE_MONTHS,
        "source_months": data_check.SOURCE_MONTHS,
    }
    return render(request, "admin/data_to_check.html", context)


@require_POST
def mark_checked(request):
    """Record that the signed-in editor checked one row; back to the list, same filters."""
    if not data_check.may_view(request.user):
        raise PermissionDenied(data_check.MAY_NOT_VIEW)
    post = request.POST
    today = timezone.localdate()
    try:
        name = data_check.mark_checked(
            request.user, post.get("kind", ""), post.get("pk", ""), post.get("note", ""), today
        )
    except data_check.CheckRefused as refused:
        messages.error(request, refused.message)
    else:
        day = dateformat.format(today, "F j, Y")
        messages.success(request, f"“{name}” is marked as checked on {day} and has left the list.")
    back = QueryDict(post.get("next", ""))
    return redirect(_list_url(**{name: back.get(name, "") for name in PARAMETERS}))
