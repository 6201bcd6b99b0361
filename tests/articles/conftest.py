"""Starting points for the workflow tests: a writer's live guide, its draft, that draft in review.

Two sets, each with its own names. The workflow service tests use `published_guide`; the admin
tests use `guide_with_link`, whose draft changes a link, so the review screen has a diff to show.
"""

import pytest

from articles import workflow
from tests.articles.factories import FAQFactory, SourceFactory, live_article


@pytest.fixture
def published_guide(writer):
    """A live guide by the writer, "Original title", with one FAQ and one source."""
    article = live_article(author=writer.person, title="Original title")
    FAQFactory(version=article.live_version, question="Is it online?", answer="Yes.")
    SourceFactory(version=article.live_version, url="https://example.org/bls")
    return article


@pytest.fixture
def open_draft(published_guide, writer):
    """The published guide's draft, retitled "New title" and saved by the writer."""
    version = workflow.start_draft(published_guide, writer)
    version.title = "New title"
    version.change_note = "Retitled"
    return workflow.save_draft(version, writer)


@pytest.fixture
def version_in_review(open_draft, writer):
    """The open draft, submitted for review by the writer."""
    return workflow.submit(open_draft, writer)


@pytest.fixture
def guide_with_link(writer):
    """A live guide by the writer, "Original title", whose body links to a BLS table."""
    article = live_article(
        author=writer.person,
        title="Original title",
        body="Read the [BLS table](https://bls.gov/old) for salaries.",
    )
    FAQFactory(version=article.live_version, question="Is it online?")
    SourceFactory(version=article.live_version, url="https://example.org/src")
    return article


@pytest.fixture
def draft_with_new_link(guide_with_link, writer):
    """The linked guide's draft, "Better title", its link moved to a new target by the writer."""
    version = workflow.start_draft(guide_with_link, writer)
    version.title = "Better title"
    version.body = "Read the [BLS table](https://bls.gov/new) for median salaries."
    version.change_note = "New salary link"
    return workflow.save_draft(version, writer)


@pytest.fixture
def new_link_in_review(draft_with_new_link, writer):
    """The draft with the new link, submitted for review by the writer."""
    return workflow.submit(draft_with_new_link, writer)
