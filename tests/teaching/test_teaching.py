"""Teaching: courses with their terms, teachers (members or guests), materials and
syllabus; the teaching page lists current courses, then past ones by term; a member's
profile lists what they teach; members propose their own courses under moderation."""

import json
import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from people.models import PeopleIndexPage, Role
from teaching.models import CourseTeacher, CourseTerm, Season, TeacherRole

from ..conftest import count_queries
from ..factories import add_course, add_member, add_teaching_index

pytestmark = pytest.mark.django_db

THIS_YEAR = date.today().year


@pytest.fixture
def teaching(home_page):
    return add_teaching_index(home_page, show_in_menus=True)


@pytest.fixture
def people(home_page):
    return home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))


@pytest.fixture
def max_(people):
    return add_member(people, "Max Tegmark", role=Role.PI)


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def main(client, url):
    return client.get(url).content.decode().split("<main", 1)[1]


def test_the_page_lists_current_courses_then_past_ones_by_term_newest_first(client, teaching, max_):
    add_course(
        teaching,
        "Deep learning for physicists",
        code="8.S50",
        terms=[(Season.FALL, THIS_YEAR - 2), (Season.FALL, THIS_YEAR + 1)],
        members=[max_],
    )
    add_course(teaching, "Cosmology", code="8.286", terms=[(Season.SPRING, THIS_YEAR - 1)])
    add_course(teaching, "Old seminar", terms=[(Season.FALL, THIS_YEAR - 2)])

    html = main(client, teaching.url)

    current, past = html.split('id="courses-past"')
    assert "Deep learning for physicists" in current and f"Fall {THIS_YEAR + 1}" in current
    assert "Cosmology" not in current
    # Past terms, newest first; a term lists every course taught in it.
    assert past.index(f"Spring {THIS_YEAR - 1}") < past.index(f"Fall {THIS_YEAR - 2}")
    fall = past.split(f"Fall {THIS_YEAR - 2}</h3>", 1)[1]
    assert "Deep learning for physicists" in fall and "Old seminar" in fall
    assert 'class="main-nav__link" href="/teaching/"' in client.get("/").content.decode()


def test_a_term_is_current_until_its_season_ends():
    fall = CourseTerm(season=Season.FALL, year=2025)
    winter = CourseTerm(season=Season.WINTER, year=2026)

    assert not fall.is_over(date(2025, 12, 31)) and fall.is_over(date(2026, 1, 1))
    assert not winter.is_over(date(2026, 3, 31)) and winter.is_over(date(2026, 4, 1))
    assert winter.sort_key() > fall.sort_key()
    assert str(winter) == "Winter 2026"


def test_the_course_page_shows_terms_teachers_materials_and_syllabus(client, teaching, max_):
    document = get_document_model().objects.create(
        title="Slides", file=ContentFile(b"%PDF-1.4 slides", name="lecture-1.pdf")
    )
    course = add_course(
        teaching,
        "Physics of $\\alpha$-learning",
        code="8.S50",
        terms=[(Season.SPRING, 2024), (Season.SPRING, 2025)],
        members=[max_],
        syllabus="<p>Week 1: symmetries.</p>",
        course_url="https://ocw.mit.edu/courses/8-s50/",
        materials=[
            ("document", {"title": "Lecture 1 slides", "document": document}),
            ("link", {"title": "Notebooks", "url": "https://github.com/example/notebooks"}),
        ],
    )
    course.teachers.add(CourseTeacher(guest_name="Jane Guest", role=TeacherRole.ASSISTANT))
    course.save_revision().publish()

    html = main(client, course.url)

    assert "<math" in html and "8.S50" in html
    assert html.index("Spring 2025") < html.index("Spring 2024")  # newest first
    instructors, assistants = html.split('id="course-people-2"')
    assert f'href="{max_.url}">Max Tegmark</a>' in instructors
    assert (
        "Teaching assistants" in assistants and '<span class="tag">Jane Guest</span>' in assistants
    )
    assert f'href="{document.url}">Lecture 1 slides</a>' in html and "PDF" in html
    assert 'href="https://github.com/example/notebooks">Notebooks</a>' in html
    assert "Week 1: symmetries." in html and 'href="https://ocw.mit.edu/courses/8-s50/"' in html


def test_a_members_profile_lists_what_they_teach_with_role_and_latest_term(
    client, teaching, people, max_
):
    student = add_member(people, "Ziming Liu")
    add_course(
        teaching,
        "Deep learning for physicists",
        code="8.S50",
        terms=[(Season.FALL, 2023), (Season.FALL, 2024)],
        members=[max_, student],
    )

    pi = main(client, max_.url)
    ta = main(client, student.url)

    assert 'id="member-teaching">Teaching</h2>' in pi
    assert "8.S50 Deep learning for physicists</a>" in pi and "Instructor, Fall 2024" in pi
    assert "Teaching assistant, Fall 2024" in ta


def test_the_json_ld_is_a_course_with_an_instance_per_term(client, teaching, max_):
    course = add_course(
        teaching,
        "Cosmology",
        code="8.286",
        terms=[(Season.FALL, 2023), (Season.FALL, 2024)],
        members=[max_],
    )

    (data,) = json_ld(client.get(course.url).content.decode())

    assert data["@type"] == "Course" and data["courseCode"] == "8.286"
    assert data["provider"]["@type"] == "ResearchOrganization"
    assert [i["name"] for i in data["hasCourseInstance"]] == ["Fall 2024", "Fall 2023"]
    assert data["hasCourseInstance"][0]["instructor"] == [
        {"@type": "Person", "name": "Max Tegmark", "url": max_.get_full_url()}
    ]
    assert data["hasCourseInstance"][0]["courseMode"] == "onsite"


def test_the_teaching_page_reads_a_constant_number_of_queries(client, teaching, max_):
    add_course(teaching, "One", terms=[(Season.FALL, 2020)], members=[max_])
    first = count_queries(client, teaching.url)
    for year in range(2010, 2020):
        add_course(teaching, f"Course {year}", terms=[(Season.SPRING, year)], members=[max_])

    assert count_queries(client, teaching.url) == first


def test_courses_are_found_by_the_site_search(client, teaching):
    add_course(teaching, "Cosmology", code="8.286", summary="The early universe.")

    html = client.get("/search/?q=cosmology").content.decode()

    assert 'id="group-courses">Teaching' in html and "8.286 Cosmology" in html
