"""A member's CV, composed from the site's own data: its page at ``<profile>cv/``, its
sections in the member's order (hidden ones left out, their own sections added), the PDF
(read back with pypdf) and the JSON Resume (validated against the published schema,
tests/files/jsonresume/SOURCES)."""

import io
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache
from pypdf import PdfReader
from wagtail.rich_text import RichText

from events.models import EventIndexPage
from home.models import ContentPage
from people.models import MemberEducation, MemberPage, MemberPosition, PeopleIndexPage, Role
from publications.models import PublicationIndexPage
from teaching.models import Season

from ..conftest import count_queries
from ..factories import (
    add_award,
    add_awards_index,
    add_course,
    add_event,
    add_member,
    add_publication,
    add_teaching_index,
)

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parents[1] / "files" / "jsonresume"


@pytest.fixture
def ziming(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    member = add_member(
        people,
        "Ziming Liu",
        role=Role.PHD,
        start_date=date(2020, 9, 1),
        email="zmliu@example.org",
        website="https://kindxiaoming.github.io/",
    )
    member.positions.add(
        MemberPosition(title="Research intern", organisation="Example Labs", start_year=2019)
    )
    member.education.add(
        MemberEducation(
            degree="BSc", field="Physics", institution="Peking University", end_year=2020
        )
    )
    member.save_revision().publish()
    papers = home_page.add_child(instance=PublicationIndexPage(title="Papers", slug="papers"))
    for title, day in (
        ("KAN: Kolmogorov-Arnold Networks", date(2024, 4, 30)),
        ("Omnigrok: Grokking Beyond Algorithmic Data", date(2022, 10, 3)),
    ):
        add_publication(
            papers,
            title,
            day,
            authors=("Ziming Liu", "Max Tegmark"),
            members={"Ziming Liu": member},
            venue="ICLR",
        )
    awards = add_awards_index(home_page)
    add_award(awards, "Best Poster Award", 2023, members=[member], given_by="MIT")
    teaching = add_teaching_index(home_page)
    add_course(
        teaching, "Physics of learning", code="8.S50", terms=[(Season.FALL, 2024)], members=[member]
    )
    events = home_page.add_child(instance=EventIndexPage(title="Events", slug="events"))
    add_event(events, "Grokking explained", date(2024, 5, 1), None, speakers=[member])
    return MemberPage.objects.get(pk=member.pk)


def main(client, url):
    return client.get(url).content.decode().split("<main", 1)[1]


def headings(html):
    import re

    return re.findall(r'<h2 id="cv-\d+">([^<]+)</h2>', html)


def test_the_cv_is_made_from_the_profile_and_the_site(client, ziming):
    html = main(client, ziming.url + "cv/")

    assert headings(html) == [
        "Positions",
        "Education",
        "Publications",
        "Awards and honours",
        "Talks",
        "Teaching",
    ]
    assert "PhD student" in html and "2020–present" in html and "Research intern" in html
    assert "BSc, Physics" in html and "Peking University" in html
    # Papers newest first, numbered down, the member's name in bold.
    assert html.index("KAN: Kolmogorov") < html.index("Omnigrok")
    assert "[2]" in html and "<strong>Ziming Liu</strong>, Max Tegmark" in html
    assert "Best Poster Award" in html and "8.S50 Physics of learning" in html
    assert "Grokking explained" in html
    assert 'href="/people/ziming-liu/cv.pdf"' in html
    assert 'href="/people/ziming-liu/cv.resume.json"' in html
    profile = main(client, ziming.url)
    assert 'href="/people/ziming-liu/cv/">CV</a>' in profile


def test_the_member_orders_hides_and_adds_sections(client, ziming):
    ziming.cv_layout = [
        ("section", {"section": "publications", "hide": False}),
        ("free", {"heading": "Service", "body": RichText("<p>Reviewer for ICML.</p>")}),
        ("section", {"section": "awards", "hide": True}),
        ("section", {"section": "no-longer-a-kind", "hide": False}),
    ]
    ziming.save_revision().publish()

    html = main(client, ziming.url + "cv/")

    # The chosen first, then their own section, then the rest in the usual order.
    assert headings(html) == [
        "Publications",
        "Service",
        "Positions",
        "Education",
        "Talks",
        "Teaching",
    ]
    assert "Reviewer for ICML." in html and "Best Poster Award" not in html


def test_a_draft_layout_waits_until_it_is_published(client, ziming):
    ziming.cv_layout = [("section", {"section": "publications", "hide": True})]
    ziming.save_revision()  # a draft: the live CV is as it was

    assert "Publications" in headings(main(client, ziming.url + "cv/"))


def test_an_alumnus_cv_starts_with_where_they_are_now(client, ziming):
    ziming.end_date = date(2025, 6, 30)
    ziming.now_position, ziming.now_organisation, ziming.now_since = (
        "Assistant professor",
        "Example University",
        2025,
    )
    ziming.save_revision().publish()

    html = main(client, ziming.url + "cv/")
    positions = html.split('id="cv-1">Positions</h2>', 1)[1].split("</section>", 1)[0]

    assert positions.index("Assistant professor") < positions.index("PhD student")
    assert "2020–2025" in positions and "2025–present" in positions


def test_the_json_resume_validates_against_the_published_schema(client, ziming):
    schema = json.loads((SCHEMA / "schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    # The schema accepts its own sample (it is the schema we think it is).
    validator.validate(json.loads((SCHEMA / "sample.resume.json").read_text()))

    response = client.get(ziming.url + "cv.resume.json")
    document = response.json()

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert not list(validator.iter_errors(document))
    assert document["basics"]["name"] == "Ziming Liu"
    assert document["basics"]["email"] == "zmliu@example.org"
    assert [p["name"] for p in document["publications"]] == [
        "KAN: Kolmogorov-Arnold Networks",
        "Omnigrok: Grokking Beyond Algorithmic Data",
    ]
    assert document["publications"][0]["releaseDate"] == "2024-04-30"
    assert {"name": "Tegmark AI Safety Group"}.keys() <= document["work"][0].keys()
    assert document["education"] == [
        {
            "institution": "Peking University",
            "studyType": "BSc",
            "area": "Physics",
            "endDate": "2020",
        }
    ]
    assert document["awards"][0] == {"title": "Best Poster Award", "date": "2023", "awarder": "MIT"}
    kinds = {item["type"] for item in document["projects"]}
    assert kinds == {"talk", "course"}


@pytest.mark.parametrize("made_before", [False, True], ids=["first", "again"])
def test_the_pdf_is_a_typeset_cv_with_the_sites_fonts(client, ziming, made_before):
    if made_before:  # the fonts are read once per process: a later PDF has them too
        ziming.title = "Ziming Liu"
        client.get(ziming.url + "cv.pdf")
        cache.clear()
    response = client.get(ziming.url + "cv.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="ziming-liu-cv.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Ziming Liu" in text and "KAN: Kolmogorov-Arnold Networks" in text
    assert "PUBLICATIONS" in text and "Peking University" in text
    fonts = {
        font["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("STIX-Two-Text" in str(font) for font in fonts), fonts
    assert reader.metadata.title == "Ziming Liu: CV" and reader.metadata.author == "Ziming Liu"


def test_a_cv_address_that_is_no_members_is_the_page_trees(client, ziming, home_page):
    page = home_page.add_child(instance=ContentPage(title="CV", slug="cv", intro="", body=[]))
    page.save_revision().publish()

    assert client.get("/cv/").status_code == 200  # a page called "cv" below the home page
    assert client.get("/people/nobody/cv/").status_code == 404
    assert client.get("/people/nobody/cv.pdf").status_code == 404
    assert client.get("/people/nobody/cv.resume.json").status_code == 404
    assert client.get("/papers/cv.json").status_code == 404  # a paper export's address


def test_the_cv_reads_a_constant_number_of_queries(client, ziming):
    first = count_queries(client, ziming.url + "cv/")
    papers = PublicationIndexPage.objects.get()
    for number in range(10):
        add_publication(
            papers,
            f"Paper {number}",
            date(2021, 1, number + 1),
            authors=("Ziming Liu",),
            members={"Ziming Liu": ziming},
        )

    assert count_queries(client, ziming.url + "cv/") == first


def test_formulas_in_titles_are_printed_raised_and_lowered_in_the_pdf(client, ziming):
    papers = PublicationIndexPage.objects.get()
    add_publication(
        papers,
        "Scaling to $10^{11}$ parameters with $\\alpha_i$",
        date(2025, 1, 1),
        authors=("Ziming Liu",),
        members={"Ziming Liu": ziming},
    )
    from django.test import RequestFactory

    from people.cv import compose

    request = RequestFactory().get("/")
    entries = next(s for s in compose(ziming, request) if s.key == "publications").entries

    assert entries[0].printed_title == "Scaling to 10<sup>11</sup> parameters with α<sub>i</sub>"
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(client.get(ziming.url + "cv.pdf").content)).pages
    )
    assert "Scaling to 10" in text and "^" not in text
