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


def test_an_alumnus_accepts_their_own_position_as_a_draft_for_approval(
    person, settings, tmp_path, live_server
):
    """Members' profile changes wait for a moderator: the alumnus's Accept saves a draft
    of their profile and says so; the public profile is unchanged until it is approved."""
    from people.models import ProfileSettings

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    load_demo_site(tmp_path)
    profile_settings = ProfileSettings.load()
    profile_settings.approval_required = True
    profile_settings.save()
    eric = UserFactory(username="eric", email="eric@example.org")
    eric.groups.add(Group.objects.get(name="Members"))
    member = MemberPage.objects.get(title="Eric J. Michaud")
    member.user = eric
    member.start_date, member.end_date = date(2020, 9, 1), date(2025, 6, 30)
    member.save_revision().publish()
    PositionSuggestion.objects.create(
        member=member, position="Research scientist", organisation="Example Labs", since=2025
    )

    me = person("alumnus-accepts")
    me.sign_in("eric")
    panel = me.page.locator("#position-suggestions-section")
    assert "Research scientist, Example Labs (since 2025)" in panel.inner_text()
    panel.get_by_role("button", name="Put it on the profile").click()
    me.see("as a draft")
    me.shot("draft-saved")
    me.page.get_by_role("link", name="Open it").click()
    me.page.wait_for_url(f"**/pages/{member.pk}/edit/")
    assert me.page.locator("#id_now_organisation").input_value() == "Example Labs"

    live = MemberPage.objects.get(pk=member.pk)
    assert live.now_organisation == "" and live.has_unpublished_changes
    me.visitor.goto(live.url)
    assert "Example Labs" not in me.page.locator("main").inner_text()
