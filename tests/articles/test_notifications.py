"""Workflow emails: who is told what, and nobody about their own action."""

import pytest
from django.contrib.auth.models import Group

from articles import workflow
from tests.articles.factories import UserFactory, live_article


@pytest.fixture
def salary_guide(writer):
    """A live guide by the writer with a one-sentence body, which make_salary_draft extends."""
    return live_article(author=writer.person, title="Old title", body="Salaries rose.")


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run one workflow step and then its on-commit callbacks (the emails), as a commit would."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


def make_salary_draft(guide, writer):
    """The guide's draft, retitled and with one word added to its body, saved by the writer."""
    version = workflow.start_draft(guide, writer)
    version.title = "New title"
    version.body = "Salaries rose fast."
    version.change_note = "Updated salary figures"
    return workflow.save_draft(version, writer)


def test_submitting_emails_reviewers_a_summary_and_the_review_link(
    salary_guide, writer, reviewer, second_reviewer, settings, mailoutbox, act
):
    settings.SITE_URL = "https://guides.example.com"
    version = make_salary_draft(salary_guide, writer)

    act(workflow.submit, version, writer)

    # One email each: a failure to one address does not stop the others.
    assert sorted(m.to for m in mailoutbox) == [["reviewer2@example.com"], ["reviewer@example.com"]]
    message = mailoutbox[0]
    assert "New title" in message.subject
    assert "Updated salary figures" in message.body
    assert "Body: 1 word added, 0 removed" in message.body
    assert f"https://guides.example.com/admin/articles/articleversion/{version.pk}/review/" in (
        message.body
    )


def test_submitting_does_not_email_the_submitter_even_if_a_reviewer(
    salary_guide, writer, reviewer, mailoutbox, act
):
    reviewer.groups.add(Group.objects.get(name="Editors"))
    version = workflow.start_draft(salary_guide, reviewer)

    act(workflow.submit, version, reviewer)

    assert all("reviewer@example.com" not in m.to for m in mailoutbox)


def test_inactive_reviewers_are_not_emailed(salary_guide, writer, reviewer, mailoutbox, act):
    gone = UserFactory(username="gone", is_active=False)
    gone.groups.add(Group.objects.get(name="Reviewers"))
    version = make_salary_draft(salary_guide, writer)

    act(workflow.submit, version, writer)

    assert mailoutbox[0].to == ["reviewer@example.com"]


def test_approval_emails_the_author(salary_guide, writer, reviewer, mailoutbox, act):
    version = make_salary_draft(salary_guide, writer)
    act(workflow.submit, version, writer)
    mailoutbox.clear()

    act(workflow.approve, version, reviewer, comment="Nice work.")

    assert [m.to for m in mailoutbox] == [["writer@example.com"]]
    assert "Approved and published" in mailoutbox[0].subject
    assert "Nice work." in mailoutbox[0].body


def test_sending_back_emails_the_author_with_the_comment(
    salary_guide, writer, reviewer, mailoutbox, act
):
    version = make_salary_draft(salary_guide, writer)
    act(workflow.submit, version, writer)
    mailoutbox.clear()

    act(workflow.request_changes, version, reviewer, "Cite the BLS table.")

    assert [m.to for m in mailoutbox] == [["writer@example.com"]]
    assert "Cite the BLS table." in mailoutbox[0].body


def test_nobody_is_emailed_about_their_own_action(
    salary_guide, superuser, reviewer, mailoutbox, act
):
    # The superuser writes the guide and reviews someone else's edit of it.
    salary_guide.live_version.author = superuser.person
    salary_guide.live_version.save()
    version = workflow.start_draft(salary_guide, superuser)
    act(workflow.submit, version, superuser)
    assert all("admin@example.com" not in m.to for m in mailoutbox)

    act(workflow.request_changes, version, reviewer, "Please add sources.")

    assert [m.to for m in mailoutbox][-1] == ["admin@example.com"]


def test_a_refused_step_sends_no_email(salary_guide, writer, reviewer, mailoutbox, act):
    version = make_salary_draft(salary_guide, writer)

    with pytest.raises(workflow.TransitionNotAllowed):
        act(workflow.approve, version, reviewer)

    assert mailoutbox == []
