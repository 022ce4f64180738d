"""Citations in every format a reader asks for: the "Cite" panel (APA, IEEE, Chicago by
citeproc-py from CSL styles), RIS, CSL-JSON, and the same for the filtered list."""

import json
from datetime import date

import pytest
from django.core.cache import caches

from publications.models import PublicationIndexPage, PublicationType

from ..factories import add_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


@pytest.fixture
def paper(index):
    return add_publication(
        index,
        "Omnigrok: Grokking Beyond $\\alpha$ Data",
        date(2022, 10, 3),
        authors=("Ziming Liu", "Tony Wang Jr.", "Ludwig van Beethoven"),
        publication_type=PublicationType.JOURNAL,
        venue="Physical Review E",
        volume="105",
        issue="2",
        pages="12-34",
        doi="10.1103/PhysRevE.105.024304",
        slug="omnigrok",
    )


def test_the_cite_panel_formats_the_paper_in_apa_ieee_and_chicago(client, paper):
    html = client.get(paper.url).content.decode()

    assert "Liu, Z., Wang, T., Jr., &amp; van Beethoven, L. (2022)." in html  # APA
    assert "Z. Liu, T. Wang Jr., and L. van Beethoven" in html  # IEEE
    # Chicago keeps given names whole (its names say initialize="false").
    assert "Liu, Ziming, Tony Wang Jr., and Ludwig van Beethoven. 2022." in html
    assert "<i>Physical Review E</i>" in html
    assert "α" in html and "$\\alpha$" not in html.split('id="bibtex"')[0]
    for label in ("APA", "IEEE", "Chicago", "BibTeX"):
        assert f"Copy {label}</button>" in html
    assert 'href="/publications/omnigrok.ris"' in html
    assert 'href="/publications/omnigrok.json"' in html


def test_a_hostile_title_is_escaped_in_every_formatted_reference(client, index):
    paper = add_publication(index, "<script>alert(1)</script> & co", date(2024, 1, 1), slug="x")

    html = client.get(paper.url).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_ris_and_csl_json_of_one_paper(client, paper):
    ris = client.get("/publications/omnigrok.ris")
    csl = client.get("/publications/omnigrok.json")

    assert ris["Content-Type"].startswith("application/x-research-info-systems")
    lines = ris.content.decode().splitlines()
    assert lines[0] == "TY  - JOUR" and lines[-1] == "ER  - "
    assert "AU  - Wang, Tony, Jr." in lines and "AU  - van Beethoven, Ludwig" in lines
    assert {"VL  - 105", "IS  - 2", "SP  - 12", "EP  - 34"} <= set(lines)
    assert all(line[:2].isupper() and line[2:6] == "  - " for line in lines if line)

    items = json.loads(csl.content)
    assert csl["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    assert items[0]["type"] == "article-journal"
    assert items[0]["author"][2] == {
        "family": "Beethoven",
        "given": "Ludwig",
        "non-dropping-particle": "van",
    }
    assert items[0]["issued"] == {"date-parts": [[2022, 10, 3]]}
    assert items[0]["DOI"] == "10.1103/PhysRevE.105.024304"


def test_the_filtered_list_exports_in_every_format(client, index, paper):
    add_publication(index, "Another paper", date(2020, 1, 1), authors=("Zed Zulu",))

    listing = client.get("/publications/?q=omnigrok").content.decode()
    apa = client.get("/publications/export.txt?q=omnigrok&style=apa").content.decode()
    ieee = client.get("/publications/export.txt?style=ieee").content.decode()
    everything = json.loads(client.get("/publications/export.json").content)

    assert 'href="/publications/export.ris?q=omnigrok"' in listing
    assert 'href="/publications/export.txt?q=omnigrok&amp;style=chicago"' in listing
    assert apa.count("\n\n") == 0 and "Liu, Z." in apa and "Zulu" not in apa
    assert "<i>" not in apa  # plain text
    assert "Zulu" in ieee and "Liu" in ieee
    assert len(everything) == 2


def test_an_unknown_style_is_refused_with_the_styles_named(client, paper):
    response = client.get("/publications/omnigrok.txt?style=mla")

    assert response.status_code == 400
    assert "apa, ieee, chicago" in response.content.decode()


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("$\\alpha$-scaling of neural nets", "α-scaling"),
        ("Sparse autoencoders for ReLU networks", "ReLU"),
        ("KAN 2.0: networks meet science", "KAN"),
        ("The {transformer} circuits of {GPT-2}", "transformer"),
        ("Grokking as $\\mathcal{O}(n)$ compression", "𝒪(n)"),
    ],
)
def test_styles_that_change_case_keep_formulas_acronyms_and_braced_words(index, title, kept):
    """Chicago title-cases, other styles sentence-case: neither may re-case "α", "ReLU" or
    what the author braced (CSL's <span class="nocase">, which citeproc-py honours)."""
    from publications.citations import csl_item, formatted

    paper = add_publication(index, title, date(2024, 1, 1), slug="cased")

    for style in ("apa", "ieee", "chicago"):
        assert kept in formatted([paper], style, html=False)[0], style
    assert f'<span class="nocase">{kept}</span>' in csl_item(paper)["title"]


def test_chicago_title_cases_the_rest_of_the_title(index):
    from publications.citations import formatted

    paper = add_publication(index, "$\\alpha$-scaling of neural nets", date(2024, 1, 1))

    assert "“α-scaling of Neural Nets.”" in formatted([paper], "chicago", html=False)[0]


def test_a_list_formats_only_the_references_it_has_not_formatted_before(index, monkeypatch):
    from publications import citations

    papers = [add_publication(index, f"Paper {n}: $x^{n}$", date(2020 + n, 1, 1)) for n in range(4)]
    formatted_items = []
    real_format = citations._format

    def counting(items, style, html):
        formatted_items.extend(item["title"] for item in items)
        return real_format(items, style, html)

    monkeypatch.setattr(citations, "_format", counting)
    caches["derived"].clear()
    for style in citations.STYLES:
        for html in (True, False):
            whole = citations.formatted(papers, style, html=html)
            # The same text as each paper alone (citeproc-py formats each on its own).
            assert whole == [citations.formatted([p], style, html=html)[0] for p in papers]
    assert len(formatted_items) == 4 * len(citations.STYLES) * 2  # each once

    before = citations.formatted(papers, "apa", html=False)
    formatted_items.clear()
    papers[2].title = "Paper 2, revised"
    papers[2].save_revision().publish()
    again = citations.formatted(papers, "apa", html=False)
    assert formatted_items == ["Paper 2, revised"]
    assert "Paper 2, revised" in again[2]
    assert again[:2] + again[3:] == before[:2] + before[3:]


def test_a_list_converts_only_the_bibtex_entries_it_has_not_converted_before(index, monkeypatch):
    from publications import exports

    papers = [
        add_publication(index, f"Grokking {n}: $\\alpha_{n}$", date(2020, 1, n + 1))
        for n in range(3)
    ]
    converted = []
    real_text = exports._entry_text

    def counting(entry_type, key, fields):
        converted.append(key)
        return real_text(entry_type, key, fields)

    monkeypatch.setattr(exports, "_entry_text", counting)
    caches["derived"].clear()
    whole = exports.bibtex(papers)
    assert whole == "\n\n".join(exports.bibtex_entry(p) for p in papers) + "\n"
    assert "\\alpha" in whole and len(converted) == 3 + 3  # the list once, each alone once
    converted.clear()
    papers[1].title = "Grokking, revised"
    papers[1].save_revision().publish()
    revised = exports.bibtex(papers)
    assert "revised" in revised
    assert converted == [papers[1].get_bibtex_key()]


def test_a_list_cut_short_gives_csl_the_authors_it_has_and_no_author_called_others(client, index):
    cut = add_publication(
        index, "Cut", date(2024, 1, 1), slug="cut", authors=("Ana Lima", "Bo Chen")
    )
    cut.authors_cut = True
    cut.save_revision().publish()

    item = json.loads(client.get("/publications/cut.json").content)[0]

    assert item["author"] == [
        {"family": "Lima", "given": "Ana"},
        {"family": "Chen", "given": "Bo"},
    ]
    assert "others" not in json.dumps(item)


@pytest.mark.parametrize(
    ("kind", "precision", "date_field", "container", "publisher"),
    [
        ("journal", "year", "2022///", "Phys. Rev. E", None),
        ("conference", "month", "2022/05//", "ICLR 2022", None),
        ("thesis", "day", "2022/05/17/", None, "Massachusetts Institute of Technology"),
    ],
)
def test_ris_as_rispy_reads_it_dates_as_far_as_known_and_a_thesis_published_by_its_school(
    client, index, kind, precision, date_field, container, publisher
):
    import rispy

    venue = container or publisher
    add_publication(
        index,
        "Read by rispy",
        date(2022, 5, 17),
        slug="ris",
        publication_type=kind,
        date_precision=precision,
        venue=venue,
    )

    [record] = rispy.loads(client.get("/publications/ris.ris").content.decode())

    assert record["date"] == date_field
    assert record["year"] == "2022"
    assert record.get("secondary_title") == container
    assert record.get("publisher") == publisher
