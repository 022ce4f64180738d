"""Awards: each its own page, shown on the profiles of the members it went to, on the page
of the paper it was for, in the home page's Awards section, in the menu once there is one,
and in the site search."""

import json
import re
from datetime import date

import pytest
from wagtail.models import Page

from awards.models import AwardPage
from people.models import PeopleIndexPage, Role
from publications.models import PublicationIndexPage

from ..conftest import count_queries
from ..factories import add_award, add_awards_index, add_member, add_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(home_page):
    return add_awards_index(home_page, show_in_menus=True)


@pytest.fixture
def member(home_page):
    index = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    return add_member(index, "Ziming Liu", role=Role.PHD)


@pytest.fixture
def paper(home_page, member):
    index = home_page.add_child(instance=PublicationIndexPage(title="Papers", slug="papers"))
    return add_publication(
        index,
        "KAN: Kolmogorov-Arnold Networks",
        date(2024, 4, 30),
        authors=("Ziming Liu", "Max Tegmark"),
        members={"Ziming Liu": member},
        venue="ICLR 2025",
        venue_note="Oral",
    )


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_an_award_shows_on_its_page_the_members_profile_and_the_papers_page(
    client, awards, member, paper
):
    award = add_award(
        awards, "Outstanding Paper Award", 2025, members=[member], paper=paper, given_by="ICLR"
    )

    page = client.get(award.url).content.decode()
    profile = client.get(member.url).content.decode()
    paper_page = client.get(paper.url).content.decode()

    assert "Outstanding Paper Award" in page and "ICLR" in page and "2025" in page
    assert f'href="{member.url}"' in page and f'href="{paper.url}"' in page
    assert 'id="member-awards">Award</h2>' in profile
    assert f'<a href="{award.url}">Outstanding Paper Award</a>' in profile
    # The paper's honour stays as written; the award's page is linked beside it.
    assert "ICLR 2025 (Oral)" in paper_page
    assert f'Award: <a href="{award.url}">Outstanding Paper Award, ICLR</a>' in paper_page


def test_a_draft_or_unpublished_award_shows_nowhere(client, awards, member, paper):
    award = add_award(awards, "Best Poster Award", 2023, members=[member], paper=paper)
    award.unpublish()

    assert "Best Poster Award" not in client.get(member.url).content.decode()
    assert "Best Poster Award" not in client.get(paper.url).content.decode()
    assert "Best Poster Award" not in client.get(awards.url).content.decode()
    assert "No awards have been published yet." in client.get(awards.url).content.decode()


def test_the_list_groups_awards_by_year_newest_first_and_the_menu_waits_for_one(
    client, home_page, awards, member
):
    assert 'href="/awards/"' not in client.get("/").content.decode()
    add_award(awards, "Early Career Award", 2021, members=[member])
    add_award(awards, "Best Paper Award", 2024, members=[member], given_by="NeurIPS 2024")
    add_award(awards, "Teaching Award", 2024)

    html = client.get(awards.url).content.decode().split("<main", 1)[1]

    assert html.index(">2024</h2>") < html.index("Best Paper Award") < html.index(">2021</h2>")
    assert html.index("Teaching Award") < html.index(">2021</h2>") < html.index("Early Career")
    assert 'class="main-nav__link" href="/awards/"' in client.get("/").content.decode()
    search = client.get("/search/?q=career").content.decode()
    assert 'id="group-awards">Awards' in search and "Early Career Award" in search


def test_the_json_ld_carries_the_award_on_its_people_and_paper(client, awards, member, paper):
    award = add_award(
        awards, "Outstanding Paper Award", 2025, members=[member], paper=paper, given_by="ICLR"
    )

    (data,) = json_ld(client.get(award.url).content.decode())
    profile = json_ld(client.get(member.url).content.decode())

    assert data["@type"] == "WebPage" and data["name"] == "Outstanding Paper Award, ICLR (2025)"
    people = [node for node in data["about"] if node["@type"] == "Person"]
    papers = [node for node in data["about"] if node["@type"] == "ScholarlyArticle"]
    assert people == [
        {
            "@type": "Person",
            "name": "Ziming Liu",
            "url": member.get_full_url(),
            "award": "Outstanding Paper Award, ICLR (2025)",
        }
    ]
    assert papers[0]["award"] == "Outstanding Paper Award, ICLR (2025)"
    person = next(block["mainEntity"] for block in profile if "mainEntity" in block)
    assert person["award"] == ["Outstanding Paper Award, ICLR (2025)"]


def test_the_home_sections_show_the_newest_awards_and_hide_while_none(
    client, home_page, awards, member
):
    home_page.body = [
        ("awards", {"heading": "Honours", "intro": "", "count": 2}),
    ]
    home_page.save_revision().publish()
    assert "Honours" not in client.get("/").content.decode()

    for year in (2019, 2022, 2024):
        add_award(awards, f"Award of {year}", year, members=[member])
    html = client.get("/").content.decode()

    assert "Honours" in html and "Award of 2024" in html and "Award of 2022" in html
    assert "Award of 2019" not in html and 'href="/awards/">All awards</a>' in html


def test_the_awards_page_reads_a_constant_number_of_queries(client, awards, member, paper):
    add_award(awards, "One", 2020, members=[member], paper=paper)
    first = count_queries(client, awards.url)
    for year in range(2010, 2020):
        add_award(awards, f"Award {year}", year, members=[member], paper=paper)

    assert count_queries(client, awards.url) == first


def test_a_year_outside_reason_is_refused_with_a_message(admin_client, awards):
    from django.urls import reverse

    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["awards", "awardpage", awards.pk]),
        {
            "title": "Best Paper Award",
            "slug": "best-paper",
            "year": "224",
            "given_by": "",
            "announcement_url": "",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
            "people-MIN_NUM_FORMS": "0",
            "people-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1900." in response.content.decode()
    assert not AwardPage.objects.exists()


def test_awards_are_in_the_sitemap(client, awards, member):
    award = add_award(awards, "Best Paper Award", 2024, members=[member])

    sitemap = client.get("/sitemap.xml").content.decode()

    assert award.get_full_url() in sitemap
    assert Page.objects.type(AwardPage).count() == 1


@pytest.mark.parametrize(
    ("given_by", "shown", "label"),
    [
        ("ICML 2024", "ICML 2024", "Best Paper Award, ICML 2024"),
        (
            "MIT School of Science",
            "MIT School of Science, 2024",
            "Best Paper Award, MIT School of Science (2024)",
        ),
        ("", "2024", "Best Paper Award (2024)"),
    ],
)
def test_an_award_names_its_year_once(given_by, shown, label):
    award = AwardPage(title="Best Paper Award", year=2024, given_by=given_by)

    assert award.giver_and_year() == shown and award.full_label() == label
