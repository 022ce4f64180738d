"""A section an editor adds to the home page joins the top menu on its own, as the README
says, once it lists something: no box to tick on the Promote tab."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from wagtail.models import Page

from home.models import ContentPage, HomePage
from home.wagtail_hooks import SECTIONS
from lab_site.models import BasePage

from ..factories import (
    add_award,
    add_awards_index,
    add_collaboration_page,
    add_course,
    add_event,
    add_events_index,
    add_funding_index,
    add_galleries_index,
    add_gallery,
    add_grant,
    add_member,
    add_news,
    add_news_index,
    add_opening,
    add_openings_index,
    add_project,
    add_projects_index,
    add_publication,
    add_research_index,
    add_teaching_index,
)

pytestmark = pytest.mark.django_db


def sections():
    """Every page type an editor can add below the home page, but standard pages."""
    return [
        model
        for model in HomePage.allowed_subpage_models()
        if issubclass(model, BasePage) and model is not ContentPage
    ]


def test_every_kind_of_section_starts_in_the_menu():
    kinds = sections()
    # Every one of them is offered by the dashboard's guide, in its order.
    assert set(kinds) == {model for model, _label in SECTIONS} and len(kinds) == 12
    for model in kinds:
        assert model().show_in_menus, model
    assert not ContentPage().show_in_menus  # an "About" page stays out until asked


@pytest.mark.parametrize("model", sections(), ids=lambda model: model.__name__)
def test_the_admins_form_of_a_new_section_has_show_in_menus_ticked(admin_client, home_page, model):
    meta = model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, home_page.pk])

    form = admin_client.get(url).context["form"]

    assert form["show_in_menus"].value() is True


def test_sections_added_to_an_empty_site_show_in_the_menu_once_they_list_something(
    client, home_page
):
    from people.models import PeopleIndexPage
    from publications.models import PublicationIndexPage

    soon = date.today() + timedelta(days=30)
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    add_member(people, "Ana Lopez")
    papers = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    add_publication(papers, "A paper", date(2024, 1, 1))
    add_research_index(home_page, title="Research")
    add_news(add_news_index(home_page, title="News"), "We moved", date(2025, 1, 1))
    add_event(add_events_index(home_page, title="Events"), "Seminar", soon, time(16, 0))
    add_opening(add_openings_index(home_page, title="Join us"), "PhD position", soon)
    add_project(add_projects_index(home_page, title="Projects"), "A tool")
    add_award(add_awards_index(home_page, title="Awards"), "Best Paper Award", 2024)
    add_course(add_teaching_index(home_page, title="Teaching"), "Cosmology")
    add_gallery(add_galleries_index(home_page, title="Photos"), "Retreat")
    add_grant(add_funding_index(home_page, title="Funding"), "A grant")
    add_collaboration_page(home_page, title="Collaborations")

    menu = client.get("/").content.decode().split("<main")[0]

    for title in [
        "People",
        "Publications",
        "Research",
        "News",
        "Events",
        "Join us",
        "Projects",
        "Awards",
        "Funding",
        "Collaborations",
    ]:
        assert f">{title}<" in menu, title
    assert Page.objects.child_of(home_page).filter(show_in_menus=False).count() == 0
