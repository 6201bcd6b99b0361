"""Set-based querysets for the program finder: filters, sorts, facet counts and the quiz match.

Everything here runs a fixed number of queries whatever the number of programs: facet counts
are conditional aggregates (one COUNT ... FILTER per option) rather than one query per option.
"""

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast

from guidesite import pagecache

from .forms import THESIS_CHOICES
from .models import Program, School

SORTS = {
    "name": (F("name").asc(), F("pk").asc()),
    "tuition": (F("tuition_total").asc(nulls_last=True), F("name").asc(), F("pk").asc()),
    "-tuition": (F("tuition_total").desc(nulls_last=True), F("name").asc(), F("pk").asc()),
    "duration": (F("duration_min_months").asc(nulls_last=True), F("name").asc(), F("pk").asc()),
    "acceptance": (
        F("school__acceptance_rate").desc(nulls_last=True),
        F("name").asc(),
        F("pk").asc(),
    ),
    "featured": (F("school__is_partner").desc(), F("name").asc(), F("pk").asc()),
}
SORT_EXPLANATIONS = {
    "name": "Ordered by program name, A to Z.",
    "tuition": "Ordered by total tuition, lowest first; programs without a published total last.",
    "-tuition": "Ordered by total tuition, highest first; programs without a published total last.",
    "duration": "Ordered by the shortest published duration; programs without one last.",
    "acceptance": "Ordered by the school's acceptance rate, highest first; unpublished rates last.",
    "featured": "Partner programs first (they pay to be featured), then by name.",
}
THESIS_Q = {
    "thesis": Q(culminating__in=["thesis", "either"]),
    "capstone": Q(culminating__in=["capstone", "either"]),
    "neither": Q(culminating="neither"),
}
NO_GRE_Q = Q(admission__gre_policy__in=["not_required", "optional"])
AID_Q = Q(has_financial_aid=True)
ACCREDITED_Q = ~Q(school__accreditor="")


def filter_q(filters, skip=None):
    """One Q for the chosen filters, leaving out the group named by skip (for its facet)."""
    q = Q()
    for name, value in filters.items():
        if name != skip:
            q &= _one_filter(name, value)
    return q


def _one_filter(name, value):
    match name:
        case "field":
            return Q(field=value)
        case "degree" | "format" | "pacing":
            return Q(**{name: value})
        case "state":
            return Q(school__state=value)
        case "max_tuition":
            return Q(tuition_total__lte=value)
        case "gpa":
            # A program that publishes no minimum is not a fail (rules.py: unknown).
            return Q(admission__min_gpa__lte=value) | Q(admission__min_gpa__isnull=True)
        case "no_gre":
            return NO_GRE_Q
        case "thesis":
            return THESIS_Q[value]
        case "max_months":
            return Q(duration_min_months__lte=value)
        case "aid":
            return AID_Q
        case "accredited":
            return ACCREDITED_Q
    raise ValueError(f"Unknown filter {name!r}")


def directory(filters, sort="name"):
    """Published programs matching the filters, in the chosen order only."""
    return (
        Program.objects.published()
        .for_card()
        .filter(filter_q(filters))
        .order_by(*SORTS.get(sort, SORTS["name"]))
    )


def directory_page(filters, sort, start, stop):
    """One page of directory(), in one query that sorts only keys before joining the rest.

    Sorting the narrow (key, pk) rows and joining school and rules for the twenty kept keeps a
    deep page (page 400 of 10,000 programs) as cheap as the first.
    """
    order = SORTS.get(sort, SORTS["name"])
    keys = (
        Program.objects.published()
        .filter(filter_q(filters))
        .order_by(*order)
        .values("pk")[start:stop]
    )
    return Program.objects.for_card().filter(pk__in=keys).order_by(*order)


def featured_partners(filters, limit=2):
    """Partner programs matching the filters, for the separate paid-placement box."""
    partner_schools = School.objects.partners().values("pk")
    return (
        Program.objects.published()
        .for_card()
        .filter(filter_q(filters), school__in=partner_schools)
        .order_by("name", "pk")[:limit]
    )


def _count(q):
    return Count("pk", filter=q) if q else Count("pk")


FACET_OPTIONS = {
    "degree": {value: Q(degree=value) for value in Program.Degree.values},
    "format": {value: Q(format=value) for value in Program.Format.values},
    "pacing": {value: Q(pacing=value) for value in Program.Pacing.values},
    "thesis": {value: THESIS_Q[value] for value, _ in THESIS_CHOICES},
    "no_gre": {True: NO_GRE_Q},
    "aid": {True: AID_Q},
    "accredited": {True: ACCREDITED_Q},
}


# State and field are grouped on rather than counted per option: their facets and the other
# groups' counts are sums over the (field, state) rows in Python, at most a few hundred.
GROUPED = ("field", "state")


def facets(filters):
    """Result count, tuition range, per-option counts and per-field figures, in one query.

    Each option counts the programs it would leave: every other chosen filter plus that
    option, as one conditional COUNT per option, grouped by field and state.
    Returns {"total", "tuition_min", "tuition_max", "options": {group: {value: n}},
    "fields": [{"field", "total", "matching", "low", "high"}], "states": {code: n}}.
    """
    keyed = {name: value for name, value in filters.items() if name in GROUPED}
    rest = {name: value for name, value in filters.items() if name not in GROUPED}
    everything = filter_q(rest) or None
    aggregates = {
        "published": Count("pk"),
        "published_low": _dollars(Min("tuition_total")),
        "published_high": _dollars(Max("tuition_total")),
        "matching": _count(everything),
        "low": _dollars(Min("tuition_total", filter=everything)),
        "high": _dollars(Max("tuition_total", filter=everything)),
    }
    keys = {}
    for group, options in FACET_OPTIONS.items():
        others = filter_q(rest, skip=group)
        for index, (value, option_q) in enumerate(options.items()):
            keys[f"{group}_{index}"] = (group, value)
            aggregates[f"{group}_{index}"] = Count("pk", filter=others & option_q)
    names = list(aggregates)
    rows = Program.objects.published().values_list("field", "school__state").annotate(**aggregates)
    column = {name: index for index, name in enumerate(names, start=2)}
    want_field, want_state = keyed.get("field"), keyed.get("state")
    sums = dict.fromkeys(keys, 0)
    total, lows, highs, states, fields = 0, [], [], {}, {}
    for row in rows.order_by():
        field, state = row[0], row[1]
        field_fits = want_field is None or field == want_field
        state_fits = want_state is None or state == want_state
        matching = row[column["matching"]]
        if field_fits:
            states[state] = states.get(state, 0) + matching
        stats = fields.setdefault(
            field, {"field": field, "total": 0, "matching": 0, "low": None, "high": None}
        )
        stats["total"] += row[column["published"]]
        stats["low"] = _least(stats["low"], row[column["published_low"]], min)
        stats["high"] = _least(stats["high"], row[column["published_high"]], max)
        if state_fits:
            stats["matching"] += matching
        if field_fits and state_fits:
            total += matching
            for alias in keys:
                sums[alias] += row[column[alias]]
            if row[column["low"]] is not None:
                lows.append(row[column["low"]])
                highs.append(row[column["high"]])
    options = {group: dict.fromkeys(values, 0) for group, values in FACET_OPTIONS.items()}
    for alias, (group, value) in keys.items():
        options[group][value] = sums[alias]
    for stats in fields.values():
        stats["low"], stats["high"] = _money(stats["low"]), _money(stats["high"])
    return {
        "total": total,
        "tuition_min": _money(min(lows, default=None)),
        "tuition_max": _money(max(highs, default=None)),
        "options": options,
        "fields": sorted(fields.values(), key=lambda stats: stats["field"]),
        "states": dict(sorted(states.items())),
    }


# Facet counts cost a pass over every published program and change only when the catalogue
# does, so they are cached per filter set under the public-content generation, which any saved
# or deleted school, program or rule moves on (guidesite/pagecache.py); the time limit covers
# bulk edits that send no signals.
FACETS_SECONDS = 300


def cached_facets(filters):
    """facets(), from the cache while the catalogue is unchanged."""
    digest = hashlib.sha256(repr(sorted(filters.items())).encode()).hexdigest()
    key = pagecache.key("programs-facets", digest)
    result = cache.get(key)
    if result is None:
        result = facets(filters)
        cache.set(key, result, FACETS_SECONDS)
    return result


def _dollars(aggregate):
    # Floats cross the driver much faster than Decimals; only the few shown become money again.
    return Cast(aggregate, FloatField())


def _money(value):
    return None if value is None else Decimal(f"{value:.2f}")


def _least(current, value, pick):
    if value is None:
        return current
    return value if current is None else pick(current, value)


def field_stats():
    """Published programs per field with their tuition range, for guides and the directory."""
    return list(
        Program.objects.published()
        .values("field")
        .annotate(total=Count("pk"), low=Min("tuition_total"), high=Max("tuition_total"))
        .order_by("field")
    )


# The quiz. The SQL below mirrors the "not met" branches of rules.py so the database can
# rank and count 10,000 programs; rules.py then explains only the rows shown.
MATCH_FIELDS = (
    "pk",
    "name",
    "slug",
    "field",
    "degree",
    "format",
    "pacing",
    "tuition_total",
    "duration_min_months",
    "duration_max_months",
    "school__name",
    "school__slug",
    "school__city",
    "school__state",
    "school__is_partner",
    "admission__min_gpa",
    "admission__gre_policy",
    "admission__gre_min_total",
    "admission__bachelors",
    "admission__requires_programming",
    "admission__requires_math",
    "admission__source_url",
    "admission__checked_on",
)


def unmet_conditions(profile):
    """One Q per admission rule the student's answers fail (SQL twin of rules.py)."""
    conditions = []
    if profile.gpa is not None:
        conditions.append(Q(admission__min_gpa__gt=profile.gpa))
    if profile.gre is None:
        conditions.append(Q(admission__gre_policy="required"))
    else:
        conditions.append(
            Q(admission__gre_policy="required", admission__gre_min_total__gt=profile.gre)
        )
    if profile.has_bachelors is False:
        conditions.append(Q(admission__bachelors__in=["any_field", "cs_related"]))
    elif profile.cs_degree is False:
        conditions.append(Q(admission__bachelors="cs_related"))
    if profile.programming is False:
        conditions.append(Q(admission__requires_programming=True))
    if profile.math is False:
        conditions.append(Q(admission__requires_math=True))
    return conditions


def _sum(expressions):
    total = Value(0)
    for expression in expressions:
        total = total + expression
    return total


def unmet_count(profile):
    """How many rules the student fails, as a database expression."""
    return _sum(
        Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())
        for q in unmet_conditions(profile)
    )


FIT_POINTS = {"budget": 3, "field": 2, "format": 1, "pacing": 1}


def fit_conditions(preferences):
    """The student's preferences as (name, Q) pairs; each met one adds FIT_POINTS[name]."""
    conditions = []
    if preferences.get("budget") is not None:
        conditions.append(("budget", Q(tuition_total__lte=preferences["budget"])))
    for name in ("field", "format", "pacing"):
        if preferences.get(name):
            conditions.append((name, Q(**{name: preferences[name]})))
    return conditions


def fit_score(preferences):
    return _sum(
        Case(When(q, then=Value(FIT_POINTS[name])), default=Value(0), output_field=IntegerField())
        for name, q in fit_conditions(preferences)
    )


def match(profile, preferences, limit=10, near_limit=5):
    """Programs the student qualifies for and near misses (one rule unmet), best fit first.

    Four queries: the two counts, the best keys of each group (narrow rows, so the database
    sorts little), then the shown rows' details by primary key.
    """
    unmet = unmet_count(profile)
    counts = (
        Program.objects.published()
        .annotate(unmet=unmet)
        .aggregate(qualify=Count("pk", filter=Q(unmet=0)), near=Count("pk", filter=Q(unmet=1)))
    )
    ranked = (
        Program.objects.published()
        .annotate(unmet=unmet, fit=fit_score(preferences))
        .order_by("-fit", F("tuition_total").asc(nulls_last=True), "name", "pk")
        .values_list("pk", "unmet", "fit")
    )
    keys = list(ranked.filter(unmet=0)[:limit]) + list(ranked.filter(unmet=1)[:near_limit])
    details = Program.objects.filter(pk__in=[pk for pk, _, _ in keys]).values(*MATCH_FIELDS)
    by_pk = {row["pk"]: row for row in details} if keys else {}
    rows = [{**by_pk[pk], "unmet": misses, "fit": fit} for pk, misses, fit in keys]
    return {
        "qualify_count": counts["qualify"],
        "near_count": counts["near"],
        "qualify": [row for row in rows if row["unmet"] == 0],
        "near": [row for row in rows if row["unmet"] == 1],
    }


def fit_reasons(row, preferences):
    """Why a program ranks where it does, in words, from a MATCH_FIELDS row."""
    reasons = []
    budget = preferences.get("budget")
    if budget is not None:
        tuition = row["tuition_total"]
        if tuition is None:
            reasons.append(("unknown", "Total tuition not published"))
        elif tuition <= budget:
            reasons.append(("met", "Within your budget"))
        else:
            reasons.append(("not_met", "Over your budget"))
    labels = {
        "field": lambda v: v,
        "format": lambda v: Program.Format(v).label,
        "pacing": lambda v: Program.Pacing(v).label,
    }
    for name in ("field", "format", "pacing"):
        wanted = preferences.get(name)
        if wanted:
            if row[name] == wanted:
                reasons.append(("met", f"{labels[name](wanted)}, as you prefer"))
            else:
                reasons.append(
                    ("not_met", f"{labels[name](row[name])}, not {labels[name](wanted)}")
                )
    return reasons
