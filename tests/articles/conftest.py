"""A live guide by the writer, its open draft, and that draft submitted for review."""

import pytest

from articles import workflow
from tests.articles.workflow_support import make_draft, make_guide


@pytest.fixture
def guide(writer):
    return make_guide(writer)


@pytest.fixture
def draft(guide, writer):
    return make_draft(guide, writer)


@pytest.fixture
def in_review(draft, writer):
    return workflow.submit(draft, writer)
