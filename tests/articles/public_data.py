"""Builders for public-page tests: a live guide with every block, and a draft beside it."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from tests.articles.factories import (
    ArticleVersionFactory,
    FAQFactory,
    PersonFactory,
    SourceFactory,
)
from tests.careers.factories import CareerFactory
from tests.programs.factories import ProgramFactory

DRAFT_MARK = "Unreleased draft wording"


def png(size=(400, 300), color=(40, 90, 160)):
    """A small real PNG file."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="portrait.png")


def person_with_portrait(**kwargs):
    """A Person with an uploaded portrait."""
    person = PersonFactory(**kwargs)
    person.portrait.save("portrait.png", png(), save=True)
    return person


def live_guide(related=1, **kwargs):
    """A live guide with author, editor, reviewer and `related` FAQs, sources, programs, careers."""
    version = ArticleVersionFactory(
        live=True,
        author=kwargs.pop("author", None) or PersonFactory(name="Aaron Author"),
        editor=kwargs.pop("editor", None) or PersonFactory(name="Edna Editor"),
        reviewer=kwargs.pop("reviewer", None) or PersonFactory(name="Rhea Reviewer"),
        **kwargs,
    )
    for n in range(related):
        FAQFactory(version=version, question=f"Live question {n}?", answer=f"Live answer {n}.")
        SourceFactory(version=version, title=f"Live source {n}")
        version.programs.add(ProgramFactory(name=f"Live program {n}", partner=n == 0))
        version.careers.add(CareerFactory(title=f"Live career {n}"))
    return version.article


def add_draft(article, **kwargs):
    """A draft beside the live version, with text, FAQ, source, program and career of its own."""
    draft = ArticleVersionFactory(
        article=article,
        title=f"{DRAFT_MARK} title",
        dek=f"{DRAFT_MARK} dek",
        body=f"## {DRAFT_MARK} heading\n\n{DRAFT_MARK} body.",
        author=kwargs.pop("author", None) or PersonFactory(name=f"{DRAFT_MARK} Author"),
        **kwargs,
    )
    FAQFactory(version=draft, question=f"{DRAFT_MARK} question?", answer=f"{DRAFT_MARK} answer.")
    SourceFactory(version=draft, title=f"{DRAFT_MARK} source")
    # Public in their own right, but attached to the guide only by the draft.
    draft.programs.add(ProgramFactory(name="Draft-only program"))
    draft.careers.add(CareerFactory(title="Draft-only career"))
    return draft
