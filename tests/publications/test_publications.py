"""The publication list and paper pages: filters, search, meta tags, exports, safety."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from publications.models import PublicationIndexPage, PublicationPage, PublicationType
from scholarly_text.models import ResearchTopic
from tests.scholarly_text.test_latex import visible

from ..conftest import count_queries
from ..factories import add_publication

pytestmark = pytest.mark.django_db


def titles(client, query=""):
    html = client.get(f"/publications/{query}", follow=True).content.decode()
    return re.findall(
        r'<h3 class="pub__title" id="pub-\d+"><a href="[^"]+">(.*?)</a></h3>', html
    ), html


def test_list_is_newest_first_grouped_by_year(client, papers):
    found, html = titles(client)

    assert found == [
        "KAN: Kolmogorov-Arnold Networks",
        "Provably safe systems",
        "Omnigrok: Grokking Beyond Algorithmic Data",
    ]
    assert (
        html.index('id="year-2024"') < html.index('id="year-2023"') < html.index('id="year-2022"')
    )
    assert '<details class="pub__abstract">' in html


def test_list_entry_shows_members_in_bold_links_venue_and_math(client, papers):
    _found, html = titles(client)

    assert (
        '<a class="authors__member" href="/people/ziming-liu/"><strong>Ziming Liu</strong></a>'
        in html
    )
    assert "ICLR 2023 (Spotlight)" in html
    assert 'href="https://arxiv.org/abs/2210.01117"' in html
    assert 'href="https://github.com/example/omnigrok"' in html
    # "et al." never breaks from the last name, nor in the middle.
    assert '&nbsp;<abbr title="and others">et&nbsp;al.</abbr>' in html
    assert '<mtext class="math-bold">grokking</mtext>' in html
    assert "<em>loss landscapes</em>" in html
    assert 'href="/publications/omnigrok-grokking-beyond-algorithmic-data.bib"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?year=2024", ["KAN: Kolmogorov-Arnold Networks"]),
        (
            "?member=ziming-liu",
            ["KAN: Kolmogorov-Arnold Networks", "Omnigrok: Grokking Beyond Algorithmic Data"],
        ),
        ("?code=1", ["Omnigrok: Grokking Beyond Algorithmic Data"]),
        ("?type=journal", ["Provably safe systems"]),
        ("?topic=grokking", ["Omnigrok: Grokking Beyond Algorithmic Data"]),
        ("?q=splines", ["KAN: Kolmogorov-Arnold Networks"]),
        ("?q=verification", ["Provably safe systems"]),
        ("?q=Omohundro", ["Provably safe systems"]),
        ("?member=ziming-liu&year=2022", ["Omnigrok: Grokking Beyond Algorithmic Data"]),
        ("?member=ziming-liu&q=splines&code=1", []),
        (
            "?year=not-a-year",
            [
                "KAN: Kolmogorov-Arnold Networks",
                "Provably safe systems",
                "Omnigrok: Grokking Beyond Algorithmic Data",
            ],
        ),
    ],
)
def test_filters_and_search_combine(client, papers, query, expected):
    found, _html = titles(client, query)

    assert found == expected


def test_filters_show_counts_and_keep_the_others_in_the_url(client, papers):
    _found, html = titles(client, "?member=ziming-liu")

    assert '<option value="2024">2024 (1)</option>' in html
    assert '<option value="2022">2022 (1)</option>' in html
    assert '<option value="2023">' not in html  # no paper of Ziming's in 2023
    assert '<option value="ziming-liu" selected>Ziming Liu (2)</option>' in html
    assert "Has code (1)" in html
    assert 'href="/publications/export.bib?member=ziming-liu"' in html
    assert "2 publications match your filters." in html


def test_an_unknown_year_is_explained_not_an_error(client, papers):
    response = client.get("/publications/?year=banana")

    assert response.status_code == 200
    assert "is not a year" in response.content.decode()


def test_list_query_count_is_the_same_for_10_and_100_publications(client, index, ziming):
    urls = [
        "/publications/",
        "/publications/?member=ziming-liu&year=2005",
        "/publications/?q=network&code=1",
        "/publications/page/2/",
    ]

    def add(first, last):
        for number in range(first, last):
            add_publication(
                index,
                f"Paper {number} on networks",
                date(2000 + number % 25, 1 + number % 12, 1),
                authors=["Ziming Liu", f"Coauthor {number}"],
                members={"Ziming Liu": ziming},
                abstract="A network with $x^2$.",
                has_code=number % 2 == 0,
                slug=f"paper-{number}",
            )

    index.per_page = 5  # so that 10 papers have a second page
    index.save_revision().publish()
    add(0, 10)
    few = [count_queries(client, url) for url in urls]
    add(10, 100)
    many = [count_queries(client, url) for url in urls]

    assert few == many


def test_paper_page_has_scholar_tags_json_ld_and_opengraph(client, papers):
    html = client.get("/publications/omnigrok-grokking-beyond-algorithmic-data/").content.decode()

    assert (
        '<meta name="citation_title" content="Omnigrok: Grokking Beyond Algorithmic Data">' in html
    )
    authors = re.findall(r'<meta name="citation_author" content="([^"]+)">', html)
    assert authors == ["Ziming Liu", "Eric J. Michaud", "Max Tegmark"]
    assert '<meta name="citation_publication_date" content="2022/10/03">' in html
    assert '<meta name="citation_arxiv_id" content="2210.01117">' in html
    assert '<meta name="citation_pdf_url" content="https://arxiv.org/pdf/2210.01117">' in html
    assert '<meta name="citation_conference_title" content="ICLR 2023">' in html
    assert '<meta property="og:type" content="article">' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "ScholarlyArticle"
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Ziming Liu",
        "url": "http://localhost/people/ziming-liu/",
    }
    assert data["keywords"] == ["Grokking"]
    assert "$" not in data["abstract"]
    assert "@inproceedings{liu2022omnigrok," in html
    assert 'data-copy-target="bibtex"' in html


def test_journal_paper_has_journal_title_and_doi(client, papers):
    kan = client.get("/publications/kan-kolmogorov-arnold-networks/").content.decode()
    journal = client.get("/publications/provably-safe-systems/").content.decode()

    assert '<meta name="citation_doi" content="10.48550/arXiv.2404.19756">' in kan
    assert '<meta name="citation_journal_title" content="Journal of Safety">' in journal


def test_bibtex_of_one_paper_and_of_the_filtered_list(client, papers):
    one = client.get("/publications/omnigrok-grokking-beyond-algorithmic-data.bib")
    filtered = client.get("/publications/export.bib?member=ziming-liu").content.decode()

    assert one["Content-Type"].startswith("application/x-bibtex")
    body = one.content.decode()
    assert body.startswith("@inproceedings{liu2022omnigrok,")
    # Names as "Last, First", which every BibTeX reader splits the same way.
    assert "author = {Liu, Ziming and Michaud, Eric J. and Tegmark, Max}" in body
    assert "title = {{Omnigrok:} {Grokking} {Beyond} {Algorithmic} {Data}}" in body
    assert "booktitle = {{ICLR} 2023}" in body
    assert "eprint = {2210.01117}" in body
    assert filtered.count("\n@") + filtered.startswith("@") == 2
    assert "Provably safe" not in filtered
    assert "author = {Liu, Ziming and Wang, Yixuan and others}" in filtered


def test_atom_feed_lists_the_newest_publications(client, papers):
    response = client.get("/publications.atom")

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = root.findall("atom:entry", ns)
    assert [entry.find("atom:title", ns).text for entry in entries] == [
        "KAN: Kolmogorov-Arnold Networks",
        "Provably safe systems",
        "Omnigrok: Grokking Beyond Algorithmic Data",
    ]


def test_member_page_lists_their_publications(client, papers):
    html = client.get("/people/ziming-liu/").content.decode()

    assert "Omnigrok" in html and "KAN" in html
    assert "Provably safe systems" not in html


HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> $unbalanced'


def test_math_in_a_title_is_plain_text_in_the_title_tag(client, index):
    add_publication(index, "Scaling as $N^{-\\alpha}$ laws", date(2024, 1, 1), slug="scaling")

    html = client.get("/publications/scaling/").content.decode()

    assert "<title>Scaling as N^(−α) laws</title>" in html
    assert '<meta property="og:title" content="Scaling as N^(−α) laws">' in html
    assert "<msup>" in html


def test_hostile_text_is_inert_on_list_paper_feed_and_bibtex(client, index):
    add_publication(
        index,
        HOSTILE,
        date(2024, 1, 1),
        authors=['<b onmouseover="x">Mallory</b>'],
        venue='"><script>venue()</script>',
        abstract=HOSTILE + " $\\text{<script>x</script>}$",
        slug="hostile",
    )

    for url in ["/publications/", "/publications/hostile/", "/publications/?q=alert"]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<script>venue" not in html
        assert "<img src=x" not in html
        assert "<b onmouseover" not in html
        assert "<script>x</script>" not in html
    feed = client.get("/publications.atom").content
    ET.fromstring(feed)  # noqa: S314 - still well-formed XML


def test_demo_publications_render_without_a_raw_dollar(client, home_page):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_content", stdout=StringIO())
    html = client.get("/publications/").content.decode()

    assert "50 publications." in html
    shown, _tags = visible(html)
    assert "$" not in shown
    assert html.count("<math ") > 40
    assert "<strong>Eric J. Michaud</strong>" in html
    assert "<strong>Joshua Engels</strong>" in html  # matched to the member “Josh Engels”


def test_authors_given_in_code_keep_their_order_in_the_database(home_page):
    from publications.models import PublicationAuthor

    index = home_page.add_child(instance=PublicationIndexPage(title="Papers", slug="papers"))
    names = ["Zoe Last", "Adam First", "Mia Middle", "Bo Second"]
    paper = add_publication(index, "Ordered", date(2024, 1, 1), authors=names)

    stored = PublicationAuthor.objects.filter(page=paper).order_by("sort_order")
    assert [author.name for author in stored] == names
    assert [author.sort_order for author in stored] == [0, 1, 2, 3]


def test_facet_counts_match_counting_each_choice_with_the_other_filters_kept(index, ziming):
    from publications.listing import Filters, apply_filters
    from publications.listing import count_facets as facet_counts

    topic = ResearchTopic.objects.create(name="Grokking", slug="grokking")
    kinds = [PublicationType.CONFERENCE, PublicationType.JOURNAL, PublicationType.PREPRINT]
    for number in range(12):
        paper = add_publication(
            index,
            f"Paper {number}",
            date(2020 + number % 3, 1 + number % 12, 1),
            authors=["Ziming Liu"] if number % 2 else ["Someone Else"],
            members={"Ziming Liu": ziming},
            publication_type=kinds[number % 3],
            has_code=number % 4 == 0,
        )
        if number % 5 < 2:
            paper.topics.add(topic)

    def count(filters, skip=(), **extra):
        return apply_filters(index.publications(), filters, skip=skip).filter(**extra).count()

    for query in [
        {},
        {"year": "2021"},
        {"type": "journal", "code": "1"},
        {"year": "2022", "type": "conference"},
        {"topic": "grokking", "member": "ziming-liu", "code": "1"},
    ]:
        filters = Filters.from_query(query)
        facets = facet_counts(index, filters)
        expected_years = {
            year: count(filters, ("year",), publication_date__year=year)
            for year in (2020, 2021, 2022)
        }
        assert dict(facets["years"]) == {y: n for y, n in expected_years.items() if n}, query
        assert {kind: n for kind, _label, n in facets["types"]} == {
            kind: n
            for kind in PublicationType.values
            if (n := count(filters, ("type",), publication_type=kind))
        }, query
        assert facets["with_code"] == count(filters, ("code",), has_code=True), query
        assert facets["total"] == count(filters), query
        years = [year for year, _n in facets["years"]]
        assert years == sorted(years, reverse=True), query


def test_an_abstract_with_less_and_greater_signs_keeps_every_word_in_the_meta_description(
    client, index
):
    abstract = "We show that loss L<N^{-a} for all N>10 tokens."
    paper = add_publication(index, "Bounds", date(2024, 1, 1), abstract=abstract)

    html = client.get(paper.url).content.decode()

    description = re.search(r'<meta name="description" content="([^"]*)"', html)[1]
    # Outside math, braces only group (as in LaTeX): every word and sign is kept.
    assert description == "We show that loss L&lt;N^-a for all N&gt;10 tokens."


def test_every_demo_paper_names_its_authors_for_google_scholar(client, demo_site):
    """Google Scholar indexes no paper without a citation_author; the demo's lists cut
    short (27 of 50) still name the authors the site knows."""
    papers = PublicationPage.objects.live()
    assert papers.count() == 50
    for paper in papers:
        html = client.get(paper.url).content.decode()
        names = re.findall(r'<meta name="citation_author" content="([^"]+)">', html)
        assert names and len(names) == paper.authors.count(), paper.url
