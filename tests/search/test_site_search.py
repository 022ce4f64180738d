"""/search/: members, highlights, publications and other pages, grouped by kind."""

import re
from datetime import date

import pytest

from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage

from ..factories import (
    ContentPageFactory,
    add_highlight,
    add_member,
    add_publication,
    add_research_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    add_member(people, "Ziming Liu", bio="<p>Physics.</p>")
    publications = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    paper = add_publication(
        publications,
        "Poisson Flow Generative Models",
        date(2022, 9, 22),
        authors=["Yilun Xu", "Ziming Liu"],
        abstract="We interpret the data points as electrical charges on a hyperplane.",
    )
    research = add_research_index(home_page)
    add_highlight(
        research,
        "Brain-inspired modular training",
        summary="<p>We embed neurons into a geometric space and maximize locality.</p>",
    )
    ContentPageFactory(
        parent=home_page, title="Join us", slug="join", intro="We welcome visiting students."
    )
    return {"paper": paper, "publications": publications, "research": research}


def groups(html):
    return re.findall(r'<h2 id="group-(\w+)">', html)


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_finds_a_member_by_name(client, site):
    html = search(client, "Ziming")
    assert 'href="/people/ziming-liu/">Ziming Liu</a>' in html
    assert "people" in groups(html)


def test_finds_a_paper_by_a_word_of_its_abstract(client, site):
    html = search(client, "electrical")
    assert groups(html) == ["publications"]
    assert "Poisson Flow Generative Models" in html


def test_finds_a_highlight_by_its_summary(client, site):
    html = search(client, "locality")
    assert groups(html) == ["highlights"]
    assert "Brain-inspired modular training" in html


def test_finds_other_pages_by_their_text(client, site):
    html = search(client, "visiting students")
    assert groups(html) == ["pages"]
    assert 'href="/join/">Join us</a>' in html


def test_results_are_grouped_by_kind_in_a_fixed_order(client, site):
    add_highlight(site["research"], "Ziming's idea", summary="<p>By Ziming Liu.</p>")
    html = search(client, "Ziming")
    assert groups(html) == ["people", "highlights", "publications"]


def test_each_kind_shows_a_few_and_links_to_all_of_them_paginated(client, site):
    for number in range(45):
        add_publication(site["publications"], f"Grokking study {number}", date(2023, 1, 1))

    overview = search(client, "grokking")
    assert overview.count('class="search-result"') == 5
    assert 'href="?q=grokking&amp;kind=publications">All 45 publications results</a>' in overview

    first = search(client, "grokking", kind="publications")
    assert first.count('class="search-result"') == 20
    assert "Page 1 of 3" in first
    assert 'rel="next" href="?q=grokking&amp;kind=publications&amp;page=2"' in first
    last = search(client, "grokking", kind="publications", page="3")
    assert last.count('class="search-result"') == 5
    beyond = search(client, "grokking", kind="publications", page="99")
    assert "Page 3 of 3" in beyond


def test_empty_and_unmatched_queries_explain_themselves(client, site):
    empty = search(client, "")
    assert 'id="search-q"' in empty
    assert "result" not in empty.split("</form>")[1]

    nothing = search(client, "xylophone")
    assert "Nothing matches “xylophone”" in nothing


def test_the_query_is_escaped(client, site):
    html = search(client, '<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_drafts_are_not_found(client, site):
    site["paper"].unpublish()
    html = search(client, "electrical")
    assert "Poisson Flow" not in html


def test_search_page_is_not_indexed_and_the_header_links_to_it(client, site):
    html = search(client, "anything")
    assert '<meta name="robots" content="noindex">' in html
    home = client.get("/").content.decode()
    assert '<form class="header-search" method="get" action="/search/" role="search"' in home


def test_each_content_app_registers_its_kind_in_the_order_the_page_shows_them():
    """The kinds come from the apps' ``register_search_kind`` hooks, in their order, and the
    pages of every other type come last."""
    from awards.models import AwardPage
    from events.models import EventPage
    from funding.models import GrantPage
    from galleries.models import GalleryPage
    from news.models import NewsPage
    from openings.models import OpeningPage
    from people.models import MemberPage
    from projects.models import ProjectPage
    from publications.models import PublicationPage
    from research.models import ResearchHighlightPage
    from search.kinds import kinds
    from teaching.models import CoursePage

    assert [(kind.key, kind.model) for kind in kinds()] == [
        ("people", MemberPage),
        ("highlights", ResearchHighlightPage),
        ("publications", PublicationPage),
        ("news", NewsPage),
        ("events", EventPage),
        ("projects", ProjectPage),
        ("openings", OpeningPage),
        ("awards", AwardPage),
        ("courses", CoursePage),
        ("galleries", GalleryPage),
        ("grants", GrantPage),
        ("pages", None),
    ]
