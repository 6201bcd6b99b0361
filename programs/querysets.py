import re

from django.conf import settings
from django.db import models
from django.db.models import Q

SYNONYM_SEPARATORS = re.compile(r"[\n,;]+")
# What a program card reads (programs_tags.program_card): a wide row costs more to build than
# to fetch.
CARD_COLUMNS = (
    "name", "slug", "field", "format", "pacing", "tuition_total",
    "duration_min_months", "duration_max_months",
    "school__name", "school__slug", "school__city", "school__state", "school__is_partner",
    "school__acceptance_rate",
    "admission__gre_policy", "admission__min_gpa", "admission__deadline",
)  # fmt: skip


# The field of study's columns a guide's programs widget reads (templates/articles).
WIDGET_COLUMNS = (
    "field__name", "field__slug", "field__published_programs",
    "field__tuition_low", "field__tuition_high",
)  # fmt: skip


def normalize(text):
    """A name as compared: case folded, surrounding whitespace gone, inner runs made one space."""
    return " ".join(str(text).split()).casefold()


def split_synonyms(text):
    """The synonyms written one a line or separated by commas (or semicolons)."""
    return [part.strip() for part in SYNONYM_SEPARATORS.split(text or "") if part.strip()]


def find_field(fields, text):
    """The field among `fields` that `text` names: its name or slug first, then a synonym.

    Case and surrounding whitespace do not matter; returns None when nothing matches.
    """
    key = normalize(text or "")
    if not key:
        return None
    fields = list(fields)
    for field in fields:
        if key in (normalize(field.name), normalize(field.slug)):
            return field
    for field in fields:
        if key in {normalize(synonym) for synonym in field.synonym_list}:
            return field
    return None


class FieldQuerySet(models.QuerySet):
    def resolve(self, text):
        """The field whose name, slug or a synonym is `text` (any case, whitespace trimmed), or
        None. One query, reading only the candidates that could match."""
        key = normalize(text or "")
        if not key:
            return None
        candidates = self
        if key.isascii():
            # SQLite folds only ASCII case, so other text is compared in Python on every field.
            candidates = self.filter(
                models.Q(name__iexact=key)
                | models.Q(slug__iexact=key)
                | models.Q(synonyms__icontains=key)
            )
        return find_field(candidates, key)


class SchoolQuerySet(models.QuerySet):
    def partners(self):
        """Schools that pay to be featured."""
        return self.filter(is_partner=True)

    def public(self):
        """Schools with at least one published program: the only ones the public may see."""
        return self.filter(models.Exists(self._programs().published()))

    def listed(self):
        """Public schools the sitemap and site search list: those with a listed program (a
        synthetic school an editor has added a real program to is listed for it)."""
        return self.filter(models.Exists(self._programs().listed()))

    def withdrawn(self):
        """Schools that were public and have no published program now: their pages answer 410."""
        once_public = self._programs().filter(first_published_at__isnull=False)
        return self.filter(models.Exists(once_public)).exclude(
            models.Exists(self._programs().published())
        )

    def _programs(self):
        """The programs of the school in the outer query."""
        # models.py imports this module: the program model is reached through the relation.
        programs = self.model._meta.get_field("programs").related_model
        return programs.objects.filter(school=models.OuterRef("pk"))


class ProgramQuerySet(models.QuerySet):
    def published(self):
        """Programs the public may see."""
        return self.filter(is_published=True)

    def listed(self):
        """Published programs the sitemap and site search list: synthetic ones (made for
        benchmarks by generate_programs) only with settings.SHOW_SYNTHETIC."""
        published = self.published()
        return published if settings.SHOW_SYNTHETIC else published.filter(is_synthetic=False)

    def withdrawn(self):
        """Programs that were public and are unpublished now: their pages answer 410 Gone."""
        return self.filter(is_published=False, first_published_at__isnull=False)

    def partners(self):
        """Programs of schools that pay to be featured."""
        return self.filter(school__is_partner=True)

    def for_card(self):
        """Only the columns a program card reads (programs_tags.program_card), with its
        school's and admission rules' in the same query; the field's key for the cache tags."""
        return self.select_related("school", "admission").only(*CARD_COLUMNS)

    def for_widget(self):
        """A card's columns with its field of study's name and figures: a guide's programs
        widget shows the tuition range of each field its programs belong to."""
        return self.for_card().select_related("field").only(*CARD_COLUMNS, *WIDGET_COLUMNS)

    def for_page(self):
        """Every column of the program, its school, admission rules and field, in one query."""
        return self.select_related("school", "admission", "field")

    # The "Data to check" list (guidesite/data_check.py). Synthetic programs are left out:
    # nobody checks generated figures against a school's pages.

    def data_to_check(self, cutoff):
        """Published programs whose tuition, or admission requirements, were last checked before
        the day `cutoff`, or never. A program without admission rules is judged by its tuition."""
        tuition_due = Q(tuition_checked_on__isnull=True) | Q(tuition_checked_on__lt=cutoff)
        admission_due = Q(admission__isnull=False) & (
            Q(admission__checked_on__isnull=True) | Q(admission__checked_on__lt=cutoff)
        )
        return self.published().filter(is_synthetic=False).filter(tuition_due | admission_due)

    def deadline_passed(self, today):
        """Published programs whose application deadline is over and whose admission data were
        not checked since it passed: the school has probably set a newer one."""
        return (
            self.published()
            .filter(is_synthetic=False, admission__deadline__lt=today)
            .filter(
                Q(admission__checked_on__isnull=True)
                | Q(admission__checked_on__lte=models.F("admission__deadline"))
            )
        )
