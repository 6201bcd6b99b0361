"""articles/permissions.py is the one source of who may do what, and the workflow agrees with it."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from articles import permissions, workflow
from articles.models import ArticleVersion
from tests.articles.factories import PersonFactory, UserFactory, live_article

pytestmark = pytest.mark.django_db

State = ArticleVersion.State
ROLES = ["anonymous", "staff", "writer", "other_writer", "editor", "reviewer", "superuser"]
STATES = ["draft", "in_review", "live", "archived", "discarded"]
STEPS = {
    "edit": lambda version, user: workflow.start_draft(version.article, user),
    "submit": workflow.submit,
    "approve": workflow.approve,
    "request_changes": lambda version, user: workflow.request_changes(version, user, "Fix it."),
    "discard": workflow.discard,
    "restore": workflow.restore,
}


@pytest.fixture
def other_writer(writer):
    user = UserFactory(is_staff=True, username="other-writer")
    user.groups.add(Group.objects.get(name="Writers"))
    PersonFactory(user=user, name="Otto Other")
    return user


def _version_in(state, writer):
    """A version of a writer's guide in `state`, made through the workflow by the writer."""
    article = live_article(author=writer.person, title="Version one")
    first = article.live_version
    if state == "live":
        return first
    draft = workflow.start_draft(article, writer)
    if state == "discarded":
        return workflow.discard(draft, writer)
    if state == "draft":
        return draft
    in_review = workflow.submit(draft, writer)
    if state == "in_review":
        return in_review
    # Archived: the first version, after another reviewer put the draft live.
    reviewer = UserFactory(is_staff=True, is_superuser=True)
    PersonFactory(user=reviewer)
    workflow.approve(in_review, reviewer)
    return ArticleVersion.objects.get(pk=first.pk)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_every_workflow_step_does_exactly_what_allowed_actions_says(request, writer, role, state):
    user = request.getfixturevalue(role)
    promised, happened = {}, {}
    for action, step in STEPS.items():
        version = _version_in(state, writer)
        # "" for allowed, else the refusal sentence.
        promised[action] = permissions.allowed_actions(version, user)[action].reason
        try:
            step(ArticleVersion.objects.get(pk=version.pk), user)
            happened[action] = ""
        except workflow.TransitionNotAllowed as refused:
            happened[action] = refused.message
    assert happened == promised


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", set()),
        ("staff", set()),
        ("reviewer", {"share"}),
        ("other_writer", set()),
        ("writer", {"edit", "save", "submit", "discard"}),
        ("editor", {"edit", "save", "submit", "discard", "share"}),
        ("superuser", {"edit", "save", "submit", "discard", "share"}),
    ],
)
def test_on_a_draft_only_its_writer_and_editors_may_work(request, writer, role, allowed):
    draft = _version_in("draft", writer)
    answers = permissions.allowed_actions(draft, request.getfixturevalue(role))
    assert {action for action, answer in answers.items() if answer} == allowed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("writer", {"edit", "save", "discard"}),
        ("reviewer", {"approve", "schedule", "request_changes", "share"}),
        (
            "superuser",
            {"edit", "save", "discard", "approve", "schedule", "request_changes", "share"},
        ),
    ],
)
def test_a_version_in_review_is_decided_by_reviewers_who_did_not_write_it(
    request, writer, role, allowed
):
    in_review = _version_in("in_review", writer)
    answers = permissions.allowed_actions(in_review, request.getfixturevalue(role))
    assert {action for action, answer in answers.items() if answer} == allowed


def test_every_refusal_says_why(writer, reviewer):
    draft = _version_in("draft", writer)
    answers = permissions.allowed_actions(draft, reviewer)
    assert answers["approve"].reason == (
        f"Only a version that is in review can be approved; version {draft.number} is a draft."
    )
    assert answers["submit"].reason.startswith("You may not submit this guide for review")


def test_a_reviewer_without_a_person_may_send_back_but_not_approve(writer, reviewer):
    reviewer.person.delete()
    answers = permissions.allowed_actions(_version_in("in_review", writer), reviewer)
    assert answers["request_changes"]
    assert not answers["approve"]
    assert "no Person linked" in answers["approve"].reason


def test_a_group_an_administrator_builds_gets_its_powers_from_permissions_not_its_name(writer):
    seniors = Group.objects.create(name="Senior writers")
    seniors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_articleversion", "change_articleversion", "edit_any_article"],
        )
    )
    senior = UserFactory(is_staff=True, username="senior")
    senior.groups.add(seniors)
    draft = _version_in("draft", writer)

    assert permissions.is_editor(senior)
    assert permissions.allowed_actions(draft, senior)["save"]
    assert workflow.submit(draft, senior).state == State.IN_REVIEW


def test_an_editors_group_without_the_permission_is_only_a_name(writer):
    renamed = UserFactory(is_staff=True, username="name-only")
    renamed.groups.add(Group.objects.get_or_create(name="Chief editors")[0])
    renamed.groups.add(Group.objects.get(name="Writers"))
    draft = _version_in("draft", writer)

    assert not permissions.is_editor(renamed)
    assert not permissions.allowed_actions(draft, renamed)["save"]


def test_each_refusal_sentence_is_written_once(settings):
    # Fragments of the refusals: anywhere but permissions.py they would be a second copy.
    fragments = [
        "(four-eyes rule)",
        "writers work on their own guides",
        "Only reviewers may",
        "no Person linked",
        "already has an open version",
        "is still open; submit or discard",
        "Only editors may give a guide",
    ]
    root = Path(settings.BASE_DIR)
    sources = [*(root / "articles").rglob("*.py"), *(root / "templates").rglob("*.html")]
    copies = [
        f"{path.relative_to(root)}: {fragment}"
        for path in sources
        if path.name != "permissions.py" and "migrations" not in path.parts
        for fragment in fragments
        if fragment in path.read_text()
    ]
    assert copies == []
