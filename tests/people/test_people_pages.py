"""The public people page and member pages."""

import json
import re
from datetime import date

import pytest
import wagtail_factories

from people.models import MemberPage, PeopleIndexPage, Role, RoleGroup

from .. import factories
from ..conftest import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(home_page):
    index = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    index.save_revision().publish()
    return index


def add_member(index, name, role, **fields):
    return factories.add_member(index, name, role, revision=True, **fields)


def test_people_page_groups_current_members_by_role_then_lists_alumni(client, people):
    add_member(people, "Pat Student", Role.PHD)
    add_member(people, "Max Lead", Role.PI)
    add_member(
        people,
        "Old Friend",
        Role.POSTDOC,
        start_date=date(2019, 9, 1),
        end_date=date(2022, 6, 30),
        now_position="Professor",
        now_organisation="Example University",
    )

    html = client.get("/people/").content.decode()

    assert html.index("Principal investigator") < html.index("PhD students") < html.index("Alumni")
    assert html.index("Max Lead") < html.index("Pat Student") < html.index("Old Friend")
    alumni = html[html.index('id="alumni"') :]
    assert "Postdocs" not in html[: html.index('id="alumni"')]  # the only postdoc has left
    assert alumni.index("Postdocs") < alumni.index("Old Friend")  # grouped by the role they had
    assert "2019–2022" in alumni
    assert "Now: Professor, Example University" in alumni


def test_alumni_are_grouped_by_the_role_they_had_in_the_editors_order(client, people):
    people.role_groups.add(RoleGroup(role=Role.PHD, heading="Doctoral researchers"))
    people.save_revision().publish()
    for name, role, left in [
        ("Early Postdoc", Role.POSTDOC, date(2018, 8, 31)),
        ("Recent Doctor", Role.PHD, date(2024, 5, 31)),
        ("Older Doctor", Role.PHD, date(2020, 5, 31)),
    ]:
        add_member(people, name, role, start_date=date(2015, 9, 1), end_date=left)

    alumni = client.get("/people/").content.decode()
    alumni = alumni[alumni.index('id="alumni"') :]

    headings = re.findall(r'<h3 class="alumni-group__heading"[^>]*>([^<]+)</h3>', alumni)
    assert headings == ["Doctoral researchers", "Postdocs"]
    assert alumni.index("Recent Doctor") < alumni.index("Older Doctor")  # newest leavers first
    assert "2015–2024" in alumni


def test_where_an_alumnus_is_now_links_and_is_in_their_structured_data(client, people):
    member = add_member(
        people,
        "Old Friend",
        Role.PHD,
        start_date=date(2017, 9, 1),
        end_date=date(2022, 6, 30),
        now_position="Research scientist",
        now_organisation="Example Labs",
        now_since=2023,
        now_url="https://example.org/people/old-friend",
    )

    listing = client.get("/people/").content.decode()
    profile = client.get(member.url).content.decode()

    link = '<a href="https://example.org/people/old-friend">Research scientist, Example Labs (since 2023)</a>'
    assert f"Now: {link}" in listing and f"Now: {link}" in profile
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', profile, re.S)
    items = [json.loads(block) for block in blocks]
    person = next(item["mainEntity"] for item in items if item.get("@type") == "ProfilePage")
    assert person["jobTitle"] == "Research scientist"
    assert person["worksFor"] == {
        "@type": "Organization",
        "name": "Example Labs",
        "url": "https://example.org/people/old-friend",
    }
    assert "alumniOf" in person


def test_a_current_member_shows_no_now_at(client, people):
    member = add_member(
        people, "Still Here", Role.PHD, now_position="Intern", now_organisation="Elsewhere"
    )

    assert "Now:" not in client.get(member.url).content.decode()
    assert "Now:" not in client.get("/people/").content.decode()


def test_editors_choose_the_order_of_roles(client, people):
    add_member(people, "Pat Student", Role.PHD)
    add_member(people, "Max Lead", Role.PI)
    people.role_groups.add(RoleGroup(role=Role.PHD, heading="Doctoral researchers"))
    people.save_revision().publish()

    html = client.get("/people/").content.decode()

    assert "Doctoral researchers" in html
    assert html.index("Doctoral researchers") < html.index("Principal investigator")


def test_member_without_photo_gets_initials_never_a_broken_image(client, people):
    add_member(people, "Eric J. Michaud", Role.PHD)

    html = client.get("/people/").content.decode()

    assert re.search(r'class="avatar avatar--initials avatar--hue-\d" aria-hidden="true">EM<', html)
    assert "<img" not in html


def test_member_photo_uses_responsive_renditions_with_its_description(client, people):
    photo = wagtail_factories.ImageFactory(file__width=800, file__height=800)
    add_member(people, "Ana Photo", Role.PHD, photo=photo, photo_alt_text="Ana at a whiteboard")

    html = client.get("/people/ana-photo/").content.decode()

    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert 'alt="Ana at a whiteboard"' in html
    assert 'loading="eager"' in html  # the first thing seen: not held back
    assert 'loading="lazy"' in client.get("/people/").content.decode()  # one of many
    # Every rendition the page names is served (SERVE_MEDIA, as `make serve` sets it).
    urls = set(re.findall(r'(/media/[^" ,]+)', html))
    assert len(urls) == 6  # AVIF, WebP and JPEG, at 1x and 2x
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/"), url


def test_people_page_query_count_does_not_grow_with_members(client, people):
    def count():
        return count_queries(client, "/people/")

    def add(first, last):
        for number in range(first, last):
            photo = wagtail_factories.ImageFactory() if number % 2 else None
            add_member(people, f"Person {number}", Role.PHD, photo=photo, photo_alt_text="A person")
        client.get("/people/")  # renditions are created on the first view

    add(0, 4)
    few = count()
    add(4, 24)
    many = count()

    assert few == many
    assert many <= 14


def test_member_page_shows_profile_links_and_person_json_ld(client, people):
    add_member(
        people,
        "Ziming Liu",
        Role.PHD,
        bio="<p>Works on <b>grokking</b>.</p>",
        research_interests="interpretability, physics of AI",
        website="https://example.org/ziming",
        github_url="https://github.com/example",
        orcid="https://orcid.org/0000-0002-1825-0097",
    )

    html = client.get("/people/ziming-liu/").content.decode()

    assert "<h1" in html and "Ziming Liu" in html
    assert "Works on <b>grokking</b>." in html
    assert '<li class="tag">physics of AI</li>' in html
    assert 'href="https://github.com/example"' in html
    page = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert page["@type"] == "ProfilePage"
    data = page["mainEntity"]
    assert data["@type"] == "Person"
    assert data["name"] == "Ziming Liu"
    assert data["jobTitle"] == "PhD student"
    assert data["sameAs"][0] == "https://example.org/ziming"
    assert "https://orcid.org/0000-0002-1825-0097" in data["sameAs"]


def test_json_ld_cannot_break_out_of_its_script_block(client, people):
    add_member(people, "Evil </script><script>alert(1)</script>", Role.PHD)
    member = MemberPage.objects.get()

    html = client.get(member.url).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "\\u003C/script\\u003E" in html


def test_people_page_is_in_the_navigation(client, people):
    people.show_in_menus = True
    people.save_revision().publish()

    html = client.get("/").content.decode()

    assert '<a class="main-nav__link" href="/people/">People</a>' in html


@pytest.mark.parametrize(
    "now_at, parts",
    [
        ("Research scientist at Example Labs", ("Research scientist", "Example Labs")),
        ("Professor at the University of Oslo", ("Professor", "the University of Oslo")),
        ("Postdoc at Lab at MIT", ("Postdoc at Lab", "MIT")),
        ("Founder, a start-up", ("Founder, a start-up", "")),
        ("  at Somewhere", ("at Somewhere", "")),
    ],
)
def test_the_old_now_at_line_is_split_into_position_and_organisation(now_at, parts):
    from people.upgrades import now_at_parts

    assert now_at_parts(now_at) == parts


def test_an_alumnus_keeps_their_papers_with_the_group_and_their_years(client, people, home_page):
    from publications.models import PublicationIndexPage

    papers = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    alumnus = add_member(
        people, "Old Friend", Role.PHD, start_date=date(2017, 9, 1), end_date=date(2022, 6, 30)
    )
    current = add_member(people, "Still Here", Role.PHD)
    factories.add_publication(
        papers,
        "Grokking as a phase transition",
        date(2021, 3, 1),
        authors=("Old Friend", "Still Here"),
        members={"Old Friend": alumnus, "Still Here": current},
    )

    left = client.get(alumnus.url).content.decode()
    here = client.get(current.url).content.decode()

    assert '<h2 id="publications">Publications with the group (2017–2022)</h2>' in left
    assert "Grokking as a phase transition" in left
    assert '<h2 id="publications">Publications</h2>' in here
