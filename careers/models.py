"""Career profiles with salary and job outlook, each figure tied to its source and period."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from core import markdown
from core.history import HistoricalRecords
from core.input_checks import future_dates, refuse
from core.publishing import stamp_on_save
from core.urls import reverse_cached

from .querysets import CareerQuerySet


class Career(models.Model):
    class Education(models.TextChoices):
        HIGH_SCHOOL = "high_school", "High school diploma"
        ASSOCIATE = "associate", "Associate degree"
        BACHELORS = "bachelors", "Bachelor's degree"
        MASTERS = "masters", "Master's degree"
        DOCTORAL = "doctoral", "Doctoral or professional degree"

    class SalaryStatistic(models.TextChoices):
        MEDIAN = "median", "Median"
        AVERAGE = "average", "Average"

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    summary = models.TextField(max_length=500, help_text="One or two sentences for cards.")
    description = models.TextField(blank=True, help_text="Markdown.")
    # The description as the page shows it, rendered when it is saved (core.markdown.stored);
    # derived from the description, so the history leaves it out.
    description_rendered = models.JSONField(default=dict, blank=True, editable=False)
    education = models.CharField(
        "typical required education", max_length=12, choices=Education, blank=True
    )
    salary = models.PositiveIntegerField(
        "annual salary (USD)", null=True, blank=True, help_text="Empty if not available."
    )
    salary_statistic = models.CharField(
        max_length=8, choices=SalaryStatistic, default=SalaryStatistic.MEDIAN
    )
    salary_year = models.PositiveSmallIntegerField(
        "salary reference year",
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    outlook_percent = models.SmallIntegerField(
        "job outlook (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(1000)],
        help_text="Projected change in employment. Empty shows “Not Available”.",
    )
    outlook_start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    outlook_end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    source_name = models.CharField(
        max_length=200, blank=True, help_text="E.g. U.S. Bureau of Labor Statistics"
    )
    source_url = models.URLField(blank=True)
    source_edition = models.CharField(
        max_length=100, blank=True, help_text="E.g. Occupational Outlook Handbook, 2022-23"
    )
    source_retrieved_on = models.DateField(null=True, blank=True)
    soc_code = models.CharField(
        "SOC code",
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^\d{2}-\d{4}$", "Use the SOC format, e.g. 15-2051.")],
    )
    program_field = models.ForeignKey(
        "programs.Field",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="careers",
        verbose_name="related field of study",
        help_text="Programs in this field are shown as related, e.g. Machine Learning.",
    )
    programs = models.ManyToManyField(
        "programs.Program", blank=True, related_name="careers", help_text="Hand-picked programs."
    )
    is_published = models.BooleanField("published", default=False, db_index=True)
    # The first time it was published: once public, an unpublished page answers 410 Gone.
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CareerQuerySet.as_manager()
    # Every change, who made it and why (core/history.py; the admin's History page).
    history = HistoricalRecords(excluded_fields=["description_rendered"], m2m_fields=["programs"])

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outlook_start_year__lt=F("outlook_end_year"))
                | Q(outlook_start_year__isnull=True)
                | Q(outlook_end_year__isnull=True),
                name="career_outlook_period_ordered",
                violation_error_message="The outlook period must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(outlook_percent__isnull=True)
                | Q(outlook_start_year__isnull=False, outlook_end_year__isnull=False),
                name="career_outlook_needs_period",
                violation_error_message="A job outlook needs its projection period.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Once public, the page answers 410 Gone when unpublished (core/publishing.py).
        stamp_on_save(self, kwargs)
        markdown.render_on_save(self, "description", "description_rendered", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_cached("careers:detail", self.slug)

    @property
    def rendered_description(self):
        return markdown.from_stored(self.description_rendered, self.description)

    def clean(self):
        super().clean()
        refuse(future_dates(self, "source_retrieved_on"))

    @property
    def outlook_period(self):
        """The projection period as the BLS writes it, e.g. "2021-31"."""
        if not (self.outlook_start_year and self.outlook_end_year):
            return ""
        return projection_period(self.outlook_start_year, self.outlook_end_year)

    @property
    def projection_edition_name(self):
        """The projections the outlook comes from, e.g. "BLS Employment Projections 2021-31";
        empty without a period."""
        period = self.outlook_period
        return f"{EDITION_PREFIX} {period}" if period else ""


EDITION_PREFIX = "BLS Employment Projections"


def projection_period(start_year, end_year):
    """A projection period as the BLS writes it, e.g. 2021, 2031 -> "2021-31"."""
    return f"{start_year}-{end_year % 100:02d}"


class ProjectionEdition(models.Model):
    """An edition of the BLS Employment Projections the editors have recorded.

    A career's figures come from the edition of its outlook period (Career.outlook_start_year
    and outlook_end_year); when a later edition is recorded here, its figures may be out of date.
    """

    name = models.CharField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="E.g. BLS Employment Projections 2023-33. Filled in from the period if empty.",
    )
    start_year = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    published_on = models.DateField(null=True, blank=True, help_text="Empty if not known.")
    url = models.URLField("source", blank=True, help_text="The BLS release or its tables.")

    class Meta:
        ordering = ["-start_year"]
        verbose_name = "projection edition"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lt=F("end_year")),
                name="projection_edition_period_ordered",
                violation_error_message="The projection period must end after it starts.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.name and self.start_year and self.end_year:
            self.name = f"{EDITION_PREFIX} {self.period}"
        super().save(*args, **kwargs)

    @property
    def period(self):
        """E.g. "2023-33"."""
        return projection_period(self.start_year, self.end_year)

    @classmethod
    def latest(cls):
        """The most recent edition recorded (highest start year), or None."""
        return cls.objects.order_by("-start_year").first()
