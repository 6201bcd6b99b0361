from django.contrib import admin

from core.forms import CleanTextModelForm
from core.history_admin import HistoryAdmin

from .models import Career, ProjectionEdition


@admin.register(Career)
class CareerAdmin(HistoryAdmin):
    form = CleanTextModelForm
    list_display = [
        "title",
        "education",
        "salary",
        "salary_statistic",
        "outlook_percent",
        "outlook_period",
        "soc_code",
        "is_published",
    ]
    list_filter = ["is_published", "education", "salary_statistic", "program_field"]
    search_fields = ["title", "summary", "soc_code"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["programs"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "education", "soc_code"]}),
        ("Salary", {"fields": [("salary", "salary_statistic", "salary_year")]}),
        (
            "Job outlook",
            {
                "fields": [("outlook_percent", "outlook_start_year", "outlook_end_year")],
                "description": "Leave the percent empty to show “Not Available”.",
            },
        ),
        (
            "Source",
            {"fields": ["source_name", "source_url", "source_edition", "source_retrieved_on"]},
        ),
        ("Related programs", {"fields": ["program_field", "programs"]}),
        ("Publishing", {"fields": ["is_published", ("created_at", "updated_at")]}),
    ]


@admin.register(ProjectionEdition)
class ProjectionEditionAdmin(admin.ModelAdmin):
    """The BLS Employment Projections editions on record: a career whose outlook period is older
    than the latest one carries figures that newer projections may have changed."""

    form = CleanTextModelForm
    list_display = ["name", "period", "published_on", "url"]
    search_fields = ["name"]
    fields = ["name", ("start_year", "end_year"), "published_on", "url"]

    @admin.display(description="period", ordering="start_year")
    def period(self, obj):
        return obj.period
