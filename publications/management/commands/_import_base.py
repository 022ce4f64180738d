"""What the three import commands share: planning, the dry run, progress and the summary."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publications.importers import ImportProblem
from publications.importing import apply, plan, summary_text
from publications.models import PublicationIndexPage
from publications.tasks import start_import


class ImportCommand(BaseCommand):
    # Lines naming the source's entries that gave no record, and why (set by ``records``).
    not_imported = ()

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be created, updated or skipped; write nothing.",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Run the import as a background task (with TASKS_BACKEND set to the database "
            "backend, `manage.py db_worker` runs it); follow it with `manage.py import_status`.",
        )

    def records(self, options):
        """The records to import (subclasses parse or fetch them)."""
        raise CommandError("This importer reads no records.")

    def handle(self, *args, **options):
        index = PublicationIndexPage.find()
        if index is None:
            raise CommandError(
                "There is no publication list page yet: create one in the admin first."
            )
        try:
            records = self.records(options)
            actions = plan(records, index)
        except ImportProblem as problem:
            raise CommandError(f"Nothing was imported:\n{problem}") from problem
        for action in actions:
            if action.kind == "listed":
                self.stdout.write(f"  listed {action.record.source}: {action.reason}.")
            else:
                self.stdout.write(
                    f"  {action.kind:6} {action.record.title[:90]} ({action.description})"
                )
                if action.left_out:
                    self.stdout.write(f"         {action.left_out}.")
        for line in self.not_imported:
            self.stdout.write(f"  listed {line}")
        if not any(action.kind != "listed" for action in actions):
            reasons = [*self.not_imported] + [
                f"{action.record.source}: {action.reason}." for action in actions
            ]
            raise CommandError(
                "Nothing was imported: no entry can be imported.\n" + "\n".join(reasons)
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        if options["background"]:
            run = start_import(
                records, source=self.source_label(options), not_imported=self.not_imported
            )
            if run.status == run.Status.QUEUED:
                self.stdout.write(
                    f"Import {run.pk}: waiting for the background worker (manage.py "
                    f"db_worker). Follow it with `manage.py import_status {run.pk}` or in the "
                    "admin (Import publications)."
                )
                return
            if run.status == run.Status.FAILED:
                raise CommandError(f"Import {run.pk}: {run.error}")
            summary = {**run.summary, "listed": len(run.not_imported)}
            self.stdout.write(self.style.SUCCESS(f"Import {run.pk} done: {summary_text(summary)}."))
            return
        try:
            summary = apply(actions, index, progress=self.progress)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from problem
        summary["listed"] += len(self.not_imported)
        self.stdout.write(self.style.SUCCESS(f"Done: {summary_text(summary)}."))

    def source_label(self, options):
        return f"manage.py {self.__module__.rsplit('.', 1)[-1]}"

    def progress(self, done, total):
        if total >= 100 and (done % max(1, total // 20) == 0 or done == total):
            self.stderr.write(f"  {done}/{total} ({done * 100 // total}%)")


class WebImportCommand(ImportCommand):
    """An importer that asks a web API for identifiers, or reads a saved response."""

    identifiers_name = ""  # the positional argument, e.g. "ids"
    identifiers_label = ""  # in messages, e.g. "arXiv ids"
    identifiers_help = ""
    file_help = ""

    def add_arguments(self, parser):
        parser.add_argument(self.identifiers_name, nargs="*", help=self.identifiers_help)
        parser.add_argument("--from-file", help=self.file_help)
        super().add_arguments(parser)

    def records(self, options):
        if options["from_file"]:
            path = Path(options["from_file"])
            if not path.is_file():
                raise CommandError(f"No file at {path}.")
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as error:
                raise CommandError(f"{path} is not UTF-8 text.") from error
            return self.parse_file(text)
        if not options[self.identifiers_name]:
            raise CommandError(
                f"Give at least one of the {self.identifiers_label}, or --from-file."
            )
        return self.fetch(options[self.identifiers_name])
