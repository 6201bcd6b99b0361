"""Why a career's figures are due for a check, and since when (the "Data to check" list).

The rules are CareerQuerySet.figures_to_check's, read on one career it returned.
"""

from core.dates import add_months, months_before

from .querysets import SALARY_MAX_AGE, edition_due_on, salary_due_on


def _since(due, checked_on, today, months):
    """Since when a rule that became true on `due` is due, or None when a check made since is
    still current (made less than `months` months ago)."""
    if checked_on is None or checked_on < due:
        return due
    if checked_on >= months_before(today, months):
        return None
    return add_months(checked_on, months)


def figures_due(career, today, months):
    """[(what is due, since)] for a career from figures_to_check(), each what as the middle of
    a sentence; `months` is how long a check stays current (DATA_STALE_MONTHS)."""
    checked = career.source_retrieved_on
    due = []
    start = getattr(career, "latest_edition_start", None)
    if start is not None and career.outlook_start_year and career.outlook_start_year < start:
        since = _since(
            edition_due_on(start, career.latest_edition_published_on), checked, today, months
        )
        if since is not None:
            what = (
                f"job outlook from {career.projection_edition_name} "
                f"({career.latest_edition_name} is recorded)"
            )
            due.append((what, since))
    if career.salary_year and career.salary_year < today.year - SALARY_MAX_AGE:
        since = _since(salary_due_on(career.salary_year), checked, today, months)
        if since is not None:
            due.append(
                (f"salary from {career.salary_year}, more than {SALARY_MAX_AGE} years old", since)
            )
    return due
