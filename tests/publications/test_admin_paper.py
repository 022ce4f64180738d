"""An editor adds a paper by hand in the admin: it publishes on the first try, and the
admin lists it by its title as visitors read it."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from publications.models import PublicationIndexPage, PublicationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


def paper_form(**fields):
    data = {
        "title": "",
        "slug": "",
        "publication_date": date(2024, 1, 1).isoformat(),
        "publication_type": "preprint",
        "status": "published",
        "date_precision": "day",
        "authors": inline_formset([{"name": "Ana Lopez", "member": ""}]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def test_a_paper_with_math_in_its_title_publishes_on_the_first_try(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=["publications", "publicationpage", index.pk])

    response = admin_client.post(url, paper_form(title="$\\alpha$-scaling of \\emph{sparse} codes"))

    assert response.status_code == 302, response.context["form"].errors
    paper = PublicationPage.objects.get()
    assert paper.live
    assert paper.slug == "alpha-scaling-of-sparse-codes"
    assert paper.bibtex_key == "lopez2024alpha"

    # A second paper of the same title is not made behind the editor's back as "…-1":
    # they are told, and choose.
    again = admin_client.post(url, paper_form(title="$\\alpha$-scaling of \\emph{sparse} codes"))
    assert again.status_code == 200
    assert "already has the address “alpha-scaling-of-sparse-codes”" in again.content.decode()
    assert PublicationPage.objects.count() == 1


def test_the_admin_lists_papers_by_their_readable_title(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=["publications", "publicationpage", index.pk])
    admin_client.post(url, paper_form(title="$\\alpha$-scaling of \\emph{sparse} codes"))

    listing = admin_client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()

    assert "α-scaling of sparse codes" in listing
    assert "$\\alpha$" not in listing


TITLES = [
    "$\\alpha$-scaling of \\emph{sparse} codes",
    "Schr{\\\"o}dinger's {G}rokking and $N^{-\\alpha}$ scaling",
    "Seeing is Believing: Brain-Inspired Modular Training for Mechanistic Interpretability",
    "$$\\sum$$",
]


@pytest.mark.parametrize("title", TITLES)
def test_a_paper_gets_the_same_address_from_the_admin_an_import_and_the_demo(
    admin_client, index, tmp_path, title
):
    """One rule (``PublicationPage.slug_for_title``): the admin form, a BibTeX import and the
    demo loader make the same address from the same title."""
    url = reverse("wagtailadmin_pages:add", args=["publications", "publicationpage", index.pk])
    assert admin_client.post(url, paper_form(title=title)).status_code == 302
    by_hand = PublicationPage.objects.get()
    by_hand.delete()
    bib = tmp_path / "one.bib"
    bib.write_text(f"@misc{{one, title = {{{title}}}, author = {{Ana Lopez}}, year = {{2024}}}}\n")
    call_command("import_bibtex", str(bib), stdout=StringIO())
    imported = PublicationPage.objects.get()

    assert by_hand.slug == imported.slug == PublicationPage.slug_for_title(title)
    assert len(by_hand.slug) <= 70


def test_the_demo_papers_have_the_addresses_of_the_one_rule(demo_site):
    papers = PublicationPage.objects.all()
    assert papers.count() == 50
    assert all(paper.slug == PublicationPage.slug_for_title(paper.title) for paper in papers)
