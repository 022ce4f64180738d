"""Two imports at the same time (two processes, PostgreSQL): the same-paper rule holds, so
each DOI ends up on one page, and neither process dies with a raw error."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from publications.models import PublicationIndexPage, PublicationPage

from ..conftest import build_site_tree, manage_py_in_parallel

PAPERS = 60


def bib(title_prefix):
    """The same DOIs in both files, under different titles (as a preprint and its journal
    version would be)."""
    return "\n".join(
        f"@article{{paper{n},\n  title = {{{title_prefix} paper number {n}}},\n"
        f"  author = {{Doe, Jane and Roe, Rick}},\n  year = 2024,\n"
        f"  doi = {{10.5555/concurrent.{n}}},\n  journal = {{Journal of Tests}}\n}}\n"
        for n in range(PAPERS)
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs two processes against PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_overlapping_files_at_once_create_each_paper_once(tmp_path):
    home = build_site_tree()
    home.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    files = []
    for name in ("preprints", "journal"):
        path = tmp_path / f"{name}.bib"
        path.write_text(bib(name.capitalize()))
        files.append(path)

    outcomes = manage_py_in_parallel(*(["import_bibtex", str(path)] for path in files))

    for code, out, err in outcomes:
        assert "Traceback" not in err, err
        assert code == 0 or "nothing was imported" in err.lower(), (code, out, err)
    dois = list(PublicationPage.objects.values_list("doi", flat=True))
    assert len(dois) == PAPERS
    assert len(set(dois)) == PAPERS


def test_importing_the_same_file_again_skips_every_paper(home_page, tmp_path):
    home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    path = tmp_path / "papers.bib"
    path.write_text(bib("Same"))
    call_command("import_bibtex", str(path), stdout=StringIO(), stderr=StringIO())
    out = StringIO()

    call_command("import_bibtex", str(path), stdout=out, stderr=StringIO())

    assert f"0 created, 0 updated, {PAPERS} skipped" in out.getvalue()
    assert PublicationPage.objects.count() == PAPERS
