from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

# Host names a development server answers on; a site with any other name was set up for
# the world by someone, and is left alone unless --force says otherwise.
LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}  # noqa: S104


def host_and_port(address):
    parts = urlsplit(address if "//" in address else f"http://{address}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise CommandError(f"“{address}” has no valid port number.") from error
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise CommandError(f"“{address}” is not an address such as http://127.0.0.1:8000.")
    return parts.hostname, port


class Command(BaseCommand):
    help = (
        "Point the default site at the address it is served on (e.g. http://127.0.0.1:8101), "
        "so that links in e-mails, feeds, the sitemap and shared pages use it. `make run` "
        "calls it with its HOST and PORT. A site whose host name is not a local one is left "
        "alone unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("address", help="Where the site is served, e.g. http://127.0.0.1:8000")
        parser.add_argument(
            "--force", action="store_true", help="Change the site even if it has a public name."
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would change.")

    def handle(self, *args, address, force, dry_run, **options):
        hostname, port = host_and_port(address)
        with transaction.atomic():
            site = Site.objects.select_for_update().filter(is_default_site=True).first()
            if site is None:
                raise CommandError("There is no default site yet: run `manage.py migrate` first.")
            if (site.hostname, site.port) == (hostname, port):
                return
            if site.hostname not in LOCAL_HOSTNAMES and not force:
                self.stdout.write(
                    f"The site stays at {site.hostname}:{site.port}, a public name "
                    "(use --force to change it)."
                )
                return
            if not dry_run:
                site.hostname, site.port = hostname, port
                site.save()
        verb = "would now be" if dry_run else "is now"
        self.stdout.write(
            f"The site's address {verb} {hostname}:{port}: links in e-mails, feeds, the "
            "sitemap and shared pages use it."
        )
