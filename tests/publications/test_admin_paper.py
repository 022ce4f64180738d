"""An editor adds a paper by hand in the admin: it publishes on the first try, and the
admin lists it by its title as visitors read it."""

from datetime import date

import pytest
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

    again = admin_client.post(url, paper_form(title="$\\alpha$-scaling of \\emph{sparse} codes"))
    assert again.status_code == 302
    assert PublicationPage.objects.get(pk__gt=paper.pk).slug == "alpha-scaling-of-sparse-codes-1"


def test_the_admin_lists_papers_by_their_readable_title(admin_client, index):
    url = reverse("wagtailadmin_pages:add", args=["publications", "publicationpage", index.pk])
    admin_client.post(url, paper_form(title="$\\alpha$-scaling of \\emph{sparse} codes"))

    listing = admin_client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()

    assert "α-scaling of sparse codes" in listing
    assert "$\\alpha$" not in listing
