"""`manage.py import_bibtex`: parsing, de-duplication, the update rule, all or nothing."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import ReferenceIndex

from people.models import MemberPage, PeopleIndexPage
from publications.models import PublicationIndexPage, PublicationPage

from ..factories import add_member, add_publication

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parents[1] / "files"


@pytest.fixture
def index(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    for name in ("Ziming Liu", "Eric J. Michaud", "Max Tegmark"):
        add_member(people, name)
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def test_imports_entries_with_types_dates_ids_and_linked_members(index):
    output = run("import_bibtex", str(FILES / "sample.bib"))

    assert "Done: 4 created, 0 updated, 0 skipped, 0 not imported." in output
    omnigrok = PublicationPage.objects.get(title="Omnigrok: Grokking Beyond Algorithmic Data")
    assert omnigrok.publication_type == "conference"
    assert omnigrok.venue == "International Conference on Learning Representations (ICLR)"
    assert omnigrok.venue_note == "Spotlight"
    assert omnigrok.publication_date == date(2023, 5, 1)
    assert omnigrok.arxiv_id == "2210.01117"
    assert omnigrok.arxiv_category == "cs.LG"
    assert "$\\|w\\|$" in omnigrok.abstract  # math is kept for rendering
    assert [(a.name, a.member.title if a.member else None) for a in omnigrok.authors.all()] == [
        ("Ziming Liu", "Ziming Liu"),
        ("Eric J. Michaud", "Eric J. Michaud"),
        ("Max Tegmark", "Max Tegmark"),
    ]
    quantization = PublicationPage.objects.get(title="The Quantization Model of Neural Scaling")
    assert quantization.publication_type == "preprint"
    assert quantization.arxiv_id == "2303.13506"
    assert quantization.publication_date == date(2023, 3, 23)
    pareto = PublicationPage.objects.get(doi="10.3390/e24060771")
    assert pareto.publication_type == "journal" and pareto.venue == "Entropy"
    latex = PublicationPage.objects.get(bibtex_key="sch2024")
    # Accents become letters; the braces that keep "G" a capital stay, for the export.
    assert latex.title == "Schrödinger's {G}rokking and $N^{-\\alpha}$ scaling"
    assert latex.plain_title == "Schrödinger's Grokking and N^(−α) scaling"
    assert pareto.volume == "24"
    assert [a.name for a in latex.authors.all()] == ["Jörg Müller"]
    assert latex.authors_cut


def test_every_imported_paper_starts_its_history_with_a_published_revision(index):
    run("import_bibtex", str(FILES / "sample.bib"))

    papers = PublicationPage.objects.child_of(index)
    assert papers.count() == 4
    for paper in papers:
        revision = paper.revisions.get()
        assert paper.live_revision_id == revision.pk
        assert revision.as_object().title == paper.title
        assert [a.name for a in revision.as_object().authors.all()] == [
            a.name for a in paper.authors.all()
        ]
        assert not paper.has_unpublished_changes
    # Wagtail's reference index knows which papers name a member ("Usage" in the admin).
    ziming = MemberPage.objects.get(title="Ziming Liu")
    citing = {reference.object_id for reference in ReferenceIndex.get_references_to(ziming)}
    linked = PublicationPage.objects.filter(authors__member=ziming).distinct()
    assert citing == {str(paper.pk) for paper in linked} and citing


def test_dry_run_writes_nothing(index):
    output = run("import_bibtex", str(FILES / "sample.bib"), "--dry-run")

    assert "create Omnigrok" in output
    assert "Dry run: nothing was written." in output
    assert not PublicationPage.objects.exists()


def test_reimport_skips_and_only_fills_empty_fields(index):
    existing = add_publication(
        index,
        "Omnigrok: Grokking beyond algorithmic data",
        date(2022, 10, 3),
        authors=["Ziming Liu"],
        venue="ICLR 2023",  # the editor's wording wins
        slug="omnigrok",
    )
    existing.save_revision().publish()

    output = run("import_bibtex", str(FILES / "sample.bib"))
    again = run("import_bibtex", str(FILES / "sample.bib"))

    page = PublicationPage.objects.get(pk=existing.pk)
    assert page.venue == "ICLR 2023"
    assert page.arxiv_id == "2210.01117"  # was empty: filled
    assert [a.name for a in page.authors.all()] == ["Ziming Liu"]  # had authors: kept
    assert page.revisions.count() == 2  # the update is a new revision
    assert "3 created, 1 updated, 0 skipped" in output
    assert "0 created, 0 updated, 4 skipped" in again
    assert PublicationPage.objects.count() == 4


@pytest.mark.parametrize(
    ("name", "created", "messages"),
    [
        (
            "malformed.bib",
            ["A good entry"],
            ["line 7: this entry could not be read", "“untitled2023” (line 12): it has no title"],
        ),
        (
            "duplicates.bib",
            ["Language Models Represent Space and Time"],
            ["“second” (line 8): the same paper as entry “first”"],
        ),
    ],
)
def test_entries_that_cannot_be_imported_are_listed_and_the_others_imported(
    index, name, created, messages
):
    output = run("import_bibtex", str(FILES / name))

    for message in messages:
        assert message in output
    assert f"{len(created)} created, 0 updated, 0 skipped, {len(messages)} not imported" in output
    assert sorted(PublicationPage.objects.values_list("title", flat=True)) == created


def test_a_file_none_of_whose_entries_can_be_imported_imports_nothing_and_says_why(index):
    with pytest.raises(CommandError) as error:
        run("import_bibtex", str(FILES / "bad_dates.bib"))

    assert "Nothing was imported" in str(error.value)
    output = str(error.value)
    for message in (
        "“noyear” (line 1): it has no year",
        "the date 2023-2-30 does not exist",
        "“twenty twenty” is not a year",
    ):
        assert message in output
    assert not PublicationPage.objects.exists()


def test_a_failure_half_way_rolls_back_everything(index, monkeypatch):
    from publications import importing

    calls = {"n": 0}
    original = importing._fill

    def fail_on_third(page, record, fills, members):
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValueError("disk full")
        return original(page, record, fills, members)

    monkeypatch.setattr(importing, "_fill", fail_on_third)

    with pytest.raises(CommandError, match="disk full. Nothing was imported."):
        run("import_bibtex", str(FILES / "sample.bib"))

    assert not PublicationPage.objects.exists()


def test_missing_file_is_explained(index):
    with pytest.raises(CommandError, match="No file at"):
        run("import_bibtex", "/no/such/file.bib")


def test_bibtex_round_trip_changes_nothing(index, client):
    run("import_bibtex", str(FILES / "sample.bib"))
    before = list(PublicationPage.objects.order_by("pk").values())
    exported = client.get("/publications/export.bib").content.decode()
    path = FILES.parent / ".roundtrip.bib"
    path.write_text(exported)
    try:
        output = run("import_bibtex", str(path))
    finally:
        path.unlink()

    assert "0 created, 0 updated, 4 skipped" in output
    assert list(PublicationPage.objects.order_by("pk").values()) == before


def test_entry_types_venues_and_details_are_read_as_the_paper_has_them(index, tmp_path):
    path = tmp_path / "more.bib"
    path.write_text(
        """
@misc{conf2024, title = {A {ReLU} paper}, author = {Liu, Ziming}, year = {2024},
  booktitle = {NeurIPS 2024 Workshop on Symmetry}}
@mastersthesis{gan2024, title = {A thesis}, author = {Gan, Eric}, year = {2024},
  school = {MIT}}
@article{pre2023, title = {Journal paper}, author = {Tegmark, Max}, year = {2023},
  journal = {Physical Review E}, volume = {105}, number = {2}, pages = {12--34},
  publisher = {APS}}
"""
    )

    run("import_bibtex", str(path))

    workshop = PublicationPage.objects.get(bibtex_key="conf2024")
    assert (workshop.publication_type, workshop.venue) == (
        "workshop",
        "NeurIPS 2024 Workshop on Symmetry",
    )
    assert workshop.title == "A {ReLU} paper"
    thesis = PublicationPage.objects.get(bibtex_key="gan2024")
    assert (thesis.publication_type, thesis.venue) == ("masters_thesis", "MIT")
    article = PublicationPage.objects.get(bibtex_key="pre2023")
    assert (article.volume, article.issue, article.pages) == ("105", "2", "12–34")
    assert article.publisher == "APS"
    # The export gives back what was imported: braces, types, details.
    from publications.exports import bibtex

    text = bibtex([workshop, thesis, article])
    assert "@inproceedings{conf2024," in text and "title = {{A} {ReLU} paper}" in text
    # The files gave years only: no month is made up, on the site or in the export.
    assert workshop.date_precision == "year" and "month =" not in text
    assert workshop.date_text == "2024"
    assert "@mastersthesis{gan2024," in text and "school = {MIT}" in text
    assert "volume = {105}" in text and "number = {2}" in text and "pages = {12--34}" in text
