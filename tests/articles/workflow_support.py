"""Roles and starting points shared by the workflow service tests."""

from articles import workflow
from tests.articles.factories import FAQFactory, SourceFactory, live_article

EDITING_ROLES_ALLOWED = ["writer", "editor", "superuser"]
EDITING_ROLES_REFUSED = ["anonymous", "staff", "reviewer"]
REVIEW_ROLES_ALLOWED = ["reviewer", "superuser"]
REVIEW_ROLES_REFUSED = ["anonymous", "staff", "writer", "editor"]


def make_guide(writer):
    """A live guide written by the writer, with one FAQ and one source."""
    article = live_article(author=writer.person, title="Original title")
    FAQFactory(version=article.live_version, question="Is it online?", answer="Yes.")
    SourceFactory(version=article.live_version, url="https://example.org/bls")
    return article


def make_draft(guide, writer):
    """The guide's draft, retitled and saved by the writer."""
    version = workflow.start_draft(guide, writer)
    version.title = "New title"
    version.change_note = "Retitled"
    return workflow.save_draft(version, writer)


def user_for(request, role):
    return request.getfixturevalue(role)
