"""Admin: "Add a course" in the menu, for editors and for members (who propose the
courses they teach); the courses' admin views; its kind in the site search."""

from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind
from people.contributions import contribute_menu_item, contribute_view, contribution_viewset
from people.cv import HOOK as CV_HOOK
from people.cv import CVEntry, CVSection

from .models import CoursePage, TeachingIndexPage, courses_taught_by


@hooks.register("register_admin_urls")
def register_teaching_urls():
    view = contribute_view(
        TeachingIndexPage,
        CoursePage,
        _("There is no teaching page yet: an editor adds one under the home page."),
    )
    return [path("teaching/add/", view, name="teaching_add")]


@hooks.register("register_admin_menu_item")
def register_propose_course_menu_item():
    return contribute_menu_item(
        TeachingIndexPage, _("Add a course"), "teaching_add", "teaching", 62
    )


@hooks.register("register_admin_viewset")
def register_course_viewset():
    return contribution_viewset(CoursePage)


@hooks.register(HOOK, order=90)
def search_kind():
    """Its pages in the site search (``lab_site.search_kinds``)."""
    return SearchKind("courses", "Teaching", "teaching/includes/search_result.html", CoursePage)


def course_entries(member, request):
    return [
        CVEntry(
            title=course.heading(),
            title_html=format_html("{} {}", course.code, course.title_html)
            if course.code
            else str(course.title_html),
            url=course.get_full_url(request),
            when=", ".join(str(term) for term in reversed(terms)),
            where=", ".join(str(role) for role in roles),
        )
        for course, roles, terms in courses_taught_by(member)
    ]


def course_resume(member, request):
    items = []
    for course, roles, terms in courses_taught_by(member):
        item = {
            "name": course.heading(),
            "description": course.plain_summary,
            "type": "course",
            "roles": [str(role) for role in roles],
            "url": course.get_full_url(request),
        }
        if terms:
            item["startDate"] = str(terms[0].year)
            item["endDate"] = str(terms[-1].year)
        items.append(item)
    return {"projects": items}


@hooks.register(CV_HOOK, order=60)
def cv_section():
    """The courses the member teaches or taught, on their CV (``people.cv``)."""
    return CVSection("teaching", _("Teaching"), course_entries, course_resume)
