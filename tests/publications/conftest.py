"""Fixtures of the publication tests: ``sources``, the recorded scholarly services; a
publication list (``index``), a member (``ziming``) and three papers (``papers``)."""

from datetime import date

import pytest

from people.models import PeopleIndexPage
from publications.models import PublicationIndexPage, PublicationType
from scholarly_text.models import ResearchTopic

from ..factories import add_member, add_publication
from .recorded_sources import sources  # noqa: F401 - a fixture, offered to every test here


@pytest.fixture
def index(home_page):
    page = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    return page


@pytest.fixture
def ziming(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    return add_member(people, "Ziming Liu")


@pytest.fixture
def papers(index, ziming):
    topic = ResearchTopic.objects.create(name="Grokking", slug="grokking")
    omnigrok = add_publication(
        index,
        "Omnigrok: Grokking Beyond Algorithmic Data",
        date(2022, 10, 3),
        authors=["Ziming Liu", "Eric J. Michaud", "Max Tegmark"],
        members={"Ziming Liu": ziming},
        publication_type=PublicationType.CONFERENCE,
        venue="ICLR 2023",
        venue_note="Spotlight",
        arxiv_id="2210.01117",
        arxiv_category="cs.LG",
        code_url="https://github.com/example/omnigrok",
        has_code=True,
        abstract="We study $\\textbf{grokking}$ with weight norm $\\|w\\|$ and \\emph{loss landscapes}.",
    )
    omnigrok.topics.add(topic)
    omnigrok.save()
    kan = add_publication(
        index,
        "KAN: Kolmogorov-Arnold Networks",
        date(2024, 4, 30),
        authors=["Ziming Liu", "Yixuan Wang"],
        authors_cut=True,
        members={"Ziming Liu": ziming},
        doi="10.48550/arXiv.2404.19756",
        abstract="Inspired by the representation theorem, we propose splines on edges.",
    )
    other = add_publication(
        index,
        "Provably safe systems",
        date(2023, 9, 5),
        authors=["Max Tegmark", "Steve Omohundro"],
        publication_type=PublicationType.JOURNAL,
        venue="Journal of Safety",
        abstract="We argue for formal verification.",
    )
    return {"omnigrok": omnigrok, "kan": kan, "other": other, "topic": topic}
