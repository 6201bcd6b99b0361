"""Set-based queries for the program finder: filters, sorts, facet counts and the quiz match.

They read FinderRow, the narrow copy of each published program (programs/finder_rows.py), and
run a fixed number of queries whatever the number of programs: facet counts come from one
aggregate over the rows' option bits, not from one query per option.
"""

import hashlib
import operator
from decimal import Decimal
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast

from core import pagecache

from . import rules
from .models import FACET_BITS, FACET_OPTIONS, AdmissionRule, Field, FinderRow, Program

# Each sort is a list of (FinderRow column, descending); unknown values always go last.
SORTS = {
    "name": [("name", False)],
    "tuition": [("tuition_total", False), ("name", False)],
    "-tuition": [("tuition_total", True), ("name", False)],
    "duration": [("duration_min_months", False), ("name", False)],
    "acceptance": [("acceptance_rate", True), ("name", False)],
    "featured": [("partner", True), ("name", False)],
}
SORT_EXPLANATIONS = {
    "name": "Ordered by program name, A to Z.",
    "tuition": "Ordered by total tuition, lowest first; programs without a published total last.",
    "-tuition": "Ordered by total tuition, highest first; programs without a published total last.",
    "duration": "Ordered by the shortest published duration; programs without one last.",
    "acceptance": "Ordered by the school's acceptance rate, highest first; unpublished rates last.",
    "featured": "Partner programs first (they pay to be featured), then by name.",
}


NULLABLE = {"tuition_total", "duration_min_months", "acceptance_rate"}


def ordering(sort, prefix=""):
    """The chosen sort as order_by() arguments, on FinderRow or through a relation to it."""
    columns = [*SORTS.get(sort, SORTS["name"]), ("program", False)]
    return [
        F(prefix + column).desc(nulls_last=nulls)
        if descending
        else F(prefix + column).asc(nulls_last=nulls)
        for column, descending in columns
        for nulls in [True if column in NULLABLE else None]
    ]


def filter_q(filters, skip=()):
    """One Q over FinderRow for the chosen filters, leaving out those named in skip.

    The "field" filter is a programs.Field or its key.
    """
    q = Q()
    for name, value in filters.items():
        if name not in skip:
            q &= _one_filter(name, value)
    return q


def _one_filter(name, value):
    if name in FACET_OPTIONS:
        return FACET_OPTIONS[name][value]
    match name:
        case "field" | "state":
            return Q(**{name: value})
        case "max_tuition":
            return Q(tuition_total__lte=value)
        case "gpa":
            # A program that publishes no minimum is not a fail (rules.py: unknown).
            return Q(min_gpa__lte=value) | Q(min_gpa__isnull=True)
        case "max_months":
            return Q(duration_min_months__lte=value)
    raise ValueError(f"Unknown filter {name!r}")


def _cards(keys, sort):
    """The programs behind a slice of FinderRow keys, for cards, in the same order."""
    return (
        Program.objects.published()
        .for_card()
        .filter(pk__in=keys)
        .order_by(*ordering(sort, prefix="finder_row__"))
    )


def directory(filters, sort="name"):
    """Published programs matching the filters, in the chosen order only."""
    return _cards(FinderRow.objects.filter(filter_q(filters)).values("pk"), sort)


def directory_cards(filters, sort, start, stop, featured=2):
    """One page of directory() and the partner programs featured beside it, as
    (page, featured) lists of programs for cards, in at most three queries.

    The page's keys come from sorting only the narrow rows, so a deep page (page 400 of 10,000
    programs) costs what the first does; the featured keys are partners matching the filters,
    by name, leaving out the page's; then one query reads the cards of both, put back in their
    keys' order (one card query instead of two: each costs more to build than the keys).
    """
    rows = FinderRow.objects.filter(filter_q(filters))
    page = list(rows.order_by(*ordering(sort)).values_list("pk", flat=True)[start:stop])
    partners = rows.filter(partner=True).exclude(pk__in=page).order_by(*ordering("name"))
    picked = list(partners.values_list("pk", flat=True)[:featured])
    # published() again: a row left stale by a change that sent no signal never shows a program.
    found = Program.objects.published().for_card().in_bulk([*page, *picked])
    return [found[k] for k in page if k in found], [found[k] for k in picked if k in found]


def facets(filters):
    """Result count, tuition range, per-option counts and per-field figures, in two queries.

    Each option counts the programs it would leave: every other chosen filter plus that option.
    Every option is one bit of FinderRow.flags, so the options are counted in one aggregate over
    the rows the other filters leave (_bit_counts); fields and states are grouped on together in
    one more. Each field of study is one entry, with its key, name and slug; programs whose field
    is not set yet are in no entry.
    Returns {"total", "tuition_min", "tuition_max", "options": {group: {value: n}},
    "fields": [{"field", "name", "slug", "total", "matching", "low", "high"}],
    "states": {code: n}}.
    """
    chosen = {
        name: FACET_BITS[name, value] for name, value in filters.items() if name in FACET_OPTIONS
    }
    required = sum(chosen.values())
    # An option leaves the rows holding the bits of the other chosen groups and its own bit. A
    # chosen option needs exactly the total's bits, so each distinct mask is counted once.
    masks = {
        group: {
            value: (required & ~chosen.get(group, 0)) | FACET_BITS[group, value] for value in values
        }
        for group, values in FACET_OPTIONS.items()
    }
    counted = list(dict.fromkeys([required, *(m for ms in masks.values() for m in ms.values())]))
    rows = FinderRow.objects.filter(filter_q(filters, skip=FACET_OPTIONS))
    low, high, *counts = _bit_counts(rows, required, counted)
    count = dict(zip(counted, counts, strict=True))

    fields, states = _fields_and_states(filters)
    return {
        "total": count[required],
        "tuition_min": _money(low),
        "tuition_max": _money(high),
        "options": {
            group: {value: count[mask] for value, mask in values.items()}
            for group, values in masks.items()
        },
        "fields": fields,
        "states": states,
    }


def _bit_counts(rows, required, masks):
    """The lowest and highest tuition (as floats) of the FinderRows holding every required bit,
    then per mask how many rows hold all its bits: (low, high, *counts), in one query.

    The aggregate is written as SQL around the ORM's query for the rows: as some eighteen ORM
    conditional aggregates it costs more Python time to compile (about 7 ms at 10,000 programs)
    than fetching every distinct flags value and counting in Python did; the text costs almost
    none. CASE, COUNT, & and CAST read the same on SQLite and PostgreSQL.
    """
    connection = connections[rows.db]
    try:
        sql, params = rows.values_list("flags", "tuition_total").order_by().query.sql_with_params()
    except EmptyResultSet:
        return (None, None, *(0 for _ in masks))

    def holds(mask):
        return f"(flags & {mask:d}) = {mask:d}"

    # The same float cast as _dollars(): floats cross the driver faster than Decimals.
    tuition = f"CASE WHEN {holds(required)} THEN tuition_total END"
    real = FloatField().cast_db_type(connection)
    columns = [
        f"CAST(MIN({tuition}) AS {real})",
        f"CAST(MAX({tuition}) AS {real})",
        *(f"COUNT(CASE WHEN {holds(mask)} THEN 1 END)" for mask in masks),
    ]
    select = f"SELECT {', '.join(columns)} FROM ({sql}) AS candidates"  # noqa: S608 (the ORM's SQL and integer masks; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        return cursor.fetchone()


def _fields_and_states(filters):
    """Per-field figures and per-state counts, in one query.

    The ORM marks each FinderRow: whether it meets every filter but the field's ("matching", a
    field's count) and every filter but the state's ("in_state", a state's count). SQL around
    that query groups the marks by field and, separately, by state (UNION ALL): some sixty rows
    come back instead of one per field and state (about 500), which cost more to turn into
    Python values than the database took to group them. When a field is chosen, the states are
    those with programs in it.
    """
    chosen = filters["field"].pk if "field" in filters else None
    in_state = filter_q(filters, skip={"state"})
    rows = (
        FinderRow.objects.annotate(matching=_mark(filter_q(filters, skip={"field"})))
        .annotate(in_state=_mark(in_state))
        .values_list(
            "field", "field__name", "field__slug", "state", "tuition_total", "matching", "in_state"
        )
        .order_by()
    )
    connection = connections[rows.db]
    sql, params = rows.query.sql_with_params()
    real = FloatField().cast_db_type(connection)
    in_field = "WHERE field = %s" if chosen is not None else ""
    select = (
        f"WITH marked AS ({sql}) "  # noqa: S608 (the ORM's SQL; values are parameters)
        "SELECT 0 AS kind, field, field__name AS name, field__slug AS slug, NULL AS state,"
        " COUNT(*) AS n, SUM(matching) AS matching,"
        f" CAST(MIN(tuition_total) AS {real}) AS low, CAST(MAX(tuition_total) AS {real}) AS high"
        " FROM marked WHERE field IS NOT NULL GROUP BY field, field__name, field__slug"
        " UNION ALL"
        " SELECT 1, NULL, NULL, NULL, state, SUM(in_state), 0, NULL, NULL"
        f" FROM marked {in_field} GROUP BY state"
        " ORDER BY kind, name, field, state"
    )
    with connection.cursor() as cursor:
        cursor.execute(select, [*params, *([chosen] if chosen is not None else [])])
        grouped = cursor.fetchall()
    fields = [
        {
            "field": field,
            "name": name,
            "slug": slug,
            "total": total,
            "matching": matching,
            "low": _money(low),
            "high": _money(high),
        }  # fmt: skip
        for kind, field, name, slug, _, total, matching, low, high in grouped
        if kind == 0
    ]
    states = {state: count for kind, _, _, _, state, count, *_ in grouped if kind == 1}
    return fields, states


def _mark(q):
    """1 where a FinderRow meets q, else 0 (1 everywhere for no condition)."""
    if not q:
        return Value(1, output_field=IntegerField())
    return Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())


def _named(row):
    """A row grouped on the field, with the field's name and slug under short keys."""
    row = dict(row)
    row["name"], row["slug"] = row.pop("field__name"), row.pop("field__slug")
    return row


def _count(q):
    return Count("pk", filter=q) if q else Count("pk")


# Facet counts cost a pass over every published program and change only when the catalogue
# does, so they are cached per filter set until a saved or deleted school, program, rule or
# field drops the lists of programs (core/pagecache.py); the time limit covers bulk edits that
# send no signals.
FACETS_SECONDS = 300
PROGRAM_LIST = "list-programs"


def cached_facets(filters):
    """facets(), from the cache while the catalogue is unchanged."""
    keyed = {name: getattr(value, "pk", value) for name, value in filters.items()}
    digest = hashlib.sha256(repr(sorted(keyed.items())).encode()).hexdigest()
    key = pagecache.key("programs-facets", digest)
    return pagecache.cached(key, [PROGRAM_LIST], lambda: facets(filters), FACETS_SECONDS)


def _dollars(aggregate):
    # Floats cross the driver much faster than Decimals; only the few shown become money again.
    return Cast(aggregate, FloatField())


def _money(value):
    return None if value is None else Decimal(f"{value:.2f}")


def field_stats(fields=None):
    """Published programs per field of study (all that have any, or those given as Fields or
    keys) with their total tuition range: [{"field", "name", "slug", "total", "low", "high"}].

    For a guide's programs widget: "across the 12 published Machine Learning programs, total
    tuition ranges from $10,000 to $80,000". Stored on each field as its programs' finder rows
    change (finder_rows.refresh_fields).
    """
    rows = Field.objects.filter(published_programs__gt=0)
    if fields is not None:
        rows = rows.filter(pk__in=fields)
    return [_figures(field) for field in rows.order_by("name")]


def fields_shown(programs):
    """field_stats() of the fields of these programs, read with them (Program.for_widget()),
    by name: no query."""
    fields = {program.field.pk: program.field for program in programs if program.field_id}
    ordered = sorted(fields.values(), key=operator.attrgetter("name"))
    return [_figures(field) for field in ordered if field.published_programs]


def _figures(field):
    return {
        "field": field.pk,
        "name": field.name,
        "slug": field.slug,
        "total": field.published_programs,
        "low": field.tuition_low,
        "high": field.tuition_high,
    }


def fields_with_programs():
    """The fields of study that have published programs, by name: the quiz's choices."""
    return Field.objects.filter(Exists(FinderRow.objects.filter(field=OuterRef("pk"))))


# The fields of study change rarely and are read to resolve a directory link's ?field= (a slug,
# or a name or synonym in older links); kept until saving a field drops the lists of programs
# (programs/cache_tags.py).
VOCABULARY_SECONDS = 3600


def vocabulary():
    """Every field of study, from the cache while none has changed."""
    key = pagecache.key("programs-fields")
    return pagecache.cached(
        key, [PROGRAM_LIST], lambda: list(Field.objects.all()), VOCABULARY_SECONDS
    )


# The quiz. The SQL below mirrors rules.py's "not met" and "can't tell" branches so the database
# can group, rank and count 10,000 programs; rules.py then explains only the rows shown.
MATCH_FIELDS = (
    "pk",
    "name",
    "slug",
    "field",
    "field__name",
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
        conditions.append(Q(min_gpa__gt=profile.gpa))
    if profile.gre is None:
        conditions.append(Q(gre_policy="required"))
    else:
        conditions.append(Q(gre_policy="required", gre_min_total__gt=profile.gre))
    if profile.has_bachelors is False:
        conditions.append(Q(bachelors__in=["any_field", "cs_related"]))
    elif profile.cs_degree is False:
        conditions.append(Q(bachelors="cs_related"))
    if profile.programming is False:
        conditions.append(Q(requires_programming=True))
    if profile.math is False:
        conditions.append(Q(requires_math=True))
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


GRE_POLICIES = tuple(AdmissionRule.GrePolicy.values)
BACHELORS = tuple(AdmissionRule.Bachelors.values)
GROUPS = ("qualify", "unknown", "near")


def _any(conditions):
    """The OR of some Qs; with none, a Q no row meets."""
    return reduce(operator.or_, conditions, Q(pk__in=[]))


def _unknown_among(column, values, check):
    """Rows whose column holds a value rules.py reads as "can't tell" for this student.

    The check runs in Python on each possible value, so the SQL cannot drift from rules.py; a
    value outside the known ones reads as unknown there too.
    """
    told = [v for v in values if v is not None and check(v).status is not rules.Status.UNKNOWN]
    unknown = ~Q(**{f"{column}__in": told}) if told else Q(pk__isnull=False)
    if None in values and check(None).status is not rules.Status.UNKNOWN:
        unknown &= Q(**{f"{column}__isnull": False})
    return unknown


def unknown_conditions(profile):
    """One Q per admission rule the quiz cannot tell for this student (SQL twin of rules.py)."""
    # No GPA given: every program's GPA rule is unknown, whether or not it publishes one.
    gpa = Q(pk__isnull=False) if profile.gpa is None else Q(min_gpa__isnull=True)
    backgrounds = [
        _unknown_among(
            f"requires_{noun}",
            (True, False, None),
            lambda v, has=has, noun=noun: rules.check_background(noun, noun, noun, has, v),
        )
        for noun, has in (("programming", profile.programming), ("math", profile.math))
    ]
    return [
        gpa,
        _unknown_among("gre_policy", GRE_POLICIES, lambda v: rules.check_gre(profile.gre, v, None)),
        _unknown_among(
            "bachelors",
            BACHELORS,
            lambda v: rules.check_bachelors(profile.has_bachelors, profile.cs_degree, v),
        ),
        *backgrounds,
    ]


def match(profile, preferences, limit=10, near_limit=5):
    """Programs in three groups, best fit first: every rule published and met ("qualify");
    nothing failed but something cannot be told ("unknown"); one rule failed ("near").

    Two queries: the best keys of each group with the group's size (_ranked), then the shown
    rows' details by primary key. Each group is a top-N over the narrow rows, which stays cheap
    at 10,000.
    """
    picked = _ranked(profile, preferences, {"qualify": limit, "unknown": limit, "near": near_limit})
    keys = [pk for group in GROUPS for pk, _, _ in picked[group]]
    # published() again: a row left stale by a change that sent no signal never shows a program.
    details = Program.objects.published().filter(pk__in=keys).values(*MATCH_FIELDS)
    by_pk = {row["pk"]: row for row in details} if keys else {}
    found = {}
    for group in GROUPS:
        found[group] = [
            {**by_pk[pk], "group": group, "fit": fit} for pk, fit, _ in picked[group] if pk in by_pk
        ]
        found[f"{group}_count"] = picked[group][0][2] if picked[group] else 0
    return found


def _ranked(profile, preferences, limits):
    """Per group, its best (key, fit, group size) rows, at most limits[group], in one query.

    One ORM query gives every row its fit and its group, as rules.py's Evaluation.group does:
    a failed rule first (a near miss when exactly one fails, else no group), then a rule that
    cannot be told, else it qualifies; tested in that order, each condition is compiled once.
    SQL around it keeps each group's best rows in the order the ORM used, the key last so ties
    never reorder, and a window count taken before the LIMIT carries the group's size. Three
    ORM queries, one per group, compiled the fit score and the conditions three times: about
    2.5 ms more Python time per quiz at 10,000 programs; the text costs almost none. The CTE
    is read three times, so PostgreSQL computes the groups once; each part sits in a subquery
    because SQLite takes no ORDER BY or LIMIT on a UNION's parts. WITH, COUNT(*) OVER (),
    NULLS LAST and UNION ALL read the same on SQLite and PostgreSQL.
    """
    failed = _any(unmet_conditions(profile))
    never = Value(None, output_field=IntegerField())
    rows = (
        FinderRow.objects.alias(unmet=unmet_count(profile))
        .annotate(
            fit=fit_score(preferences),
            grp=Case(
                When(failed, then=Case(When(unmet=1, then=Value(2)), default=never)),
                When(_any(unknown_conditions(profile)), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .values_list("grp", "pk", "fit", "tuition_total", "name")
        .order_by()
    )
    connection = connections[rows.db]
    sql, params = rows.query.sql_with_params()
    order = "fit DESC, tuition_total ASC NULLS LAST, name ASC, pk ASC"
    best = "SELECT grp, pk, fit, tuition_total, name, COUNT(*) OVER () AS size FROM ranked"
    parts = " UNION ALL ".join(
        f"SELECT * FROM ({best} WHERE grp = {n:d} ORDER BY {order} LIMIT {limits[g]:d}) AS g{n:d}"  # noqa: S608 (integers only)
        for n, g in enumerate(GROUPS)
    )
    select = f"WITH ranked AS ({sql}) {parts} ORDER BY grp, {order}"  # noqa: S608 (the ORM's SQL, integer limits; values are parameters)
    picked = {group: [] for group in GROUPS}
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        for number, pk, fit, _, _, size in cursor.fetchall():
            picked[GROUPS[number]].append((pk, fit, size))
    return picked


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
    field = preferences.get("field")
    if field:
        if row["field"] == field.pk:
            reasons.append(("met", f"{field.name}, as you prefer"))
        else:
            reasons.append(("not_met", f"{row['field__name'] or 'Field not set'}, not {field}"))
    labels = {
        "format": lambda v: Program.Format(v).label,
        "pacing": lambda v: Program.Pacing(v).label,
    }
    for name in ("format", "pacing"):
        wanted = preferences.get(name)
        if wanted:
            if row[name] == wanted:
                reasons.append(("met", f"{labels[name](wanted)}, as you prefer"))
            else:
                reasons.append(
                    ("not_met", f"{labels[name](row[name])}, not {labels[name](wanted)}")
                )
    return reasons
