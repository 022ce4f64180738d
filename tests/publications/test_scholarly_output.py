"""What machines read from a paper: the Atom feed (RFC 4287), schema.org JSON-LD and
Google Scholar's meta tags, for every kind of publication and for cut author lists."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from publications.models import PublicationIndexPage, PublicationType

from ..factories import add_publication

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def index(home_page):
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


def test_the_feed_has_what_rfc_4287_requires_and_one_author_per_person(client, index):
    add_publication(index, "First", date(2024, 1, 5), authors=("Ana Lopez", "Bo Chen"))
    add_publication(index, "Second", date(2024, 3, 1), authors=())
    latest = add_publication(index, "Third", date(2023, 6, 1), authors=("Cy Dee",))
    latest.title = "Third, edited"
    latest.save_revision().publish()
    latest.refresh_from_db()

    root = ET.fromstring(client.get("/publications.atom").content)  # noqa: S314

    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    # The feed's author stands for entries that name none (RFC 4287, 4.1.1).
    assert root.find(f"{ATOM}author/{ATOM}name").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        for author in entry.findall(f"{ATOM}author"):
            assert len(author.findall(f"{ATOM}name")) == 1
    first = next(e for e in entries if e.find(f"{ATOM}title").text == "First")
    assert [a.find(f"{ATOM}name").text for a in first.findall(f"{ATOM}author")] == [
        "Ana Lopez",
        "Bo Chen",
    ]
    # The feed changed when "Third" was last published, not on a paper's publication date.
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert root.find(f"{ATOM}updated").text == max(updated)
    assert max(updated).startswith(str(latest.last_published_at.date()))


@pytest.mark.parametrize(
    ("kind", "venue", "schema_type", "venue_key", "venue_type"),
    [
        (
            PublicationType.JOURNAL,
            "Physical Review E",
            "ScholarlyArticle",
            "isPartOf",
            "Periodical",
        ),
        (
            PublicationType.CONFERENCE,
            "ICLR 2023",
            "ScholarlyArticle",
            "publication",
            "PublicationEvent",
        ),
        (
            PublicationType.WORKSHOP,
            "NeurIPS 2024 Workshop",
            "ScholarlyArticle",
            "publication",
            "PublicationEvent",
        ),
        (PublicationType.THESIS, "MIT", "Thesis", "sourceOrganization", "Organization"),
        (PublicationType.REPORT, "MIT CSAIL", "Report", "publisher", "Organization"),
        (PublicationType.BOOK_CHAPTER, "Handbook of AI", "Chapter", "isPartOf", "Book"),
    ],
)
def test_json_ld_names_each_kind_and_its_venue_for_what_they_are(
    client, index, kind, venue, schema_type, venue_key, venue_type
):
    paper = add_publication(
        index, "A paper", date(2024, 1, 1), publication_type=kind, venue=venue, venue_note="Oral"
    )

    data = json_ld(client.get(paper.url).content.decode())

    assert data["@type"] == schema_type
    assert data[venue_key] == {"@type": venue_type, "name": venue}
    assert data["award"] == "Oral"


def test_a_long_headline_is_cut_at_a_word(client, index):
    title = "Word " * 30 + "end"
    paper = add_publication(index, title, date(2024, 1, 1), slug="long")

    data = json_ld(client.get(paper.url).content.decode())

    assert len(data["headline"]) <= 110
    assert data["headline"].endswith("Word…")
    assert data["name"] == title


def test_a_cut_author_list_is_never_claimed_whole(client, index):
    cut = add_publication(index, "Cut", date(2024, 1, 1), authors=("Ana", "Bo"), authors_cut=True)
    whole = add_publication(index, "Whole", date(2024, 1, 1), authors=("Ana", "Bo"))

    cut_html = client.get(cut.url).content.decode()
    whole_html = client.get(whole.url).content.decode()

    # Google Scholar indexes no paper without an author: the known ones are named.
    assert cut_html.count('name="citation_author"') == 2
    assert "Only the first authors are listed here" in cut_html
    assert whole_html.count('name="citation_author"') == 2
    assert "Only the first authors are listed here" not in whole_html


def test_the_paper_page_shows_volume_pages_status_and_author_notes(client, index):
    from publications.models import PublicationAuthor

    paper = add_publication(
        index,
        "Noted",
        date(2024, 1, 1),
        publication_type=PublicationType.JOURNAL,
        venue="Physical Review E",
        volume="105",
        issue="2",
        pages="12-34",
        status="accepted",
    )
    paper.authors = [
        PublicationAuthor(name="Ana Lopez", equal_contribution=True),
        PublicationAuthor(name="Bo Chen", equal_contribution=True, corresponding=True),
    ]
    paper.save()

    html = client.get(paper.url).content.decode()

    assert "Physical Review E 105(2), 12–34, accepted, to appear" in html
    assert 'Ana Lopez<sup class="authors__mark">*</sup>' in html
    assert 'Bo Chen<sup class="authors__mark">*†</sup>' in html
    assert "* Equal contribution. † Corresponding author." in html
    data = json_ld(html)
    assert data["pagination"] == "12-34"
    assert data["creativeWorkStatus"] == "Accepted"


def all_json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_every_public_page_type_says_what_it_is_in_json_ld(demo_site, client):
    home = all_json_ld(client.get("/").content.decode())
    graph = {node["@type"]: node for node in home[0]["@graph"]}
    assert graph["WebSite"]["name"] == "Tegmark AI Safety Group"
    assert graph["WebSite"]["potentialAction"]["@type"] == "SearchAction"
    assert graph["ResearchOrganization"]["name"] == "Tegmark AI Safety Group"
    assert graph["ResearchOrganization"]["url"] == "http://localhost/"

    listing = all_json_ld(client.get("/publications/").content.decode())[0]
    assert listing["@type"] == "CollectionPage"
    assert len(listing["mainEntity"]["itemListElement"]) == 50

    research = all_json_ld(client.get("/research/").content.decode())[0]
    assert research["@type"] == "CollectionPage"
    assert len(research["mainEntity"]["itemListElement"]) == 4

    highlight = all_json_ld(
        client.get("/research/omnigrok-grokking-beyond-algorithmic-data/").content.decode()
    )[0]
    assert highlight["@type"] == "Article"
    assert highlight["about"]["@type"] == "ScholarlyArticle"
    assert highlight["about"]["url"].endswith(
        "/publications/omnigrok-grokking-beyond-algorithmic-data/"
    )

    profile = all_json_ld(client.get("/people/ziming-liu/").content.decode())[0]
    assert profile["@type"] == "ProfilePage"
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["memberOf"] == {
        "@type": "ResearchOrganization",
        "name": "Tegmark AI Safety Group",
        "url": "http://localhost/",
    }
    assert person["affiliation"] == person["memberOf"]


@pytest.mark.parametrize(
    ("kind", "precision", "expected", "absent"),
    [
        (
            "journal",
            "month",
            [
                ("citation_publication_date", "2023/05"),
                ("citation_journal_title", "Phys. Rev. E"),
                ("citation_volume", "105"),
                ("citation_issue", "2"),
                ("citation_firstpage", "32:1"),
                ("citation_lastpage", "32:23"),
                ("citation_publisher", "APS"),
            ],
            ["citation_technical_report_number"],
        ),
        (
            "thesis",
            "year",
            [
                ("citation_publication_date", "2023"),
                ("citation_dissertation_institution", "Phys. Rev. E"),
            ],
            ["citation_journal_title"],
        ),
        (
            "report",
            "day",
            [
                ("citation_publication_date", "2023/05/17"),
                ("citation_technical_report_institution", "Phys. Rev. E"),
                ("citation_technical_report_number", "2"),
            ],
            ["citation_issue"],
        ),
        ("book_chapter", "day", [("citation_inbook_title", "Phys. Rev. E")], []),
    ],
)
def test_google_scholar_reads_the_date_as_far_as_known_and_each_kinds_details(
    client, index, kind, precision, expected, absent
):
    paper = add_publication(
        index,
        "Details",
        date(2023, 5, 17),
        authors=("Ana",),
        publication_type=kind,
        date_precision=precision,
        venue="Phys. Rev. E",
        volume="105",
        issue="2",
        pages="32:1–32:23",
        publisher="APS",
    )

    html = client.get(paper.url).content.decode()

    for name, content in expected:
        assert f'<meta name="{name}" content="{content}">' in html, name
    for name in absent:
        assert f'name="{name}"' not in html, name


@pytest.mark.parametrize(
    ("pages", "first", "last"),
    [("12-34", "12", "34"), ("12–34", "12", "34"), ("e021102", "e021102", "e021102")],
)
def test_first_and_last_page_whichever_dash_the_editor_typed(client, index, pages, first, last):
    paper = add_publication(index, "Pages", date(2023, 5, 17), authors=("Ana",), pages=pages)

    html = client.get(paper.url).content.decode()

    assert f'<meta name="citation_firstpage" content="{first}">' in html
    assert f'<meta name="citation_lastpage" content="{last}">' in html
