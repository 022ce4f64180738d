"""The build's shortcuts give what the whole stack gives: a live public page served by
calling it (``Renderer._serve``) is the page a visitor's request gets, a paper's exports
made in bulk (``renders_in_bulk``) are the export view's answers, and the links read with
lexbor are those a standard HTML parser reads."""

from html.parser import HTMLParser

import pytest

from publications.models import PublicationPage
from publishing.build import OPEN_GRAPH_LINKS, Renderer, html_links, page_routes, routes_for

BASE = "http://127.0.0.1:8000/"


def through_the_stack(renderer, address):
    """``address`` asked for as the build asks for an address it knows nothing of."""
    routes, renderer.routes = renderer.routes, {}
    try:
        return renderer.fetch(address)
    finally:
        renderer.routes = routes


@pytest.fixture
def renderer(demo_site):
    renderer = Renderer(BASE)
    renderer.routes = page_routes()
    return renderer


def test_every_page_and_list_state_served_directly_is_what_a_request_gets(renderer):
    assert len(renderer.routes) > 80  # every page of the demo and each state of its lists
    kinds = set()
    for address, (page, _below) in renderer.routes.items():
        direct = renderer.fetch(address)
        assert direct[0] == 200, address
        assert direct == through_the_stack(renderer, address), address
        kinds.add(type(page).__name__)
    assert {"HomePage", "MemberPage", "PublicationPage", "PublicationIndexPage"} <= kinds


def test_an_updates_routes_for_some_addresses_are_the_whole_builds(renderer):
    """An update serves the pages and list states it renders again by calling them too."""
    from publishing.incremental import describe_listings, page_addresses

    states = {url: set(listing["contents"]) for url, listing in describe_listings().items()}
    some = [*list(renderer.routes)[::5], "/nowhere/", "/publications/year/1800/"]
    found = routes_for(some, page_addresses(), states)
    assert set(found) == set(some) - {"/nowhere/", "/publications/year/1800/"}
    assert any(below for _page, below in found.values())  # list states among them
    for address, (page, below) in found.items():
        expected_page, expected_below = renderer.routes[address]
        assert (type(page), page.pk, below) == (
            type(expected_page),
            expected_page.pk,
            expected_below,
        )


def test_a_page_that_hands_out_a_form_token_is_left_to_the_whole_stack(renderer, monkeypatch):
    """A page whose form talks to the server (a CSRF token) sets a cookie through the
    stack, which the build reads as a page that only works live."""
    from django.middleware.csrf import get_token

    address = next(a for a, (p, _) in renderer.routes.items() if isinstance(p, PublicationPage))
    page = renderer.routes[address][0]
    original = type(page).serve

    def serve_with_a_token(self, request, *args, **kwargs):
        get_token(request)
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(type(page), "serve", serve_with_a_token)
    assert renderer._serve(address, page, []) is None
    assert renderer.fetch(address)[0] == 403  # PRIVATE: left out of the copy


def test_each_papers_exports_made_in_bulk_are_the_export_views_answers(renderer):
    papers = list(PublicationPage.objects.live().public())
    assert len(papers) == 50
    for export_format in ("bib", "ris", "json", "txt"):
        wanted = {}
        for paper in papers:
            address = paper.url.rstrip("/") + "." + export_format
            name, arguments = renderer.renders_in_bulk(address)
            assert name == "publication_export"
            wanted[address] = arguments
        made = renderer.fetch_many("publication_export", wanted)
        assert set(made) == set(wanted)
        for address, answer in made.items():
            assert answer == through_the_stack(renderer, address), address


def test_what_the_bulk_exports_cannot_answer_is_asked_of_the_view(renderer):
    """The list's own export shares the papers' address pattern: the view answers it."""
    wanted = {"/publications/export.bib": {}}
    name, wanted["/publications/export.bib"] = renderer.renders_in_bulk("/publications/export.bib")
    assert renderer.fetch_many(name, wanted) == {}
    assert renderer.renders_in_bulk("/publications/export.bib?year=2024") is None
    assert renderer.renders_in_bulk("/people/") is None  # a page: no bulk function


class StandardParser(HTMLParser):
    """The links as Python's own HTML parser reads them (the build's reader before)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attributes.items():
            if value is None:
                continue
            if name in {"href", "src", "action", "poster"}:
                self.found.append(value)
            elif name == "srcset":
                self.found.extend(p.split()[0] for p in value.split(",") if p.strip())
            elif name == "content" and attributes.get("property") in OPEN_GRAPH_LINKS:
                self.found.append(value)


def standard_links(text):
    parser = StandardParser()
    parser.feed(text)
    return parser.found


def test_the_links_of_every_page_are_those_a_standard_parser_reads(renderer):
    for address in renderer.routes:
        _status, _type, body, _location = renderer.fetch(address)
        text = body.decode()
        assert html_links(text) == standard_links(text), address


@pytest.mark.parametrize(
    "html, links",
    [
        ('<a href="/a/?x=1&amp;y=2">A</a>', ["/a/?x=1&y=2"]),
        (
            "<img src='/i.jpg' srcset='/i-1.jpg 1x, /i-2.jpg 2x'>",
            ["/i.jpg", "/i-1.jpg", "/i-2.jpg"],
        ),
        ('<meta property="og:image" content="/og.png"><meta name="x" content="/no">', ["/og.png"]),
        ('<!-- <a href="/commented/"> --><p title="a > b"><a href=/bare/>x</a>', ["/bare/"]),
        ('<form action="/search/"><video poster="/p.jpg"></video></form>', ["/search/", "/p.jpg"]),
        ('<script type="application/ld+json">{"u": "<a href=\'/no/\'>"}</script>', []),
    ],
)
def test_links_are_read_as_a_browser_reads_them(html, links):
    assert html_links(html) == links


def test_pages_the_cache_holds_whole_are_not_prepared_again(renderer, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from publishing.build import Build
    from publishing.worker import crawl_chunk

    settings.FRAGMENT_CACHE_SECONDS = 600
    papers = [
        url for url, (page, _) in renderer.routes.items() if isinstance(page, PublicationPage)
    ]
    chunk = papers[:10]
    assert not any(renderer.held_whole(address) for address in chunk)
    first = Build(base_url=renderer.base_url)
    crawl_chunk(renderer, chunk, first, set(renderer.routes), [])
    assert all(renderer.held_whole(address) for address in chunk)
    again = Build(base_url=renderer.base_url)
    with CaptureQueriesContext(connection) as queries:
        crawl_chunk(renderer, chunk, again, set(renderer.routes), [])
    assert again.files == first.files
    # Neither the Cite panels' batch (their papers, authors and topics) nor the pages' own
    # prefetches read a paper's authors.
    read = [query["sql"] for query in queries.captured_queries]
    assert not any('"publications_publicationauthor"' in sql for sql in read)
