from django.contrib import admin
from django.db.models import Count
from django.urls import path

from core import history
from core.admin import thumbnail
from core.forms import CleanTextModelForm
from core.history_admin import HistoryAdmin
from core.publishing import published_values

from . import finder_rows, import_views, imports
from .models import AdmissionRule, Course, Field, Program, School


@admin.register(Field)
class FieldAdmin(HistoryAdmin):
    form = CleanTextModelForm
    list_display = ["name", "slug", "synonym_text", "program_count"]
    search_fields = ["name", "slug", "synonyms", "description"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "synonyms", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(program_count=Count("programs"))

    @admin.display(description="synonyms")
    def synonym_text(self, obj):
        return ", ".join(obj.synonym_list)

    @admin.display(description="programs", ordering="program_count")
    def program_count(self, obj):
        return obj.program_count


class FieldOfStudyFilter(admin.RelatedFieldListFilter):
    """Fields of study, and "Not set": programs a migration or an import left for an editor."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "Not set"


@admin.register(School)
class SchoolAdmin(HistoryAdmin):
    form = CleanTextModelForm
    list_display = [
        "name",
        "logo_thumbnail",
        "city",
        "state",
        "acceptance_rate",
        "is_partner",
        "program_count",
    ]
    list_filter = ["is_partner", "state"]
    search_fields = ["name", "city"]
    # The program count's GROUP BY drops Meta.ordering: without this the school autocomplete
    # pages through an unordered list.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["logo_thumbnail", "created_at", "updated_at"]
    fields = [
        "name",
        "slug",
        ("city", "state"),
        "website",
        "accreditor",
        "acceptance_rate",
        ("logo", "logo_thumbnail"),
        "is_partner",
        "description",
        ("created_at", "updated_at"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(program_count=Count("programs"))

    @admin.display(description="logo")
    def logo_thumbnail(self, obj):
        return thumbnail(obj.logo, f"Logo of {obj.name}")

    @admin.display(description="programs", ordering="program_count")
    def program_count(self, obj):
        return obj.program_count


class CourseInline(admin.TabularInline):
    form = CleanTextModelForm
    model = Course
    extra = 0
    fields = ["name", "kind", "description", "order"]


class AdmissionRuleInline(admin.StackedInline):
    form = CleanTextModelForm
    model = AdmissionRule
    can_delete = False
    max_num = 1
    fieldsets = [
        (None, {"fields": [("min_gpa", "gre_policy", "gre_min_total"), "bachelors"]}),
        ("Prerequisites", {"fields": [("requires_programming", "requires_math")]}),
        (
            "Documents",
            {
                "fields": [
                    ("needs_transcripts", "letters_of_recommendation"),
                    ("needs_statement", "needs_resume"),
                ]
            },
        ),
        ("Deadline", {"fields": [("deadline", "deadline_note")]}),
        ("Source", {"fields": [("source_url", "checked_on")]}),
    ]


@admin.register(Program)
class ProgramAdmin(HistoryAdmin):
    form = CleanTextModelForm
    list_display = [
        "name",
        "school",
        "degree",
        "format",
        "pacing",
        "field",
        "tuition_total",
        "is_partner",
        "is_published",
    ]
    list_filter = [
        "is_published",
        "degree",
        "format",
        "pacing",
        "school__is_partner",
        ("field", FieldOfStudyFilter),
    ]
    list_select_related = ["school", "field"]
    search_fields = ["name", "field__name", "specialization", "school__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["school"]
    readonly_fields = ["tuition_total", "created_at", "updated_at"]
    inlines = [AdmissionRuleInline, CourseInline]
    # Its History page lists the changes of its rules and courses too (edited here, inline).
    history_related = [(AdmissionRule, "program"), (Course, "program")]
    actions = ["publish", "unpublish", "export_csv", "export_xlsx"]
    # Import and export buttons above the list (templates/admin/programs/program/).
    change_list_template = "admin/programs/program/change_list.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "school",
                    "name",
                    "slug",
                    "degree",
                    ("field", "specialization"),
                    "summary",
                    "url",
                ]
            },
        ),
        (
            "Format",
            {
                "fields": [
                    ("format", "pacing"),
                    "credit_hours",
                    ("duration_min_months", "duration_max_months"),
                    "culminating",
                    "start_terms",
                ]
            },
        ),
        (
            "Cost",
            {
                "fields": [
                    ("tuition_basis", "tuition_amount", "tuition_total"),
                    "application_fee",
                    ("has_financial_aid", "has_transfer_credit"),
                    ("tuition_source_url", "tuition_checked_on"),
                ]
            },
        ),
        ("Accreditation", {"fields": ["programmatic_accreditation"]}),
        ("Publishing", {"fields": ["is_published", ("created_at", "updated_at")]}),
    ]

    @admin.display(description="partner", boolean=True, ordering="school__is_partner")
    def is_partner(self, obj):
        return obj.school.is_partner

    @admin.action(description="Publish selected programs", permissions=["change"])
    def publish(self, request, queryset):
        updated = self._set_published(queryset, True, request.user)
        self.message_user(request, f"{updated} program(s) published.")

    @admin.action(description="Unpublish selected programs", permissions=["change"])
    def unpublish(self, request, queryset):
        updated = self._set_published(queryset, False, request.user)
        self.message_user(request, f"{updated} program(s) unpublished.")

    @admin.action(description="Export selected programs as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return import_views.file_response(queryset, "csv")

    @admin.action(description="Export selected programs as XLSX", permissions=["view"])
    def export_xlsx(self, request, queryset):
        return import_views.file_response(queryset, "xlsx")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "import/",
                wrap(lambda request: import_views.upload(request, self)),
                name="programs_program_import",
            ),
            path(
                "import/confirm/",
                wrap(lambda request: import_views.confirm(request, self)),
                name="programs_program_import_confirm",
            ),
            *(
                path(
                    f"export/{file_format}/",
                    wrap(lambda request, f=file_format: import_views.export(request, self, f)),
                    name=f"programs_program_export_{file_format}",
                )
                for file_format in imports.FORMATS
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"may_import": imports.may_import(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    @staticmethod
    def _set_published(queryset, published, user):
        # update() sends no save signals: refresh() rebuilds the finder's rows and drops cached
        # pages (docs/architecture.md, derived data).
        ids = list(queryset.values_list("pk", flat=True))
        # Publishing also records the first publication (a 410 page once unpublished again).
        values = published_values() if published else {"is_published": False}
        updated = Program.objects.filter(pk__in=ids).update(**values)
        # update() records no history either.
        history.record_bulk(
            Program,
            Program.objects.filter(pk__in=ids),
            user=user,
            reason=f"{'Published' if published else 'Unpublished'} from the program list",
        )
        finder_rows.refresh(ids)
        return updated


@admin.register(Course)
class CourseAdmin(HistoryAdmin):
    form = CleanTextModelForm
    list_display = ["name", "program", "kind", "order"]
    list_filter = ["kind"]
    list_select_related = ["program", "program__school"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program"]
