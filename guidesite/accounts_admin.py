"""Accounts in the admin: adding staff the way `manage.py add_staff` does, and the sign-in form.

Loaded by GuidesiteConfig.ready(), after admin.autodiscover() has registered Django's own User
admin, which this replaces. At the top layer because it composes Django's User admin with the
guides' Person (articles.accounts) and the project's sign-in rules (guidesite.two_factor).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from articles import accounts, permissions
from articles.models import Person

from . import two_factor

# The login form asks for the authenticator code of accounts that set up two-factor sign-in.
admin.site.login_form = two_factor.SignInForm
admin.site.login_template = "admin/signin.html"


class StaffCreationForm(forms.ModelForm):
    """The user add form: an email address, a role and a Person, checked by articles.accounts."""

    role = forms.ChoiceField(
        choices=[(role, role.capitalize()) for role in accounts.ROLES],
        help_text="Writers draft their own guides, editors work on any guide, "
        "reviewers approve or send back versions.",
    )
    person = forms.ModelChoiceField(
        Person.objects.filter(user__isnull=True),
        required=False,
        help_text="An existing Person without an account (their byline and bio page).",
    )
    name = forms.CharField(
        required=False,
        max_length=accounts.NAME_LENGTH,
        help_text="Or the name of a new Person to create. Writers and reviewers need a Person.",
    )

    class Meta:
        model = get_user_model()
        fields = ["email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "Also their username."

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            accounts.validate(**self._arguments())
        except accounts.AccountError as error:
            self.add_error(error.field or None, str(error))
        return cleaned

    def _arguments(self):
        person = self.cleaned_data.get("person")
        return {
            "email": self.cleaned_data.get("email", ""),
            "role": self.cleaned_data.get("role", ""),
            "person_slug": person.slug if person else "",
            "name": self.cleaned_data.get("name", ""),
        }

    def save(self, commit=True):
        # The service writes the account, its group and its Person in one transaction.
        self.account = accounts.add_staff(**self._arguments())
        self.instance = self.account.user
        return self.instance

    def save_m2m(self):
        """Nothing left to save: add_staff put the account in its group."""


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    add_form = StaffCreationForm
    add_form_template = None
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "description": "The new staff member gets no password: you get a one-time "
                "link to send them, with which they set one.",
                "fields": ["email", "role", "person", "name"],
            },
        )
    ]

    def has_add_permission(self, request):
        # Adding staff links a Person to an account, which only administrators may do.
        return permissions.may_link_account(request.user) and super().has_add_permission(request)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # Already written by add_staff (the form's save); say what to send.
        messages.success(request, " ".join(accounts.describe(form.account)))
        return None
