"""`manage.py create_editor USERNAME`: create or update a user who edits in the admin, never a superuser."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from parties.editors import EDITORS_GROUP, add_to_editors

ENV_NAME = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an editor (staff, in the Editors group, not a superuser), or update the user "
        f"of that name. The password comes from ${ENV_NAME} when set, else a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default=None, help="Their email address.")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        try:
            username = User._meta.get_field(User.USERNAME_FIELD).clean(username, None)
        except ValidationError as error:
            raise CommandError(f"Invalid username: {' '.join(error.messages)}") from error

        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        created = user is None
        if created:
            user = User(**{User.USERNAME_FIELD: username})
        if email is not None:
            user.email = User._default_manager.normalize_email(email)

        password = self.read_password()
        try:
            # Given the user, the similarity validator can refuse a password close to their name.
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused:\n" + "\n".join(error.messages)) from error
        user.set_password(password)

        with transaction.atomic():
            user.save()
            add_to_editors(user)

        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username}, an editor in {EDITORS_GROUP}."))
        if user.is_superuser:
            self.stdout.write(
                self.style.WARNING(f"{username} was already a superuser and still is.")
            )

    def read_password(self):
        password = os.environ.get(ENV_NAME)
        if password is None:
            try:
                password = getpass.getpass("Password: ")
                again = getpass.getpass("Password (again): ")
            except (EOFError, KeyboardInterrupt) as error:
                raise CommandError(
                    f"No password given: set {ENV_NAME} or run this in a terminal."
                ) from error
            if password != again:
                raise CommandError("The two passwords do not match; nothing was changed.")
        if not password:
            raise CommandError("The password is empty; nothing was changed.")
        return password
