"""Create a staff account and print the one-time link with which its owner sets a password."""

from django.core.management.base import BaseCommand, CommandError

from articles import accounts


class Command(BaseCommand):
    help = (
        "Create a staff account (username: the email address) in the writer, editor or "
        "reviewer group, link or create its Person, and print a one-time link to set the "
        "password."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's email address; also their username.")
        # Checked by accounts.validate rather than argparse choices: one sentence for both
        # the command and the admin form.
        parser.add_argument("--role", required=True, help="writer, editor or reviewer")
        parser.add_argument(
            "--person", default="", metavar="SLUG", help="Link the existing Person with this slug."
        )
        parser.add_argument(
            "--name", default="", help="Create a new Person with this name (slug made from it)."
        )

    def handle(self, *args, **options):
        try:
            account = accounts.add_staff(
                options["email"],
                options["role"],
                person_slug=options["person"],
                name=options["name"],
            )
        except accounts.AccountError as error:
            raise CommandError(str(error)) from None
        for line in accounts.describe(account):
            self.stdout.write(line)
