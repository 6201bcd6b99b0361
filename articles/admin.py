from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html

from .models import FAQ, Article, ArticleVersion, Person, SitePage, Source, Topic, Transition


def thumbnail(image, alt):
    """A small preview of an uploaded image for changelists and forms."""
    if not image:
        return "—"
    return format_html('<img src="{}" width="48" height="48" alt="{}">', image.url, alt)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "portrait_thumbnail", "job_title", "user", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["name", "job_title", "short_bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    readonly_fields = ["portrait_thumbnail", "created_at", "updated_at"]
    fields = [
        "name",
        "slug",
        "job_title",
        ("portrait", "portrait_thumbnail"),
        "short_bio",
        "full_bio",
        "user",
        "website_url",
        "linkedin_url",
        ("created_at", "updated_at"),
    ]

    @admin.display(description="portrait")
    def portrait_thumbnail(self, obj):
        return thumbnail(obj.portrait, f"Portrait of {obj.name}")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "guide_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(guide_count=Count("articles"))

    @admin.display(description="guides", ordering="guide_count")
    def guide_count(self, obj):
        return obj.guide_count


class VersionInline(admin.TabularInline):
    """Read-only list of an article's versions; each is edited on its own page."""

    model = ArticleVersion
    fields = ["number", "title", "state", "author", "change_note", "updated_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0
    max_num = 0
    ordering = ["-number"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "slug",
        "live_title",
        "topic",
        "is_featured",
        "content_updated_at",
        "open_count",
    ]
    list_filter = ["topic", "is_featured", ("live_version", admin.EmptyFieldListFilter)]
    list_select_related = ["topic", "live_version"]
    search_fields = ["slug", "versions__title"]
    autocomplete_fields = ["topic"]
    readonly_fields = ["live_version", "created_at", "first_published_at", "content_updated_at"]
    inlines = [VersionInline]
    date_hierarchy = "content_updated_at"

    def get_queryset(self, request):
        open_states = ArticleVersion.OPEN_STATES
        return (
            super()
            .get_queryset(request)
            .annotate(open_count=Count("versions", filter=Q(versions__state__in=open_states)))
        )

    @admin.display(description="live title", ordering="live_version__title")
    def live_title(self, obj):
        return obj.live_version.title if obj.live_version else "— not live —"

    @admin.display(description="drafts", ordering="open_count")
    def open_count(self, obj):
        return obj.open_count


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    fields = [("question", "order"), "answer"]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["title", "publisher", "url", "accessed_on", "order"]


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "article", "number", "state", "author", "is_minor", "updated_at"]
    list_filter = ["state", "is_minor", "article__topic"]
    list_select_related = ["article", "author"]
    search_fields = ["title", "dek", "article__slug", "author__name"]
    autocomplete_fields = ["article", "author", "editor", "programs", "careers"]
    readonly_fields = [
        "state",
        "number",
        "reviewer",
        "go_live_at",
        "created_by",
        "approved_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "approved_at",
        "published_at",
    ]
    fieldsets = [
        (None, {"fields": ["article", "title", "dek", "body"]}),
        ("Byline", {"fields": ["author", "editor", "reviewer"]}),
        ("Related", {"fields": ["programs", "careers"]}),
        ("This change", {"fields": ["change_note", "is_minor"]}),
        (
            "Workflow",
            {
                "fields": [
                    ("state", "number"),
                    ("created_by", "created_at", "updated_at"),
                    ("submitted_at", "approved_by", "approved_at"),
                    ("go_live_at", "published_at"),
                ]
            },
        ),
    ]
    inlines = [FAQInline, SourceInline]
    date_hierarchy = "updated_at"


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["version", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state"]
    list_select_related = ["version", "by"]
    search_fields = ["version__title", "comment", "by__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
