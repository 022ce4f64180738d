import json

from django.core.management.base import CommandError

from publications.importers import crossref

from ._import_base import WebImportCommand


class Command(WebImportCommand):
    help = (
        "Import publications by DOI from Crossref, one request at a time, or from a saved "
        "Crossref “works” response with --from-file."
    )
    identifiers_name = "dois"
    identifiers_label = "DOIs"
    identifiers_help = "DOIs, e.g. 10.3390/e24060771"
    file_help = "A saved Crossref works response (JSON)."

    def parse_file(self, text):
        try:
            return crossref.parse(json.loads(text))
        except (json.JSONDecodeError, RecursionError) as error:
            raise CommandError(f"The file is not JSON ({error}).") from error

    def fetch(self, dois):
        return crossref.fetch(dois)
