import secrets
from os import environ

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Make sure an administrator account exists. On the first run it creates one and prints "
        "the login address, user name and password once; later runs only say where to sign in. "
        "Set DJANGO_SUPERUSER_PASSWORD to choose the password instead of a random one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="admin", help="User name of the account to create."
        )
        parser.add_argument("--email", default="", help="E-mail address of the account to create.")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        login_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/"
        if User.objects.filter(is_superuser=True, is_active=True).exists():
            self.stdout.write(f"Sign in to edit the site at {login_url}")
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"A user called {username!r} exists but is not an administrator. "
                "Choose another name with --username."
            )

        chosen = environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        password = chosen or secrets.token_urlsafe(12)
        with transaction.atomic():
            User.objects.create_superuser(username=username, email=email, password=password)

        self.stdout.write(self.style.SUCCESS("Created an administrator account."))
        self.stdout.write(f"  Sign in at: {login_url}")
        self.stdout.write(f"  User name:  {username}")
        if chosen:
            self.stdout.write("  Password:   the one in DJANGO_SUPERUSER_PASSWORD")
        else:
            self.stdout.write(f"  Password:   {password}")
            self.stdout.write(
                "  This password is shown only once: note it now, or change it in the admin."
            )
