import json
from pathlib import Path

from django.core.management.base import CommandError

from publications.importers import crossref

from ._import_base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import publications by DOI from Crossref, one request at a time, or from a saved "
        "Crossref “works” response with --from-file."
    )

    def add_arguments(self, parser):
        parser.add_argument("dois", nargs="*", help="DOIs, e.g. 10.3390/e24060771")
        parser.add_argument("--from-file", help="A saved Crossref works response (JSON).")
        super().add_arguments(parser)

    def records(self, options):
        if options["from_file"]:
            path = Path(options["from_file"])
            if not path.is_file():
                raise CommandError(f"No file at {path}.")
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                raise CommandError(f"{path} is not JSON ({error}).") from error
            return crossref.parse(data)
        if not options["dois"]:
            raise CommandError("Give at least one DOI, or --from-file.")
        return crossref.fetch(options["dois"])
