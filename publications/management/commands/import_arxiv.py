from pathlib import Path

from django.core.management.base import CommandError

from publications.importers import arxiv

from ._import_base import ImportCommand


class Command(ImportCommand):
    help = (
        "Import publications from arXiv by id (e.g. 2210.01117), asking the arXiv API one "
        "request at a time, or from a saved API response with --from-file."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", help="arXiv ids, e.g. 2210.01117 arXiv:2303.13506v2")
        parser.add_argument("--from-file", help="A saved arXiv API response (Atom XML).")
        super().add_arguments(parser)

    def records(self, options):
        if options["from_file"]:
            path = Path(options["from_file"])
            if not path.is_file():
                raise CommandError(f"No file at {path}.")
            return arxiv.parse_atom(path.read_text(encoding="utf-8"))
        if not options["ids"]:
            raise CommandError("Give at least one arXiv id, or --from-file.")
        return arxiv.fetch(options["ids"])
