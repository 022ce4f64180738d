from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.loader import State, state
from demo.loaders import loaders


class Command(BaseCommand):
    help = (
        "Fill the site with the group's real content (home page, settings, and what later "
        "parts of the site add). Running it again changes nothing; it refuses to overwrite "
        "content that editors have changed unless --force is given."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--force",
            action="store_true",
            help="Replace edited content with the demo content (the edited version stays in "
            "each page's revision history).",
        )
        group.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only the parts of the site that are still empty and leave edited parts "
            "alone, without failing. Used by `make run`.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be loaded, and write nothing."
        )

    def handle(self, *args, force, if_empty, dry_run, **options):
        try:
            plan = [(loader, state(loader)) for loader in loaders()]
        except LookupError as error:
            raise CommandError(str(error)) from error

        edited = [part.label for part, part_state in plan if part_state is State.EDITED]
        if edited and not (force or if_empty):
            raise CommandError(
                "The site already has content that differs from the demo: "
                + ", ".join(edited)
                + ". Nothing was changed. Run with --force to replace it with the demo content "
                "(earlier versions stay in the page history)."
            )

        to_load = [
            part
            for part, part_state in plan
            if part_state is State.EMPTY or (part_state is State.EDITED and force)
        ]
        for part, part_state in plan:
            if part in to_load:
                action = "would load" if dry_run else "loading"
            elif part_state is State.EDITED:
                action = "left as edited"
            else:
                action = "already loaded"
            self.stdout.write(f"  {part.label}: {action}")

        if not to_load:
            self.stdout.write(self.style.SUCCESS("Nothing to load; the site was left unchanged."))
            return
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return

        with transaction.atomic():
            for part in to_load:
                try:
                    part.load()
                except ValueError as error:
                    raise CommandError(f"Could not load the {part.label}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo content ({len(to_load)} part(s))."))
