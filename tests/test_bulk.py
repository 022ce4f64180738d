"""`lab_site.bulk.add_children`: many pages in a few queries, with the same result as add_child."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, ReferenceIndex

from lab_site.bulk import add_children
from lab_site.page_cache import generation
from people.models import MemberPage, PeopleIndexPage, Role
from publications.models import PublicationAuthor, PublicationIndexPage, PublicationPage

from .factories import add_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    member = people.add_child(instance=MemberPage(title="Ada Lovelace", slug="ada", role=Role.PHD))
    index = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    add_publication(index, "An earlier paper", date(2020, 1, 1))
    return index, member


def papers(count, member):
    pages, authors = [], []
    for number in range(count):
        page = PublicationPage(
            title=f"Paper {number} on $\\alpha$-circuits",
            slug=f"paper-{number}",
            publication_date=date(2021, 1, 1 + number % 28),
            abstract="We study $x^2$ in transformers.",
        )
        pages.append(page)
        authors += [
            PublicationAuthor(page=page, name="Ada Lovelace", member=member, sort_order=0),
            PublicationAuthor(page=page, name=f"Co Author{number}", sort_order=1),
        ]
    return pages, authors


def test_pages_join_the_tree_after_the_last_child_published_and_searchable(
    site, client, django_capture_on_commit_callbacks
):
    index, member = site
    before = generation()
    pages, authors = papers(30, member)

    with django_capture_on_commit_callbacks(execute=True):
        add_children(index, pages, authors)

    assert Page.find_problems() == ([], [], [], [], [])
    index.refresh_from_db()
    assert index.numchild == 31
    children = list(PublicationPage.objects.child_of(index).order_by("path"))
    assert [page.title for page in children][:2] == [
        "An earlier paper",
        "Paper 0 on $\\alpha$-circuits",
    ]
    paper = children[-1]
    assert paper.live and paper.url_path.endswith("/publications/paper-29/")
    assert [author.name for author in paper.authors.order_by("sort_order")] == [
        "Ada Lovelace",
        "Co Author29",
    ]
    assert client.get("/publications/paper-29/").status_code == 200
    # Indexed for search with the author names; member references recorded for "usage".
    found = PublicationPage.objects.live().search("Author29")
    assert [page.pk for page in found] == [paper.pk]
    assert ReferenceIndex.get_references_to(member).filter(object_id=str(paper.pk)).exists()
    assert generation() != before  # the page cache was emptied


def test_a_taken_slug_or_an_invalid_page_writes_nothing(site):
    index, member = site
    pages, authors = papers(3, member)
    pages[1].slug = "an-earlier-paper"
    with pytest.raises(ValidationError, match="an-earlier-paper"):
        add_children(index, pages, authors)

    pages, authors = papers(3, member)
    pages[2].arxiv_id = "not an id"
    with pytest.raises(ValidationError, match="arXiv id"):
        add_children(index, pages, authors)
    assert PublicationPage.objects.count() == 1
    assert Page.find_problems() == ([], [], [], [], [])


def test_pages_of_two_types_are_refused(site):
    index, member = site
    pages, _ = papers(1, member)
    with pytest.raises(TypeError):
        add_children(index, [*pages, MemberPage(title="X", slug="x")])
