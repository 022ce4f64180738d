"""Every state of the publication list that a static host can serve has a path of its own:
``page/2/``, ``year/2022/``, ``topic/<slug>/``, ``member/<slug>/``, ``type/<type>/`` and
their pages. A query string naming one such state redirects to its path; combinations and
searches stay query strings."""

import re
from datetime import date

import pytest

from publications.models import PublicationIndexPage, PublicationType
from scholarly_text.models import ResearchTopic

from ..factories import add_publication
from .test_publications import titles

pytestmark = pytest.mark.django_db


def location(response):
    assert response.status_code == 301, response.status_code
    return response["Location"]


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("?year=2022", "/publications/year/2022/"),
        ("?topic=grokking", "/publications/topic/grokking/"),
        ("?member=ziming-liu", "/publications/member/ziming-liu/"),
        ("?type=conference", "/publications/type/conference/"),
        # The plain GET form sends every field, most of them empty.
        ("?q=&year=2022&topic=&member=&type=", "/publications/year/2022/"),
        ("?q=&year=&topic=", "/publications/"),
        ("?page=1", "/publications/"),
        ("?page=x", "/publications/"),
    ],
)
def test_a_query_string_with_a_path_of_its_own_redirects_there(client, papers, query, path):
    assert location(client.get(f"/publications/{query}")) == path


@pytest.mark.parametrize(
    "query",
    [
        "?member=ziming-liu&year=2022",
        "?q=grokking",
        "?code=1",
        "?year=banana",  # not a year: the list explains it ignores it
        "?year=1850",  # a year without papers has no page of its own
        "?topic=no-such-topic",
    ],
)
def test_combinations_searches_and_unknown_values_stay_query_strings(client, papers, query):
    assert client.get(f"/publications/{query}").status_code == 200


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("year/2022/", ["Omnigrok: Grokking Beyond Algorithmic Data"]),
        ("topic/grokking/", ["Omnigrok: Grokking Beyond Algorithmic Data"]),
        (
            "member/ziming-liu/",
            ["KAN: Kolmogorov-Arnold Networks", "Omnigrok: Grokking Beyond Algorithmic Data"],
        ),
        (f"type/{PublicationType.JOURNAL}/", ["Provably safe systems"]),
    ],
)
def test_a_path_state_lists_its_papers_and_shows_its_filter(client, papers, state, expected):
    found, html = titles(client, state)
    assert found == expected
    kind, value = state.strip("/").split("/")
    # The filter form shows the state it is in.
    assert re.search(rf'<option value="{value}"[^>]* selected>', html), kind


@pytest.mark.parametrize(
    "path",
    [
        "/publications/year/1850/",
        "/publications/year/banana/",
        "/publications/topic/no-such-topic/",
        "/publications/member/nobody/",
        "/publications/colour/red/",
        "/publications/page/2/",  # three papers fit on one page
        "/publications/year/2022/page/2/",
    ],
)
def test_a_path_for_a_state_that_does_not_exist_is_not_found(client, papers, path):
    assert client.get(path).status_code == 404


def test_page_one_and_a_path_with_a_query_string_have_one_address(client, papers):
    assert location(client.get("/publications/page/1/")) == "/publications/"
    assert location(client.get("/publications/year/2022/page/1/")) == "/publications/year/2022/"
    combined = location(client.get("/publications/year/2022/?q=grokking"))
    assert combined == "/publications/?q=grokking&year=2022"


def test_pages_of_a_list_and_of_a_state_link_by_path(client, index, ziming):  # noqa: F811
    index.per_page = 2
    index.save_revision().publish()
    for number in range(5):
        add_publication(
            index,
            f"Paper number {number}",
            date(2021, 1, 1 + number),
            members={"Ziming Liu": ziming},
            authors=["Ziming Liu"],
        )
    first = client.get("/publications/").content.decode()
    assert 'rel="next" href="/publications/page/2/"' in first
    second = client.get("/publications/page/2/").content.decode()
    assert 'rel="prev" href="/publications/"' in second
    assert 'rel="next" href="/publications/page/3/"' in second
    member = client.get("/publications/member/ziming-liu/page/2/").content.decode()
    assert 'rel="next" href="/publications/member/ziming-liu/page/3/"' in member
    assert 'rel="prev" href="/publications/member/ziming-liu/"' in member
    assert client.get("/publications/page/3/").status_code == 200
    assert client.get("/publications/page/4/").status_code == 404
    # A page number in a query string is forgiven: it redirects, and past the end is 404.
    assert location(client.get("/publications/?page=2")) == "/publications/page/2/"


def test_listing_states_are_every_path_the_list_has(client, papers):
    index = PublicationIndexPage.objects.get()
    states = index.listing_states()
    assert states == [  # each filter's values in the order the list's form shows them
        "",
        "year/2024/",
        "year/2023/",
        "year/2022/",
        "topic/grokking/",
        "member/ziming-liu/",
        *[f"type/{kind}/" for kind in sorted({p.publication_type for p in index.publications()})],
    ]
    for state in states:
        assert client.get(index.url + state).status_code == 200, state


def test_a_paper_links_its_topics_to_their_paths(client, papers):
    paper = ResearchTopic.objects.get(slug="grokking").publications.get()
    html = client.get(paper.url).content.decode()
    assert 'href="/publications/topic/grokking/"' in html


def test_the_static_copy_lists_filters_as_links(client, papers):
    from lab_site.static_copy import rendering_static_copy

    with rendering_static_copy():
        html = client.get("/publications/year/2022/").content.decode()
    assert '<form class="pub-filters"' not in html
    assert '<a href="/publications/year/2022/" aria-current="page">2022 (1)</a>' in html
    assert '<a href="/publications/topic/grokking/">Grokking (1)</a>' in html
    assert f'<a href="/publications/type/{PublicationType.CONFERENCE}/">' in html
    live = client.get("/publications/year/2022/").content.decode()
    assert '<form class="pub-filters"' in live


def test_what_each_state_shows_is_read_in_a_few_queries_and_as_each_state_lists_it(demo_site):
    """The static copy asks which papers each state shows (to render only the states a
    change shows on): read at once, it must say what asking each state's query says."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = PublicationIndexPage.objects.get()
    index.per_page = 7  # states of several pages
    with CaptureQueriesContext(connection) as queries:
        at_once = index.listing_contents()
    index.listing_memberships = lambda: None  # one query per state
    with CaptureQueriesContext(connection) as each:
        one_by_one = index.listing_contents()

    assert at_once == one_by_one
    assert len(at_once) == len(index.listing_states()) >= 40
    assert any(len(pks) == 7 for pks in at_once.values())
    # A fixed number (the filters' values, the papers, their topics and authors).
    assert len(queries.captured_queries) <= 10 < len(each.captured_queries) / 3
