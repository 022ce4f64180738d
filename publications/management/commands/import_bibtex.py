from pathlib import Path

from django.core.management.base import CommandError

from publications.importers import bibtex

from ._import_base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import publications from a BibTeX file. Existing papers (same DOI, arXiv id or title) "
        "only get their empty fields filled. An entry that cannot be imported is listed with "
        "its reason and the others are imported, all together or (on an error) none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the .bib file.")
        super().add_arguments(parser)

    def records(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text.") from error
        records, self.not_imported = bibtex.read(text)
        return records
