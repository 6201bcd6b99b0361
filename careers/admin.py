from django.contrib import admin

from core.forms import CleanTextModelForm

from .models import Career


@admin.register(Career)
class CareerAdmin(admin.ModelAdmin):
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
    list_filter = ["is_published", "education", "salary_statistic"]
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
