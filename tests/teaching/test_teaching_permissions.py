"""Courses through real admin requests: a member proposes a course they teach, which waits
for an editor's approval; they may not propose one without themselves among its teachers,
publish it, or change a course someone else started. Editors add courses taught by anyone,
and a teacher row needs a member or a name."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from teaching.models import CoursePage, Season

from ..factories import add_course, add_teaching_index
from ..people import test_people_permissions as matrix
from ..people.test_people_permissions import client_for

pytestmark = pytest.mark.django_db
matrix_site = matrix.matrix_site
site = matrix.site


@pytest.fixture
def teaching(site):
    return add_teaching_index(site["home"])


def course_form(teachers, **changes):
    data = {
        "title": "Deep learning for physicists",
        "slug": "",
        "code": "8.S50",
        "level": "graduate",
        "mode": "onsite",
        "summary": "Neural networks for physics, with $E=mc^2$.",
        "course_url": "",
        "description": streamfield([]),
        "materials": streamfield([]),
        "syllabus": rich_text("<p>Week 1: symmetries.</p>"),
        "terms": inline_formset([{"season": "fall", "year": "2026", "url": ""}]),
        "teachers": inline_formset(teachers),
        "seo_title": "",
        "search_description": "",
    }
    data.update(changes)
    return nested_form_data(data)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["teaching", "coursepage", index.pk])


@pytest.mark.parametrize(
    ("actor", "opens"),
    [("anonymous", False), ("member_a", True), ("editor", True), ("superuser", True)],
)
def test_who_may_start_a_course(client, site, teaching, actor, opens):
    response = client_for(client, site, actor).get(add_url(teaching))

    assert (response.status_code == 200) is opens


def test_a_member_proposes_a_course_they_teach_and_it_waits_for_approval(client, site, teaching):
    client = client_for(client, site, "member_a")

    assert client.get(reverse("teaching_add")).url == add_url(teaching)
    response = client.post(
        add_url(teaching),
        course_form(
            [{"member": site["a"].pk, "guest_name": "", "role": "instructor"}],
            **{"action-submit": "1"},
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get()
    assert not course.live and course.owner == site["users"]["member_a"]
    assert course.current_workflow_state is not None  # waiting for a moderator
    assert client.get("/teaching/deep-learning-for-physicists/").status_code == 404


def test_a_member_may_not_propose_a_course_without_themselves(client, site, teaching):
    client = client_for(client, site, "member_a")

    response = client.post(
        add_url(teaching),
        course_form(
            [{"member": site["b"].pk, "guest_name": "", "role": "instructor"}],
            **{"action-submit": "1"},
        ),
    )

    assert response.status_code == 200
    assert "Add yourself under “Instructors and teaching assistants”" in (response.content.decode())
    assert not CoursePage.objects.exists()


def test_a_member_may_not_publish_their_course(client, site, teaching):
    client = client_for(client, site, "member_a")

    client.post(
        add_url(teaching),
        course_form(
            [{"member": site["a"].pk, "guest_name": "", "role": "instructor"}],
            **{"action-publish": "1"},
        ),
    )

    assert not CoursePage.objects.filter(live=True).exists()


def test_a_members_revision_without_themselves_is_refused_where_it_is_saved(site, teaching):
    course = add_course(teaching, "Cosmology", terms=[(Season.FALL, 2024)], members=[site["b"]])

    with pytest.raises(PermissionDenied):
        course.save_revision(user=site["users"]["member_a"])
    assert not course.permissions_for_user(site["users"]["member_a"]).can_edit()


def test_an_editor_adds_a_course_taught_by_a_guest(client, site, teaching):
    client = client_for(client, site, "editor")

    response = client.post(
        add_url(teaching),
        course_form(
            [{"member": "", "guest_name": "Jane Guest", "role": "instructor"}],
            **{"action-publish": "1"},
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get()
    assert course.live and [row.name for row in course.teachers.all()] == ["Jane Guest"]


def test_a_teacher_row_needs_a_member_or_a_name(client, site, teaching):
    client = client_for(client, site, "editor")

    response = client.post(
        add_url(teaching),
        course_form(
            [{"member": "", "guest_name": "", "role": "instructor"}],
            **{"action-publish": "1"},
        ),
    )

    assert response.status_code == 200
    assert "Choose a group member or type the guest" in response.content.decode()
    assert not CoursePage.objects.exists()
