from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin import thumbnail
from core.forms import CleanTextModelForm

from . import permissions, review_views, workflow
from .forms import ArticleVersionForm
from .models import (
    FAQ,
    Article,
    ArticleCareer,
    ArticleProgram,
    ArticleVersion,
    Person,
    SitePage,
    Source,
    Topic,
    Transition,
)

# The index shows the review queue's count and warns when the scheduler has stopped.
admin.site.index_template = "admin/articles/index.html"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = CleanTextModelForm
    list_display = ["name", "portrait_thumbnail", "job_title", "user", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["name", "job_title", "short_bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    readonly_fields = ["portrait_thumbnail", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if permissions.may_link_account(request.user) else [*fields, "user"]

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
    form = CleanTextModelForm
    list_display = ["name", "slug", "guide_count"]
    search_fields = ["name"]
    # Explicit: the count annotation drops the model's ordering (autocomplete pages need one).
    ordering = ["name"]
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
    form = CleanTextModelForm
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
    # Explicit: the count annotation drops the model's ordering (autocomplete pages need one).
    ordering = ["-content_updated_at", "slug"]

    def get_queryset(self, request):
        open_states = ArticleVersion.OPEN_STATES
        return (
            super()
            .get_queryset(request)
            .annotate(open_count=Count("versions", filter=Q(versions__state__in=open_states)))
        )

    # A guide's address, topic and featured flag are public at once, outside review.
    def _may_reshape(self, request, obj):
        if obj is None or permissions.is_editor(request.user):
            return True
        latest = obj.versions.select_related("author").order_by("-number").first()
        return permissions.may_reshape(obj, request.user, latest)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_reshape(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_reshape(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if permissions.may_feature(request.user):
            return fields
        return [*fields, "is_featured"]

    @admin.display(description="live title", ordering="live_version__title")
    def live_title(self, obj):
        return obj.live_version.title if obj.live_version else "— not live —"

    @admin.display(description="drafts", ordering="open_count")
    def open_count(self, obj):
        return obj.open_count


class VersionContentInline:
    """FAQs and sources follow their version: editable only while it is an editable draft."""

    def _editable(self, request, obj):
        return obj is None or bool(permissions.check(obj, request.user, "save"))

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class ProgramLinkInline(VersionContentInline, admin.TabularInline):
    form = CleanTextModelForm
    model = ArticleProgram
    extra = 0
    fields = ["program", "order"]
    autocomplete_fields = ["program"]
    verbose_name = "program in the “Popular Online Programs” widget"
    verbose_name_plural = "programs widget"


class CareerLinkInline(VersionContentInline, admin.TabularInline):
    form = CleanTextModelForm
    model = ArticleCareer
    extra = 0
    fields = ["career", "order"]
    autocomplete_fields = ["career"]
    verbose_name_plural = "career cards"


class FAQInline(VersionContentInline, admin.StackedInline):
    form = CleanTextModelForm
    model = FAQ
    extra = 0
    fields = [("question", "order"), "answer"]


class SourceInline(VersionContentInline, admin.TabularInline):
    form = CleanTextModelForm
    model = Source
    extra = 0
    fields = ["title", "publisher", "url", "accessed_on", "order"]


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    """Versions are edited through the workflow: a live version is never saved in place."""

    form = ArticleVersionForm
    list_display = [
        "title",
        "article",
        "number",
        "state",
        "author",
        "is_minor",
        "updated_at",
        "review_link",
    ]
    list_filter = ["state", "is_minor", "article__topic"]
    list_select_related = ["article", "author"]
    search_fields = ["title", "dek", "article__slug", "author__name"]
    autocomplete_fields = ["article", "author", "editor"]
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
        (None, {"fields": ["article", "title", "dek", "body", "loaded_edit_count"]}),
        ("Byline", {"fields": ["author", "editor", "reviewer"]}),
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
    inlines = [FAQInline, SourceInline, ProgramLinkInline, CareerLinkInline]
    date_hierarchy = "updated_at"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields.append("article")
        return fields

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            # A read-only page has no lock to carry.
            first = self.fieldsets[0][1]["fields"]
            return [
                (None, {"fields": [f for f in first if f != "loaded_edit_count"]}),
                *self.fieldsets[1:],
            ]
        return self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or bool(permissions.check(obj, request.user, "save"))

    def get_object(self, request, object_id, from_field=None):
        # A save reads the version under a row lock, held until it commits: the form compares
        # the edit count it was loaded with against the saved row (someone else may have saved).
        if request.method != "POST":
            return super().get_object(request, object_id, from_field)
        queryset = self.get_queryset(request).select_for_update(of=("self",))
        try:
            return queryset.get(pk=int(object_id))
        except (ArticleVersion.DoesNotExist, ValueError, TypeError):
            return None

    def has_delete_permission(self, request, obj=None):
        # History keeps every version; an unwanted draft is discarded instead.
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (workflow.TransitionNotAllowed, workflow.EditConflict) as refused:
            # Lost a race the form's checks could not see (two people adding the first version
            # of one guide at once): the transaction was rolled back.
            messages.error(request, f"{refused} Nothing was saved.")
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if not change:
            workflow.add_draft(obj, request.user)
            return
        before = obj.state
        workflow.save_draft(obj, request.user)
        if obj.state != before:
            messages.warning(
                request,
                "This version was edited after it was submitted or approved, so it is a draft "
                "again and must be submitted for review.",
            )

    def _after_save(self, request, obj, response):
        if "_submit" not in request.POST:
            return response
        try:
            workflow.submit(obj, request.user)
        except workflow.TransitionNotAllowed as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"Version {obj.number} was submitted for review.")
        return HttpResponseRedirect(reverse("admin:articles_articleversion_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The workflow buttons shown are the ones this user may use on this version now.
        if obj is not None:
            context["actions"] = permissions.allowed_actions(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_review": permissions.can_review(request.user),
            # A guide has one open version at a time, so "add another" would only be refused.
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="review")
    def review_link(self, obj):
        url = reverse("admin:articles_articleversion_review", args=[obj.pk])
        return format_html('<a href="{}">Changes and preview</a>', url)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("queue/", wrap(self.queue_view), name="articles_articleversion_queue"),
            path("scheduled/", wrap(self.scheduled_view), name="articles_articleversion_scheduled"),
            path("<int:pk>/review/", wrap(self.review_view), name="articles_articleversion_review"),
            # Not wrapped by admin_view: anonymous visitors get a 404, not a login page.
            path(
                "<int:pk>/preview/",
                review_views.preview,
                name="articles_articleversion_preview",
            ),
            path(
                "<int:pk>/do/<slug:action>/",
                wrap(review_views.act),
                name="articles_articleversion_act",
            ),
            path(
                "guide/<int:article_id>/history/",
                wrap(self.guide_history_view),
                name="articles_articleversion_guide_history",
            ),
            path(
                "guide/<int:article_id>/edit/",
                wrap(review_views.edit_article),
                name="articles_articleversion_edit_guide",
            ),
            *super().get_urls(),
        ]

    def queue_view(self, request):
        return review_views.queue(request, self.admin_site)

    def scheduled_view(self, request):
        return review_views.scheduled(request, self.admin_site)

    def review_view(self, request, pk):
        return review_views.review(request, self.admin_site, pk)

    def guide_history_view(self, request, article_id):
        # Not history_view: that is Django's own per-object log, which stays available.
        return review_views.history(request, self.admin_site, article_id)


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
    form = CleanTextModelForm
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
