"""Staff accounts: create one with its role and Person, and say what an account still lacks.

`add_staff` is what `manage.py add_staff` and the admin's user add form call: it checks
everything first (`validate`), then writes the account, its group and its Person in one
transaction, and returns a one-time link to set the password. The link is Django's
password-reset token, so it stops working once the password is set, and after
PASSWORD_RESET_TIMEOUT.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from . import permissions
from .models import Person

# The roles offered, and the group (articles/groups.py) that gives each its permissions.
ROLES = {"writer": "Writers", "editor": "Editors", "reviewer": "Reviewers"}

NAME_LENGTH = Person._meta.get_field("name").max_length
SLUG_LENGTH = Person._meta.get_field("slug").max_length


class AccountError(Exception):
    """Bad input for a new account: a sentence for the person typing, and the field it is about."""

    def __init__(self, message, field=""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewStaff:
    """Checked input for add_staff: an email address, a group and the Person to link or create."""

    email: str
    role: str
    group: Group
    person: Person | None
    name: str


@dataclass(frozen=True)
class NewAccount:
    user: object
    role: str
    person: Person | None
    person_created: bool
    link: str


def validate(email, role, *, person_slug="", name=""):
    """Check the input of add_staff without writing anything: a NewStaff, or AccountError."""
    User = get_user_model()
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(f"“{email}” is not a valid email address.", "email") from None
    try:
        # The email address is the username: people sign in with what they know.
        User.username_validator(email)
    except ValidationError:
        raise AccountError(
            f"“{email}” cannot be a username: use an address made of letters, digits and "
            "@ . + - _ only.",
            "email",
        ) from None
    if len(email) > User._meta.get_field("username").max_length:
        raise AccountError(f"“{email}” is too long for a username.", "email")
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if existing is not None:
        named = "" if existing.get_username() == email else f" (username {existing.get_username()})"
        raise AccountError(
            f"An account with the email address {email} already exists{named}; "
            "nothing was changed.",
            "email",
        )

    role = (role or "").strip().lower()
    if role not in ROLES:
        raise AccountError(f"Unknown role “{role}”: choose writer, editor or reviewer.", "role")
    group = Group.objects.filter(name=ROLES[role]).first()
    if group is None:
        raise AccountError(
            f"The group {ROLES[role]} does not exist yet; run manage.py migrate, "
            "which creates the editorial groups.",
            "role",
        )

    person_slug, name = (person_slug or "").strip(), " ".join((name or "").split())
    if person_slug and name:
        raise AccountError(
            "Give either an existing Person (--person) or the name of a new one (--name), "
            "not both.",
            "name",
        )
    person = None
    if person_slug:
        person = Person.objects.select_related("user").filter(slug=person_slug).first()
        if person is None:
            raise AccountError(
                f"No Person has the address (slug) “{person_slug}”. Check People in the "
                "admin, or give --name to create a new Person.",
                "person",
            )
        if person.user is not None:
            raise AccountError(
                f"{person.name} is already linked to the account "
                f"{person.user.get_username()}; a Person has one account at most.",
                "person",
            )
    if name and not slugify(name):
        raise AccountError(
            f"The name “{name}” gives no address for a bio page; use letters or digits.", "name"
        )
    if len(name) > NAME_LENGTH:
        raise AccountError(f"A name has at most {NAME_LENGTH} characters.", "name")
    return NewStaff(email=email, role=role, group=group, person=person, name=name)


def add_staff(email, role, *, person_slug="", name=""):
    """Create a staff account in the role's group, with its Person; return it with its link."""
    new = validate(email, role, person_slug=person_slug, name=name)
    with transaction.atomic():
        user = get_user_model()(username=new.email, email=new.email, is_staff=True)
        # No password until the person sets one through the link.
        user.set_unusable_password()
        user.save()
        user.groups.add(new.group)
        person, created = new.person, False
        if person is not None:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        elif new.name:
            person = Person.objects.create(
                name=new.name, slug=_free_slug(new.name), user=user, short_bio=""
            )
            created = True
    return NewAccount(user, new.role, person, created, password_link(user))


def _free_slug(name):
    base = slugify(name)[: SLUG_LENGTH - 4]
    taken = set(Person.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def password_link(user):
    """An absolute link that sets `user`'s password once (Django's password-reset token)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def link_lifetime():
    """How long a password link works, in words ("3 days")."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    if seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days} day{'s' if days != 1 else ''}"
    hours = max(1, seconds // 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def describe(account):
    """What add_staff did, and what to send the person: a few sentences."""
    user = account.user
    lines = [f"Created the staff account {user.get_username()} as {_a(account.role)}."]
    if account.person is not None:
        state = "new" if account.person_created else "existing"
        lines.append(
            f"Linked it to the {state} Person {account.person.name} "
            f"(bio page {account.person.get_absolute_url()})."
        )
    lines += setup_problems(user)
    lines.append(
        f"Send them this one-time link to set their password; it works once, for "
        f"{link_lifetime()}: {account.link}"
    )
    return lines


def _a(role):
    return f"an {role}" if role[0] in "aeiou" else f"a {role}"


# What an account still lacks -------------------------------------------------------------------


def setup_problems(user):
    """Sentences telling a signed-in staff member what their account lacks, and who fixes it.

    For the admin home: a writer or reviewer without a Person learns it there, not from a
    refusal later. An empty list when nothing is missing.
    """
    if not permissions.is_signed_in(user) or not user.is_staff:
        return []
    # Editors (and administrators) may work on any guide without being its author.
    writes = user.has_perm(permissions.CHANGE) and not permissions.is_editor(user)
    reviews = permissions.can_review(user)
    if not (writes or reviews or user.has_perm(permissions.VIEW)):
        return [permissions.SETUP_NO_ROLE]
    if not (writes or reviews) or permissions.person_of(user) is not None:
        return []
    what = "both" if writes and reviews else "write" if writes else "approve"
    if permissions.may_link_account(user):
        fix = permissions.SETUP_LINK_YOURSELF
    else:
        fix = permissions.SETUP_ASK_ADMIN
    what = permissions.SETUP_NO_PERSON_WHAT[what]
    return [permissions.SETUP_NO_PERSON.format(what=what, fix=fix)]
