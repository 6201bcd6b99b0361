"""The compare table: which programs were asked for, and one row of plain text per attribute."""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from .templatetags.programs_tags import duration_text, gpa, money, or_not_published, percent, yes_no

MAX_PROGRAMS = 4
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")


@dataclass
class Selection:
    """The slugs asked for with ?p=, cleaned, and what the student should be told about them."""

    slugs: list[str]
    messages: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def read_slugs(values):
    """Deduplicate ?p= values, keep the first four, note anything dropped."""
    slugs, messages, unknown = [], [], []
    for raw in values:
        value = raw.strip()
        if not value or value in slugs or value in unknown:
            continue
        if SLUG.match(value):
            slugs.append(value)
        else:
            unknown.append(value[:60])
    if len(slugs) > MAX_PROGRAMS:
        messages.append(
            f"You can compare up to {MAX_PROGRAMS} programs at a time; "
            f"showing the first {MAX_PROGRAMS} of the {len(slugs)} you chose."
        )
        slugs = slugs[:MAX_PROGRAMS]
    return Selection(slugs, messages, unknown)


def card_anchor(slug):
    """The id of a program's card in the directory, the fragment its compare links return to."""
    return f"program-{slug}"


def compare_url(base, slugs, **extra):
    """A URL carrying the compare selection as repeated ?p= parameters."""
    params = [("p", slug) for slug in slugs] + [(k, v) for k, v in extra.items() if v]
    return f"{base}?{urlencode(params)}" if params else base


def admission_of(program):
    return getattr(program, "admission", None)


def _per_credit(program):
    if program.tuition_basis == "per_credit":
        return money(program.tuition_amount)
    if program.tuition_total is not None and program.credit_hours:
        each = (Decimal(program.tuition_total) / program.credit_hours).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
        return f"About {money(each)}"
    return "Not published"


def _gre(rule):
    if rule is None:
        return "Not published"
    return rule.get_gre_policy_display()


def _prerequisites(rule):
    if rule is None:
        return "Not published"
    parts = [rule.get_bachelors_display()]
    for flag, noun in ((rule.requires_programming, "programming"), (rule.requires_math, "math")):
        if flag is True:
            parts.append(f"{noun} background required")
        elif flag is False:
            parts.append(f"no {noun} background required")
        else:
            parts.append(f"{noun} background not published")
    return "; ".join(parts)


ROWS = [
    ("School", lambda p, r: p.school.name),
    ("Location", lambda p, r: f"{p.school.city}, {p.school.state}"),
    ("Degree", lambda p, r: p.get_degree_display()),
    ("Format", lambda p, r: p.get_format_display()),
    ("Pacing", lambda p, r: p.get_pacing_display()),
    ("Duration", lambda p, r: duration_text(p.duration_min_months, p.duration_max_months)),
    ("Credit hours", lambda p, r: or_not_published(p.credit_hours)),
    ("Total tuition", lambda p, r: money(p.tuition_total)),
    ("Tuition per credit", lambda p, r: _per_credit(p)),
    ("Application fee", lambda p, r: money(p.application_fee)),
    ("GRE", lambda p, r: _gre(r)),
    ("Minimum GRE total", lambda p, r: or_not_published(r and r.gre_min_total)),
    ("Minimum GPA", lambda p, r: gpa(r and r.min_gpa)),
    ("Prerequisites", lambda p, r: _prerequisites(r)),
    ("Thesis or capstone", lambda p, r: p.get_culminating_display() or "Not published"),
    ("Institutional accreditation", lambda p, r: p.school.accreditor or "None published"),
    ("Program accreditation", lambda p, r: p.programmatic_accreditation or "None published"),
    ("Acceptance rate", lambda p, r: percent(p.school.acceptance_rate)),
    ("Financial aid", lambda p, r: yes_no(p.has_financial_aid)),
    ("Start terms", lambda p, r: or_not_published(p.start_terms)),
]


@dataclass
class Row:
    label: str
    values: list[str]

    @property
    def differs(self):
        return len(set(self.values)) > 1


def rows(programs):
    """One row per compared attribute, values as display text."""
    return [Row(label, [str(value(p, admission_of(p))) for p in programs]) for label, value in ROWS]
