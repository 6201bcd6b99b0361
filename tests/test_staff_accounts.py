"""Staff accounts: `manage.py add_staff`, the admin's add form, the one-time password link, and
what the admin home tells an account that lacks something (articles/accounts.py)."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles import accounts, permissions
from articles.models import Person
from tests.articles.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "a-long-new-password-for-the-desk"


def add_staff(*args):
    out = StringIO()
    call_command("add_staff", *args, stdout=out)
    return out.getvalue()


def link_in(text):
    return re.search(r"https?://\S+", text).group(0)


def rows():
    """What a refused add_staff must leave as it was."""
    return (
        list(User.objects.values_list("username", flat=True).order_by("username")),
        list(Person.objects.values_list("slug", "user_id").order_by("slug")),
    )


# manage.py add_staff ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "group"), [("writer", "Writers"), ("editor", "Editors"), ("reviewer", "Reviewers")]
)
def test_add_staff_creates_a_staff_account_in_the_roles_group(settings, role, group):
    settings.SITE_URL = "https://guides.example.com"

    out = add_staff("Nina.Novak@Example.com", "--role", role, "--name", "Nina Novak")

    user = User.objects.get(username="nina.novak@example.com")
    assert user.email == "nina.novak@example.com"
    assert user.is_staff
    assert not user.is_superuser
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert (user.person.name, user.person.slug) == ("Nina Novak", "nina-novak")
    assert (
        f"Created the staff account nina.novak@example.com as a{'n' * (role == 'editor')} {role}."
        in out
    )
    assert link_in(out).startswith("https://guides.example.com/admin/reset/")
    assert "it works once, for 3 days" in out


def test_add_staff_links_an_existing_person_by_slug():
    person = PersonFactory(name="Aaron Perkowitz", slug="aaron-perkowitz")

    out = add_staff("aaron@example.com", "--role", "writer", "--person", "aaron-perkowitz")

    person.refresh_from_db()
    assert person.user.username == "aaron@example.com"
    assert "Linked it to the existing Person Aaron Perkowitz" in out
    assert Person.objects.count() == 1


def test_add_staff_gives_a_new_person_a_free_slug():
    PersonFactory(name="Sam Lee", slug="sam-lee")

    add_staff("sam.lee@example.com", "--role", "reviewer", "--name", "  Sam   Lee ")

    assert User.objects.get(username="sam.lee@example.com").person.slug == "sam-lee-2"


def test_add_staff_without_a_person_says_what_a_writer_still_needs():
    out = add_staff("solo@example.com", "--role", "writer")

    assert not Person.objects.filter(user__username="solo@example.com").exists()
    assert "Your account has no Person linked, so you cannot write guides" in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["not-an-address", "--role", "writer"], "“not-an-address” is not a valid email address."),
        (["taken@example.com", "--role", "writer"], "already exists (username taken); nothing was"),
        (["TAKEN@example.com", "--role", "editor"], "already exists (username taken); nothing was"),
        (["o'neil@example.com", "--role", "writer"], "cannot be a username"),
        (["new@example.com", "--role", "boss"], "Unknown role “boss”: choose writer, editor or"),
        (["new@example.com", "--role", "writer", "--person", "nobody"], "No Person has the"),
        (["new@example.com", "--role", "writer", "--person", "linked"], "is already linked to"),
        (["new@example.com", "--role", "writer", "--person", "free", "--name", "X"], "not both"),
        (["new@example.com", "--role", "writer", "--name", "!!!"], "gives no address"),
    ],
)
def test_add_staff_refuses_bad_input_with_a_sentence_and_changes_nothing(arguments, message):
    UserFactory(username="taken", email="taken@example.com")
    PersonFactory(slug="linked", user=UserFactory(username="someone"))
    PersonFactory(slug="free")
    before = rows()

    with pytest.raises(CommandError) as refused:
        add_staff(*arguments)

    assert message in str(refused.value)
    assert rows() == before


def test_add_staff_without_a_role_is_refused_by_the_command_line():
    with pytest.raises(CommandError, match="--role"):
        add_staff("new@example.com")


# The one-time link -----------------------------------------------------------------------------


def test_the_link_sets_a_password_that_then_signs_in_once(client):
    link = link_in(add_staff("new.writer@example.com", "--role", "writer", "--name", "New Writer"))
    path = link.removeprefix("http://127.0.0.1:8000")

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert "New password" in form_page.text
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password has been set" in done.text

    signed_in = client.post(
        reverse("admin:login"),
        {"username": "new.writer@example.com", "password": NEW_PASSWORD},
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    # Used once: the token was made from the old (unusable) password.
    assert "The password reset link was invalid" in client.get(path, follow=True).text


def test_a_tampered_link_is_refused_with_a_sentence(client):
    link = link_in(add_staff("new@example.com", "--role", "editor"))
    path = link.removeprefix("http://127.0.0.1:8000")[:-3] + "xyz/"

    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert "The password reset link was invalid" in response.text


# The admin's user add form ---------------------------------------------------------------------


def test_an_administrator_adds_staff_in_the_admin_and_gets_the_link(client, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:auth_user_add"),
        {"email": "Rev.Iewer@example.com", "role": "reviewer", "name": "Rev Iewer"},
    )

    user = User.objects.get(username="rev.iewer@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:auth_user_change", args=[user.pk])
    assert list(user.groups.values_list("name", flat=True)) == ["Reviewers"]
    assert user.person.name == "Rev Iewer"
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Created the staff account rev.iewer@example.com as a reviewer." in shown
    assert "/admin/reset/" in link_in(shown)


def test_the_admin_add_form_links_a_person_chosen_from_those_without_an_account(client, superuser):
    person = PersonFactory(name="Free Person")
    client.force_login(superuser)

    client.post(
        reverse("admin:auth_user_add"),
        {"email": "free@example.com", "role": "writer", "person": person.pk},
    )

    person.refresh_from_db()
    assert person.user.username == "free@example.com"


def test_the_admin_add_form_shows_bad_input_as_a_message_and_adds_nothing(client, superuser):
    UserFactory(username="taken", email="taken@example.com")
    client.force_login(superuser)
    before = rows()

    response = client.post(
        reverse("admin:auth_user_add"),
        {"email": "taken@example.com", "role": "writer", "name": "Someone New"},
    )

    assert response.status_code == 200
    assert "An account with the email address taken@example.com already exists" in response.text
    assert rows() == before


@pytest.mark.parametrize("role", ["editor", "writer", "reviewer", "staff"])
def test_only_administrators_may_add_staff_in_the_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(
        reverse("admin:auth_user_add"), {"email": "x@example.com", "role": "editor"}
    )

    assert response.status_code == 403
    assert not User.objects.filter(username="x@example.com").exists()


# What the admin home tells an account that lacks something -------------------------------------


def member(group, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_writer_without_a_person_is_told_to_ask_an_administrator():
    problems = accounts.setup_problems(member("Writers", "lone-writer"))

    assert problems == [
        "Your account has no Person linked, so you cannot write guides: a guide's author is a "
        "Person, and writers work on their own guides. Ask an administrator to link your Person "
        "(People > your name > user) or to add one."
    ]


def test_a_reviewer_without_a_person_is_told_they_cannot_approve():
    (problem,) = accounts.setup_problems(member("Reviewers", "lone-reviewer"))

    assert problem.startswith("Your account has no Person linked, so you cannot approve guides")
    assert "Ask an administrator" in problem


def test_an_administrator_without_a_person_is_told_to_link_one_themselves():
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)

    (problem,) = accounts.setup_problems(admin)

    assert "cannot approve guides" in problem
    assert problem.endswith("Link your Person under People (your name > user), or add one.")


def test_staff_in_no_group_are_told_they_have_no_role(staff):
    assert accounts.setup_problems(staff) == [permissions.SETUP_NO_ROLE]


@pytest.mark.parametrize("role", ["writer", "editor", "reviewer", "superuser"])
def test_accounts_with_what_their_role_needs_have_no_problems(request, role):
    assert accounts.setup_problems(request.getfixturevalue(role)) == []


def test_an_editor_needs_no_person_to_work(db):
    assert accounts.setup_problems(member("Editors", "lone-editor")) == []


def test_anonymous_visitors_have_no_setup_problems(anonymous):
    assert accounts.setup_problems(anonymous) == []
