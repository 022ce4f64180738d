"""The collaborations page: who the group writes papers with, drawn on the server from the
site's papers (and the institutions OpenAlex gave their authors), with tables that say the
same. It stays readable however many papers and members: institutions beyond the largest
are grouped, only the strongest links are drawn, only the busiest members are named."""

from datetime import date

import pytest
from django.core.cache import cache
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from collaboration import network
from collaboration.models import CollaborationPage, country_name, read_papers
from discovery.models import AuthorInstitution
from people.models import MemberPage
from publications.models import PublicationIndexPage, PublicationPage
from tests.conftest import count_queries
from tests.factories import add_member, add_publication

pytestmark = pytest.mark.django_db


def papers_of(rows):
    """[(member names, [(outside name, institution or None)])] → ``network.Paper``s."""
    papers = []
    for pk, (members, outside) in enumerate(rows):
        authors = [network.Author(name, member=name) for name in members]
        authors += [
            network.Author(name, institution=(place, place, "US") if place else None)
            for name, place in outside
        ]
        papers.append(network.Paper(pk, authors))
    return papers


def test_members_are_joined_by_the_papers_they_share_and_outside_authors_grouped():
    papers = papers_of(
        [
            (["Ana", "Ben"], [("Zoe Q", "MIT"), ("Yan R", None)]),
            (["Ana", "Ben"], [("Zoe Q", None)]),  # her institution is known from paper 0
            (["Ana"], [("Xi S", "ETH")]),
        ]
    )
    members = {"Ana": ("Ana", "/people/ana/"), "Ben": ("Ben", "/people/ben/")}
    picture = network.group_picture(papers, members)

    weights = {frozenset((one, other)): weight for one, other, weight in picture.edges}
    assert weights[frozenset(("m:Ana", "m:Ben"))] == 2
    assert weights[frozenset(("m:Ana", "i:MIT"))] == 2  # Zoe is at MIT in both papers
    assert weights[frozenset(("m:Ana", "i:ETH"))] == 1
    assert weights[frozenset(("m:Ana", "i:?"))] == 1  # Yan R's institution is not known
    nodes = {node.key: node for node in picture.nodes}
    assert nodes["m:Ana"].papers == 3 and nodes["i:MIT"].people == 1
    assert nodes["i:?"].label == "Institution not known"
    # The same papers give the same picture (a seeded layout).
    again = network.group_picture(papers, members)
    assert network.svg(picture, "t", "d") == network.svg(again, "t", "d")


def test_a_large_group_is_clustered_limited_and_labelled():
    members = {f"M{n}": (f"Member {n}", f"/people/m{n}/") for n in range(300)}
    rows = []
    for n in range(1000):
        named = [f"M{(n * 7 + k * 13) % 300}" for k in range(3)]
        outside = [(f"Person {n % 400}-{k}", f"Institution {(n + k) % 120}") for k in range(4)]
        rows.append((named, outside))
    picture = network.group_picture(papers_of(rows), members)

    kinds = [node.kind for node in picture.nodes]
    assert kinds.count("member") == 300
    assert kinds.count("institution") == network.INSTITUTIONS and kinds.count("other") == 1
    assert len(picture.edges) == network.EDGES and picture.hidden_edges > 0
    labelled_members = [key for key in picture.labelled if key.startswith("m:")]
    assert len(labelled_members) == network.LABELS
    drawn = network.svg(picture, "Who the group writes with", "A network")
    tree = HTMLParser(drawn)
    # Labels never overlap: fewer are drawn than asked for where they would.
    assert 0 < len(tree.css("text")) <= network.LABELS + network.INSTITUTIONS + 1
    assert len(tree.css("circle")) == 300 and len(tree.css("line")) == network.EDGES


def test_one_members_picture_has_them_in_the_middle():
    papers = papers_of([(["Ana", "Ben"], [("Zoe Q", "MIT")]), (["Ben", "Cy"], [])])
    members = {name: (name, f"/people/{name.lower()}/") for name in ("Ana", "Ben", "Cy")}
    picture = network.member_picture(papers, members, "Ben")
    assert picture.positions["m:Ben"] == (0.0, 0.0)
    assert {node.key for node in picture.nodes} == {"m:Ben", "m:Ana", "m:Cy", "i:MIT"}
    assert "m:Ben" in picture.labelled


def test_text_in_the_picture_is_escaped():
    papers = papers_of([(["<b>Ana</b>"], [("Q", "<script>x</script>")])])
    picture = network.group_picture(papers, {"<b>Ana</b>": ("<b>Ana</b>", "/a?b=1&c=2")})
    drawn = network.svg(picture, "<t>", "<d>")
    assert "<script>" not in drawn and "<b>" not in drawn and "&lt;b&gt;Ana" in drawn


@pytest.fixture
def collaborations(demo_site):
    cache.clear()
    return CollaborationPage.objects.get()


def test_the_demo_page_draws_every_member_with_papers_and_tables_say_the_same(
    client, collaborations
):
    html = client.get(collaborations.url).content.decode()
    tree = HTMLParser(html)
    svg = tree.css_first("svg.network")
    assert svg.attributes["role"] == "img"
    assert tree.css_first("#group-network-title").text() == "Who the group writes papers with"
    authors = MemberPage.objects.filter(authorships__page__live=True).distinct()
    rows = tree.css("#network-members ~ div table tbody tr, table.data-table tbody tr")
    names = {row.css_first("th").text(strip=True) for row in rows}
    assert names == set(authors.values_list("title", flat=True))
    assert len(svg.css("circle")) == authors.count()
    # Each member's own picture is linked from the table and from their profile.
    tegmark = MemberPage.objects.get(title="Max Tegmark")
    own = f"{collaborations.url}{tegmark.slug}/"
    assert f'href="{own}"' in html
    assert f'href="{own}"' in client.get(tegmark.url).content.decode()
    member = client.get(own)
    assert member.status_code == 200
    assert "Who Max Tegmark writes papers with" in member.content.decode()


@pytest.mark.parametrize(
    "address",
    ["nobody/", "max-tegmark/x/", "%00/", "?q=<script>", "max-tegmark/?page=-1"],
)
def test_addresses_that_name_no_member_are_404_never_500(client, collaborations, address):
    response = client.get(collaborations.url + address)
    assert response.status_code in {200, 404}
    if response.status_code == 200:
        assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_institutions_by_country_come_from_openalex_and_a_new_paper_shows_at_once(
    client, collaborations
):
    paper = PublicationPage.objects.filter(authors__member__title="Max Tegmark").first()
    outside = paper.authors.filter(member__isnull=True).first()
    AuthorInstitution.objects.create(
        page=paper,
        position=outside.sort_order,
        author_name=outside.name,
        name="Université de Montréal",
        ror="0161xgx34",
        country="CA",
        read_on=date(2026, 12, 1),
    )
    # Discovery clears the page cache when it keeps what OpenAlex said (as here by hand).
    from lab_site.page_cache import clear_page_cache

    clear_page_cache()
    html = client.get(collaborations.url).content.decode()
    assert "Institutions by country" in html and "Canada" in html
    assert "Université de Montréal" in html

    # A paper published with a new co-author: the next picture has them.
    people = MemberPage.objects.get(title="Max Tegmark").get_parent()
    newcomer = add_member(people, "Ada Newcomer")
    add_publication(
        PublicationIndexPage.objects.get(),
        "A new paper",
        date(2026, 1, 1),
        authors=("Ada Newcomer", "Max Tegmark"),
        members={
            "Ada Newcomer": newcomer,
            "Max Tegmark": MemberPage.objects.get(title="Max Tegmark"),
        },
        revision=True,
    )
    assert "Ada Newcomer" in client.get(collaborations.url).content.decode()


def test_reading_the_papers_takes_the_same_queries_however_many(client, collaborations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    read_papers()  # the first reads the site's root paths too (Wagtail keeps them)
    with CaptureQueriesContext(connection) as few:
        read_papers()
    index = PublicationIndexPage.objects.get()
    tegmark = MemberPage.objects.get(title="Max Tegmark")
    for number in range(20):
        add_publication(
            index,
            f"Paper {number}",
            date(2025, 1, 1),
            authors=("Max Tegmark", f"Guest {number}"),
            members={"Max Tegmark": tegmark},
        )
    with CaptureQueriesContext(connection) as many:
        papers, _members = read_papers()
    assert len(many.captured_queries) == len(few.captured_queries) == 5
    assert len(papers) >= 20
    # The page itself, from the cache once drawn.
    assert count_queries(client, collaborations.url) <= 12


def test_country_names():
    assert country_name("CA") == "Canada"
    assert country_name("US") == "United States"
    assert country_name("") == "" and country_name("XX") == ""
