"""arXiv and DOI importers, fed recorded API responses by a real HTTP server on loopback."""

import re
import socket
import urllib.parse
from datetime import date
from http.server import BaseHTTPRequestHandler
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from publications.models import PublicationIndexPage, PublicationPage
from tests.loopback import serving

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parents[1] / "files"
REAL = FILES / "discovery" / "real"


class Recorded(BaseHTTPRequestHandler):
    """Answers like arXiv and Crossref, from the files in tests/files/."""

    requests = []

    def do_GET(self):  # noqa: N802 - the name http.server expects
        url = urllib.parse.urlsplit(self.path)
        Recorded.requests.append(self.path)
        if url.path == "/api/query":
            ids = urllib.parse.parse_qs(url.query)["id_list"][0].replace(",", "_")
            # A real recording of the very query (tests/files/discovery/real), else ours,
            # whose answers hold the latest versions.
            path = REAL / f"arxiv_{ids}.xml"
            if not path.exists():
                path = FILES / f"arxiv_{re.sub(r'v[0-9]+', '', ids)}.xml"
            if not path.exists():
                path = FILES / "arxiv_error.xml"
            self.reply(200, path.read_bytes(), "application/atom+xml")
        elif url.path.startswith("/works/"):
            doi = urllib.parse.unquote(url.path.removeprefix("/works/"))
            path = FILES / f"crossref_{doi.replace('/', '_')}.json"
            if path.exists():
                self.reply(200, path.read_bytes(), "application/json")
            else:
                self.reply(404, b"Resource not found.", "text/plain")
        else:
            self.reply(404, b"", "text/plain")

    def reply(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorded_apis(settings):
    with serving(Recorded) as base:
        settings.ARXIV_API_URL = f"{base}/api/query"
        settings.CROSSREF_API_URL = f"{base}/works"
        Recorded.requests = []
        yield Recorded.requests


@pytest.fixture
def index(home_page):
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_arxiv_by_id(index, recorded_apis):
    output = run("import_arxiv", "2210.01117", "arXiv:2303.13506v2")

    assert "2 created" in output
    # The version asked for is the version asked of arXiv.
    assert len(recorded_apis) == 1 and "id_list=2210.01117%2C2303.13506v2&" in recorded_apis[0]
    omnigrok = PublicationPage.objects.get(arxiv_id="2210.01117")
    assert omnigrok.title == "Omnigrok: Grokking Beyond Algorithmic Data"
    assert omnigrok.publication_date == date(2022, 10, 3)
    assert omnigrok.arxiv_category == "cs.LG"
    assert omnigrok.pdf_url == "https://arxiv.org/pdf/2210.01117v2"
    assert [a.name for a in omnigrok.authors.all()] == [
        "Ziming Liu",
        "Eric J. Michaud",
        "Max Tegmark",
    ]
    assert omnigrok.abstract.startswith("Grokking, the unusual phenomenon")
    assert PublicationPage.objects.get(arxiv_id="2303.13506").doi == "10.48550/arXiv.2303.13506"


def test_an_arxiv_id_with_its_version_imports_that_version(index, recorded_apis):
    """arXiv's own answer to id_list=2104.12255v1 (recorded by arxiv.py): the paper lands
    under its id without the version, as every arXiv id is kept."""
    output = run("import_arxiv", "2104.12255v1")

    assert "1 created" in output
    assert "id_list=2104.12255v1&" in recorded_apis[0]
    paper = PublicationPage.objects.get(arxiv_id="2104.12255")
    assert paper.title == "0"  # its real title
    assert paper.pdf_url == "https://arxiv.org/pdf/2104.12255v1"


def test_import_arxiv_from_a_saved_response(index):
    output = run("import_arxiv", "--from-file", str(FILES / "arxiv_2210.01117_2303.13506.xml"))

    assert "2 created" in output


@pytest.mark.parametrize("bad", ["not-an-id", "2210.011", "http://example.org"])
def test_invalid_arxiv_ids_are_named_and_nothing_is_asked(index, recorded_apis, bad):
    with pytest.raises(CommandError, match=f"Not arXiv ids: “{bad}”"):
        run("import_arxiv", "2210.01117", bad)

    assert recorded_apis == []
    assert not PublicationPage.objects.exists()


def test_arxiv_error_answer_is_reported(index, recorded_apis):
    with pytest.raises(CommandError, match="arXiv has no paper|incorrect id format"):
        run("import_arxiv", "9999.99999")

    assert not PublicationPage.objects.exists()


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_network_error_is_explained_and_writes_nothing(index, settings):
    settings.ARXIV_API_URL = closed_port_url() + "/api/query"
    settings.CROSSREF_API_URL = closed_port_url() + "/works"

    with pytest.raises(CommandError, match="Could not reach arXiv .*Check the internet connection"):
        run("import_arxiv", "2210.01117")
    with pytest.raises(CommandError, match="Could not reach Crossref"):
        run("import_doi", "10.3390/e24060771")

    assert not PublicationPage.objects.exists()


def test_import_doi_from_crossref(index, recorded_apis):
    output = run("import_doi", "https://doi.org/10.3390/e24060771")

    assert "1 created" in output
    paper = PublicationPage.objects.get(doi="10.3390/e24060771")
    assert (
        paper.title
        == "Pareto-Optimal Clustering with the Primal Deterministic Information Bottleneck"
    )
    assert paper.publication_type == "journal"
    assert paper.venue == "Entropy"
    assert paper.publication_date == date(2022, 5, 30)
    assert [a.name for a in paper.authors.all()] == [
        "Andrew K. Tan",
        "Max Tegmark",
        "Isaac L. Chuang",
    ]
    assert paper.abstract.startswith("At the heart of both lossy compression")
    assert "<jats" not in paper.abstract


def test_unknown_doi_is_reported(index, recorded_apis):
    with pytest.raises(CommandError, match="Crossref does not know"):
        run("import_doi", "10.9999/nothing-here")


def test_doi_file_without_title_is_refused(index):
    with pytest.raises(CommandError, match="DOI 10.1234/untitled: Crossref gives no title"):
        run("import_doi", "--from-file", str(FILES / "crossref_no_title.json"))


def test_doi_import_of_a_paper_already_on_the_site_does_not_duplicate_it(index, recorded_apis):
    run("import_bibtex", str(FILES / "sample.bib"))
    before = PublicationPage.objects.count()

    output = run("import_doi", "10.3390/e24060771")

    assert "0 created" in output
    assert PublicationPage.objects.count() == before


def test_a_saved_crossref_list_answer_imports_every_work(index):
    """A list answer saved from Crossref (/works?query=…, recorded by habanero): its
    message.items are the works."""
    output = run("import_doi", "--from-file", str(REAL / "crossref_list_ecology_boettiger.json"))

    assert "20 created, 0 updated, 0 skipped" in output
    treebase = PublicationPage.objects.get(doi="10.1111/j.2041-210x.2012.00247.x")
    assert treebase.title.startswith("Treebase")  # <scp>T</scp>reebase, read as text


def test_an_unknown_doi_is_named_as_it_was_typed(index, recorded_apis):
    with pytest.raises(
        CommandError, match=r"Crossref does not know the DOI 10\.1000/no\.such\.work\."
    ):
        run("import_doi", "10.1000/no.such.work")
    assert "%2F" in recorded_apis[0]  # asked encoded, named as typed
