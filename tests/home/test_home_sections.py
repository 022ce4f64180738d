"""The home page's listing sections: featured highlights, members and newest publications."""

import re
from datetime import date, timedelta

import pytest
import wagtail_factories

from people.models import PeopleIndexPage, Role
from publications.models import PublicationIndexPage

from ..conftest import count_queries
from ..factories import add_highlight, add_member, add_publication, add_research_index

pytestmark = pytest.mark.django_db

SEED_HIGHLIGHTS = [
    "Seeing is Believing: Brain-Inspired Modular Training for Mechanistic Interpretability",
    "The Quantization Model of Neural Scaling",
    "Omnigrok: Grokking Beyond Algorithmic Data",
    "Towards Understanding Grokking: An Effective Theory of Representation Learning",
]
SEED_MEMBERS = [
    "Max Tegmark",
    "Peter S. Park",
    "Eric J. Michaud",
    "Ziming Liu",
    "Josh Engels",
    "Wes Gurnee",
    "Isaac Liao",
    "Vedang Lad",
]


def squash(html):
    return re.sub(r"\s+", " ", html)


def highlight_titles(html):
    return re.findall(r'class="highlight__title" id="[^"]+"><a href="[^"]+">([^<]+)</a>', html)


def member_names(html):
    return re.findall(r'class="member-card__name"><a href="[^"]+">([^<]+)</a>', html)


def test_demo_home_page_tells_the_groups_story(client, demo_site):
    html = squash(client.get("/").content.decode())

    assert "Welcome to the Tegmark AI Safety Group!" in html
    assert "Guarantee trustworthiness" in html
    assert member_names(html) == SEED_MEMBERS
    assert highlight_titles(html) == SEED_HIGHLIGHTS
    assert html.count("ICLR 2023 (Spotlight)") == 2
    assert "we embed neurons into a geometric space and maximize locality" in html
    assert "Ziming Liu, Ouail Kitouni, Niklas Nolte" in re.sub(r"<[^>]+>", "", html)
    # The seed's sentence, word for word; the link carries the words that say where it goes
    # (a link that only says "here" means nothing to screen readers and search engines).
    assert re.search(
        r'You\'ll find <a href="/publications/">a complete list of our publications here</a>\.',
        html.replace("&#x27;", "'"),
    )
    assert "Recent publications" in html
    assert "A Decision-Theoretic Formalisation of Steganography" in html  # the newest paper
    assert "Collaborate with us" in html


def test_demo_research_page_lists_the_four_highlights(client, demo_site):
    html = squash(client.get("/research/").content.decode())

    assert sorted(highlight_titles(html)) == sorted(SEED_HIGHLIGHTS)
    assert "auto-discovering knowledge representations, hidden symmetries" in html


def test_demo_highlights_show_no_invented_links(client, demo_site):
    html = client.get("/research/").content.decode()
    assert "highlight__links" not in html
    assert "github.com" not in html and "colab" not in html.lower()


@pytest.fixture
def site(home_page):
    people = home_page.add_child(
        instance=PeopleIndexPage(title="People", slug="people", show_in_menus=True)
    )
    publications = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    research = add_research_index(home_page)
    return {"home": home_page, "people": people, "publications": publications, "research": research}


def set_sections(home, *sections):
    home.body = [{"type": kind, "value": value} for kind, value in sections]
    home.save_revision().publish()


HIGHLIGHTS = ("highlights", {"heading": "Our research", "intro": "", "count": 4})
MEMBERS = ("members", {"heading": "The team", "intro": "", "count": 0, "show_links": True})
PUBLICATIONS = (
    "publications",
    {"heading": "Latest papers", "intro": "", "count": 3, "link_text": "Every paper"},
)


def test_sections_have_the_editors_headings_and_links_to_their_pages(client, site):
    set_sections(site["home"], HIGHLIGHTS, MEMBERS, PUBLICATIONS)
    add_member(site["people"], "Ana Lopez")

    html = squash(client.get("/").content.decode())

    assert '<h2 id="section-our-research">Our research</h2>' in html
    assert '<h2 id="section-the-team">The team</h2>' in html
    assert '<h2 id="section-latest-papers">Latest papers</h2>' in html
    assert '<a href="/research/">All research highlights</a>' in html
    assert '<a href="/people/">Everyone in the group</a>' in html
    assert '<a href="/publications/">Every paper</a>' in html


def test_the_members_link_promises_alumni_only_when_the_people_page_lists_some(client, site):
    set_sections(site["home"], MEMBERS)
    add_member(site["people"], "Ana Lopez")
    add_member(site["people"], "Ben Old", end_date=date.today() - timedelta(days=30))

    with_alumni = squash(client.get("/").content.decode())
    PeopleIndexPage.objects.filter(pk=site["people"].pk).update(show_alumni=False)
    alumni_hidden = squash(client.get("/").content.decode())

    assert '<a href="/people/">Everyone in the group, alumni included</a>' in with_alumni
    assert "Ben Old" not in with_alumni.split('id="section-the-team"')[1].split("</section>")[0]
    assert '<a href="/people/">Everyone in the group</a>' in alumni_hidden


def test_a_section_removed_by_the_editor_is_gone(client, site):
    add_member(site["people"], "Ana Lopez")
    set_sections(site["home"], HIGHLIGHTS)

    html = client.get("/").content.decode()

    assert "Ana Lopez" not in html
    assert "The team" not in html


def test_highlights_section_shows_only_featured_ones_up_to_its_count(client, site):
    heading, value = HIGHLIGHTS
    set_sections(site["home"], (heading, {**value, "count": 2}))
    for number in range(1, 5):
        add_highlight(site["research"], f"Result {number}", feature_on_home=number != 2)

    assert highlight_titles(client.get("/").content.decode()) == ["Result 1", "Result 3"]


def test_members_section_lists_current_members_pi_first_without_alumni(client, site):
    set_sections(site["home"], MEMBERS)
    add_member(site["people"], "Pat Student", Role.PHD, website="https://pat.example.org/")
    add_member(site["people"], "Alum Former", Role.PHD, end_date=date(2020, 1, 1))
    add_member(site["people"], "Prof Lead", Role.PI)
    add_member(site["people"], "Leaving Soon", Role.POSTDOC, end_date=date.today() + timedelta(30))

    html = client.get("/").content.decode()

    assert member_names(html) == ["Prof Lead", "Leaving Soon", "Pat Student"]
    assert 'href="https://pat.example.org/"' in html


def test_members_section_count_and_links_are_editor_choices(client, site):
    heading, value = MEMBERS
    set_sections(site["home"], (heading, {**value, "count": 1, "show_links": False}))
    add_member(site["people"], "Pat Student", website="https://pat.example.org/")
    add_member(site["people"], "Sam Student")

    html = client.get("/").content.decode()

    assert member_names(html) == ["Pat Student"]
    assert "pat.example.org" not in html


def test_publications_section_shows_the_newest_first(client, site):
    set_sections(site["home"], PUBLICATIONS)
    for year in range(2018, 2025):
        add_publication(site["publications"], f"Paper of {year}", date(year, 6, 1))

    html = client.get("/").content.decode()

    titles = re.findall(r"Paper of (\d{4})", html)
    assert titles == ["2024", "2023", "2022"]


def test_home_page_queries_stay_fixed_as_members_highlights_and_papers_grow(client, site):
    set_sections(site["home"], MEMBERS, HIGHLIGHTS, PUBLICATIONS)

    def grow(start, stop):
        for number in range(start, stop):
            photo = wagtail_factories.ImageFactory() if number % 2 else None
            member = add_member(
                site["people"],
                f"Member {number}",
                photo=photo,
                photo_alt_text="A portrait" if photo else "",
            )
            paper = add_publication(
                site["publications"],
                f"Paper {number}",
                date(2020, 1, 1) + timedelta(days=number),
                authors=[f"Member {number}", "Guest Author"],
                members={f"Member {number}": member},
            )
            add_highlight(
                site["research"],
                f"Highlight {number}",
                publication=paper,
                feature_on_home=True,
                authors_override="" if number % 2 else f"Member {number}, Someone Else",
                figure=wagtail_factories.ImageFactory() if number % 2 else None,
                figure_alt_text="A figure" if number % 2 else "",
            )

    grow(0, 2)
    few = count_queries(client, "/")
    grow(2, 12)
    many = count_queries(client, "/")

    assert few == many
    # Wagtail's public() reads the view restrictions once per list (4 lists here).
    assert many <= 19, many


def test_selected_publications_show_only_the_papers_marked_selected(client, site):
    papers = site["publications"]
    add_publication(papers, "A selected paper", date(2021, 5, 1), selected=True)
    add_publication(papers, "A newer paper nobody selected", date(2024, 5, 1))
    add_publication(papers, "Another selected paper", date(2023, 5, 1), selected=True)
    section = (
        "selected_publications",
        {"heading": "Selected publications", "intro": "", "count": 5, "link_text": "All of them"},
    )
    set_sections(site["home"], section)

    html = client.get("/").content.decode()
    listing = client.get("/publications/?selected=1").content.decode()

    assert html.index("Another selected paper") < html.index("A selected paper")
    assert "A newer paper nobody selected" not in html
    assert 'href="/publications/?selected=1">All of them</a>' in html
    assert "Selected publications (2)" in listing
    assert "A newer paper nobody selected" not in listing
    assert "Another selected paper" in listing and "A selected paper" in listing
