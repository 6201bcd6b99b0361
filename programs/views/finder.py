"""The program directory, the compare table and the match quiz."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core import pagecache

from .. import compare as comparing
from .. import finder, rules
from ..forms import DirectoryForm, QuizForm
from ..models import Field, Program

PER_PAGE = 20
FACET_GROUPS = ("degree", "format", "pacing", "thesis")
CHECKBOXES = ("no_gre", "aid", "accredited")


def _page(paginator, number):
    """The requested page, or the nearest real one with a sentence saying why."""
    try:
        return paginator.page(number or 1), ""
    except PageNotAnInteger:
        return paginator.page(1), f"“{number[:20]}” is not a page number; showing page 1."
    except EmptyPage:
        last = paginator.num_pages
        note = f"There is no page {number[:20]}; showing the last page ({last})."
        return paginator.page(last), note


def _label_choices(form, facets):
    """Put each option's count in its label and make the field a list of known fields."""
    for group in FACET_GROUPS:
        counts = facets["options"][group]
        form.fields[group].choices = [
            (value, f"{label} ({counts[value]:,})" if value in counts else label)
            for value, label in form.fields[group].choices
        ]
    for group in CHECKBOXES:
        # The bound field copied the label when the form was validated.
        form[group].label = f"{form.fields[group].label} ({facets['options'][group][True]:,})"
    form.fields["field"].choices = [("", "Any field")] + [
        (f["slug"], f"{f['name']} ({f['matching']:,})") for f in facets["fields"]
    ]
    states = facets["states"]
    form.fields["state"].choices = [form.fields["state"].choices[0]] + [
        (code, f"{name} ({states[code]:,})")
        for code, name in form.fields["state"].choices[1:]
        if code in states
    ]


def _chosen(form, filters, query):
    """Each chosen filter as a sentence with a link that removes only that filter."""
    chosen = []
    for name, value in filters.items():
        field = form.fields[name]
        if isinstance(field, forms.BooleanField):
            text = field.label.rsplit(" (", 1)[0]
        elif isinstance(value, Field):
            text = f"{field.label}: {value.name}"
        elif isinstance(field, forms.ChoiceField):
            label = dict(field.choices).get(value, value)
            text = f"{field.label}: {label.rsplit(' (', 1)[0]}"
        else:
            text = f"{field.label}: {value}"
        remaining = query.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        # Back to the results, not the top of the page (issue 12).
        chosen.append({"text": text, "url": f"?{remaining.urlencode()}#results"})
    return chosen


def _compare_tray(query):
    """Programs picked for comparison on the directory (?p=), each named with its school: two
    schools often give a program the same name."""
    selection = comparing.read_slugs(query.getlist("p"))
    picked = []
    if selection.slugs:
        found = {
            slug: f"{name} — {school}"
            for slug, name, school in Program.objects.published()
            .filter(slug__in=selection.slugs)
            .values_list("slug", "name", "school__name")
        }
        picked = [(slug, found[slug]) for slug in selection.slugs if slug in found]
    return [slug for slug, _ in picked], picked


def _compare_links(query, page_number):
    """A function giving this page's address with another compare selection (?p=).

    The page number stays (the page actually shown, not the one asked for), so the card just
    added is on the page the link opens. The query is read and encoded once, around the place
    of p: encoding all of it again for each of the twenty cards cost more than the cards.
    """
    items = [(key, query.getlist(key)) for key in query if key != "page"]
    if "p" not in query:
        items.append(("p", []))
    if page_number > 1:
        items.append(("page", [str(page_number)]))
    at = next(index for index, (key, _) in enumerate(items) if key == "p")

    def encoded(part):
        return urlencode([(key, value) for key, values in part for value in values])

    before, after = encoded(items[:at]), encoded(items[at + 1 :])

    def with_p(slugs):
        parts = [before, urlencode([("p", slug) for slug in slugs]), after]
        return "?" + "&".join(part for part in parts if part)

    return with_p


def _tray_return(slug, on_page, picked):
    """Where removing a program from the tray lands: its card when it is on this page, else the
    tray, or the results when the tray empties."""
    if slug in on_page:
        return "#" + comparing.card_anchor(slug)
    return "#compare-tray" if picked > 1 else "#results"


@require_safe
@pagecache.cached_page
def directory(request):
    """Published programs, filtered and sorted only by what the student chose."""
    query = request.GET
    form = DirectoryForm(query)
    filters = form.filters()
    sort = form.sort_key()
    facets = finder.cached_facets(filters)
    known_fields = {row["field"] for row in facets["fields"]}
    if "field" in filters and filters["field"].pk not in known_fields:
        form.add_error("field", "No published programs in that field; pick one from the list.")
    _label_choices(form, facets)

    # The facet query counted the results; only the page shown is read (directory_cards).
    paginator = Paginator(range(facets["total"]), PER_PAGE)
    page, page_note = _page(paginator, query.get("page"))
    start = (page.number - 1) * PER_PAGE
    # With no results, no page to read (an empty slice runs no query).
    stop = start + PER_PAGE if facets["total"] else start
    page.object_list, featured = finder.directory_cards(filters, sort, start, stop)

    slugs, picked = _compare_tray(query)
    _with_p = _compare_links(query, page.number)
    # Adding or removing brings the student back to the same card (#program-<slug>, which
    # takes focus), not to the top of a long page; a program not on this page, to the tray.
    on_page = {program.slug for program in page.object_list}
    cards = []
    for program in page.object_list:
        chosen = program.slug in slugs
        anchor = comparing.card_anchor(program.slug)
        if chosen:
            url = _with_p([s for s in slugs if s != program.slug]) + f"#{anchor}"
        elif len(slugs) < comparing.MAX_PROGRAMS:
            url = _with_p([*slugs, program.slug]) + f"#{anchor}"
        else:
            url = ""
        cards.append(
            {"program": program, "compare_url": url, "in_compare": chosen, "anchor": anchor}
        )

    response = render(
        request,
        "programs/program_list.html",
        {
            "form": form,
            "filters": filters,
            "chosen": _chosen(form, filters, query),
            "sort_explanation": finder.SORT_EXPLANATIONS[sort],
            "facets": facets,
            "page": page,
            "page_note": page_note,
            "cards": cards,
            "featured": featured,
            "compare_slugs": slugs,
            "compare_picked": [
                {
                    "slug": s,
                    "name": n,
                    "remove_url": _with_p([x for x in slugs if x != s])
                    + _tray_return(s, on_page, len(slugs)),
                }
                for s, n in picked
            ],
            "compare_url": comparing.compare_url(reverse("programs:compare"), slugs),
            "clear_filters_url": comparing.compare_url(reverse("programs:directory"), slugs)
            + "#results",
        },
    )
    # Any program, school, rule or field may enter, leave or move in the list (list-programs).
    return pagecache.tag(response, finder.PROGRAM_LIST, "disclosure")


@require_safe
def compare(request):
    """Two to four programs side by side (?p=slug&p=slug)."""
    selection = comparing.read_slugs(request.GET.getlist("p"))
    found = {
        p.slug: p for p in Program.objects.published().for_page().filter(slug__in=selection.slugs)
    }
    programs = [found[slug] for slug in selection.slugs if slug in found]
    missing = selection.unknown + [slug for slug in selection.slugs if slug not in found]
    messages = list(selection.messages)
    if missing:
        messages.append(
            "We could not find "
            + ", ".join(f"“{slug}”" for slug in missing)
            + ". The program may have been removed or the link mistyped."
        )
    slugs = [p.slug for p in programs]
    base = reverse("programs:compare")
    only_differences = request.GET.get("diff") == "1"
    rows = comparing.rows(programs)
    # Removing a column or toggling rows comes back to the table, not the top of the page,
    # while at least two programs are left to compare.
    columns = [
        {
            "program": p,
            "remove_url": comparing.compare_url(base, [s for s in slugs if s != p.slug])
            + ("#comparison" if len(slugs) > 2 else ""),
        }
        for p in programs
    ]
    return render(
        request,
        "programs/program_compare.html",
        {
            "programs": programs,
            "columns": columns,
            "rows": [r for r in rows if r.differs] if only_differences else rows,
            "differences": sum(1 for r in rows if r.differs),
            "only_differences": only_differences,
            "messages_list": messages,
            "enough": len(programs) >= 2,
            "can_add": len(programs) < comparing.MAX_PROGRAMS,
            "add_url": comparing.compare_url(reverse("programs:directory"), slugs),
            "all_rows_url": comparing.compare_url(base, slugs) + "#comparison",
            "diff_url": comparing.compare_url(base, slugs, diff="1") + "#comparison",
        },
    )


def _explained(rows, profile, preferences):
    results = []
    for row in rows:
        evaluation = rules.evaluate(profile, rules.RuleValues.from_values(row))
        results.append(
            {
                "row": row,
                "evaluation": evaluation,
                "reasons": finder.fit_reasons(row, preferences),
            }
        )
    return results


@require_safe
@pagecache.cached_page
def match(request):
    """The match quiz: a GET form; programs the student qualifies for, those we cannot tell
    about yet (and why), then near misses."""
    form = QuizForm(request.GET or None, fields=finder.fields_with_programs())
    context = {"form": form, "submitted": False}
    if form.is_bound:
        profile = form.profile()
        preferences = form.preferences()
        found = finder.match(profile, preferences)
        qualify = _explained(found["qualify"], profile, preferences)
        unknown = _explained(found["unknown"], profile, preferences)
        # Compare the best programs that qualify; with fewer than two, those where nothing
        # failed fill in (a student who skipped a question qualifies nowhere yet).
        best = qualify if len(qualify) >= 2 else qualify + unknown
        top = [item["row"]["slug"] for item in best[: comparing.MAX_PROGRAMS]]
        context.update(
            submitted=True,
            qualify=qualify,
            unknown=unknown,
            near=_explained(found["near"], profile, preferences),
            qualify_count=found["qualify_count"],
            unknown_count=found["unknown_count"],
            near_count=found["near_count"],
            fit_points=finder.FIT_POINTS,
            compare_top_url=comparing.compare_url(reverse("programs:compare"), top)
            if len(top) >= 2
            else "",
            share_url=request.build_absolute_uri(),
        )
    response = render(request, "programs/program_match.html", context)
    return pagecache.tag(response, finder.PROGRAM_LIST, "disclosure")
