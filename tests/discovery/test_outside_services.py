"""Discovery's HTTP client keeps what outside services send outside: no redirect to
another host or port, no answer past a size, no answer past a deadline (however slowly it
trickles), no answer that breaks the parser; and one source's failure never stops the
others. Merging the records is linear in their number."""

from datetime import date
from http.server import BaseHTTPRequestHandler

import pytest

from discovery import discover as discovery
from publications.importers import ImportProblem, PublicationRecord
from publications.importers.http import SourceUnavailable, get, get_json, run_deadline
from tests.loopback import serving
from tests.publications.recorded_sources import Sources

from .test_discovery import discover, two_members  # noqa: F401 - the demo's two members


class Inside(BaseHTTPRequestHandler):
    """A service on this machine that nothing outside may make the site ask."""

    asked = []

    def do_GET(self):  # noqa: N802
        Inside.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def inside():
    Inside.asked = []
    with serving(Inside) as base:
        yield base


def url(settings, service="orcid"):
    return f"{settings.ORCID_API_URL.rsplit('/', 1)[0]}/{service}/0000-0002-1825-0097/works"


@pytest.mark.parametrize(
    "target", ["{inside}/admin/", "http://localhost:{port}/x", "file:///etc/passwd", "ftp://x/"]
)
def test_a_redirect_elsewhere_is_not_followed(sources, settings, inside, target):
    port = inside.rsplit(":", 1)[1]
    Sources.faults["orcid"] = ("redirect", target.format(inside=inside, port=port))
    with pytest.raises(SourceUnavailable, match="not followed|is not allowed"):
        get(url(settings), "ORCID")
    assert Inside.asked == []


def test_a_redirect_within_the_service_is_followed(sources, settings):
    Sources.faults["orcid"] = ("redirect", url(settings, "openalex").replace("/orcid/", "/x/"))
    with pytest.raises(ImportProblem, match="does not know"):
        get(url(settings), "ORCID")  # followed to the same host, which says 404
    assert len(Sources.requests) == 2


def test_an_answer_past_the_size_limit_is_refused_unread(sources, settings):
    settings.IMPORTER_MAX_BYTES = 1024 * 1024
    Sources.faults["orcid"] = "huge"
    with pytest.raises(SourceUnavailable, match="larger than 1 MB"):
        get(url(settings), "ORCID")
    assert Sources.streamed < 2000 * 65536


def test_an_answer_that_trickles_ends_at_the_deadline(sources, settings):
    settings.IMPORTER_REQUEST_SECONDS = 1
    Sources.faults["orcid"] = "trickle"
    with pytest.raises(SourceUnavailable, match="took longer than the 1 s allowed"):
        get(url(settings), "ORCID", retries=0)
    assert Sources.streamed < 10_000


def test_nothing_is_asked_once_the_run_is_out_of_time(sources, settings):
    with run_deadline(0), pytest.raises(SourceUnavailable, match="time is up"):
        get(url(settings), "ORCID")
    assert Sources.requests == []


def test_json_nested_past_the_parser_is_a_source_error(sources, settings):
    Sources.faults["orcid"] = "deep"
    with pytest.raises(SourceUnavailable, match="not JSON"):
        get_json(url(settings), "ORCID")


@pytest.mark.parametrize("fault", ["deep", "huge", "trickle", "malformed"])
def test_one_source_failing_never_stops_the_others(sources, settings, two_members, fault):  # noqa: F811
    settings.IMPORTER_REQUEST_SECONDS = 1
    settings.IMPORTER_MAX_BYTES = 1024 * 1024
    Sources.faults["orcid"] = fault
    output = discover("--dry-run")
    assert "ORCID, Ziming Liu: failed" in output
    assert "OpenAlex, Ziming Liu:" in output and "arXiv, Ziming Liu:" in output
    assert "new paper" in output


# --- merging ----------------------------------------------------------------------------


def record(number, **fields):
    base = {
        "title": f"Study number {number} of grokking",
        "authors": [f"Ann Author{number % 97}"],
        "publication_date": date(2020 + number % 5, 1, 1),
        "source": "test",
    }
    return PublicationRecord(**{**base, **fields})


def found(records):
    return [discovery.Found(r, "OpenAlex", None, "test") for r in records]


def brute_force_groups(items):
    """The grouping by comparing every pair, in order: the definition ``group`` must match.
    Each record joins the earlier records it is the same work as, except that a record
    without a DOI never joins two groups that hold different DOIs."""
    parent = list(range(len(items)))
    dois = [{item.record.doi.lower()} if item.record.doi else set() for item in items]

    def root(index):
        while parent[index] != index:
            index = parent[index]
        return index

    for position, item in enumerate(items):
        for other in range(position):
            one, two = root(position), root(other)
            if one == two or not discovery._same_work(item.record, items[other].record):
                continue
            direct = bool(item.record.doi and items[other].record.doi)
            if dois[one] and dois[two] and not dois[one] & dois[two] and not direct:
                continue
            parent[two] = one
            dois[one] |= dois[two]
    groups = {}
    for position, item in enumerate(items):
        groups.setdefault(root(position), []).append(id(item))
    return sorted(sorted(ids) for ids in groups.values())


def mixed_records(count):
    records = []
    for number in range(count):
        kind = number % 6
        if kind == 0:
            records.append(record(number, doi=f"10.1000/{number // 12}"))  # shared DOIs
        elif kind == 1:
            records.append(record(number, arxiv_id=f"2101.{number // 12:05d}"))
        elif kind == 2:
            records.append(record(number - 2, doi=f"10.2000/pre{number}"))  # a preprint's DOI
        elif kind == 3:
            records.append(record(number - 3, doi=f"10.3000/pub{number}", venue="A Journal"))
        elif kind == 4:
            records.append(record(number // 24))  # shared titles, no ids
        else:
            records.append(record(number))
    return records


def test_grouping_matches_comparing_every_pair():
    items = found(mixed_records(600))
    grouped = discovery.group(items)
    assert sorted(sorted(id(i) for i in work.found) for work in grouped) == brute_force_groups(
        items
    )


def test_grouping_compares_each_record_with_a_few_others(monkeypatch):
    calls = []
    same = discovery._same_work

    def counted(one, other):
        calls.append(1)
        return same(one, other)

    monkeypatch.setattr(discovery, "_same_work", counted)
    for count in (1000, 2000, 4000):
        calls.clear()
        discovery.group(found(mixed_records(count)))
        assert len(calls) < 6 * count, (count, len(calls))
