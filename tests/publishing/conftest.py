"""Fixtures of the publishing tests: ``small_site``, a site with every kind of file the
static copy holds (pages, a list with its exports and feed, a paper's own exports, a
member, the sitemap, styles, the search index) in a few pages, for the tests whose subject
is how the copy is written and sent, not the demo's content (the demo's copy is checked
whole in tests/browser/test_static_copy.py and test_incremental.py)."""

from datetime import date

import pytest

from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage, PublicationType

from ..factories import add_member, add_publication


@pytest.fixture
def small_site(home_page):
    people = home_page.add_child(
        instance=PeopleIndexPage(title="People", slug="people", show_in_menus=True)
    )
    ziming = add_member(people, "Ziming Liu")
    papers = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications", show_in_menus=True)
    )
    authors = ["Ziming Liu", "Eric J. Michaud", "Max Tegmark"]
    for title, day in [
        ("Omnigrok: Grokking Beyond Algorithmic Data", date(2022, 10, 3)),
        ("KAN: Kolmogorov-Arnold Networks", date(2024, 4, 30)),
        ("Towards Understanding Grokking: An Effective Theory", date(2022, 5, 20)),
    ]:
        add_publication(
            papers,
            title,
            day,
            authors=authors,
            members={"Ziming Liu": ziming},
            publication_type=PublicationType.CONFERENCE,
            venue="ICLR 2023",
            arxiv_id="2210.01117" if title.startswith("Omnigrok") else "",
        )
    return home_page
