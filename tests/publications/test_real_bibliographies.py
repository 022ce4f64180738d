"""Real .bib files written by others (tests/files/real/, sources in its SOURCES file)
imported with `manage.py import_bibtex`: what lands, field by field where the file says it,
and which entries are listed as not importable, with their reasons, while the others land."""

import json
import re
from datetime import date

import pytest
from django.db import connection

from publications import citations
from publications.authors import MemberIndex
from publications.exports import bibtex_entry
from publications.importers import bibtex
from publications.importing import author_rows, new_page
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationPage

from .real_files import REAL, import_file, import_text
from .test_reference_tools import (
    STYLES,
    assert_citation_js_reads_the_exports,
    assert_the_tools_format_them_as_the_site_does,
    citeproc_js,
    compared_with_citeproc_js,
    compared_with_pandoc,
    list_export,
    pandoc_list,
    plain_item,
)

pytestmark = pytest.mark.django_db

# file → (papers created, {entry key: why it is listed})
EXPECTED = {
    "dblp-ley.bib": (9, {}),
    "dblp-crossref.bib": (
        1,
        {"DBLP:conf/spire/2006": "the volume of proceedings other entries name (crossref)"},
    ),
    "al-folio-papers.bib": (7, {}),
    "jabref-examples.bib": (
        2,
        {"set": "a set that groups other entries", "stdmodel": "a set that groups other entries"},
    ),
    "zotero-better-bibtex-901.bib": (
        30,
        {
            "--__theorytruthinauthor": "it has no authors",
            "Agassi-1982-Scientificphilosophytoday": "names editors and no authors",
            "Agazzi-1988-ProbabilitySciences": "names editors and no authors",
            "Bunge-1973-ExactPhilosophy": "names editors and no authors",
            "Bunge-1980-Technoethics": "names editors and no authors",
            "Hooker-2011-Philosophycomplexsystems": "names editors and no authors",
        },
    ),
    # EndNote's export on an al-folio lab site: its notes hold authors, grants and the
    # PubMed citation (kept out, and said), RN1738 is RN1739 again (one DOI).
    "al-folio-3c-lab-endnote.bib": (
        34,
        {"RN1738": "the same paper as entry “RN1739”"},
    ),
    # Google Scholar's entries on an al-folio lab site: a key used twice for two papers,
    # empty doi = {} and url = {}, DOIs written as addresses.
    "al-folio-pjlab-scholar.bib": (38, {}),
    # An al-folio lab site's own fields: co-first and corresponding authors, pubstatus.
    "al-folio-taislab-roles.bib": (37, {}),
    "biblatex-examples.bib": (
        70,
        {
            **{
                key: "dated 1900 or later"
                for key in ("aristotle:rhetoric", "averroes/hannes", "averroes/hercz", "wilde")
            },
            # BibLaTeX's "related" entries repeat the title and authors of the entry
            # they relate to.
            "knuth:ct:related": "the same paper as entry “knuth:ct”",
            "kullback:reprint": "the same paper as entry “kullback”",
            "kullback:related": "the same paper as entry “kullback”",
            "moore:related": "the same paper as entry “moore”",
            "vangennep:related": "the same paper as entry “vangennep”",
            "baez/online": "the same paper as entry “baez/article”",
            "westfahl:space": "it has no year",
            "set": "a set that groups other entries",
            "stdmodel": "a set that groups other entries",
            "vizedom:related": "it has no authors",
            "cms": "it has no authors",
            "ctan": "it has no authors",
            "jcg": "it has no authors",
            **{
                key: "names editors and no authors"
                for key in (
                    "matuz:doody",
                    "britannica",
                    "gaonkar",
                    "jaffe",
                    "westfahl:frontier",
                )
            },
        },
    ),
    # EndNote's entry with no key at all.
    "endnote-no-key.bib": (1, {}),
    # Mendeley Reference Manager: 512 entries, many without a key or under a key used
    # twice, "issue" for the number, pages such as "C6(L)" or "n.p.".
    "mendeley-reference-manager.bib": (
        497,
        {
            "Milazzo2017": "the same paper as entry “Milazzo2017”",  # lines 500 and 575
            "Furnham1991": "the same paper as entry “Phruksachart2018”",  # one DOI
            "Woolf1939": "the same paper as entry “Woolf1939”",
            "Mabbott2017": "the same paper as entry “Mabbott2017”",
            "Drake2020": "its title is 332 characters long; at most 255 fit",
            "Miller6": "“6” is not a year",
            **{f"line {line}": "it has no authors" for line in (2200, 3876, 4545, 5205, 5460)},
            **{f"line {line}": "it has no year" for line in (1023, 5302)},
            "line 5273": "names editors and no authors",
        },
    ),
    "zotero-better-biblatex-3430.bib": (
        33,
        {
            # Wagtail keeps a page title of at most 255 characters.
            "borgman2012": "its title is 271 characters long; at most 255 fit",
            # The same title, authors and HAL record as schopfel2015 (no DOI tells them apart).
            "schopfel2015a": "the same paper as entry “schopfel2015”",
            "2013": "it has no authors",
            "2015": "it has no authors",
            "birnbaum": "it has no year",  # a web page with only the day it was read
            "borgman": "it has no year",
            "cliggett": "it has no year",
            "davidhazi2014": "names editors and no authors",
            "moore2014": "names editors and no authors",
            "mounier2012": "it has no authors",
            "researchdatanetherlands2014": "names editors and no authors",
            "schopfel": "it has no year",
            "uhlir2012": "names editors and no authors",
            **{
                f"zotero-item-{number}": "it has no authors"
                for number in (112, 114, 118, 120, 121, 122, 125, 128, 129)
            },
        },
    ),
}


# References a reference tool prints otherwise than the site (its citeproc-py), by file,
# key and tool, with what differs: left out of that tool's comparison only (the other
# tool still compares them), and still open (the issue's closing note counts them). Most
# are the two tools disagreeing with each other, so that no output could match both.
JS, PANDOC = "citeproc-js", "pandoc"
FORMATTED_DIFFERENTLY = {
    "al-folio-3c-lab-endnote.bib": {
        "RN1733": {
            PANDOC: "an article number with a hyphen (5.12.1-5.12.16): pandoc reads a range "
            "and shortens it in Chicago (5.12.1-16); citeproc-js and the site keep it",
        },
    },
    "biblatex-examples.bib": {
        "itzhaki": {
            JS: "an arXiv number (hep-th/9603067): citeproc-js capitalises after the hyphen; "
            "pandoc and the site do not",
        },
    },
    "dblp-ley.bib": {
        "DBLP:conf/gvd/Ley07": {
            JS: "a volume such as 02/2007: citeproc-js takes it for a number (Vol. "
            "02/2007), pandoc and citeproc-py do not",
        },
    },
    "zotero-better-biblatex-3430.bib": {
        "misutka2015": {
            JS: "an address as the container title: each tool capitalises it its own way "
            "(Https://Github.Com/…, Https://Github.com/…)",
            PANDOC: "the same",
        },
    },
    "mendeley-reference-manager.bib": {
        **dict.fromkeys(
            ["Brooks20182", "Merga2015"],
            {PANDOC: "'about' capitalised; citeproc-js keeps it in lower case"},
        ),
        **dict.fromkeys(
            ["Brooks1999", "bois2015souls"],
            {PANDOC: "a given name in parentheses ('(Roy L.'): pandoc prints '(Roy. L.'"},
        ),
        "bois1920darkwater": {
            JS: "a place that is only ':': citeproc-js prints it twice",
            PANDOC: "a given name in parentheses: pandoc prints '(William. E. B.'",
        },
        **dict.fromkeys(
            ["Grochowski2020", "Sich2017", "Paul2012", "ReedPOP2014"],
            {JS: "a capital after a period or '?' inside a word (Amazon.Com); pandoc has none"},
        ),
        **dict.fromkeys(
            ["Robinson2019", "Wu2013"],
            {JS: "a capital after ')' inside a word ((Dis)Trust); pandoc has none"},
        ),
        **dict.fromkeys(
            ["Harrison1987", "e2018white"],
            {
                JS: "a given name with an abbreviation (Jr., Mass.): both tools keep it whole "
                "when they initialise; citeproc-py initialises it (J.)",
                PANDOC: "the same",
            },
        ),
        "Macrae2013": {
            JS: "'booksellers.(The': both tools capitalise the word and lower the one after "
            "the parenthesis",
            PANDOC: "the same",
        },
        "Seto1995": {PANDOC: "'Halloween.(Multiculturalism': pandoc lowers the word after '('"},
        "McNair2008": {
            JS: "single quotes typed as apostrophes around a quotation: citeproc-js reads "
            "them otherwise than pandoc"
        },
        **dict.fromkeys(
            ["Myers2014", "Myers20142"],
            {PANDOC: "pages given as words ('Section SR, Page 1'): pandoc prints 'pp.'"},
        ),
        "Myers1986": {
            PANDOC: "pages given as words ('Section 7, p. 50'): pandoc prints 'pp.'",
            JS: "the same pages: citeproc-js drops the inner 'p.'",
        },
        "Ruiz2020": {PANDOC: "a capital after ’ ('Cancel'); citeproc-js keeps it lower"},
        **dict.fromkeys(
            ["Smagorinsky2001", "solorzano2002critical"],
            {PANDOC: "a note 'doi: …; 02' that pandoc reads as the DOI (CSL's cheater syntax)"},
        ),
        "Striphas2011": {
            JS: "a given name with parentheses ('Ted (Ted G )'): each tool initialises it "
            "its own way",
            PANDOC: "the same",
        },
    },
}


@pytest.fixture
def index(home_page):
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_entry_lands_or_is_listed_and_the_export_reads_back_as_itself(
    index, client, name, tmp_path
):
    """Each entry of a real file lands or is listed with its reason; importing the file
    again changes nothing; what the site exports of it, read by the importer and written
    again, is the same text, entry for entry (export → import → export); and the
    reference tools (citeproc-js, pandoc, citation-js) read the papers as the site does."""
    created, listed = EXPECTED[name]

    output = import_file(name)

    lines = [line for line in output.splitlines() if line.startswith("  listed ")]
    assert f"Done: {created} created, 0 updated, 0 skipped, {len(lines)} not imported" in output
    for key, reason in listed.items():
        # An entry under its key, or (with no key, or under a key used twice) its line.
        named = f"(line {key[5:]})" if key.startswith("line ") else f"entry “{key}” (line"
        found = [line for line in lines if named in line]
        assert found and all(reason in line for line in found), (key, found)
    assert all(any(reason in line for reason in listed.values()) for line in lines), lines
    assert PublicationPage.objects.count() == created
    # Importing the same file again finds every paper and changes nothing.
    again = import_file(name)
    assert f"0 created, 0 updated, {created} skipped, {len(lines)} not imported" in again

    first = exported_bibtex(client)
    assert first.count("\n@") + first.startswith("@") == created
    assert_reads_back_as_itself(first)

    papers = list(PublicationPage.objects.order_by("pk"))
    assert_citation_js_reads_the_exports(client, papers)
    if connection.vendor != "sqlite":
        # The reference tools read text made from the papers, which the export round trip
        # above shows to be the same on every engine: they run once, on SQLite, as the
        # database-independent tests do (tests/conftest.py), not again on PostgreSQL.
        return
    differ = FORMATTED_DIFFERENTLY.get(name, {})
    assert set(differ) <= {paper.bibtex_key for paper in papers}  # each listed key is a paper
    assert_the_tools_format_them_as_the_site_does(
        *(
            [paper for paper in papers if tool not in differ.get(paper.bibtex_key, {})]
            for tool in (JS, PANDOC)
        ),
        tmp_path,
    )
    assert_each_listed_reference_still_differs(
        *(
            [paper for paper in papers if tool in differ.get(paper.bibtex_key, {})]
            for tool in (JS, PANDOC)
        ),
        tmp_path,
    )


def assert_each_listed_reference_still_differs(for_citeproc_js, for_pandoc, tmp_path):
    """Each paper listed in FORMATTED_DIFFERENTLY is still formatted otherwise by the tool
    it is listed for, in at least one style: a list that outlived its reason would hide a
    paper from that tool's check."""
    if for_citeproc_js:
        formatted = citeproc_js([plain_item(paper) for paper in for_citeproc_js])
        agree = [
            paper.bibtex_key
            for number, paper in enumerate(for_citeproc_js)
            if all(
                compared_with_citeproc_js(citations.formatted([paper], style, html=False)[0])
                == compared_with_citeproc_js(formatted[style][number])
                for style in formatted
            )
        ]
        assert not agree, f"citeproc-js now formats these as the site does: {agree}"
    if for_pandoc:
        ours = {style: citations.reference_list(for_pandoc, style) for style in STYLES}
        theirs = {
            style: {compared_with_pandoc(text) for text in pandoc_list(for_pandoc, style, tmp_path)}
            for style in STYLES
        }
        agree = [
            paper.bibtex_key
            for number, paper in enumerate(for_pandoc)
            if all(compared_with_pandoc(ours[style][number]) in theirs[style] for style in STYLES)
        ]
        assert not agree, f"pandoc now formats these as the site does: {agree}"


def exported_bibtex(client):
    """The list's .bib export (``list_export``)."""
    return list_export(client, "/publications/export.bib")


def assert_reads_back_as_itself(exported):
    """``exported`` BibTeX, read by the importer into the papers it would make (the very
    objects an import saves, importing.new_page) and written by the site's exporter,
    is ``exported`` again: every entry reads, and none changes."""
    records, problems = bibtex.read(exported)
    assert not problems
    written = []
    for record in records:
        page = new_page(record)
        page.bibtex_key = record.bibtex_key
        page.authors_cut = record.authors_cut
        page.authors = author_rows(record, MemberIndex.of_all_members())
        written.append(bibtex_entry(page))
    changed = set(exported.strip().split("\n\n")) ^ set(written)
    assert not changed, "\n\n".join(sorted(changed))


def paper(key):
    return PublicationPage.objects.get(bibtex_key=key)


def test_dblp_identifiers_lose_latex_escapes_and_crossref_lends_the_volume(index):
    import_file("dblp-ley.bib")
    import_file("dblp-crossref.bib")

    book = paper("DBLP:books/infix/Ley93")
    assert book.publication_type == "book"
    assert (book.volume, book.publisher) == ("41", "Infix Verlag, St. Augustin, Germany")

    trier = paper("DBLP:conf/gi/Ley97")
    assert trier.doi == "10.1007/978-3-642-60831-5_34"  # written 60831-5\_34
    assert trier.pages == "257–266" and trier.publisher == "Springer"
    assert trier.publication_type == "conference"

    spire = paper("DBLP:conf/spire/BastMW06")
    assert spire.doi == "10.1007/11880561_13"
    assert [author.name for author in spire.authors.all()] == [
        "H. Bast",
        "Christian Worm Mortensen",
        "Ingmar Weber",
    ]
    # From the proceedings entry its crossref names: the publisher and the volume.
    assert spire.publisher == "Springer" and spire.volume == "4209"
    assert spire.venue.startswith("String Processing and Information Retrieval, 13th")


def test_al_folio_fields_the_site_has_a_place_for_land_and_local_files_are_left_out(index):
    import_file("al-folio-papers.bib")

    epr = paper("PhysRev.47.777")
    assert epr.title.startswith("Can Quantum-Mechanical Description of Physical Reality")
    assert [author.name for author in epr.authors.all()] == [
        "A. Einstein",
        "B. Podolsky",
        "N. Rosen",
    ]
    assert epr.doi == "10.1103/PhysRev.47.777"
    assert (epr.volume, epr.issue, epr.pages) == ("47", "10", "777–780")  # `issue`, not `number`
    assert epr.publication_date == date(1935, 5, 1) and epr.date_precision == "month"
    assert epr.publisher == "American Physical Society,"  # the file's @string macro, as written
    assert epr.pdf_url == ""  # pdf={example_pdf.pdf}: a file on that site, not an address
    assert epr.selected  # selected={true}
    assert not paper("einstein1950meaning").selected
    assert paper("einstein1956investigations").publication_type == "book"
    letters = paper("przibram1967letters")
    assert "Erwin Schrödinger" in [author.name for author in letters.authors.all()]


def test_jabref_examples_land_with_their_accents_and_a_book_without_a_page_range(index):
    import_file("jabref-examples.bib")

    aksin = paper("aksin")
    assert [author.name for author in aksin.authors.all()] == [
        "Özge Aksın",
        "Hayati Türkmen",
        "Levent Artok",
        "Bekir Çetinkaya",
        "Chaoying Ni",
        "Orhan Büyükgüngör",
        "Erhan Özkal",
    ]
    assert (aksin.volume, aksin.issue, aksin.pages) == ("691", "13", "3027–3036")
    assert aksin.publication_date == date(2006, 1, 1)  # date = 2006
    git = paper("Preissel2016")
    assert git.publication_type == "book" and git.publisher == "dpunkt.verlag"
    assert git.pages == ""  # "XX, 327 Seiten" counts the book's pages


def test_biblatex_dates_and_journal_titles_are_read(index):
    import_file("zotero-better-biblatex-3430.bib")

    altman = paper("altman2013")
    assert altman.venue == "IASSIST Quarterly"  # journaltitle
    assert altman.publication_date == date(2013, 1, 1) and altman.date_precision == "year"
    zaken = paper("zaken2016")  # date = {2016-04-07T10:33}
    assert zaken.publication_date == date(2016, 4, 7) and zaken.date_precision == "day"


def test_the_admin_preview_lists_what_cannot_be_imported_and_imports_the_rest(client, index):
    from django.urls import reverse

    from publications.models import ImportRun

    from ..factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    text = (REAL / "dblp-crossref.bib").read_text()
    url = reverse("publications_import")

    preview = client.post(url, {"source": "bibtex", "text": text}).content.decode()

    assert "These entries of the file cannot be imported; the others can:" in preview
    assert "“DBLP:conf/spire/2006” (line 18): it is the volume of proceedings" in preview
    assert "Output-Sensitive Autocompletion Search" in preview and "Import these" in preview
    assert not PublicationPage.objects.exists()  # a preview writes nothing

    response = client.post(url, {"source": "bibtex", "text": text, "confirm": "1"})

    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE and len(run.not_imported) == 1
    page = client.get(response["Location"]).content.decode()
    assert "1 created, 0 updated, 0 skipped, 1 not imported." in page
    assert "These entries were not imported:" in page and "DBLP:conf/spire/2006" in page
    assert PublicationPage.objects.get().doi == "10.1007/11880561_13"


def test_the_admin_explains_a_file_none_of_whose_entries_can_be_imported(client, index):
    from django.urls import reverse

    from ..factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    text = (
        "@proceedings{vol,\n  editor = {Ada Lovelace},\n  title = {A volume},\n  year = {2020}\n}\n"
    )

    page = client.post(
        reverse("publications_import"), {"source": "bibtex", "text": text}
    ).content.decode()

    assert "Nothing was imported" in page
    assert "“vol” (line 1): it is a whole volume of proceedings" in page
    assert "Import these" not in page


@pytest.mark.parametrize(
    "printed",
    [
        "John Doe, Jr.",
        "Tony Wang, Jr.",
        "Barnes and Noble",
        "Ministry of Science and Technology",
        "Pavol Brunovský",
        "John von Neumann",
        "Ludwig van Beethoven",
        'David "davidad" Dalrymple',
        "Erwin Schrödinger",
        "Sandra Anderson",
    ],
)
def test_an_author_name_reads_back_as_itself_from_the_bibtex_the_site_writes(printed):
    from publications.authors import name_parts
    from publications.importers.names import split_bibtex_authors

    written = name_parts(printed).bibtex()

    assert split_bibtex_authors(f"{written} and Ada Lovelace") == ([printed, "Ada Lovelace"], False)


def test_al_folio_links_and_arxiv_field_land_where_the_site_keeps_them(index, tmp_path):
    """al-folio's own fields as its documentation describes them (the files above use few
    of them): an entry written for this test, in al-folio's form."""
    output = import_text(
        tmp_path,
        "@inproceedings{liu2023omnigrok,\n"
        "  abbr={ICLR}, bibtex_show={true}, selected={true}, preview={omnigrok.png},\n"
        "  title={Omnigrok: Grokking Beyond Algorithmic Data},\n"
        "  author={Liu, Ziming and Michaud, Eric J. and Tegmark, Max},\n"
        "  booktitle={International Conference on Learning Representations},\n"
        "  year={2023}, arxiv={2210.01117},\n"
        "  code={https://github.com/KindXiaoming/Omnigrok},\n"
        "  website={https://example.org/omnigrok/}, slides={https://example.org/slides.pdf},\n"
        "  video={https://example.org/talk}, poster={omnigrok-poster.pdf},\n"
        "  pdf={omnigrok.pdf}, altmetric={248277}, dimensions={true}\n"
        "}\n",
    )

    assert "1 created, 0 updated, 0 skipped, 0 not imported" in output
    omnigrok = paper("liu2023omnigrok")
    assert omnigrok.arxiv_id == "2210.01117" and omnigrok.selected
    assert omnigrok.code_url == "https://github.com/KindXiaoming/Omnigrok" and omnigrok.has_code
    assert omnigrok.project_url == "https://example.org/omnigrok/"
    assert omnigrok.slides_url == "https://example.org/slides.pdf"
    assert omnigrok.video_url == "https://example.org/talk"
    assert omnigrok.pdf_url == ""  # a file name on the al-folio site


def test_a_field_given_twice_is_read_when_both_agree_and_listed_when_they_differ(index, tmp_path):
    output = import_text(
        tmp_path,
        "@article{same, title={Same twice}, author={Doe, Jane}, year={2020},\n"
        "  journal={Phys. Rev.}, journal = {Phys. Rev.}}\n\n"
        "@article{differ, title={Two years}, author={Doe, Jane}, year={2020}, year={2021}}\n",
    )

    assert "1 created, 0 updated, 0 skipped, 1 not imported" in output
    assert paper("same").venue == "Phys. Rev."
    assert "“differ” (line 4): its field “year” is given 2 times, as “2020” and “2021”" in output
    assert "brace or quote" not in output


def test_a_value_longer_than_the_site_keeps_is_listed_never_cut_and_article_numbers_land(
    index, tmp_path
):
    output = import_text(
        tmp_path,
        "@article{long, title={Long volume}, author={Doe, Jane}, year={2020},\n"
        "  journal={J}, volume={Special issue on the long volumes of 2020}}\n\n"
        # LIPIcs and ACM number their articles: pages are "article:first--article:last".
        "@inproceedings{lipics, title={Article number}, author={Doe, Jane}, year={2021},\n"
        "  booktitle={ICALP 2021}, pages={32:1--32:23}}\n",
    )

    assert "“long” (line 1): its volume is 41 characters long; at most 20 fit" in output
    assert paper("lipics").pages == "32:1–32:23"
    assert not PublicationPage.objects.filter(bibtex_key="long").exists()


def test_two_dois_with_one_title_are_two_papers_and_one_doi_is_one(index, tmp_path):
    output = import_text(
        tmp_path,
        "@inproceedings{conf, title={Grokking}, author={Liu, Ziming}, year={2022},\n"
        "  booktitle={NeurIPS}, doi={10.5555/conf.1}}\n\n"
        "@article{journal, title={Grokking}, author={Liu, Ziming}, year={2023},\n"
        "  journal={JMLR}, doi={10.5555/journal.2}}\n\n"
        "@misc{again, title={grokking}, author={Liu, Ziming}, year={2022},\n"
        "  doi={10.5555/CONF.1}}\n",
    )

    assert "2 created, 0 updated, 0 skipped, 1 not imported" in output
    assert "“again” (line 7): the same paper as entry “conf”" in output
    assert sorted(PublicationPage.objects.values_list("doi", flat=True)) == [
        "10.5555/conf.1",
        "10.5555/journal.2",
    ]


def test_text_pasted_into_the_admin_reads_as_the_file(client, index):
    """DBLP's author lists break lines between names, and a browser sends a text box's
    lines ended by "\r\n" (as a file written on Windows has them)."""
    from django.urls import reverse

    from ..factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    text = (REAL / "dblp-crossref.bib").read_text().replace("\n", "\r\n")

    preview = client.post(
        reverse("publications_import"), {"source": "bibtex", "text": text}
    ).content.decode()

    assert "H. Bast, Christian Worm Mortensen, Ingmar Weber" in preview


def test_scholar_entries_on_a_lab_site_land_with_their_links_and_one_key_two_papers(index):
    import_file("al-folio-pjlab-scholar.bib")

    # "yuan2023ad" names two papers in the file: both land, the second under a key of its own.
    twins = PublicationPage.objects.filter(bibtex_key__startswith="yuan2023ad")
    assert sorted(page.plain_title[:12] for page in twins) == ["AD-PT: Auton", "RangePercept"]
    assert len({page.bibtex_key for page in twins}) == 2
    dilu = paper("wen2023dilu")  # journal = {arXiv preprint arXiv:2309.16292}
    assert (dilu.publication_type, dilu.arxiv_id) == ("preprint", "2309.16292")
    closer = paper("ye2023closer")  # doi = {https://doi.org/10.1007/…}
    assert closer.doi == "10.1007/s11263-022-01731-4" and closer.paper_url == ""
    # No DOI and no arXiv id: its url is the link to the paper.
    physica = paper("fu2023incremental")
    assert physica.paper_url.startswith("https://www.sciencedirect.com/science/article/abs/")
    assert physica.web_url == physica.paper_url
    assert (physica.volume, physica.pages) == ("623", "128914")


def test_endnote_entries_land_without_their_record_notes_and_with_the_pages_as_given(index):
    output = import_file("al-folio-3c-lab-endnote.bib")

    assert (
        "left out: its note (564 characters; an honour or note keeps a line of at most 100)"
        in output
    )
    assert paper("RN1727").venue_note == ""  # EndNote's note: names, ORCID iDs, grants
    assert paper("RN1393").pages == "RP90422"  # eLife's article number
    assert paper("RN866").pages == "ENEURO.0019-23.2023"  # its hyphen is no range's dash
    import_file("endnote-no-key.bib")  # @article{ author = …: no key at all
    (alzheimer,) = PublicationPage.objects.filter(title__startswith="Alzheimer mechanisms")
    assert alzheimer.bibtex_key and alzheimer.pages == "1204–22" and alzheimer.venue == "Cell"


def entries_of(name, tmp_path, *wanted):
    """A file of the entries of the real file ``name`` named by key or by their first line
    ("line 3150"), as written there: for checking a few entries of a long file."""
    text = (REAL / name).read_text()
    starts = [match.start() for match in re.finditer(r"(?m)^@", text)] + [len(text)]
    blocks = [text[start:end] for start, end in zip(starts, starts[1:], strict=False)]
    chosen = [
        block
        for block in blocks
        if any(
            block.startswith("@")
            and re.match(rf"@\w+\{{{re.escape(key)},", block)
            or key == f"line {text[: text.index(block)].count(chr(10)) + 1}"
            for key in wanted
        )
    ]
    assert len(chosen) == len(wanted)
    (tmp_path / name).write_text("".join(chosen))
    return import_file(name, tmp_path)


def test_mendeley_entries_land_with_their_pages_as_given_or_none(index, tmp_path):
    output = entries_of(
        "mendeley-reference-manager.bib",
        tmp_path,
        *("Alter2019", "Cecire2020", "Evans2016", "Leland2013", "line 3150"),
    )

    assert paper("Alter2019").pages == "C6(L)"  # a newspaper's section and page
    assert paper("Cecire2020").pages == ""  # pages = {n.p.}: none
    evans = paper("Evans2016")  # month = {25}
    assert (evans.publication_date, evans.date_precision) == (date(2016, 1, 1), "year")
    assert evans.issue == "1"  # Mendeley writes `issue`, not `number`
    assert "left out: its month “25”, which is not a month." in output
    # The book and a review of it carry one title: two works by different people.
    assert paper("Leland2013").plain_title == "Teaching children's literature: it's critical!"
    review = PublicationPage.objects.get(title="Teaching Children’s Literature. It’s Critical!")
    assert [author.name for author in review.authors.all()] == ["Sandie Mourão"]


def test_pages_that_are_no_single_range_are_kept_whole_in_every_export(index, client):
    import_file("biblatex-examples.bib")
    angenendt = paper("angenendt")

    assert angenendt.pages == "431–456, 791–823"
    assert angenendt.page_range == ("", "")
    ris = client.get(angenendt.export_url("ris")).content.decode()
    assert "SP  - 431–456, 791–823" in ris and "EP  - " not in ris
    assert "pages = {431--456, 791--823}" in client.get(angenendt.bibtex_url()).content.decode()
    page = client.get(angenendt.url).content.decode()
    assert "citation_firstpage" not in page


@pytest.mark.parametrize(
    "link_field",
    [
        "url = {https://example.org/paper}",
        r"howpublished = {\url{https://example.org/paper}}",
        "html = {https://example.org/paper}",
    ],
)
def test_a_paper_without_doi_or_arxiv_id_keeps_its_link_and_cites_it(
    index, client, tmp_path, link_field
):
    import_text(
        tmp_path,
        "@misc{doe2024, title = {A Paper}, author = {Doe, Jane}, year = {2024}, "
        f"{link_field}}}",
    )

    page = paper("doe2024")
    assert page.paper_url == "https://example.org/paper"
    assert ("Paper", "https://example.org/paper") in page.links()
    assert "url = {https://example.org/paper}" in client.get(page.bibtex_url()).content.decode()
    assert "UR  - https://example.org/paper" in client.get(page.export_url("ris")).content.decode()


def test_the_admin_preview_says_what_an_entry_leaves_out(client, index):
    from django.urls import reverse

    from ..factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    text = "@article{a, title = {A}, author = {Doe, J.}, year = {2020}, month = {25}}"

    preview = client.post(reverse("publications_import"), {"source": "bibtex", "text": text})

    assert "Left out: its month “25”, which is not a month." in preview.content.decode()


def test_a_lab_sites_co_first_and_corresponding_authors_and_status_land(index):
    import_file("al-folio-taislab-roles.bib")

    vulscope = paper("kim2026vulscope")
    authors = {author.name: author for author in vulscope.authors.all()}
    # cofirstauthors = {Hyunjun Kim and Younghan Lee}
    assert [name for name, a in authors.items() if a.equal_contribution] == [
        "Hyunjun Kim",
        "Younghan Lee",
    ]
    # correspondingauthors = {Kang-Won Lee and Yunheung Paek}
    assert [name for name, a in authors.items() if a.corresponding] == [
        "Kang-Won Lee",
        "Yunheung Paek",
    ]
    assert vulscope.status == "accepted"  # pubstatus = {accepted}
    assert paper("han2026rethinking").status == "published"
    # "Younghan Lee, Hyungon Moon, and Yunheung Paek": a list with commas and "and".
    three = PublicationPage.objects.filter(authors__corresponding=True).distinct()
    assert any(
        [a.name for a in page.authors.all() if a.corresponding]
        == ["Younghan Lee", "Hyungon Moon", "Yunheung Paek"]
        for page in three
    )


def test_a_chapters_book_editors_land_and_every_export_names_them(index, client):
    import_file("zotero-better-bibtex-901.bib")

    chapter = paper("Collier-1990-IntrinsicInformation")
    assert chapter.editor_names() == ["Philip P. Hanson"]  # editor = {Hanson, Philip P.}
    assert "editor = {Hanson, Philip P.}" in client.get(chapter.bibtex_url()).content.decode()
    (item,) = json.loads(client.get(chapter.export_url("json")).content)
    assert item["editor"] == [{"family": "Hanson", "given": "Philip P."}]


NAMES = REAL / "zotero-better-bibtex-names.bib"


def _bibtex_parts(name):
    """(given, von and last, jr) as BibTeX reads a name, LaTeX as Unicode."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    from publications.importers.names import latex_to_unicode

    parts = parse_single_name_into_parts(name, strict=False)
    return tuple(
        latex_to_unicode(" ".join(words))
        for words in (parts.first, [*parts.von, *parts.last], parts.jr)
    )


@pytest.mark.parametrize(
    "key, written",
    re.findall(r"@book\{([^,]+),\n  author = \{(.*)\},\n", NAMES.read_text()),
)
def test_a_name_keeps_its_family_name_in_every_export(key, written):
    """Better BibTeX's 40 names with particles, compound family names, suffixes and
    whole names (its test of issues #384, #565, #566): read by the importer into the
    author rows an import saves, each is written to BibTeX, RIS and CSL-JSON with the
    family name, given names and suffix BibTeX reads in the source. The entries have no
    title: they are read here one name at a time."""
    from publications.citations import _csl_name

    record = bibtex.read(f"@book{{{key}, author = {{{written}}}, title = {{A}}, year = {{2000}}}}")[
        0
    ][0]
    (author,) = author_rows(record, MemberIndex.of_all_members())
    given, family, jr = _bibtex_parts(written)

    assert _bibtex_parts(author.name_parts.bibtex()) == (given, family, jr)
    csl = _csl_name(author.name, author.name_parts)
    if given:
        read = " ".join(filter(None, (csl.get("non-dropping-particle"), csl["family"])))
        assert (csl["given"], read, csl.get("suffix", "")) == (given, family, jr)
        assert author.name_parts.ris().startswith(f"{family}, ")
    else:  # a name written whole: {Marcus Aurelius}
        assert csl == {"literal": family}
    # schema.org: an organisation's name (NASA) is an Organization, any other a Person.
    organisation = key == "nationalaeronauticsandspaceadministration"
    assert author.json_ld()["@type"] == ("Organization" if organisation else "Person")


def test_a_family_name_that_is_not_how_the_name_ends_is_refused_with_the_reason():
    from django.core.exceptions import ValidationError

    author = PublicationAuthor(name="Ralph Vaughan Williams", family_name="Vaughan")
    with pytest.raises(ValidationError) as refused:
        author.clean()
    assert refused.value.message_dict["family_name"] == [
        "The family name is how the name ends (before a “, Jr.”): “Ralph Vaughan Williams” "
        "does not end with “Vaughan”."
    ]
    author.family_name = " Vaughan  Williams "
    author.clean()
    assert author.family_name == "Vaughan Williams"
    assert author.name_parts.bibtex() == "{Vaughan Williams}, Ralph"
