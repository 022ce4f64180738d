"""The BibTeX export, read by the real tools: biber validates it against biblatex's data
model, pybtex parses it in strict mode, and the site's own import reads it back as the
same papers. Run on the demo (50 papers) and on a set with every entry type and the
characters and names that broke earlier exports."""

import os
import shutil
import subprocess
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from pybtex import errors as pybtex_errors
from pybtex.database import parse_string

from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage, PublicationPage, PublicationType

from ..factories import add_member, add_publication


def biber_messages(tmp_path, text):
    """biber's warnings and errors for ``text`` (biber --tool --validate-datamodel)."""
    biber = shutil.which("biber")
    if biber is None:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but biber is not installed (apt-get install biber)")
        pytest.skip("biber is not installed (apt-get install biber)")
    source = tmp_path / "export.bib"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - Debian's biber on our own file
        [biber, "--tool", "--validate-datamodel", "--quiet", source.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return [line for line in output.splitlines() if "WARN" in line or "ERROR" in line]


def strict_pybtex(text):
    pybtex_errors.set_strict_mode(True)
    try:
        return parse_string(text, "bibtex")
    finally:
        pybtex_errors.set_strict_mode(False)


def import_counts(text, tmp_path):
    path = tmp_path / "again.bib"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_bibtex", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_export_passes_biber_and_pybtex_and_imports_as_itself(demo_site, client, tmp_path):
    text = client.get("/publications/export.bib").content.decode()
    papers = PublicationPage.objects.count()
    revisions = sum(page.revisions.count() for page in PublicationPage.objects.all())

    assert biber_messages(tmp_path, text) == []
    library = strict_pybtex(text)
    assert len(library.entries) == papers == 50
    # Every category the demo names with its archive (cs.LG), never the bare label.
    classes = {entry.fields.get("primaryclass") for entry in library.entries.values()}
    assert "LG" not in classes

    output = import_counts(text, tmp_path)

    assert "0 created, 0 updated, 50 skipped" in output, output
    assert PublicationPage.objects.count() == papers
    assert sum(page.revisions.count() for page in PublicationPage.objects.all()) == revisions


# --- every entry type, and the inputs that broke earlier exports ------------------------


@pytest.fixture
def hard_cases(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    add_member(people, "Ziming Liu")
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    cases = [
        ("KAN: Kolmogorov-Arnold Networks", PublicationType.PREPRINT, ""),
        ("KAN 2.0: Kolmogorov-Arnold Networks Meet Science", PublicationType.PREPRINT, ""),
        (
            "Bugs, features & 100% of the #1 cases in snake_case",
            PublicationType.CONFERENCE,
            "ICML 2024",
        ),
        (
            "Scaling as $N^{-\\alpha}$ with {ReLU} nets and \\gemma{} models",
            PublicationType.JOURNAL,
            "Physical Review E",
        ),
        (
            "A thesis on \\emph{grokking}",
            PublicationType.THESIS,
            "Massachusetts Institute of Technology",
        ),
        (
            "Workshop < & > paper ^ tilde~here",
            PublicationType.WORKSHOP,
            "NeurIPS 2024 Workshop on M&I",
        ),
        (
            "A chapter with a stray } brace and an { open one",
            PublicationType.BOOK_CHAPTER,
            "Handbook of AI_Safety",
        ),
        ("A report, with commas: and colons", PublicationType.REPORT, "MIT CSAIL"),
        ("A book of {Barnes and Noble}", PublicationType.BOOK, ""),
        ("A journal paper without its journal", PublicationType.JOURNAL, ""),
    ]
    authors = [
        "Ziming Liu",
        'David "davidad" Dalrymple',
        "Tony Wang Jr.",
        "Jean-Pierre Ramos-García",
        "Ludwig van Beethoven",
        "刘子鸣",
    ]
    for number, (title, kind, venue) in enumerate(cases):
        add_publication(
            index,
            title,
            date(2024, 4 + number % 3, 30),
            authors=authors if number < 2 else authors[number % 2 :],
            publication_type=kind,
            venue=venue,
            venue_note="Spotlight" if kind == PublicationType.CONFERENCE else "",
            arxiv_id=f"2404.{19756 + number}",
            arxiv_category="LG" if number % 2 else "physics.comp-ph",
            doi="10.1103/PhysRevE.1.2_3" if kind == PublicationType.JOURNAL else "",
            abstract="We use 50% less memory & #tags with a_b; $x_i^2$ and \\cite{foo}.",
            authors_cut=number == 2,
            volume="105" if kind == PublicationType.JOURNAL else "",
            issue="2" if kind == PublicationType.JOURNAL else "",
            pages="024304" if kind == PublicationType.JOURNAL else ("12-34" if number % 2 else ""),
            publisher="Springer"
            if kind in {PublicationType.BOOK_CHAPTER, PublicationType.BOOK}
            else "",
            status=("accepted", "submitted", "published")[number % 3],
        )
    return index


def test_every_entry_type_and_hard_characters_pass_biber_and_pybtex(hard_cases, client, tmp_path):
    text = client.get("/publications/export.bib").content.decode()
    (tmp_path / "seen.bib").write_text(text)

    assert biber_messages(tmp_path, text) == []
    library = strict_pybtex(text)
    entries = library.entries
    assert len(entries) == 10
    keys = list(entries)
    assert len(set(keys)) == 10
    assert "liu2024kan" in keys and "liu2024kan2" in keys
    types = {entry.type for entry in entries.values()}
    assert types >= {"misc", "inproceedings", "article", "phdthesis", "incollection"}
    assert types >= {"techreport", "book"}
    book = next(e for e in entries.values() if e.type == "book")
    assert book.fields["publisher"] == "Springer"
    thesis = next(e for e in entries.values() if e.type == "phdthesis")
    assert thesis.fields["school"] == "{Massachusetts} {Institute} of {Technology}" or (
        "Massachusetts" in thesis.fields["school"]
    )
    # Months are BibTeX's macros (pybtex expands them to names), and no day is invented.
    assert "month = apr," in text and "day =" not in text
    assert all("{" not in entry.fields.get("month", "") for entry in entries.values())
    # Special characters are escaped; a paper's own command is written as its name.
    assert "\\& 100\\% of the \\#1 cases in snake\\_case" in text
    assert "\\gemma" not in text and "{Gemma}" not in text and "gemma" in text
    # Names in "Last, First" form, with suffixes and particles where they belong.
    assert "Wang, Jr., Tony" in text and "van Beethoven, Ludwig" in text
    assert '"davidad"' in text
    # A bare arXiv label gets its archive; a journal paper with no journal is a @misc.
    assert "primaryclass = {cs.LG}" in text
    no_journal = [e for e in entries.values() if "without its journal" in e.fields["title"]]
    assert no_journal[0].type == "misc"
    # Volume, number and pages where the entry type has them; a status as biblatex's.
    article = next(e for e in entries.values() if e.type == "article")
    assert (article.fields["volume"], article.fields["number"]) == ("105", "2")
    assert article.fields["pages"] == "024304"
    assert "pages = {12--34}" in text
    assert "pubstate = {forthcoming}" in text and "pubstate = {submitted}" in text


def test_keys_are_stored_once_and_never_change_with_the_title(hard_cases):
    paper = PublicationPage.objects.get(bibtex_key="liu2024kan2")

    paper.title = "A wholly different title"
    paper.save_revision().publish()

    paper.refresh_from_db()
    assert paper.bibtex_key == "liu2024kan2"


def test_an_editor_cannot_give_two_papers_one_key(hard_cases):
    from django.core.exceptions import ValidationError

    paper = PublicationPage.objects.get(bibtex_key="liu2024kan2")
    paper.bibtex_key = "liu2024kan"
    with pytest.raises(ValidationError, match="Another paper"):
        paper.full_clean()
    paper.bibtex_key = "has space"
    with pytest.raises(ValidationError, match="no spaces"):
        paper.full_clean()
