"""A real HTTP server on 127.0.0.1 that answers like ORCID, OpenAlex, arXiv and Crossref,
from the recorded responses in tests/files/discovery/, and can be told to fail."""

import time
import urllib.parse
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.loopback import serving

FILES = Path(__file__).resolve().parents[1] / "files"
DISCOVERY = FILES / "discovery"
REAL = DISCOVERY / "real"


class Sources(BaseHTTPRequestHandler):
    requests = []  # (path, user agent)
    faults = {}  # service prefix ("orcid", "openalex", "arxiv", "crossref") → fault
    answers = {}  # path prefix → (status, body) overriding the files, for one test

    def do_GET(self):  # noqa: N802 - the name http.server expects
        Sources.requests.append((self.path, self.headers.get("User-Agent", "")))
        url = urllib.parse.urlsplit(self.path)
        service = url.path.strip("/").split("/", 1)[0]
        fault = Sources.faults.get(service)
        if fault == "timeout":
            time.sleep(1.5)
            return self.reply(200, b"{}")
        if fault in {"429", "500"}:
            return self.reply(int(fault), b"slow down" if fault == "429" else b"oops")
        if fault == "malformed":
            return self.reply(200, b'{"results": [ {"id": ', "application/json")
        if fault == "deep":  # valid JSON nested past any parser's depth
            return self.reply(200, b"[" * 200_000 + b"]" * 200_000)
        if fault == "huge":  # an answer with no declared length that never ends soon
            return self.stream(b"x" * 65536, count=2000)
        if fault == "trickle":  # one byte at a time, each well within the socket timeout
            return self.stream(b"[", count=10_000, pause=0.05)
        if isinstance(fault, tuple) and fault[0] == "redirect":
            self.send_response(302)
            self.send_header("Location", fault[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        for prefix, (status, body) in Sources.answers.items():
            if url.path.startswith(prefix):
                return self.reply(status, body)
        path = self.file_for(service, url)
        if path is None or not path.exists():
            return self.reply(404, b"Not found", "text/plain")
        self.reply(200, path.read_bytes())

    def file_for(self, service, url):
        query = urllib.parse.parse_qs(url.query)
        rest = url.path.strip("/").split("/")[1:]
        if service == "orcid" and len(rest) == 2 and rest[1] in {"works", "employments"}:
            name = f"orcid_{rest[0]}_{rest[1]}.json"
            # Answers recorded by others (real/), else ours.
            return REAL / name if (REAL / name).exists() else DISCOVERY / name
        if service == "openalex" and rest == ["works"]:
            kind, _, value = query["filter"][0].partition(":")
            return DISCOVERY / f"openalex_{kind.split('.')[-1]}_{value}.json"
        if service == "crossref" and rest == ["works"]:
            return DISCOVERY / f"crossref_orcid_{query['filter'][0].partition(':')[2]}.json"
        if service == "crossref" and len(rest) == 2:
            name = f"crossref_{urllib.parse.unquote(rest[1]).replace('/', '_')}.json"
            # Answers recorded by others (real/), else ours.
            return next(
                (folder / name for folder in (REAL, DISCOVERY) if (folder / name).exists()),
                FILES / name,
            )
        if service == "arxiv" and len(rest) == 2 and rest[0] == "a":
            return DISCOVERY / f"arxiv_author_{rest[1].removesuffix('.atom2')}.atom2"
        return None

    def reply(self, status, body, content_type="application/json"):
        try:
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "0")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            pass

    def stream(self, piece, count, pause=0.0):
        """``count`` times ``piece``, without a Content-Length (the connection closes)."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            for _ in range(count):
                self.wfile.write(piece)
                self.wfile.flush()
                Sources.streamed = getattr(Sources, "streamed", 0) + len(piece)
                if pause:
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError, OSError):  # the client stopped reading
            pass
        self.close_connection = True

    def log_message(self, *args):
        pass


def point_settings_at(base, settings):
    """Point the settings at the recorded services served at ``base``."""
    settings.ORCID_API_URL = f"{base}/orcid"
    settings.OPENALEX_API_URL = f"{base}/openalex"
    settings.CROSSREF_API_URL = f"{base}/crossref/works"
    settings.ARXIV_AUTHOR_FEED_URL = f"{base}/arxiv/a"
    settings.DISCOVERY_CONTACT_EMAIL = "webmaster@lab.example.org"
    Sources.requests, Sources.faults, Sources.answers = [], {}, {}
    Sources.streamed = 0


@pytest.fixture
def sources(settings):
    """The recorded services, for one test."""
    with serving(Sources) as base:
        point_settings_at(base, settings)
        yield Sources
