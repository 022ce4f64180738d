"""The dashboard's guide on a site that lacks sections: it offers to add each missing one,
with what it is, before it exists; once it exists, the guide's line for using it takes
its place. Wagtail's "Create a page in Home" describes every page type."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from home.models import HomePage
from home.wagtail_hooks import SECTIONS
from lab_site.models import BasePage

from ..factories import UserFactory, add_news_index

pytestmark = pytest.mark.django_db


def guide(client, user):
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    match = re.search(r'id="how-this-site-works-section".*?</ul>', html, re.S)
    return match.group(0) if match else ""


def add_url(model, parent):
    meta = model._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])


@pytest.fixture
def editor():
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_an_empty_site_offers_every_section_with_what_it_is(client, home_page, editor):
    text = guide(client, editor)

    for model, label in SECTIONS:
        assert str(label) in text, label
        assert add_url(model, home_page) in text
        assert str(model.get_page_description()).replace("'", "&#x27;") in text
    assert "Add a News section" in text and "Add a Join us section" in text


def test_each_link_opens_the_sections_form(client, home_page, editor):
    client.force_login(editor)
    for model, _label in SECTIONS:
        response = client.get(add_url(model, home_page))
        assert response.status_code == 200, model


def test_a_section_that_exists_is_no_longer_offered_and_its_task_shows(client, home_page, editor):
    add_news_index(home_page)

    text = guide(client, editor)

    assert "Add a News section" not in text
    assert reverse("news_write") in text  # "Write news" now has somewhere to go
    assert "Add an Events section" in text


def test_a_member_is_not_offered_sections(client, home_page):
    member = UserFactory(username="ana")
    member.groups.add(Group.objects.get(name="Members"))
    client.force_login(member)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Add a News section" not in html
    assert add_url(SECTIONS[0][0], home_page) not in html


def test_create_a_page_in_home_describes_every_page_type(admin_client, home_page):
    html = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk]))
    html = html.content.decode()

    kinds = [model for model in HomePage.creatable_subpage_models() if issubclass(model, BasePage)]
    assert len(kinds) >= 8
    for model in kinds:
        description = model.get_page_description()
        assert description, model
        assert str(description).replace("'", "&#x27;") in html, model


def test_every_page_type_has_a_description():
    from wagtail.models import get_page_models

    for model in get_page_models():
        if issubclass(model, BasePage) and model is not BasePage:
            assert model.get_page_description(), model


def test_a_group_with_no_name_is_asked_for_one_until_it_has_it(client, home_page, editor):
    from wagtail.models import Site

    from lab_site.models import SiteSettings

    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["lab_site", "sitesettings", site.pk])
    assert url in guide(client, editor)
    assert client.get(url).status_code == 200  # editors may change the settings

    settings = SiteSettings.for_site(site)
    settings.group_name = "Tegmark AI Safety Group"
    settings.save()
    assert url not in guide(client, editor)


def test_every_section_that_exists_has_its_task_in_the_guide(client, home_page, editor):
    from tests.factories import (
        add_awards_index,
        add_events_index,
        add_openings_index,
        add_projects_index,
    )

    add_news_index(home_page)
    add_events_index(home_page)
    openings = add_openings_index(home_page)
    projects = add_projects_index(home_page)
    awards = add_awards_index(home_page)

    text = guide(client, editor)

    assert reverse("news_write") in text and reverse("events_add") in text
    assert reverse("wagtailadmin_explore", args=[openings.pk]) in text
    assert reverse("wagtailadmin_explore", args=[projects.pk]) in text
    assert reverse("wagtailadmin_explore", args=[awards.pk]) in text


def test_the_people_task_says_how_someone_joins_the_alumni(client, home_page, editor):
    from people.models import PeopleIndexPage

    home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))

    assert "Left the group" in guide(client, editor)


def test_a_member_is_shown_their_cv_and_where_its_layout_is(client, home_page):
    from people.models import PeopleIndexPage

    from ..factories import add_member

    user = UserFactory(username="ana")
    user.groups.add(Group.objects.get(name="Members"))
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    add_member(people, "Ana Lopez", user=user)

    text = guide(client, user)

    assert "Your CV is made from your profile" in text and 'href="/people/ana-lopez/cv/"' in text
