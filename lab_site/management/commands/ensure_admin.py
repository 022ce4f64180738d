import secrets
import sys
from os import environ

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from lab_site.groups import MODERATORS


def checked_address(email):
    """``email`` stripped, or CommandError naming what is wrong with it."""
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"“{email}” is not a valid e-mail address.") from error
    return email


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists. On the first run it creates one, with an "
        "e-mail address (from --email, DJANGO_SUPERUSER_EMAIL, or asked for in a terminal) so "
        "that members' submissions reach someone, puts it in the Moderators group, and prints "
        "the login address, user name and password once; later runs only say where to sign "
        "in. Set DJANGO_SUPERUSER_PASSWORD to choose the password instead of a random one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="admin", help="User name of the account to create."
        )
        parser.add_argument(
            "--email",
            default=None,
            help="E-mail address of the account to create (default: DJANGO_SUPERUSER_EMAIL, "
            "else asked for when run in a terminal).",
        )
        parser.add_argument(
            "--address",
            default=None,
            help="Where the site is served, for the sign-in address it prints (default: "
            "WAGTAILADMIN_BASE_URL).",
        )

    def handle(self, *args, username, email, address=None, **options):
        User = get_user_model()
        login_url = f"{(address or settings.WAGTAILADMIN_BASE_URL).rstrip('/')}/admin/"
        admins = User.objects.filter(is_superuser=True, is_active=True)
        if admins.exists():
            self.stdout.write(f"Sign in to edit the site at {login_url}")
            if not admins.exclude(email="").exists():
                self.stdout.write(self.style.WARNING(self.no_address_warning))
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"A user called {username!r} exists but is not an administrator. "
                "Choose another name with --username."
            )

        email = checked_address(
            email if email is not None else environ.get("DJANGO_SUPERUSER_EMAIL", "")
        )
        if not email and sys.stdin.isatty():
            email = self.ask_for_address()
        chosen = environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        password = chosen or secrets.token_urlsafe(12)
        with transaction.atomic():
            user = User.objects.create_superuser(username=username, email=email, password=password)
            user.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])

        self.stdout.write(self.style.SUCCESS("Created an administrator account."))
        self.stdout.write(f"  Sign in at: {login_url}")
        self.stdout.write(f"  User name:  {username}")
        self.stdout.write(f"  E-mail:     {email or '(none)'}")
        if chosen:
            self.stdout.write("  Password:   the one in DJANGO_SUPERUSER_PASSWORD")
        else:
            self.stdout.write(f"  Password:   {password}")
            self.stdout.write(
                "  This password is shown only once: note it now, or change it in the admin."
            )
        self.stdout.write(
            "  The account is a moderator: members' changes waiting for approval are e-mailed "
            "to it."
        )
        if not email:
            self.stdout.write(self.style.WARNING(self.no_address_warning))

    no_address_warning = (
        "The administrator account has no e-mail address, so nobody is told when a member "
        "submits a change. Add one under Account → Profile in the admin, or set "
        "DJANGO_SUPERUSER_EMAIL before the first run."
    )

    def ask_for_address(self):
        while True:
            answer = input(
                "E-mail address of the administrator (members' submissions are sent there; "
                "Enter to skip): "
            )
            try:
                return checked_address(answer)
            except CommandError as error:
                self.stderr.write(str(error))
