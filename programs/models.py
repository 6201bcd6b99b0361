"""Schools, their master's programs, courses and machine-checkable admission rules.

No federal dataset covers graduate admissions, so every admissions and tuition figure carries the
page it came from and the day it was last checked. A rule a program does not publish is stored as
unknown (NULL or "unknown"), never as zero, so the quiz can answer "can't tell" instead of "fail".
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.lookups import LessThanOrEqual

from core.addresses import answered_by_another_page
from core.history import HistoricalRecords
from core.input_checks import future_dates, refuse
from core.publishing import stamp_on_save
from core.urls import reverse_cached
from core.validators import image_validators

from .querysets import FieldQuerySet, ProgramQuerySet, SchoolQuerySet, normalize, split_synonyms

US_STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("PR", "Puerto Rico"), ("RI", "Rhode Island"),
    ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"),
    ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"),
    ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
]  # fmt: skip

MONEY = {"max_digits": 10, "decimal_places": 2}
MAX_TOTAL = Decimal("99999999.99")  # the largest amount MONEY holds
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Field(models.Model):
    """A field of study from the site's controlled vocabulary, e.g. Machine Learning.

    Programs pick one, so the directory's filter, the quiz and the guides' tuition ranges never
    split one field by spelling. Synonyms (ML, Machine-Learning) are what an editor or an
    imported file may write for it: Field.objects.resolve() reads them.
    """

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Used in the directory's addresses, e.g. ?field=…"
    )
    description = models.TextField(blank=True)
    synonyms = models.TextField(
        blank=True,
        help_text="Other names for this field, one a line or separated by commas, e.g. ML. "
        "Case does not matter.",
    )

    # Derived from the finder rows, refreshed with them (programs/finder_rows.py): how many
    # published programs the field has and their lowest and highest total tuition, as the
    # guides' programs widget shows them.
    published_programs = models.PositiveIntegerField(default=0, editable=False)
    tuition_low = models.DecimalField(**MONEY, null=True, editable=False)
    tuition_high = models.DecimalField(**MONEY, null=True, editable=False)

    objects = FieldQuerySet.as_manager()
    # Every change, who made it and why (core/history.py; the admin's History page). Not the
    # derived figures: they follow the programs.
    history = HistoricalRecords(
        excluded_fields=["published_programs", "tuition_low", "tuition_high"]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "field of study"
        verbose_name_plural = "fields of study"

    def __str__(self):
        return self.name

    @property
    def synonym_list(self):
        """The synonyms as written, one per entry."""
        return split_synonyms(self.synonyms)

    def terms(self):
        """Every text that names this field, normalized: name, slug and synonyms."""
        return {normalize(self.name), normalize(self.slug)} | {
            normalize(synonym) for synonym in self.synonym_list
        }

    def clean(self):
        """A text may name one field only, whatever its case: "machine learning" beside
        "Machine Learning" would split the directory's filter again."""
        super().clean()
        others = Field.objects.exclude(pk=self.pk) if self.pk else Field.objects.all()
        taken = {term: other for other in others for term in other.terms()}
        errors = {}
        for name, texts in (
            ("name", [self.name]),
            ("slug", [self.slug]),
            ("synonyms", self.synonym_list),
        ):
            for text in texts:
                other = taken.get(normalize(text))
                if other is not None and name not in errors:
                    errors[name] = f"“{text}” already names the field {other.name}."
        if errors:
            raise ValidationError(errors)


class School(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, choices=US_STATES)
    website = models.URLField(blank=True)
    accreditor = models.CharField(
        "institutional accreditor",
        max_length=200,
        blank=True,
        help_text="E.g. Middle States Commission on Higher Education. Empty if not accredited.",
    )
    acceptance_rate = models.DecimalField(
        "acceptance rate (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent of applicants admitted. Empty if not published.",
    )
    logo = models.ImageField(upload_to="schools/", blank=True, validators=image_validators)
    is_partner = models.BooleanField(
        "partner", default=False, help_text="The school pays to be featured. Always labelled."
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    # Made by the synthetic-data generator (programs/synthetic.py), never by an editor.
    is_synthetic = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()
    # Every change, who made it and why (core/history.py; the admin's History page).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acceptance_rate__gte=0, acceptance_rate__lte=100)
                | Q(acceptance_rate__isnull=True),
                name="school_acceptance_rate_0_100",
                violation_error_message="The acceptance rate must be between 0 and 100%.",
            ),
        ]
        indexes = [models.Index(fields=["state"], name="school_state_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_cached("programs:school", self.slug)


class Program(models.Model):
    class Degree(models.TextChoices):
        MS = "MS", "Master of Science (MS)"
        MENG = "MEng", "Master of Engineering (MEng)"
        MA = "MA", "Master of Arts (MA)"
        MPS = "MPS", "Master of Professional Studies (MPS)"

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"
        HYBRID = "hybrid", "Hybrid"

    class Pacing(models.TextChoices):
        ASYNCHRONOUS = "asynchronous", "Asynchronous"
        SYNCHRONOUS = "synchronous", "Synchronous"

    class TuitionBasis(models.TextChoices):
        TOTAL = "total", "Total for the program"
        PER_CREDIT = "per_credit", "Per credit hour"

    class Culminating(models.TextChoices):
        THESIS = "thesis", "Thesis"
        CAPSTONE = "capstone", "Capstone project"
        EITHER = "either", "Thesis or capstone"
        NEITHER = "neither", "Neither"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=200, help_text="E.g. Master of Science in Machine Learning")
    slug = models.SlugField(max_length=200, unique=True)
    degree = models.CharField(max_length=8, choices=Degree)
    # Required in forms; empty only for values a migration or an import could not map, which
    # wait for an editor (the admin's "Field of study: not set" filter lists them).
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        null=True,
        related_name="programs",
        verbose_name="field of study",
        help_text="Used by the directory, the quiz and the guides, e.g. Machine Learning.",
    )
    specialization = models.CharField(
        max_length=100,
        blank=True,
        help_text="Shown with the field, e.g. Deep Learning track. Optional.",
    )
    format = models.CharField(max_length=12, choices=Format)
    pacing = models.CharField(max_length=14, choices=Pacing)
    summary = models.TextField(blank=True)
    url = models.URLField("program page", blank=True)
    credit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_min_months = models.PositiveSmallIntegerField(
        "shortest duration (months)", null=True, blank=True
    )
    duration_max_months = models.PositiveSmallIntegerField(
        "longest duration (months)", null=True, blank=True
    )
    tuition_basis = models.CharField(
        max_length=10, choices=TuitionBasis, default=TuitionBasis.TOTAL
    )
    tuition_amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text="In US dollars, for the basis chosen. Empty if not published.",
    )
    # The program's total, derived by the database so filters and sorts can use an index.
    tuition_total = models.GeneratedField(
        expression=Case(
            When(tuition_basis="per_credit", then=F("tuition_amount") * F("credit_hours")),
            default=F("tuition_amount"),
        ),
        output_field=models.DecimalField(**MONEY),
        db_persist=True,
    )
    tuition_source_url = models.URLField("tuition source", blank=True)
    tuition_checked_on = models.DateField("tuition last checked", null=True, blank=True)
    application_fee = models.DecimalField(**MONEY, null=True, blank=True, validators=NOT_NEGATIVE)
    culminating = models.CharField(
        "thesis or capstone", max_length=10, choices=Culminating, blank=True
    )
    start_terms = models.CharField(
        max_length=100, blank=True, help_text="E.g. Fall, Spring, Summer"
    )
    has_transfer_credit = models.BooleanField(
        "accepts transfer credits", null=True, blank=True, help_text="Empty if unknown."
    )
    has_financial_aid = models.BooleanField(
        "financial aid available", null=True, blank=True, help_text="Empty if unknown."
    )
    programmatic_accreditation = models.CharField(
        max_length=200, blank=True, help_text="E.g. ABET. Empty if none."
    )
    is_published = models.BooleanField("published", default=False, db_index=True)
    # The first time it was published: once public, an unpublished page answers 410 Gone.
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Made by the synthetic-data generator (programs/synthetic.py), never by an editor.
    is_synthetic = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()
    # Every change, who made it and why (core/history.py; the admin's History page).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tuition_amount__gte=0) | Q(tuition_amount__isnull=True),
                name="program_tuition_not_negative",
                violation_error_message="Tuition cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(application_fee__gte=0) | Q(application_fee__isnull=True),
                name="program_fee_not_negative",
                violation_error_message="The application fee cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(duration_min_months__lte=F("duration_max_months"))
                | Q(duration_min_months__isnull=True)
                | Q(duration_max_months__isnull=True),
                name="program_duration_min_le_max",
                violation_error_message="The shortest duration cannot exceed the longest.",
            ),
            models.CheckConstraint(
                condition=~Q(tuition_basis="per_credit")
                | Q(credit_hours__isnull=False)
                | Q(tuition_amount__isnull=True),
                name="program_per_credit_needs_credits",
                violation_error_message="Per-credit tuition needs the program's credit hours.",
            ),
            models.CheckConstraint(
                condition=~Q(tuition_basis="per_credit")
                | Q(credit_hours__isnull=True)
                | Q(tuition_amount__isnull=True)
                | LessThanOrEqual(F("tuition_amount") * F("credit_hours"), MAX_TOTAL),
                name="program_per_credit_total_fits",
                violation_error_message="Per-credit tuition times credit hours must stay under "
                "$100,000,000; check the amount and the basis.",
            ),
        ]
        # The finder filters and sorts FinderRow (below), which has its own indexes.
        indexes = [
            models.Index(fields=["is_published", "field"], name="program_field_idx"),
            models.Index(fields=["is_published", "name"], name="program_name_idx"),
        ]

    def __str__(self):
        return f"{self.name}, {self.school.name}" if self.school_id else self.name

    def save(self, *args, **kwargs):
        # Once public, the page answers 410 Gone when unpublished (core/publishing.py).
        stamp_on_save(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_cached("programs:detail", self.slug)

    def clean(self):
        super().clean()
        errors = future_dates(self, "tuition_checked_on")
        # A slug another page of the site answers to (/programs/compare/) leaves the program
        # unreachable: the URLconf decides which, so a new page there is reserved at once.
        if taken := answered_by_another_page("programs:detail", self.slug):
            errors["slug"] = f"{taken} is already a page of the site; choose another slug."
        amount, credits = self.tuition_amount, self.credit_hours
        per_credit = self.tuition_basis == self.TuitionBasis.PER_CREDIT
        if per_credit and isinstance(amount, Decimal) and isinstance(credits, int):
            if credits == 0:
                errors["credit_hours"] = (
                    "Per-credit tuition needs the number of credit hours; 0 would make the "
                    "total $0. Leave it empty if the program does not publish it."
                )
            elif amount * credits > MAX_TOTAL:
                # Checked here, not only by the database's check: PostgreSQL cannot even
                # compute that check on such numbers, so the save would fail instead.
                errors["tuition_amount"] = (
                    "Per-credit tuition times credit hours must stay under $100,000,000; "
                    "check the amount and the basis."
                )
        refuse(errors)

    @property
    def field_label(self):
        """The field as a reader sees it: "Machine Learning (Deep Learning track)"."""
        if self.field_id is None:
            return self.specialization
        if self.specialization:
            return f"{self.field.name} ({self.specialization})"
        return self.field.name


class Course(models.Model):
    class Kind(models.TextChoices):
        CORE = "core", "Core"
        ELECTIVE = "elective", "Elective"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.CORE)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    # Every change, who made it and why (core/history.py; the admin's History page).
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class AdmissionRule(models.Model):
    """A program's published admission rules, one row per program, each checkable by rules.py."""

    class GrePolicy(models.TextChoices):
        UNKNOWN = "unknown", "Not published"
        REQUIRED = "required", "Required"
        OPTIONAL = "optional", "Optional"
        NOT_REQUIRED = "not_required", "Not required"

    class Bachelors(models.TextChoices):
        UNKNOWN = "unknown", "Not published"
        ANY_FIELD = "any_field", "Bachelor's in any field"
        CS_RELATED = "cs_related", "Bachelor's in CS or a related field"

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="admission")
    min_gpa = models.DecimalField(
        "minimum GPA",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(4)],
        help_text="On a 4.0 scale. Empty if the program publishes no minimum.",
    )
    gre_policy = models.CharField(
        "GRE", max_length=12, choices=GrePolicy, default=GrePolicy.UNKNOWN
    )
    gre_min_total = models.PositiveSmallIntegerField(
        "minimum GRE total",
        null=True,
        blank=True,
        validators=[MinValueValidator(260), MaxValueValidator(340)],
        help_text="260-340. Empty if no minimum is published.",
    )
    bachelors = models.CharField(
        "bachelor's degree", max_length=10, choices=Bachelors, default=Bachelors.UNKNOWN
    )
    requires_programming = models.BooleanField(
        "programming prerequisite", null=True, blank=True, help_text="Empty if not published."
    )
    requires_math = models.BooleanField(
        "math prerequisite",
        null=True,
        blank=True,
        help_text="Calculus, linear algebra or statistics. Empty if not published.",
    )
    needs_transcripts = models.BooleanField("transcripts", null=True, blank=True)
    letters_of_recommendation = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
        help_text="How many letters. 0 if none; empty if not published.",
    )
    needs_statement = models.BooleanField("statement of purpose", null=True, blank=True)
    needs_resume = models.BooleanField("resume", null=True, blank=True)
    deadline = models.DateField("application deadline", null=True, blank=True)
    deadline_note = models.CharField(
        max_length=100, blank=True, help_text="E.g. Rolling admission; Priority deadline."
    )
    source_url = models.URLField(
        "admissions source", blank=True, help_text="The program's own admissions page."
    )
    checked_on = models.DateField("admissions last checked", null=True, blank=True)

    # Every change, who made it and why (core/history.py; the admin's History page).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "admission rules"
        verbose_name_plural = "admission rules"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_gpa__gte=0, min_gpa__lte=4) | Q(min_gpa__isnull=True),
                name="admission_gpa_0_4",
                violation_error_message="The minimum GPA must be between 0 and 4.0.",
            ),
            models.CheckConstraint(
                condition=Q(gre_min_total__gte=260, gre_min_total__lte=340)
                | Q(gre_min_total__isnull=True),
                name="admission_gre_260_340",
                violation_error_message="A GRE total must be between 260 and 340.",
            ),
            models.CheckConstraint(
                condition=Q(gre_min_total__isnull=True)
                | Q(gre_policy__in=["required", "optional"]),
                name="admission_gre_min_needs_policy",
                violation_error_message="A GRE minimum needs the GRE to be required or optional.",
            ),
        ]
        indexes = [
            models.Index(fields=["gre_policy"], name="admission_gre_idx"),
            models.Index(fields=["min_gpa"], name="admission_gpa_idx"),
        ]

    def __str__(self):
        return f"Admission rules for {self.program}"

    def clean(self):
        super().clean()
        refuse(future_dates(self, "checked_on"))


# The directory's filter options, as conditions on FinderRow's columns. Each option is one bit
# of FinderRow.flags, so one aggregate over the rows counts every option (programs/finder.py).
FACET_OPTIONS = {
    "degree": {value: Q(degree=value) for value in Program.Degree.values},
    "format": {value: Q(format=value) for value in Program.Format.values},
    "pacing": {value: Q(pacing=value) for value in Program.Pacing.values},
    "thesis": {
        "thesis": Q(culminating__in=["thesis", "either"]),
        "capstone": Q(culminating__in=["capstone", "either"]),
        "neither": Q(culminating="neither"),
    },
    "no_gre": {True: Q(no_gre=True)},
    "aid": {True: Q(aid=True)},
    "accredited": {True: Q(accredited=True)},
}
FACET_BITS = {
    (group, value): 1 << index
    for index, (group, value) in enumerate(
        (group, value) for group, options in FACET_OPTIONS.items() for value in options
    )
}


class FinderRow(models.Model):
    """The finder's copy of one published program, with its school's and rules' columns.

    The directory's filters, facet counts and sorts and the quiz's match read this one narrow
    table, so 10,000 programs are scanned without a join. Rows are derived, never edited:
    programs/finder_rows.py rebuilds a program's row whenever the program, its school or its
    admission rules are saved, and `manage.py refresh_finder` rebuilds them all. Unpublished
    programs have no row.
    """

    program = models.OneToOneField(
        Program, primary_key=True, on_delete=models.CASCADE, related_name="finder_row"
    )
    name = models.CharField(max_length=200)
    field = models.ForeignKey(Field, on_delete=models.CASCADE, null=True, related_name="+")
    degree = models.CharField(max_length=8, choices=Program.Degree)
    format = models.CharField(max_length=12, choices=Program.Format)
    pacing = models.CharField(max_length=14, choices=Program.Pacing)
    culminating = models.CharField(max_length=10, blank=True)
    tuition_total = models.DecimalField(**MONEY, null=True)
    duration_min_months = models.PositiveSmallIntegerField(null=True)
    aid = models.BooleanField("financial aid available")
    # From the school.
    state = models.CharField(max_length=2)
    accredited = models.BooleanField()
    partner = models.BooleanField()
    acceptance_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    # From the admission rules (empty when the program has none).
    no_gre = models.BooleanField("GRE not required or optional")
    min_gpa = models.DecimalField(max_digits=3, decimal_places=2, null=True)
    gre_policy = models.CharField(max_length=12, default=AdmissionRule.GrePolicy.UNKNOWN)
    gre_min_total = models.PositiveSmallIntegerField(null=True)
    bachelors = models.CharField(max_length=10, default=AdmissionRule.Bachelors.UNKNOWN)
    requires_programming = models.BooleanField(null=True)
    requires_math = models.BooleanField(null=True)
    flags = models.GeneratedField(
        expression=sum(
            (
                Case(When(condition, then=Value(bit)), default=Value(0))
                for (group, value), bit in FACET_BITS.items()
                for condition in [FACET_OPTIONS[group][value]]
            ),
            start=Value(0),
        ),
        output_field=models.PositiveIntegerField(),
        db_persist=True,
    )

    class Meta:
        indexes = [
            models.Index(fields=["field", "tuition_total"], name="finder_field_idx"),
            models.Index(fields=["state"], name="finder_state_idx"),
            models.Index(fields=["name", "program"], name="finder_name_idx"),
            models.Index(fields=["tuition_total", "name"], name="finder_tuition_idx"),
            models.Index(fields=["duration_min_months", "name"], name="finder_duration_idx"),
            models.Index(fields=["acceptance_rate", "name"], name="finder_acceptance_idx"),
        ]

    def __str__(self):
        return self.name
