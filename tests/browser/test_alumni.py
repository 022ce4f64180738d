"""Alumni and where they are now, in Chromium: an editor puts the position an alumnus's
ORCID record names on their profile from the dashboard, and the people page and the
profile show it, accessible at both widths in both themes."""

from datetime import date

from django.contrib.auth.models import Group

from discovery.models import PositionSuggestion
from lab_site.groups import EDITORS
from people.models import MemberPage, PeopleIndexPage, Role

from ..conftest import load_demo_site
from ..factories import UserFactory, add_member
from . import test_journeys
from .conftest import check_pages

person = test_journeys.person  # the journeys' person at their own browser, as a fixture


def test_an_editor_puts_where_an_alumnus_is_now_on_the_profile(
    person, visit, settings, tmp_path, live_server
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    load_demo_site(tmp_path)  # the demo as `make run` loads it, groups included
    people = PeopleIndexPage.objects.get()
    alumnus = add_member(
        people, "Alex Former", Role.PHD, start_date=date(2016, 9, 1), end_date=date(2021, 6, 30)
    )
    add_member(
        people,
        "Sam Earlier",
        Role.POSTDOC,
        start_date=date(2018, 1, 1),
        end_date=date(2020, 8, 31),
        now_position="Assistant professor",
        now_organisation="Example University",
    )
    PositionSuggestion.objects.create(
        member=alumnus,
        position="Research scientist",
        organisation="Example Labs",
        since=2021,
        url="https://example.org/",
    )
    editor = UserFactory(username="edith", email="edith@example.org")
    editor.groups.add(Group.objects.get(name=EDITORS))

    me = person("alumni")
    me.sign_in("edith")
    panel = me.page.locator("#position-suggestions-section")
    assert "Research scientist, Example Labs (since 2021)" in panel.inner_text()
    me.shot("dashboard")
    panel.get_by_role("button", name="Put it on the profile").click()
    me.see("profile now says")
    assert me.page.locator("#position-suggestions-section").count() == 0

    member = MemberPage.objects.get(pk=alumnus.pk)
    assert member.now_organisation == "Example Labs" and not member.has_unpublished_changes
    check_pages(visit, (("people-with-alumni", "/people/"), ("alumnus", member.url)))
    me.visitor.goto("/people/")
    alumni = me.page.locator("#alumni").locator("xpath=..").inner_text()
    assert (
        "Alex Former" in alumni and "Now: Research scientist, Example Labs (since 2021)" in alumni
    )
    assert alumni.index("Postdocs") < alumni.index("Sam Earlier")
