from publications.importers import arxiv

from ._import_base import WebImportCommand


class Command(WebImportCommand):
    help = (
        "Import publications from arXiv by id (e.g. 2210.01117), asking the arXiv API one "
        "request at a time, or from a saved API response with --from-file."
    )
    identifiers_name = "ids"
    identifiers_label = "arXiv ids"
    identifiers_help = "arXiv ids, e.g. 2210.01117 arXiv:2303.13506v2"
    file_help = "A saved arXiv API response (Atom XML)."

    def parse_file(self, text):
        return arxiv.parse_atom(text)

    def fetch(self, ids):
        return arxiv.fetch(ids)
