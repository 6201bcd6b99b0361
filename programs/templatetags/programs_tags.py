"""Program figures as readers expect them (money, percentages, GPAs, durations, deadlines,
unknowns), and the program card and quiz result built from them."""

from decimal import Decimal, InvalidOperation
from html import escape
from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.dates import long_date
from core.fragments import html, joined
from core.urls import reverse_cached
from programs.models import AdmissionRule, Program
from programs.rules import format_gpa

register = template.Library()

NOT_PUBLISHED = "Not published"


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def money(value):
    """131490 -> "$131,490"; 1234.5 -> "$1,234.50"; None -> "Not published"."""
    amount = _decimal(value)
    if amount is None:
        return NOT_PUBLISHED
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


@register.filter
def percent(value):
    """42.00 -> "42%"; 42.50 -> "42.5%"; None -> "Not published"."""
    number = _decimal(value)
    if number is None:
        return NOT_PUBLISHED
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


@register.filter
def gpa(value):
    """3 -> "3.0"; None -> "Not published"."""
    return NOT_PUBLISHED if value in (None, "") else format_gpa(value)


@register.filter
def months(value):
    """12 -> "12 months"; 1 -> "1 month"."""
    if value is None:
        return NOT_PUBLISHED
    return f"{value} month{'' if value == 1 else 's'}"


def duration_text(shortest, longest):
    """The range of months a program takes, in words."""
    if shortest is None and longest is None:
        return NOT_PUBLISHED
    if shortest is None or longest is None or shortest == longest:
        return months(shortest if longest is None else longest)
    return f"{shortest}–{longest} months"


@register.simple_tag
def duration(program):
    """A program's duration range, e.g. "12–24 months"."""
    return duration_text(program.duration_min_months, program.duration_max_months)


def deadline_text(deadline, today):
    """An application deadline as a student should read it on `today`: passed ones say so."""
    if deadline is None:
        return NOT_PUBLISHED
    day = long_date(deadline)
    if deadline < today:
        return f"passed on {day}"
    if deadline == today:
        return f"today, {day}"
    return day


@register.filter
def deadline(value):
    """date(2024, 3, 1) -> "passed on March 1, 2024" once that day is over, else "March 1, 2024"."""
    return deadline_text(value, timezone.localdate())


@register.filter
def yes_no(value):
    """True -> "Yes", False -> "No", None -> "Not published"."""
    if value is None:
        return NOT_PUBLISHED
    return "Yes" if value else "No"


@register.filter
def or_not_published(value):
    """Empty text reads as "Not published"."""
    return value if value not in (None, "") else NOT_PUBLISHED


@register.simple_tag
def rule_results(evaluation):
    """A rules.Evaluation as a list, one rule a line with its status. Written in Python: the
    quiz lists the rules of 25 programs, and a template per rule was a third of its page."""
    # An f-string per rule, each value escaped: 150 rules on a quiz page.
    lines = joined(
        f'\n    <li class="rule rule-{escape(r.status)}"><span class="rule-status">'
        f"{escape(str(r.status.label))}:</span> {escape(str(r.label))}."
        f" {escape(str(r.sentence))}.</li>\n  "
        for r in evaluation.results
    )
    return html('<ul class="rule-results">\n  {lines}\n</ul>\n', lines=lines)


# A program card (directory, quiz, guide widget, school and career pages), built in Python
# (core/fragments.py): the directory draws 22.
PROGRAM_CARD = """<article class="program-card{partner_class}"{anchor}>
  <h3 class="program-card__title"><a href="{url}">{name}</a></h3>
  <p class="program-card__school"><a href="{school_url}">{school}</a>, {city}, {state}</p>
  {badge}
  <dl class="program-facts">
    <div><dt>Total tuition</dt><dd>{tuition}</dd></div>
    <div><dt>Format</dt><dd>{format}, {pacing}</dd></div>
    <div><dt>Duration</dt><dd>{duration}</dd></div>
    <div><dt>GRE</dt><dd>{gre}</dd></div>
    <div><dt>Minimum GPA</dt><dd>{gpa}</dd></div>
    <div><dt>Acceptance rate</dt><dd>{acceptance}</dd></div>
    {deadline}
  </dl>
  {compare}
</article>
"""
# Choice labels by value, read once: get_FOO_display() costs more than the rest of a fact.
FORMATS = dict(Program.Format.choices)
PACINGS = dict(Program.Pacing.choices)
GRE_POLICIES = dict(AdmissionRule.GrePolicy.choices)
PARTNER_BADGE = mark_safe('<p class="badge">Partner school · paid placement</p>')


@register.simple_tag
def program_card(program, compare_url="", in_compare=False, anchor=""):
    """A program's card: name, school, tuition, format, duration, GRE, GPA, acceptance rate and
    deadline; with `compare_url`, the link that adds it to (or, `in_compare`, removes it from)
    the comparison; `anchor` makes the card a target that takes focus (#program-<slug>).

    Reads only Program.objects.for_card()'s columns."""
    school = program.school
    admission = getattr(program, "admission", None)
    closing = admission.deadline if admission else None
    compare = ""
    if compare_url:
        compare = html(
            '<p class="program-card__actions"><a class="compare-toggle" href="{url}">{action}'
            '<span class="visually-hidden">: {name}, {school}</span></a></p>',
            url=compare_url,
            action="Remove from compare" if in_compare else "Add to compare",
            name=program.name,
            school=school.name,
        )
    return html(
        PROGRAM_CARD,
        partner_class=" is-partner" if school.is_partner else "",
        anchor=html(' id="{anchor}" tabindex="-1"', anchor=anchor) if anchor else "",
        url=program.get_absolute_url(),
        name=program.name,
        school_url=school.get_absolute_url(),
        school=school.name,
        city=school.city,
        state=school.state,
        badge=PARTNER_BADGE if school.is_partner else "",
        tuition=money(program.tuition_total),
        format=FORMATS.get(program.format, program.format),
        pacing=PACINGS.get(program.pacing, program.pacing).lower(),
        duration=duration(program),
        gre=(GRE_POLICIES.get(admission.gre_policy, admission.gre_policy) if admission else "")
        or NOT_PUBLISHED,
        gpa=gpa(admission.min_gpa if admission else None),
        acceptance=percent(school.acceptance_rate),
        deadline=html(
            "<div><dt>Application deadline</dt><dd>{text}</dd></div>", text=deadline(closing)
        )
        if closing
        else "",
        compare=compare,
    )


FIELD_RANGE = """<p class="programs-widget__range">Across the {total} published {name} \
program{plural} in our directory, total tuition {range}. \
<a href="{directory}?field={slug}">See every {name} program</a></p>"""


@register.simple_tag
def field_range(stats):
    """The tuition range of a field of study's published programs (finder.fields_shown()), with
    a link to them in the directory: under a guide's programs widget."""
    low, high = stats["low"], stats["high"]
    return html(
        FIELD_RANGE,
        total=f"{stats['total']:,}",
        name=stats["name"],
        plural="" if stats["total"] == 1 else "s",
        range=f"is {money(low)}" if low == high else f"ranges from {money(low)} to {money(high)}",
        directory=reverse_cached("programs:directory"),
        slug=quote(stats["slug"]),
    )


MATCH_ITEM = """<article class="match-item">
  <h4><a href="{url}">{name}</a></h4>
  <p class="program-card__school">{school}, {city}, {state}{badge}</p>
  <p>Total tuition {tuition} {field}</p>
  {reasons}
  {missing}
  <p class="fit-heading">Admission rules:</p>
  {rules}
  <p class="rule-source">{source}{checked}.</p>
</article>
"""
INLINE_PARTNER_BADGE = mark_safe(
    ' <span class="badge badge--inline">Partner school · paid placement</span>'
)
NO_SOURCE = mark_safe("No admissions source recorded")


@register.simple_tag
def match_item(item):
    """One quiz result (programs.views.finder._explained): the program, why it ranks where it
    does, why the quiz cannot tell (in "Can't tell yet"), each admission rule and its source.
    In Python for the reason the program card is: the quiz lists 25."""
    row, evaluation = item["row"], item["evaluation"]
    reasons = ""
    if item["reasons"]:
        reasons = html(
            '\n    <p class="fit-heading">Fit with your preferences:</p>\n'
            '    <ul class="fit-reasons">{items}</ul>\n  ',
            items=joined(
                html('<li class="rule-{status}">{text}</li>', status=status, text=text)
                for status, text in item["reasons"]
            ),
        )
    missing = ""
    if row["group"] == "unknown":
        missing = html(
            '\n    <p class="match-missing"><strong>Why we can\'t tell yet:</strong> {why}</p>\n  ',
            why=evaluation.missing,
        )
    source = NO_SOURCE
    if row["admission__source_url"]:
        source = html(
            'Source: <a href="{url}" rel="nofollow noopener">the program\'s admissions page</a>',
            url=row["admission__source_url"],
        )
    checked = row["admission__checked_on"]
    return html(
        MATCH_ITEM,
        url=reverse_cached("programs:detail", row["slug"]),
        name=row["name"],
        school=row["school__name"],
        city=row["school__city"],
        state=row["school__state"],
        badge=INLINE_PARTNER_BADGE if row["school__is_partner"] else "",
        tuition=money(row["tuition_total"]),
        field=html(" · {name}", name=row["field__name"]) if row["field__name"] else "",
        reasons=reasons,
        missing=missing,
        rules=rule_results(evaluation),
        source=source,
        checked=html(", checked on {day}", day=long_date(checked)) if checked else "",
    )
