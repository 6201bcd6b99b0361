"""Reviewers' comments on one field of a version, and when each counts as resolved.

A comment may quote a passage of its field: it is resolved when that passage no longer appears
there. A comment without a quote is resolved when the field's value changes. Either way the
writer need not tick anything: changing the text the reviewer pointed at is the answer, and the
reviewer sees on the review screen which comments were answered that way.

`workflow.request_changes` creates the comments and `workflow.save_draft` (with
`workflow.resolve_comments` for FAQs and sources, saved after it) resolves them; this module
only reads.
"""

import html
import re

from django.utils.html import strip_tags

from core.markdown import render_cached

from .diff import normalize
from .models import ReviewComment, Transition

Field = ReviewComment.Field

# Fields written in Markdown: a quote copied from the preview matches their rendered text too.
MARKDOWN_FIELDS = {Field.BODY, Field.FAQS}
# Fields saved by save_draft itself; FAQs and sources are inline rows saved after it.
TEXT_FIELDS = [Field.TITLE, Field.DEK, Field.BODY, Field.CHANGE_NOTE]
ITEM_FIELDS = [Field.FAQS, Field.SOURCES]

WHITESPACE_RE = re.compile(r"\s+")

QUOTE_NOT_FOUND = (
    "The quoted passage “{quote}” does not appear in the {field} of version {number}. Copy it "
    "from the current text, or leave the quote empty to comment on the whole field. "
    "Nothing was sent back."
)
UNKNOWN_FIELD = (
    "Choose which part of the guide each comment is about (title, summary, body, FAQ, "
    "sources or change note). Nothing was sent back."
)
EMPTY_COMMENT = (
    "A comment on the {field} has no text; write it or remove the row. Nothing was sent back."
)


def _squeezed(text):
    """Text with every run of whitespace as one space: line breaks do not decide a match."""
    return WHITESPACE_RE.sub(" ", normalize(text)).strip()


def item_texts(version):
    """The text of a version's FAQs and sources, as comments on them are matched against."""
    faqs = "\n\n".join(f"{faq.question}\n\n{faq.answer}" for faq in version.faqs.all())
    sources = "\n\n".join(
        " ".join(
            part
            for part in (
                src.title,
                src.publisher,
                src.url,
                src.accessed_on.isoformat() if src.accessed_on else "",
            )
            if part
        )
        for src in version.sources.all()
    )
    return {Field.FAQS: faqs, Field.SOURCES: sources}


def field_texts(version):
    """The current text of every field a comment can point at."""
    return {
        **{name: getattr(version, name) or "" for name in TEXT_FIELDS},
        **item_texts(version),
    }


def contains(field, text, quote):
    """Whether `quote` appears in `text` of `field`, ignoring how whitespace is laid out.

    In Markdown fields it may also be quoted from the rendered page (the preview), where
    "[BLS table](https://…)" reads "BLS table".
    """
    quote = _squeezed(quote)
    if quote in _squeezed(text):
        return True
    if field in MARKDOWN_FIELDS:
        rendered = html.unescape(strip_tags(str(render_cached(normalize(text)).html)))
        return quote in _squeezed(rendered)
    return False


def is_answered(comment, before, after):
    """Whether a save that turned the field's `before` text into `after` resolves `comment`."""
    if comment.quote:
        return not contains(comment.field, after, comment.quote)
    return _squeezed(before) != _squeezed(after)


def clean(version, comments):
    """The (field, quote, text) rows checked against the version's current text.

    Returns ReviewComment objects, not yet saved, or raises ValueError with the first problem
    as a sentence for the reviewer.
    """
    texts = None
    cleaned = []
    for field, quote, text in comments:
        field, quote, text = (field or "").strip(), (quote or "").strip(), (text or "").strip()
        if field not in Field.values:
            raise ValueError(UNKNOWN_FIELD)
        label = Field(field).label.lower()
        if not text:
            raise ValueError(EMPTY_COMMENT.format(field=label))
        if quote:
            texts = texts or field_texts(version)
            if not contains(field, texts[field], quote):
                raise ValueError(
                    QUOTE_NOT_FOUND.format(quote=quote, field=label, number=version.number)
                )
        cleaned.append(ReviewComment(version=version, field=field, quote=quote, text=text))
    return cleaned


def _last_submitted_at(version):
    """When the version was last submitted for review, from its transitions (None: never)."""
    return (
        Transition.objects.filter(version=version, to_state=version.State.IN_REVIEW)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )


def for_writer(version):
    """The comments the writer should see on the draft: open ones, and those resolved since
    the draft was last submitted (resolved ones drop out when it is submitted again)."""
    comments = list(version.review_comments.select_related("author__person"))
    if not comments:
        return []
    since = _last_submitted_at(version)
    return [c for c in comments if c.resolved_at is None or since is None or c.resolved_at > since]


def for_reviewer(version):
    """Every comment ever left on the version, oldest first, with who wrote it."""
    return list(version.review_comments.select_related("author__person"))
