"""manage.py publish_static OUT --base-url URL: the public site as files in OUT."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publishing.build import PublishError
from publishing.incremental import publish_full


class Command(BaseCommand):
    help = (
        "Write the public site as static files into OUT, for any static host: every live "
        "public page, every page of the lists and filters, feeds, sitemap, BibTeX and the "
        "other exports, images, styles and a 404 page, with links made for --base-url. "
        "Search on the copy is built with Pagefind. Private pages and drafts never appear. "
        "From then on, each publish updates the copy (only what changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="The folder to write (created or brought up to date).")
        parser.add_argument(
            "--base-url",
            required=True,
            help="Where the copy will be served, e.g. https://example.org/ or "
            "https://user.github.io/lab/ (a sub-path works).",
        )
        parser.add_argument(
            "--no-search", action="store_true", help="Leave out the Pagefind search index."
        )

    def handle(self, *args, out, base_url, no_search, **options):
        started = time.monotonic()
        target = Path(out).resolve()
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} exists and is not a folder.")
        try:
            build, written, removed = publish_full(target, base_url, search=not no_search)
        except PublishError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        for address, pages in sorted(build.broken.items()):
            if pages:
                self.stderr.write(
                    f"Broken link: {address} (linked from {', '.join(sorted(pages)[:3])})"
                )
        for link, pages in sorted(build.live_only.items()):
            self.stderr.write(
                f"Not on the static copy (a query string): {link} "
                f"(linked from {', '.join(sorted(pages)[:3])})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Published {len(build.files)} files to {target} for {build.base_url} in "
                f"{seconds:.1f} s ({written} written, {removed} removed)."
            )
        )
