import getpass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import STAFF_GROUPS, user_create
from accounts.validators import DELETED_HANDLE_PREFIX, clean_display_name, handle_validator


class Command(BaseCommand):
    help = "Create a ready-to-use account (for staff and scripted set-ups)."

    def add_arguments(self, parser):
        parser.add_argument("handle")
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", help="Asked for interactively when left out.")
        parser.add_argument("--display-name", dest="display_name")
        parser.add_argument("--verified", action="store_true", help="Mark the address confirmed.")
        parser.add_argument("--group", choices=sorted(STAFF_GROUPS))

    def handle(self, *args, handle, email, password, display_name, verified, group, **options):
        try:
            handle_validator(handle)
        except ValidationError as error:
            raise CommandError(f"Handle {handle!r}: {' '.join(error.messages)}") from None
        if handle.lower().startswith(DELETED_HANDLE_PREFIX):
            raise CommandError(f"Handles starting with {DELETED_HANDLE_PREFIX!r} are reserved.")
        if User.objects.with_handle(handle).exists():
            raise CommandError(f"The handle {handle!r} is taken already.")
        email = email.strip().lower()
        if User.objects.with_email(email).exists():
            raise CommandError(f"The e-mail address {email!r} belongs to another account.")
        try:
            display_name = clean_display_name(display_name or handle)
        except ValidationError as error:
            raise CommandError(f"Display name: {' '.join(error.messages)}") from None
        if password is None:
            password = self._ask_password()
        probe = User(username=handle, email=email, display_name=display_name)
        try:
            password_validation.validate_password(password, probe)
        except ValidationError as error:
            raise CommandError("Password: " + " ".join(error.messages)) from None
        try:
            user = user_create(
                username=handle,
                email=email,
                display_name=display_name,
                password=password,
                email_verified=verified,
                group=group,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        extra = f" in group {group}" if group else ""
        self.stdout.write(self.style.SUCCESS(f"Created @{user.username} <{user.email}>{extra}."))

    def _ask_password(self) -> str:
        for _attempt in range(3):
            first = getpass.getpass("Password: ")
            if first and first == getpass.getpass("Password (again): "):
                return first
            self.stderr.write("The passwords were empty or differed; try again.")
        raise CommandError("No password given.")
