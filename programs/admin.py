from django.contrib import admin
from django.db.models import Count

from core.admin import thumbnail
from core.forms import CleanTextModelForm
from core.publishing import published_values

from . import finder_rows
from .models import AdmissionRule, Course, Program, School


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
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
class ProgramAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = [
        "name",
        "school",
        "degree",
        "format",
        "pacing",
        "tuition_total",
        "is_partner",
        "is_published",
    ]
    list_filter = ["is_published", "degree", "format", "pacing", "school__is_partner", "field"]
    list_select_related = ["school"]
    search_fields = ["name", "field", "school__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["school"]
    readonly_fields = ["tuition_total", "created_at", "updated_at"]
    inlines = [AdmissionRuleInline, CourseInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["school", "name", "slug", "degree", "field", "summary", "url"]}),
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
        updated = self._set_published(queryset, True)
        self.message_user(request, f"{updated} program(s) published.")

    @admin.action(description="Unpublish selected programs", permissions=["change"])
    def unpublish(self, request, queryset):
        updated = self._set_published(queryset, False)
        self.message_user(request, f"{updated} program(s) unpublished.")

    @staticmethod
    def _set_published(queryset, published):
        # update() sends no save signals: refresh() rebuilds the finder's rows and drops cached
        # pages (docs/architecture.md, derived data).
        ids = list(queryset.values_list("pk", flat=True))
        # Publishing also records the first publication (a 410 page once unpublished again).
        values = published_values() if published else {"is_published": False}
        updated = Program.objects.filter(pk__in=ids).update(**values)
        finder_rows.refresh(ids)
        return updated


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name", "program", "kind", "order"]
    list_filter = ["kind"]
    list_select_related = ["program", "program__school"]
    search_fields = ["name", "program__name"]
    autocomplete_fields = ["program"]
