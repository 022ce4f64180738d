"""Admin: "Add a course" in the menu, for editors and for members (who propose the
courses they teach); the courses' admin views; its kind in the site search."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lab_site.search_kinds import HOOK, SearchKind
from people.contributions import contribute_menu_item, contribute_view, contribution_viewset

from .models import CoursePage, TeachingIndexPage


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
