"""Admin forms for the editorial workflow."""

from django import forms
from django.conf import settings
from django.utils import timezone

from core.forms import CleanTextModelForm

from . import diff, permissions, workflow
from .models import Article, ArticleVersion, ReviewComment

# A save or a decision posted without the edit count of the text on the screen (an old page, a
# page that did not finish loading, a script): it cannot show that nobody saved since.
EDIT_COUNT_MISSING = (
    "This save did not say which saved text you started from, so nothing was saved: someone "
    "else may have saved since. Your text is still in the form below; the differences between "
    "the saved version and yours are listed above it. Merge what you need, then save again."
)
DECISION_COUNT_MISSING = (
    "This decision did not say which text you reviewed, so nothing was approved or sent back. "
    "Review the text below, then decide again."
)


class OneLineField(forms.CharField):
    """One line of text in a box that wraps (a guide's title and summary), so a long one is
    read whole instead of being cut off; line breaks typed or pasted into it become spaces."""

    widget = forms.Textarea

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class ArticleVersionForm(CleanTextModelForm):
    """The version change form, with the edit count it was loaded at (the optimistic lock)."""

    loaded_edit_count = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = ArticleVersion
        fields = [
            "article",
            "title",
            "dek",
            "body",
            "author",
            "editor",
            "change_note",
            "is_minor",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_edit_count"].initial = self.instance.edit_count
        # Set when someone else saved first: what they have now against what this user typed.
        self.conflict = None
        self.conflict_diffs = []
        if "change_note" in self.fields:
            self.fields["change_note"].required = True

    # The signed-in user; the admin sets it on the form class it builds.
    request_user = None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return self._clean_new(cleaned)
        # The instance is the saved row, read under a lock that holds until the save commits
        # (ArticleVersionAdmin.get_object); the form's values are put on it after clean().
        current = self.instance
        self._refuse(permissions.check(current, self.request_user, "save"))
        if cleaned.get("author") is not None:
            self._refuse(permissions.may_set_author(current, cleaned["author"], self.request_user))
        loaded = cleaned.get("loaded_edit_count")
        if loaded is None:
            # A save that does not say which saved text it started from might overwrite a newer
            # save: it is a conflict, never a save without the check.
            self._report_conflict(current, cleaned, EDIT_COUNT_MISSING)
        if loaded != current.edit_count:
            self._report_conflict(current, cleaned)
        self.instance.edit_count = loaded
        return cleaned

    def _clean_new(self, cleaned):
        article = cleaned.get("article")
        if article is not None:
            versions = article.versions.select_related("author")
            answer = permissions.may_add(
                article,
                cleaned.get("author"),
                self.request_user,
                current=versions.open().first(),
                latest=article.live_version or versions.order_by("-number").first(),
            )
            self._refuse(answer)
        return cleaned

    def _refuse(self, answer):
        if not answer:
            if answer.field in self.fields:
                self.add_error(answer.field, answer.reason)
            else:
                raise forms.ValidationError(answer.reason)

    def _report_conflict(self, current, cleaned, message=None):
        self.conflict = current
        theirs = diff.snapshot(current)
        mine = dict(theirs)
        for name in ("title", "dek", "body", "change_note"):
            if name in cleaned:
                mine[name] = cleaned[name]
        for name in ("author", "editor"):
            if name in cleaned:
                mine[name] = str(cleaned[name]) if cleaned[name] else ""
        if "is_minor" in cleaned:
            mine["is_minor"] = "yes" if cleaned["is_minor"] else "no"
        self.conflict_diffs = [d for d in diff.compare(theirs, mine) if diff.is_changed(d)]
        # The next save, made after reading their changes, is the user's informed choice.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_edit_count")] = current.edit_count
        if message is not None:
            raise forms.ValidationError(message)
        others = current.edited_by.exclude(pk=getattr(self.request_user, "pk", None))
        who = ", ".join(u.get_full_name() or u.username for u in others[:3])
        when = timezone.localtime(current.updated_at).strftime("%H:%M")
        raise forms.ValidationError(
            f"Someone else ({who or 'another editor'}) saved this version at {when}, after you "
            "opened it. Nothing was saved. Your text is still in the form below; the "
            "differences between their saved version and yours are listed above it. Merge "
            "what you need, then save again."
        )


class ReviewForm(forms.Form):
    """Approve (optionally at a go-live time) or send back, with a comment."""

    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"

    decision = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (REQUEST_CHANGES, "Request changes")],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text="Required when you request changes: say what must change.",
    )
    # The version's edit_count on the screen the reviewer read (see workflow.approve).
    edit_count = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    go_live_at = forms.DateTimeField(
        label="Go live at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["go_live_at"].help_text = (
            f"Optional, in the site time zone ({settings.TIME_ZONE}). Empty: live as soon as "
            "you approve."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("edit_count") is None:
            # Never "no check": the text may have been edited since the reviewer read it.
            self.add_error(None, DECISION_COUNT_MISSING)
        decision = cleaned.get("decision")
        if decision == self.REQUEST_CHANGES and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", workflow.COMMENT_REQUIRED)
        if decision == self.REQUEST_CHANGES:
            cleaned["go_live_at"] = None
        go_live_at = cleaned.get("go_live_at")
        if go_live_at is not None and go_live_at > timezone.now() + workflow.MAX_SCHEDULE_AHEAD:
            self.add_error("go_live_at", "Choose a go-live time within the next two years.")
        return cleaned


class ReviewCommentForm(forms.Form):
    """One comment row of the send-back form: a field, optionally a passage of it, a comment."""

    field = forms.ChoiceField(
        label="About",
        choices=[("", "Choose a field"), *ReviewComment.Field.choices],
        required=False,
    )
    quote = forms.CharField(
        label="Quoted passage (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        help_text="Copy it exactly from the current text; the comment is marked resolved when "
        "the passage changes.",
    )
    text = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def clean(self):
        cleaned = super().clean()
        # A row left empty is not a comment; the empty rows are there to fill in without JS.
        if (cleaned.get("quote") or cleaned.get("text")) and not cleaned.get("field"):
            self.add_error("field", "Choose which part of the guide this comment is about.")
        if cleaned.get("quote") and not (cleaned.get("text") or "").strip():
            self.add_error("text", "Say what should change in the quoted passage.")
        return cleaned

    def as_row(self):
        """The (field, quote, text) workflow.request_changes takes, or None for an empty row."""
        data = self.cleaned_data
        if not (data.get("field") and (data.get("text") or "").strip()):
            return None
        return (data["field"], data.get("quote", ""), data["text"])


# Three empty rows work without JavaScript; review_comments.js adds more.
ReviewCommentFormSet = forms.formset_factory(
    ReviewCommentForm, extra=3, max_num=20, validate_max=True
)


def decide(form, version, user, comments=()):
    """Apply a valid ReviewForm through the workflow; returns a message for the reviewer.

    `comments` are the (field, quote, text) rows sent along when changes are requested.
    """
    data = form.cleaned_data
    if data["decision"] == ReviewForm.APPROVE:
        workflow.approve(
            version,
            user,
            comment=data["comment"],
            go_live_at=data["go_live_at"],
            seen_edit_count=data["edit_count"],
        )
        if version.state == ArticleVersion.State.LIVE:
            return f"Approved: version {version.number} is now live."
        when = timezone.localtime(version.go_live_at).strftime("%Y-%m-%d %H:%M %Z")
        return f"Approved: version {version.number} goes live at {when}."
    workflow.request_changes(
        version, user, data["comment"], seen_edit_count=data["edit_count"], comments=comments
    )
    message = f"Sent back: version {version.number} is a draft again and its author was told."
    if comments:
        noun = "comment" if len(comments) == 1 else "comments"
        message += f" They will see your {len(comments)} {noun} on the text on the draft."
    return message


class ShareForm(forms.Form):
    """The version page's "Share preview link" button: for how many days (empty: the default).

    The range is the service's rule (preview_links.create refuses with its own sentence).
    """

    days = forms.IntegerField(
        required=False,
        error_messages={
            "invalid": "Give the number of days the link works as a whole number; no link was made."
        },
    )


class ArticleForm(CleanTextModelForm):
    """The guide's own page: address, topic, featuring and, once taken down, its replacement."""

    class Meta:
        model = Article
        fields = "__all__"

    def clean_replaced_by(self):
        replacement = self.cleaned_data.get("replaced_by")
        # Checked when chosen: a replacement taken down later still leaves the page savable.
        if replacement is not None and "replaced_by" in self.changed_data:
            if replacement.pk == self.instance.pk:
                raise forms.ValidationError(workflow.REPLACEMENT_IS_ITSELF)
            if not Article.objects.published().filter(pk=replacement.pk).exists():
                raise forms.ValidationError(workflow.REPLACEMENT_NOT_LIVE)
        return replacement


class LiveGuideChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, article):
        return f"{article.live_version.title} (/articles/{article.slug}/)"


class TakeDownForm(forms.Form):
    """The guide's "Take down" page: why (required), and where its readers go instead."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        max_length=2000,
        error_messages={"required": workflow.REASON_REQUIRED},
        help_text="Recorded in the guide's history and sent to its author.",
    )
    replacement = LiveGuideChoiceField(
        queryset=Article.objects.none(),
        required=False,
        empty_label="None: the guide is gone (410)",
        label="Send readers to",
        help_text="Optional: a live guide that replaces this one. Its old address then "
        "redirects there (301).",
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        # A plain list of live guides: it works without JavaScript.
        self.fields["replacement"].queryset = (
            Article.objects.published()
            .exclude(pk=article.pk)
            .select_related("live_version")
            .order_by("live_version__title", "pk")
        )
