"""Money and percentage formatting as readers expect ($131,490 and +21%), and the career card."""

from decimal import Decimal, InvalidOperation

from django import template

from careers.models import Career
from core.fragments import html

register = template.Library()

# Choice labels by value, read once: get_FOO_display() builds its table on every call.
EDUCATION = dict(Career.Education.choices)
SALARY_STATISTICS = dict(Career.SalaryStatistic.choices)


@register.filter
def money(value):
    """Whole US dollars with thousands separators, e.g. $131,490; empty for no value."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount).quantize(Decimal(1)):,}"


@register.filter
def signed_percent(value):
    """A change with its sign, e.g. +21% or -3%; "Not Available" when there is none."""
    if value is None or value == "":
        return "Not Available"
    number = int(value)
    return f"+{number}%" if number > 0 else f"{number}%"


CAREER_CARD = """<article class="career-card">
  <h{level} class="career-card__title"><a href="{url}">{title}</a></h{level}>
  <p class="career-card__summary">{summary}</p>
  <ul class="facts">
    <li><span class="facts__label">Required Education:</span> {education}</li>
    <li><span class="facts__label">{statistic} Annual Salary:</span> {salary}</li>
    <li><span class="facts__label">Job Outlook{period}:</span> {outlook}</li>
  </ul>
</article>
"""


@register.simple_tag
def career_card(career, heading_level=3):
    """A career with required education, salary as stored (median or average) and outlook,
    its title an <h2> or <h3>. Built in Python (core/fragments.py): lists draw twenty.
    Reads only Career.objects.for_card()'s columns."""
    return html(
        CAREER_CARD,
        level=3 if heading_level == 3 else 2,
        url=career.get_absolute_url(),
        title=career.title,
        summary=career.summary,
        education=EDUCATION.get(career.education, career.education) or "Not Available",
        statistic=SALARY_STATISTICS.get(career.salary_statistic, career.salary_statistic),
        salary=money(career.salary) if career.salary is not None else "Not Available",
        period=f" ({career.outlook_period})" if career.outlook_period else "",
        outlook=signed_percent(career.outlook_percent),
    )
