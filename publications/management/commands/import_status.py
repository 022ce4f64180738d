from django.core.management.base import BaseCommand, CommandError

from publications.importing import summary_text
from publications.models import ImportRun
from publications.runs import fail_abandoned, progress


class Command(BaseCommand):
    help = "Show how far a background import has got and what came of it (the latest if no id)."

    def add_arguments(self, parser):
        parser.add_argument("run", nargs="?", type=int, help="The import's number.")

    def handle(self, *args, run=None, **options):
        fail_abandoned()
        runs = ImportRun.objects.all()
        found = runs.filter(pk=run).first() if run is not None else runs.first()
        if found is None:
            raise CommandError(
                f"There is no import {run}." if run is not None else "There is no import yet."
            )
        done = progress(found)
        percent = done * 100 // found.total if found.total else 100
        self.stdout.write(
            f"Import {found.pk} from {found.source or 'the command line'}: "
            f"{found.get_status_display()}, {done} of {found.total} entries ({percent}%)."
        )
        if found.status == ImportRun.Status.DONE:
            self.stdout.write(
                summary_text({**found.summary, "listed": len(found.not_imported)}) + "."
            )
            for line in found.not_imported:
                self.stdout.write(f"  not imported: {line}")
        elif found.status == ImportRun.Status.FAILED:
            self.stdout.write(found.error)
