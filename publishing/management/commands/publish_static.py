"""manage.py publish_static OUT --base-url URL: the public site as files in OUT, and
optionally in a bucket or on a git branch as well."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publishing.build import PublishError, Renderer
from publishing.copies import folder_refusal
from publishing.deploy import check_storage, split_credentials
from publishing.incremental import update_copy
from publishing.models import StaticCopy


class Command(BaseCommand):
    help = (
        "Write the public site as static files into OUT, for any static host: every live "
        "public page, every page of the lists and filters, feeds, sitemap, BibTeX and the "
        "other exports, images, styles and a 404 page, with links made for --base-url. "
        "Search on the copy is built with Pagefind. Private pages and drafts never appear. "
        "From then on, each publish updates the copy (only what changed) and pushes it to "
        "the bucket or git branch given."
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
        parser.add_argument(
            "--storage",
            help="Also keep the copy in this storage of the settings: static_copy is the "
            "S3-compatible bucket named by STATIC_COPY_BUCKET.",
        )
        parser.add_argument(
            "--git-remote",
            help="Also commit the copy to a branch of this git remote and push it "
            "(e.g. git@github.com:user/user.github.io.git for GitHub Pages).",
        )
        parser.add_argument(
            "--git-branch", help="The branch for --git-remote (gh-pages unless given)."
        )
        parser.add_argument(
            "--folder-only",
            action="store_true",
            help="Stop pushing the copy to the storage and git remote given before.",
        )

    def handle(self, *args, out, base_url, no_search, **options):
        started = time.monotonic()
        target = Path(out).resolve()
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} exists and is not a folder.")
        try:
            base_url = Renderer(base_url).base_url
            if options["storage"]:
                check_storage(options["storage"])
        except PublishError as error:
            raise CommandError(str(error)) from error
        refusal = folder_refusal(target)
        if refusal:
            raise CommandError(refusal)
        try:  # as mkdir -p: the folders above it too
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot make the folder {target}: {error.strerror}.") from error
        copy = StaticCopy.objects.filter(folder=str(target)).first() or StaticCopy(
            folder=str(target)
        )
        copy.base_url = base_url
        copy.state = {**copy.state, "search": not no_search}
        if options["folder_only"]:
            copy.storage = copy.git_remote = copy.git_credentials = ""
        if options["storage"]:
            if options["storage"] != copy.storage:
                copy.uploaded = {}  # another place: what is there is not known
            copy.storage = options["storage"]
        if options["git_remote"]:
            # A token in the address is kept apart from it (never shown, never in backups).
            copy.git_remote, copy.git_credentials = split_credentials(options["git_remote"])
        if options["git_branch"]:
            copy.git_branch = options["git_branch"]
        copy.save()
        try:
            copy, outcome = update_copy(copy.pk, everything=True, raise_errors=True)
        except PublishError as error:
            raise CommandError(str(error)) from error
        build = outcome.build
        seconds = time.monotonic() - started
        for address, pages in sorted(build.broken.items()):
            if pages:
                reason = build.reasons.get(address)
                self.stderr.write(
                    f"Broken link: {address}{f' ({reason})' if reason else ''} "
                    f"(linked from {', '.join(sorted(pages)[:3])})"
                )
        for address, pages in sorted(build.private.items()):
            if pages:
                self.stderr.write(
                    f"Left out, not for every visitor (a password, sign-in or private "
                    f"collection; the live site answers it): {address} "
                    f"(linked from {', '.join(sorted(pages)[:3])})"
                )
        for link, pages in sorted(build.live_only.items()):
            self.stderr.write(
                f"Not on the static copy (a query string): {link} "
                f"(linked from {', '.join(sorted(pages)[:3])})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Published the static copy of {build.base_url} to {target} in {seconds:.1f} s: "
                f"{len(build.files)} pages and files. On disk, {outcome.written} were new or "
                f"changed (with their compressed copies and the search index) and "
                f"{outcome.removed} went."
            )
        )
        if copy.last_pushed:
            self.stdout.write(self.style.SUCCESS(f"Then: {copy.last_pushed}."))
