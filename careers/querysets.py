from datetime import date

from django.apps import apps
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery

# A salary whose reference year is more than this many years before today's is due for a check.
SALARY_MAX_AGE = 2


# What a career card reads (career_tags.career_card): a list converts no other column.
CARD_COLUMNS = (
    "title", "slug", "summary", "education", "salary", "salary_statistic",
    "outlook_percent", "outlook_start_year", "outlook_end_year",
)  # fmt: skip


def salary_due_on(salary_year):
    """The day a salary of `salary_year` becomes too old: Jan 1, SALARY_MAX_AGE + 1 years on."""
    return date(salary_year + SALARY_MAX_AGE + 1, 1, 1)


def edition_due_on(start_year, published_on):
    """The day figures from older projections became superseded by the edition starting in
    `start_year`: its publication day, or when unknown, January 1 after its base year."""
    return published_on or date(start_year + 1, 1, 1)


def _editions():
    # models.py imports this module, so the edition model is looked up, not imported.
    return apps.get_model("careers", "ProjectionEdition").objects


class CareerQuerySet(models.QuerySet):
    def published(self):
        """Careers the public may see."""
        return self.filter(is_published=True)

    def for_card(self):
        """Only the columns a career card reads (career_tags.career_card)."""
        return self.only(*CARD_COLUMNS)

    def withdrawn(self):
        """Careers that were public and are unpublished now: their pages answer 410 Gone."""
        return self.filter(is_published=False, first_published_at__isnull=False)

    def with_newer_edition(self):
        """Each career with `newer_edition_name`: the latest recorded projection edition when it
        is newer than the one the outlook comes from, else None. In the same query."""
        newer = _editions().filter(start_year__gt=OuterRef("outlook_start_year"))
        return self.annotate(
            newer_edition_name=Subquery(newer.order_by("-start_year").values("name")[:1])
        )

    def figures_to_check(self, today, checked_cutoff):
        """Published careers whose figures may be out of date, for the "Data to check" list:

        - an outlook from a projection edition older than the latest one recorded, or
        - a salary whose reference year is more than SALARY_MAX_AGE years before today's,

        unless the source was checked (source_retrieved_on) after that became true and on or
        after `checked_cutoff` (a check is current for DATA_STALE_MONTHS). Each row carries
        the latest edition's `latest_edition_name`, `latest_edition_start` and
        `latest_edition_published_on`.
        """
        latest = _editions().order_by("-start_year")[:1]
        careers = self.published().annotate(
            latest_edition_name=Subquery(latest.values("name")),
            latest_edition_start=Subquery(latest.values("start_year")),
            latest_edition_published_on=Subquery(latest.values("published_on")),
        )
        unchecked = Q(source_retrieved_on__isnull=True) | Q(source_retrieved_on__lt=checked_cutoff)
        edition_unchecked = (
            unchecked
            | Q(
                latest_edition_published_on__isnull=False,
                source_retrieved_on__lt=F("latest_edition_published_on"),
            )
            | Q(
                latest_edition_published_on__isnull=True,
                source_retrieved_on__year__lte=F("latest_edition_start"),
            )
        )
        superseded = Q(outlook_start_year__lt=F("latest_edition_start")) & edition_unchecked
        old_salary = Q(salary_year__lt=today.year - SALARY_MAX_AGE) & (
            unchecked | Q(source_retrieved_on__year__lt=F("salary_year") + SALARY_MAX_AGE + 1)
        )
        return careers.filter(superseded | old_salary)
