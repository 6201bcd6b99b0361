"""Guides and the people behind them.

An `Article` is only an identity (slug, topic, dates). Everything an editor writes lives on
`ArticleVersion` rows, which own their FAQs and sources. `Article.live_version` points at the one
version the public sees; drafts sit beside it until the workflow (`articles/workflow.py`) makes
one of them live. Versions are never edited in place once they have been live, so history is
simply the list of rows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Subquery
from django.urls import reverse

from core import markdown
from core.history import HistoricalRecords
from core.input_checks import future_dates, refuse
from core.urls import reverse_cached
from core.validators import image_validators

from .querysets import (
    ArticleQuerySet,
    ArticleVersionQuerySet,
    PersonQuerySet,
    SourceQuerySet,
    TopicQuerySet,
)

EDITOR_IS_AUTHOR = "The editor must be someone other than the author."


class Person(models.Model):
    """An author, editor or reviewer, with the bio shown on bylines and the bio page."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    portrait = models.ImageField(upload_to="people/", blank=True, validators=image_validators)
    job_title = models.CharField(max_length=160, blank=True)
    short_bio = models.TextField(
        max_length=600, help_text="Plain text. Bylines show about the first 200 characters."
    )
    full_bio = models.TextField(blank=True, help_text="Markdown.")
    # The bio as its page shows it, rendered when the bio is saved (core.markdown.stored).
    full_bio_rendered = models.JSONField(default=dict, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="The staff account of this person. Needed to approve guides as a reviewer.",
    )
    website_url = models.URLField("website", blank=True)
    linkedin_url = models.URLField("LinkedIn profile", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        markdown.render_on_save(self, "full_bio", "full_bio_rendered", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_cached("articles:person", self.slug)

    @property
    def rendered_full_bio(self):
        return markdown.from_stored(self.full_bio_rendered, self.full_bio)


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_cached("articles:topic", self.slug)


class Article(models.Model):
    """A guide's identity. Its content is in `versions`; the public sees `live_version`."""

    slug = models.SlugField(max_length=200, unique=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="articles")
    live_version = models.OneToOneField(
        "ArticleVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="live_for",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the workflow only: first go-live, and the last substantive (not minor) go-live,
    # which is the public "Updated on" date, the sitemap's lastmod and JSON-LD dateModified.
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    content_updated_at = models.DateTimeField(
        "updated on", null=True, blank=True, editable=False, db_index=True
    )
    is_featured = models.BooleanField(
        "featured", default=False, help_text="Shown first on the home page."
    )
    # Set by workflow.unpublish: the guide was taken off the site. Its address then answers
    # 410 Gone, or 301 to `replaced_by` when an editor names a replacement.
    taken_down_at = models.DateTimeField(null=True, blank=True, editable=False)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where this guide's address sends readers after it is taken down.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-content_updated_at", "slug"]
        verbose_name = "guide"
        permissions = [
            ("approve_articleversion", "Can approve or send back guide versions"),
            (
                "edit_any_article",
                "Can edit any writer's guides and set a guide's address, topic and featuring",
            ),
        ]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse_cached("articles:detail", self.slug)


class ArticleVersion(models.Model):
    """One version of a guide's content. The workflow alone changes `state`."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        LIVE = "live", "Live"
        ARCHIVED = "archived", "Was live"
        DISCARDED = "discarded", "Discarded"
        WITHDRAWN = "withdrawn", "Taken down"

    OPEN_STATES = [State.DRAFT, State.IN_REVIEW, State.APPROVED]

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions", verbose_name="guide"
    )
    number = models.PositiveIntegerField(editable=False)
    state = models.CharField(
        max_length=12, choices=State, default=State.DRAFT, editable=False, db_index=True
    )
    title = models.CharField(max_length=200)
    dek = models.CharField(
        "summary",
        max_length=300,
        help_text="One sentence under the title, and the meta description.",
    )
    body = models.TextField(help_text="Markdown. Headings (##) make the table of contents.")
    # The body as the page shows it, rendered when the body is saved (core.markdown.stored).
    body_rendered = models.JSONField(default=dict, blank=True, editable=False)
    # Its FAQ entries and sources as the page shows them, stored again whenever one of them is
    # saved or deleted (articles/appendix.py), so the page reads them with the version.
    faqs_rendered = models.JSONField(default=dict, blank=True, editable=False)
    sources_rendered = models.JSONField(default=dict, blank=True, editable=False)
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authored_versions")
    editor = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="edited_versions"
    )
    # The expert who approved the version; set by the workflow from the approving user's Person.
    reviewer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="reviewed_versions",
    )
    # Ordered links: editors choose the order of the programs widget and the career cards.
    programs = models.ManyToManyField(
        "programs.Program", blank=True, through="ArticleProgram", related_name="article_versions"
    )
    careers = models.ManyToManyField(
        "careers.Career", blank=True, through="ArticleCareer", related_name="article_versions"
    )
    change_note = models.CharField(max_length=200, blank=True, help_text="What changed, in a line.")
    is_minor = models.BooleanField(
        "minor change", default=False, help_text="A typo fix: keeps the public “Updated on” date."
    )
    go_live_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When an approved version goes live."
    )
    # Who touched this version, for the four-eyes rule.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    edited_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, editable=False, related_name="edited_article_versions"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Optimistic lock: bumped on every save, compared by save_draft to detect a stale copy.
    edit_count = models.PositiveIntegerField(default=0, editable=False)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArticleVersionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        verbose_name = "guide version"
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="version_number_unique"),
            # A guide has at most one version in progress; start_draft continues it.
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state__in=["draft", "in_review", "approved"]),
                name="one_open_version_per_article",
            ),
            models.CheckConstraint(
                condition=~Q(editor=F("author")) | Q(editor__isnull=True),
                name="editor_is_not_author",
                violation_error_message=EDITOR_IS_AUTHOR,
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="version_queue_idx"),
            models.Index(fields=["state", "go_live_at"], name="version_schedule_idx"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.number}, {self.get_state_display().lower()})"

    def save(self, *args, **kwargs):
        markdown.render_on_save(self, "body", "body_rendered", kwargs)
        if self._state.adding:
            # A new version has no entries or sources yet; appendix.py stores them as they come.
            self.faqs_rendered = self.faqs_rendered or stored_faqs([])
            self.sources_rendered = self.sources_rendered or stored_sources([])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    @property
    def is_live(self):
        return self.state == self.State.LIVE

    @property
    def rendered_body(self):
        """The body as HTML, its table of contents and its pieces (core.markdown.Rendered)."""
        return markdown.from_stored(self.body_rendered, self.body)


def stored_faqs(faqs):
    """FAQ entries as the guide page shows them, for ArticleVersion.faqs_rendered: questions,
    and answers as HTML with headings that carry no ids (the page shows many answers)."""
    return {
        "rules": markdown.rules_digest(),
        "entries": [
            [faq.question, str(markdown.without_heading_ids(faq.rendered_answer.html))]
            for faq in faqs
        ],
    }


def stored_sources(sources):
    """Sources as the guide page lists them, for ArticleVersion.sources_rendered."""
    return {
        "entries": [
            [
                source.title,
                source.publisher,
                source.url,
                source.accessed_on.isoformat() if source.accessed_on else None,
            ]
            for source in sources
        ]
    }


class FAQ(models.Model):
    version = models.ForeignKey(ArticleVersion, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")
    # The answer as HTML, rendered when it is saved (core.markdown.stored).
    answer_rendered = models.JSONField(default=dict, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        markdown.render_on_save(self, "answer", "answer_rendered", kwargs)
        super().save(*args, **kwargs)

    @property
    def rendered_answer(self):
        return markdown.from_stored(self.answer_rendered, self.answer)


class Source(models.Model):
    version = models.ForeignKey(ArticleVersion, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField("URL", max_length=500)
    accessed_on = models.DateField("date accessed", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        refuse(future_dates(self, "accessed_on"))


class ArticleProgram(models.Model):
    """A program shown in a version's programs widget, in the editor's order."""

    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="program_links"
    )
    # PROTECT: deleting a program a guide shows (now or in its history) is refused; unpublish
    # it instead, and the widget leaves it out.
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="article_links"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "program in the widget"
        verbose_name_plural = "programs in the widget"
        constraints = [
            models.UniqueConstraint(fields=["version", "program"], name="version_program_unique")
        ]

    def __str__(self):
        return str(self.program)


class ArticleCareer(models.Model):
    """A career card on a version, in the editor's order."""

    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="career_links"
    )
    career = models.ForeignKey(
        "careers.Career", on_delete=models.PROTECT, related_name="article_links"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "career card"
        constraints = [
            models.UniqueConstraint(fields=["version", "career"], name="version_career_unique")
        ]

    def __str__(self):
        return str(self.career)


class Transition(models.Model):
    """One recorded state change of a version: who, when, from, to, and why."""

    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(max_length=12, choices=ArticleVersion.State, blank=True)
    to_state = models.CharField(max_length=12, choices=ArticleVersion.State)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.version}: {self.from_state or 'new'} → {self.to_state}"


RESERVED_PAGE_SLUGS = {
    "admin", "articles", "careers", "feeds", "healthz", "media", "people", "programs", "review",
    "robots.txt", "schools", "search", "sitemap.xml", "static", "topics",
}  # fmt: skip


class SitePage(models.Model):
    """An editable site page such as the editorial process or the advertising disclosure."""

    # Its summary is the disclosure box on guide, program and school pages.
    DISCLOSURE_SLUG = "advertising-disclosure"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(
        blank=True, help_text="Short text shown on other pages (e.g. the disclosure box)."
    )
    body = models.TextField(help_text="Markdown.")
    # The body as the page shows it, rendered when the body is saved (core.markdown.stored);
    # derived from the body, so the history leaves it out.
    body_rendered = models.JSONField(default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Every change, who made it and why (core/history.py; the admin's History page).
    history = HistoricalRecords(excluded_fields=["body_rendered"])

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        markdown.render_on_save(self, "body", "body_rendered", kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_cached("site_page", self.slug)

    @property
    def rendered_body(self):
        return markdown.from_stored(self.body_rendered, self.body)

    @classmethod
    def disclosure_summary(cls):
        """The advertising disclosure's short text, or "" while there is no such page."""
        summary = cls.objects.filter(slug=cls.DISCLOSURE_SLUG).values_list("summary", flat=True)
        return summary.first() or ""

    @classmethod
    def disclosure_subquery(cls):
        """disclosure_summary() as a subquery, for a page's main query to read it with its row
        (None while there is no such page)."""
        return Subquery(cls.objects.filter(slug=cls.DISCLOSURE_SLUG).values("summary")[:1])

    def clean(self):
        # Site pages live at /<slug>/, beside the site's own sections: a page there would be
        # unreachable and listed in the sitemap under another page's address.
        if self.slug in RESERVED_PAGE_SLUGS:
            raise ValidationError(
                {"slug": f"/{self.slug}/ is already a section of the site; choose another slug."}
            )


class ArticleRedirect(models.Model):
    """An old address of a guide: /articles/<old_slug>/ answers 301 to the guide's address now.

    It points at the guide, not at another address, so a guide moved twice never makes a chain.
    """

    old_slug = models.SlugField("old address", max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["old_slug"]
        verbose_name = "redirect"

    def __str__(self):
        return f"/articles/{self.old_slug}/ → {self.article}"

    def clean(self):
        # The guide at this address is served first, so the redirect would never be used; and
        # pointing a guide's own address elsewhere is how loops start.
        if Article.objects.filter(slug=self.old_slug).exists():
            raise ValidationError(
                {
                    "old_slug": f"/articles/{self.old_slug}/ is the address of a guide now; "
                    "a redirect from it would never be used. Change that guide's address first."
                }
            )


class PreviewLink(models.Model):
    """A share link to one version for an outside expert: unguessable, expiring, revocable."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="preview_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of {self.version}"

    @property
    def url(self):
        return reverse("preview", args=[self.token])


class Notification(models.Model):
    """Something that happened to a person's work, shown on their admin home until read."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent_back", "Sent back"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        TAKEN_DOWN = "taken_down", "Taken down"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_notifications"
    )
    version = models.ForeignKey(
        ArticleVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    message = models.TextField()
    # Why the email copy was not sent ("" when it was): the actor is told, nobody is left out.
    email_problem = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.message


class ReviewComment(models.Model):
    """A reviewer's comment on one field of a version, optionally on a quoted passage."""

    class Field(models.TextChoices):
        TITLE = "title", "Title"
        DEK = "dek", "Summary"
        BODY = "body", "Body"
        FAQS = "faqs", "FAQ"
        SOURCES = "sources", "Sources"
        CHANGE_NOTE = "change_note", "Change note"

    version = models.ForeignKey(
        ArticleVersion, on_delete=models.CASCADE, related_name="review_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    field = models.CharField(max_length=20, choices=Field)
    quote = models.TextField(blank=True, help_text="The passage the comment is about.")
    text = models.TextField("comment")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the text the comment points at has changed.
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text
