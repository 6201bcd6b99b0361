from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html

from core.admin import thumbnail
from core.forms import CleanTextModelForm
from core.history_admin import HistoryAdmin

from . import (
    action_bar,
    admin_messages,
    editor_views,
    lint,
    notification_views,
    permissions,
    preview_links,
    redirects,
    review_comments,
    review_views,
    takedown_views,
    workflow,
)
from .forms import ArticleForm, ArticleVersionForm, OneLineField
from .models import (
    FAQ,
    Article,
    ArticleCareer,
    ArticleProgram,
    ArticleRedirect,
    ArticleVersion,
    Person,
    PreviewLink,
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


class OnTheSiteFilter(admin.SimpleListFilter):
    """Whether readers can open the guide: live, never or not yet live, or taken down."""

    title = "on the site"
    parameter_name = "on_site"

    def lookups(self, request, model_admin):
        return [("yes", "Live"), ("no", "Not live"), ("taken-down", "Taken down")]

    def queryset(self, request, queryset):
        published = queryset.model.objects.published().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=published)
        if self.value() == "taken-down":
            return queryset.exclude(pk__in=published).filter(taken_down_at__isnull=False)
        if self.value() == "no":
            return queryset.exclude(pk__in=published).filter(taken_down_at__isnull=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "slug",
        "live_title",
        "topic",
        "is_featured",
        "content_updated_at",
        "open_count",
    ]
    list_filter = ["topic", "is_featured", OnTheSiteFilter]
    list_select_related = ["topic", "live_version"]
    search_fields = ["slug", "versions__title"]
    autocomplete_fields = ["topic", "replaced_by"]
    readonly_fields = [
        "live_version",
        "created_at",
        "first_published_at",
        "content_updated_at",
        "taken_down_at",
    ]
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
        if obj is not None and obj.versions.exists():
            # Deleting would delete its versions, which history keeps (nobody may delete one):
            # the button would only lead to a refusal. A live guide is taken down instead.
            return False
        return super().has_delete_permission(request, obj) and self._may_reshape(request, obj)

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        # Bulk delete would be refused for every guide with a version, that is nearly all.
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or obj.taken_down_at is None:
            # Set by the "Take down" page; only then does the guide's address send readers on.
            fields.append("replaced_by")
        if permissions.may_feature(request.user):
            return fields
        return [*fields, "is_featured"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            # The old address keeps working: it answers 301 to the new one.
            if redirects.record_move(obj, form.initial["slug"], request.user):
                messages.info(
                    request,
                    f"The old address /articles/{form.initial['slug']}/ now sends readers to "
                    f"{obj.get_absolute_url()}.",
                )
        else:
            redirects.release(obj.slug)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # "Take down" is offered to whom the workflow lets do it, on a live guide only.
        if obj is not None and obj.live_version is not None:
            answer = permissions.check(obj.live_version, request.user, "unpublish")
            context["may_unpublish"] = bool(answer)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<int:article_id>/unpublish/",
                self.admin_site.admin_view(self.unpublish_view),
                name="articles_article_unpublish",
            ),
            *super().get_urls(),
        ]

    def unpublish_view(self, request, article_id):
        return takedown_views.take_down(request, self, article_id)

    @admin.display(description="live title", ordering="live_version__title")
    def live_title(self, obj):
        if obj.live_version:
            return obj.live_version.title
        return "— taken down —" if obj.taken_down_at else "— not live —"

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


BODY_HELP = (
    "Markdown. Headings (##) make the table of contents. To place the programs widget or the "
    "career cards, write a line that holds only <code>[[programs]]</code> or "
    "<code>[[careers]]</code> where they belong; without such a line they follow the body."
)


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
    # A plain URL input: the admin's "Currently: <link> Change:" widget is too wide for a row.
    formfield_overrides = {
        models.URLField: {"widget": forms.URLInput(attrs={"class": "vURLField"})}
    }


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    """Versions are edited through the workflow: a live version is never saved in place."""

    form = ArticleVersionForm
    list_display = [
        "title",
        "guide",
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
        # Laid out for writing (workflow.css): full-width title and summary, then the body with
        # its live preview, outline and checks beside it (change_form.html).
        (
            None,
            {"classes": ["writing"], "fields": ["article", "title", "dek", "loaded_edit_count"]},
        ),
        (None, {"classes": ["writing", "body-fieldset"], "fields": ["body"]}),
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
            fields.append("guide")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = self.fieldsets
        if obj is not None:
            # A saved version's guide is fixed: shown read-only, labelled "Guide" (the model
            # field's own label says "Article").
            name, first = fieldsets[0]
            fields = ["guide" if f == "article" else f for f in first["fields"]]
            fieldsets = [(name, {**first, "fields": fields}), *fieldsets[1:]]
        if obj is not None and not self.has_change_permission(request, obj):
            # A read-only page has no lock to carry.
            name, first = fieldsets[0]
            fields = [f for f in first["fields"] if f != "loaded_edit_count"]
            return [(name, {**first, "fields": fields}), *fieldsets[1:]]
        return fieldsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["label"] = "Guide"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="guide", ordering="article__slug")
    def guide(self, obj):
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("title", "dek"):
            kwargs["form_class"] = OneLineField
            # Grows with its text (workflow.css); the rows are for browsers that cannot.
            rows = 1 if db_field.name == "title" else 2
            kwargs["widget"] = forms.Textarea(attrs={"rows": rows, "class": "vTextField one-line"})
        if db_field.name == "body":
            kwargs["widget"] = forms.Textarea(
                attrs={"rows": 30, "class": "vLargeTextField markdown-editor", "spellcheck": "true"}
            )
            kwargs["help_text"] = BODY_HELP
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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
            # "Save and submit" notifies reviewers when the admin's transaction commits, at the
            # end of this call: then the writer is told whose email could not be sent.
            with admin_messages.report_email_problems(request):
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

    def save_related(self, request, form, formsets, change):
        # FAQs and sources are saved here, after save_draft and in its transaction: the
        # reviewers' comments on them are resolved once the new rows are in.
        before = review_comments.item_texts(form.instance) if change else None
        super().save_related(request, form, formsets, change)
        if change:
            workflow.resolve_comments(form.instance, before)

    def message_user(self, request, message, *args, **kwargs):
        # Django's "The guide version “…” was changed successfully." is replaced by one
        # sentence about the save and the submit (_after_save).
        if getattr(request, "_version_saved", False):
            return
        super().message_user(request, message, *args, **kwargs)

    def _after_save(self, request, obj, response):
        request._version_saved = False
        saved = f"Saved version {obj.number} of “{obj.title}”"
        if "_submit" not in request.POST:
            messages.success(request, f"{saved}.")
            return response
        if lint.warnings(obj.title, obj.body):
            # Warnings, not refusals: the confirmation lists them and submits anyway.
            messages.success(request, f"{saved}.")
            return HttpResponseRedirect(
                reverse("admin:articles_articleversion_confirm_submit", args=[obj.pk])
            )
        try:
            workflow.submit(obj, request.user)
        except workflow.TransitionNotAllowed as refused:
            messages.success(request, f"{saved}.")
            messages.error(request, refused.message)
        else:
            messages.success(request, f"{saved} and submitted it for review; reviewers were told.")
        return HttpResponseRedirect(reverse("admin:articles_articleversion_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        request._version_saved = True
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        request._version_saved = True
        return self._after_save(request, obj, super().response_change(request, obj))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The workflow buttons shown are the ones this user may use on this version now.
        if obj is not None:
            context["actions"] = permissions.allowed_actions(obj, request.user)
            context["sent_back"] = action_bar.sent_back(obj)
        # The writing desk: what the saved text gives (outline, length, warnings) without
        # JavaScript, and where editor.js asks for the live preview.
        context["writing"] = editor_views.writing_aids(obj)
        context["render_preview_url"] = reverse("admin:articles_articleversion_render_preview")
        if obj is not None:
            context["workflow_bar"] = action_bar.build(
                obj,
                request.user,
                context["actions"],
                has_warnings=bool(context["writing"]["warnings"]),
            )
            context["preview_links"] = preview_links.for_version(obj, request.user)
            context["review_comments"] = review_comments.for_writer(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_review": permissions.can_review(request.user),
            # A guide has one open version at a time, so "add another" would only be refused.
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        # After saving, the writer goes on in the new draft; a blank form for another guide's
        # first version is rarely wanted, and "add another version" reads as if it were allowed.
        extra_context = {**(extra_context or {}), "show_save_and_add_another": False}
        return super().add_view(request, form_url, extra_context)

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
            path("<int:pk>/share/", wrap(review_views.share), name="articles_articleversion_share"),
            # Not wrapped by admin_view: whoever may not view versions gets a 404 (POST only).
            path(
                "preview/render/",
                editor_views.render_preview,
                name="articles_articleversion_render_preview",
            ),
            path(
                "<int:pk>/submit/",
                wrap(self.confirm_submit_view),
                name="articles_articleversion_confirm_submit",
            ),
            # The dashboard's notifications (articles/dashboard.py).
            path(
                "notifications/<int:pk>/",
                wrap(notification_views.open_notification),
                name="articles_notification_open",
            ),
            path(
                "notifications/read/",
                wrap(notification_views.mark_all_read),
                name="articles_notification_read_all",
            ),
            path(
                "preview-link/<int:pk>/revoke/",
                wrap(review_views.revoke_link),
                name="articles_articleversion_revoke_link",
            ),
            *super().get_urls(),
        ]

    def queue_view(self, request):
        return review_views.queue(request, self.admin_site)

    def confirm_submit_view(self, request, pk):
        return editor_views.confirm_submit(request, self.admin_site, pk)

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
class SitePageAdmin(HistoryAdmin):
    form = CleanTextModelForm
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]


def _short_time(value):
    """A time in the site's time zone, as "29 Nov 2026, 14:05"."""
    return "—" if value is None else dateformat.format(timezone.localtime(value), "j M Y, H:i")


class PreviewLinkStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status, status.capitalize()) for status in preview_links.STATUSES]

    def queryset(self, request, queryset):
        if self.value() in preview_links.STATUSES:
            return preview_links.with_status(queryset, self.value())
        return queryset


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    """Share links for outside experts: made from the version page, revoked here or there.

    Read-only: a link is a record of who shared what and who opened it, so it is revoked, never
    edited or deleted.
    """

    list_display = [
        "shared_version",
        "made_by",
        "made_at",
        "expires",
        "status",
        "opened",
        "last_opened",
    ]
    list_select_related = ["version", "created_by"]
    list_filter = [PreviewLinkStatusFilter]
    search_fields = ["version__title", "version__article__slug"]
    fields = [
        "version",
        "share_url",
        ("created_by", "created_at", "expires_at"),
        ("revoked_by", "revoked_at"),
        ("open_count", "last_opened_at"),
    ]
    readonly_fields = [
        "version",
        "share_url",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_by",
        "revoked_at",
        "open_count",
        "last_opened_at",
    ]
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        # Links are made from the version page ("Share preview link"), for one version.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        # The address opens the version: only those who may revoke the link see it.
        if obj is None or permissions.may_revoke(obj, request.user):
            return self.fields
        return [f for f in self.fields if f != "share_url"]

    def has_revoke_permission(self, request):
        # The action for the list; a link's maker who has no role left revokes it from its
        # version's page (permissions.may_revoke answers for each link either way).
        return permissions.is_editor(request.user) or permissions.can_review(request.user)

    # Short cells: seven columns beside the filter must fit the page at 1366 px.
    @admin.display(description="version", ordering="version__title")
    def shared_version(self, obj):
        return f"{obj.version.title} (v{obj.version.number})"

    @admin.display(description="made by", ordering="created_by__username")
    def made_by(self, obj):
        return obj.created_by

    @admin.display(description="made", ordering="created_at")
    def made_at(self, obj):
        return _short_time(obj.created_at)

    @admin.display(description="expires", ordering="expires_at")
    def expires(self, obj):
        return _short_time(obj.expires_at)

    @admin.display(description="status")
    def status(self, obj):
        return preview_links.status(obj)

    @admin.display(description="opened", ordering="open_count")
    def opened(self, obj):
        return obj.open_count

    @admin.display(description="last opened", ordering="last_opened_at")
    def last_opened(self, obj):
        return _short_time(obj.last_opened_at)

    @admin.display(description="address to share")
    def share_url(self, obj):
        if not preview_links.is_usable(obj):
            return "— no longer opens —"
        return preview_links.full_url(obj)

    @admin.action(description="Revoke selected preview links", permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        revoked = 0
        for link in queryset.select_related("version"):
            try:
                preview_links.revoke(link, request.user)
            except workflow.TransitionNotAllowed as refused:
                messages.error(request, refused.message)
            else:
                revoked += 1
        if revoked == 1:
            messages.success(request, "1 preview link was revoked; it no longer opens.")
        elif revoked:
            messages.success(request, f"{revoked} preview links were revoked; they no longer open.")


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    """Old guide addresses; renaming a guide adds one (articles/redirects.py)."""

    form = CleanTextModelForm
    list_display = ["old_address", "article", "created_by", "created_at"]
    list_select_related = ["article", "created_by"]
    search_fields = ["old_slug", "article__slug"]
    autocomplete_fields = ["article"]
    fields = ["old_slug", "article", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    date_hierarchy = "created_at"

    @admin.display(description="old address", ordering="old_slug")
    def old_address(self, obj):
        return f"/articles/{obj.old_slug}/"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
