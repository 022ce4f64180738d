"""The documented production setup (deploy/nginx/lab-site.conf) with Debian's nginx: pages
come from the folder publish_static writes; search, query strings, the admin and anything
the folder lacks go to Django (here a live test server standing in for gunicorn)."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from publishing.files import content_type
from publishing.models import StaticCopy
from tools import nginx

from ..static_copy import get, readable, require_nginx

MARK = b"<!-- from the published folder -->"


@pytest.fixture(scope="module")
def published_once(demo_database, django_db_blocker):
    """The documented setup's base URL and the folder it serves, for this module's tests,
    which only read it."""
    require_nginx()
    server = LiveServer("127.0.0.1")
    folder = Path(tempfile.mkdtemp(prefix="nginx-production-"))
    port = nginx.free_port()
    public = folder / "public"
    with django_db_blocker.unblock():
        call_command(
            "publish_static",
            str(public),
            base_url=f"http://127.0.0.1:{port}/",
            no_search=True,
            stdout=StringIO(),
        )
        # A plain folder from now on: later tests' publishing must not update it.
        StaticCopy.objects.all().delete()
    people = public / "people" / "index.html"
    people.write_bytes(people.read_bytes() + MARK)
    (public / "research" / "index.html").unlink()  # a page the folder lacks
    readable(folder)
    config = nginx.production_server(public, server.url.removeprefix("http://"))
    try:
        with nginx.running(config, port=port) as base:
            yield base, public
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def published(published_once, demo_site):
    """The module's published folder, its Django (the live server) seeing the demo."""
    return published_once


@pytest.fixture
def production(published):
    return published[0]


def test_pages_come_from_the_folder_and_everything_dynamic_from_django(production):
    status, headers, body = get(production + "/people/")
    assert status == 200 and body.endswith(MARK)  # the file, as published
    assert "max-age=60" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"

    status, headers, body = get(production + "/people")  # redirected to /people/, the file
    assert status == 200 and body.endswith(MARK)

    status, headers, body = get(production + "/")
    assert status == 200 and b"<h1" in body and "Content-Security-Policy" not in headers

    status, headers, body = get(production + "/publications/?q=grokking")
    assert status == 200 and MARK not in body
    assert b"match your filters" in body and b"Omnigrok" in body  # Django's search
    assert "Content-Security-Policy" in headers  # Django's answer, not a file

    status, _, body = get(production + "/search/?q=grokking")
    assert status == 200 and b"Omnigrok" in body and b"pagefind" not in body

    status, _, body = get(production + "/publications/?year=2023&member=max-tegmark")
    assert status == 200 and b"Max Tegmark" in body

    status, headers, _ = get(production + "/research/")  # not in the folder: Django
    assert status == 200 and "Content-Security-Policy" in headers

    status, headers, body = get(production + "/admin/login/")
    assert status == 200 and b"csrfmiddlewaretoken" in body

    status, headers, body = get(
        production + "/publications/omnigrok-grokking-beyond-algorithmic-data.bib"
    )
    assert status == 200 and headers["Content-Type"].startswith("application/x-bibtex")
    assert body.startswith(b"@")

    status, headers, _ = get(production + "/static/css/site.css")
    assert status == 200 and "immutable" in headers["Cache-Control"]

    status, _, body = get(production + "/no-such-page/")
    assert status == 404 and b"<h1" in body


def test_citations_and_calendars_have_their_types_and_the_django_paths_reach_django(published):
    production, public = published
    served = 0
    for path in public.rglob("*"):
        if path.suffix in (".bib", ".ris", ".ics"):
            address = "/" + path.relative_to(public).as_posix()
            status, headers, body = get(production + address)
            assert status == 200 and body == path.read_bytes(), address
            assert headers["Content-Type"] == content_type(path.name), address  # as a bucket's
            assert "Content-Security-Policy" not in headers  # the file, not Django
            served += 1
    assert served >= 50  # every paper's .bib at least

    # With a query string, a citation is Django's to make.
    status, headers, body = get(
        production + "/publications/omnigrok-grokking-beyond-algorithmic-data.bib?x=1"
    )
    assert status == 200 and "Content-Security-Policy" in headers and body.startswith(b"@")

    # The paths that are always Django's, with and without their slash (redirects followed).
    for path in ("/admin", "/admin/", "/django-admin/login/", "/search", "/search/?q=grokking"):
        status, headers, _ = get(production + path)
        assert status == 200 and "Content-Security-Policy" in headers, path


def test_pages_and_styles_are_sent_compressed_as_published(production):
    """publish_static writes each text file's gzip twin; nginx sends it as it is to a
    browser that accepts gzip (gzip_static), and the plain file to one that does not."""
    import gzip
    from urllib.request import Request, urlopen

    for path in ("/publications/omnigrok-grokking-beyond-algorithmic-data/", "/"):
        request = Request(production + path, headers={"Accept-Encoding": "gzip"})  # noqa: S310
        with urlopen(request, timeout=10) as response:  # noqa: S310 - loopback URL
            assert response.headers["Content-Encoding"] == "gzip", path
            assert "Accept-Encoding" in response.headers["Vary"]
            page = gzip.decompress(response.read())
        status, _, plain = get(production + path)
        assert status == 200 and page == plain and b"</html>" in page
