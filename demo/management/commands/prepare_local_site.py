"""manage.py prepare_local_site ADDRESS: what ``make run`` does before serving, in one
process (one Django start-up instead of four): migrate, the group's content where the site
is still empty, the site's address, and an administrator account."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make the site ready to serve at ADDRESS: apply migrations, load the group's content "
        "into the parts still empty, set the site's address, and make sure an administrator "
        "account exists (printing its sign-in the first time). Safe to run at every start."
    )

    def add_arguments(self, parser):
        parser.add_argument("address", help="Where the site is served, e.g. http://127.0.0.1:8000")

    def handle(self, *args, address, **options):
        out, err = self.stdout, self.stderr
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=verbosity, stdout=out, stderr=err)
        call_command("load_demo_content", if_empty=True, stdout=out, stderr=err)
        call_command("set_site_address", address, stdout=out, stderr=err)
        call_command("ensure_admin", address=address, stdout=out, stderr=err)
