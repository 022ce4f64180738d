"""Imports complete a cut author list ("et al.") from a full one, and give new papers keys
in date order: of two that would share a key, the earlier paper keeps the plain one; a key
once published never changes."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage, PublicationPage

from ..factories import add_member, add_publication

pytestmark = pytest.mark.django_db

KAN_2 = """@misc{,
  title = {{KAN} 2.0: {Kolmogorov-Arnold} Networks Meet Science},
  author = {Liu, Ziming and Ma, Pingchuan and Wang, Yixuan and Matusik, Wojciech and Tegmark, Max},
  year = {2024}, month = aug, eprint = {2408.10205}, archiveprefix = {arXiv},
}
"""
KAN = """@misc{,
  title = {{KAN}: {Kolmogorov-Arnold} Networks},
  author = {Liu, Ziming and Wang, Yixuan and Vaidya, Sachin and Ruehle, Fabian and Halverson, James and Solja{\\v{c}}i{\\'c}, Marin and Hou, Thomas Y. and Tegmark, Max},
  year = {2024}, month = apr, eprint = {2404.19756}, archiveprefix = {arXiv},
}
"""


@pytest.fixture
def index(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    add_member(people, "Ziming Liu")
    add_member(people, "Max Tegmark")
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


def run_import(tmp_path, text, name="papers.bib"):
    path = tmp_path / name
    path.write_text(text)
    out = StringIO()
    call_command("import_bibtex", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def key_of(title_start):
    return PublicationPage.objects.get(title__startswith=title_start).bibtex_key


@pytest.mark.parametrize("order", ["later first", "earlier first"])
def test_the_earlier_paper_keeps_the_plain_key_whatever_the_files_order(index, tmp_path, order):
    run_import(tmp_path, KAN_2 + KAN if order == "later first" else KAN + KAN_2)

    assert key_of("{KAN}:") == "liu2024kan"
    assert key_of("{KAN} 2.0") == "liu2024kan2"


def test_a_published_key_stays_when_an_earlier_paper_arrives_later(index, tmp_path):
    run_import(tmp_path, KAN_2)
    assert key_of("{KAN} 2.0") == "liu2024kan"

    run_import(tmp_path, KAN, "more.bib")

    assert key_of("{KAN} 2.0") == "liu2024kan"  # cited already: never changes
    assert key_of("{KAN}:") == "liu2024kan2"


def test_two_entries_with_one_key_of_their_own_the_earlier_keeps_it(index, tmp_path):
    run_import(
        tmp_path, KAN_2.replace("@misc{,", "@misc{kan,") + KAN.replace("@misc{,", "@misc{kan,")
    )

    assert key_of("{KAN}:") == "kan"
    assert key_of("{KAN} 2.0") == "kan2"


def test_the_demo_keys_the_original_kan_before_kan_2(demo_site):
    assert PublicationPage.objects.get(title="KAN: Kolmogorov-Arnold Networks").bibtex_key == (
        "liu2024kan"
    )
    assert (
        PublicationPage.objects.get(
            title="KAN 2.0: Kolmogorov-Arnold Networks Meet Science"
        ).bibtex_key
        == "liu2024kan2"
    )


CUT = KAN.replace(
    "author = {Liu, Ziming and Wang, Yixuan and Vaidya, Sachin and Ruehle, Fabian and "
    "Halverson, James and Solja{\\v{c}}i{\\'c}, Marin and Hou, Thomas Y. and Tegmark, Max}",
    "author = {Liu, Ziming and Wang, Yixuan and others}",
)


def names(title_start):
    paper = PublicationPage.objects.get(title__startswith=title_start)
    return [author.name for author in paper.authors.all()], paper.authors_cut


def test_a_cut_list_then_the_full_one_in_one_file_gives_the_full_list(index, tmp_path):
    said = run_import(tmp_path, CUT + KAN)

    authors, cut = names("{KAN}:")
    assert len(authors) == 8 and authors[-1] == "Max Tegmark" and not cut
    assert "whose cut author list it completes" in said
    assert PublicationPage.objects.count() == 1


def test_the_full_list_then_a_cut_one_keeps_the_full_list(index, tmp_path):
    run_import(tmp_path, KAN + CUT)

    authors, cut = names("{KAN}:")
    assert len(authors) == 8 and not cut


def test_a_paper_on_the_site_with_a_cut_list_is_completed_and_keeps_its_member_links(
    index, tmp_path
):
    ziming = PeopleIndexPage.objects.get().get_children().get(title="Ziming Liu").specific
    paper = add_publication(
        index,
        "{KAN}: {Kolmogorov-Arnold} Networks",
        date(2024, 4, 30),
        authors=("Z. Liu", "Y. Wang"),
        members={"Z. Liu": ziming},
        arxiv_id="2404.19756",
        authors_cut=True,
    )
    key = paper.bibtex_key

    said = run_import(tmp_path, KAN)

    assert "1 updated" in said
    authors, cut = names("{KAN}:")
    assert len(authors) == 8 and not cut
    first = PublicationPage.objects.get(pk=paper.pk).authors.first()
    assert first.member_id == ziming.pk
    assert PublicationPage.objects.get(pk=paper.pk).bibtex_key == key


def test_a_longer_list_of_other_people_does_not_replace_a_cut_one(index, tmp_path):
    paper = add_publication(
        index,
        "{KAN}: {Kolmogorov-Arnold} Networks",
        date(2024, 4, 30),
        authors=("Ana Lopez", "Ben Okafor"),
        arxiv_id="2404.19756",
        authors_cut=True,
    )

    run_import(tmp_path, KAN)

    assert [a.name for a in PublicationPage.objects.get(pk=paper.pk).authors.all()] == [
        "Ana Lopez",
        "Ben Okafor",
    ]
