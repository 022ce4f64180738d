"""The group's life beyond papers in Chromium, through the admin as people use it: an editor
adds the Awards section from the guide and records a best-paper award, which shows on the
profile and the paper's page; an editor adds a course with its term and instructor; a
member proposes a course they teach and a moderator approves it. The new pages pass axe at
phone and desktop widths in both themes."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from awards.models import AwardIndexPage, AwardPage
from people.models import MemberPage
from publications.models import PublicationPage
from teaching.models import CoursePage, Season

from ..factories import UserFactory, add_course, add_teaching_index
from . import test_journeys
from .conftest import DESKTOP, PHONE, check_pages
from .test_journeys import choose_page

person = test_journeys.person
site = test_journeys.site

KAN = "KAN: Kolmogorov-Arnold Networks"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_editor_adds_the_awards_section_and_a_best_paper_award(site, person, visit, viewport):
    edith = person(f"award{'-phone' if viewport is PHONE else ''}", viewport)
    edith.sign_in("edith")
    guide = edith.page.locator("#how-this-site-works-section")
    guide.get_by_role("link", name="Add an Awards section").click()
    edith.page.fill("#id_title", "Awards")
    edith.action("action-publish")
    edith.see("'Awards' created and published")

    edith.page.goto(edith.base_url + "/admin/")
    guide.get_by_role("link", name="Awards", exact=True).click()
    edith.page.get_by_role("link", name="Add child page").first.click()
    edith.page.wait_for_url("**/add/awards/awardpage/**")
    edith.page.fill("#id_title", "Outstanding Paper Award")
    edith.page.fill("#id_year", "2025")
    edith.page.fill("#id_given_by", "ICLR 2025")
    edith.page.get_by_role("button", name="Add Member").click()
    choose_page(edith, "member", "Ziming", "Ziming Liu")
    choose_page(edith, "paper", "Kolmogorov", KAN)
    edith.shot("award-form")
    edith.action("action-publish")
    edith.see("published")
    edith.shot("award-published")

    award = AwardPage.objects.get()
    assert award.live and award.paper.title == KAN
    assert [row.member.title for row in award.people.all()] == ["Ziming Liu"]
    ziming = MemberPage.objects.get(title="Ziming Liu")
    paper = PublicationPage.objects.get(title=KAN)
    edith.visitor.goto(paper.url)
    assert "Award: Outstanding Paper Award, ICLR 2025" in edith.page.locator("main").inner_text()
    edith.visitor.goto(ziming.url)
    assert "Outstanding Paper Award" in edith.page.locator("#member-awards + ul").inner_text()
    edith.visitor.goto("/")
    menu = edith.page.locator(".main-nav__link").all_inner_texts()
    assert "Awards" in menu
    if viewport is DESKTOP:
        check_pages(
            visit,
            (
                ("awards", AwardIndexPage.objects.get().url),
                ("award", award.url),
                ("paper-with-award", paper.url),
                ("profile-with-award", ziming.url),
            ),
        )


def test_an_editor_adds_a_course_with_its_term_and_instructor(site, person, visit):
    teaching = add_teaching_index(site["home"], show_in_menus=True)
    edith = person("course")
    edith.sign_in("edith")
    guide = edith.page.locator("#how-this-site-works-section")
    assert "Add a course" in guide.inner_text()
    guide.get_by_role("link", name="Add a course").click()
    edith.page.wait_for_url(f"**/add/teaching/coursepage/{teaching.pk}/")
    edith.page.fill("#id_title", "Physics of $\\alpha$-learning")
    edith.page.fill("#id_code", "8.S50")
    edith.page.fill("#id_summary", "Neural networks seen as physical systems, with $E=mc^2$.")
    edith.page.get_by_role("button", name="Add Term").click()
    edith.page.select_option("[name='terms-0-season']", "fall")
    edith.page.fill("[name='terms-0-year']", str(date.today().year))
    edith.page.get_by_role("button", name="Add Person").click()
    choose_page(edith, "member", "Tegmark", "Max Tegmark")
    edith.page.get_by_role("button", name="Add Person").click()
    edith.page.fill("[name='teachers-1-guest_name']", "Jane Guest")
    edith.page.select_option("[name='teachers-1-role']", "assistant")
    edith.shot("course-form")
    edith.action("action-publish")
    edith.see("published")
    edith.shot("course-published")

    course = CoursePage.objects.get()
    assert course.live and course.code == "8.S50"
    assert [row.name for row in course.teachers.all()] == ["Max Tegmark", "Jane Guest"]
    edith.visitor.goto(teaching.url)
    current = edith.page.locator("#courses-current + ul").inner_text()
    assert "8.S50" in current and f"Fall {date.today().year}" in current
    add_course(teaching, "Cosmology", code="8.286", terms=[(Season.SPRING, 2019)])
    max_ = MemberPage.objects.get(title="Max Tegmark")
    check_pages(
        visit,
        (
            ("teaching", teaching.url),
            ("course", course.url),
            ("profile-with-teaching", max_.url),
        ),
    )


def test_a_member_proposes_a_course_and_a_moderator_approves_it(site, person):
    teaching = add_teaching_index(site["home"], show_in_menus=True)
    eric_user = UserFactory(username="eric", email="eric@example.org")
    eric_user.groups.add(Group.objects.get(name="Members"))
    eric = MemberPage.objects.get(title="Eric J. Michaud")
    eric.user = eric_user
    eric.save_revision().publish()

    eric_at_desk = person("member-proposes-course")
    eric_at_desk.sign_in("eric")
    guide = eric_at_desk.page.locator("#how-this-site-works-section")
    assert "a course you teach" in guide.inner_text()
    guide.get_by_role("link", name="Add a course").click()
    eric_at_desk.page.wait_for_url(f"**/add/teaching/coursepage/{teaching.pk}/")
    eric_at_desk.page.fill("#id_title", "Mechanistic interpretability")
    eric_at_desk.page.fill("#id_summary", "How to read the algorithms a network has learned.")
    eric_at_desk.page.get_by_role("button", name="Add Term").click()
    eric_at_desk.page.select_option("[name='terms-0-season']", "spring")
    eric_at_desk.page.fill("[name='terms-0-year']", str(date.today().year + 1))
    # First without himself: the form says what is missing.
    eric_at_desk.page.get_by_role("button", name="Add Person").click()
    eric_at_desk.page.fill("[name='teachers-0-guest_name']", "A Friend")
    eric_at_desk.action("action-submit")
    eric_at_desk.see("Add yourself under")
    eric_at_desk.shot("told-to-add-himself")
    eric_at_desk.page.get_by_role("button", name="Add Person").click()
    choose_page(eric_at_desk, "member", "Michaud", "Eric J. Michaud")
    eric_at_desk.action("action-submit")
    eric_at_desk.see("submitted")
    eric_at_desk.shot("submitted")

    course = CoursePage.objects.get()
    assert not course.live and course.workflow_in_progress
    eric_at_desk.visitor.goto("/teaching/mechanistic-interpretability/")
    assert "We couldn’t find that page" in eric_at_desk.page.locator("main").inner_text()

    moritz = person("moderator-approves-course")
    moritz.sign_in("moritz")
    review = moritz.page.locator("section", has_text="Awaiting your review").last
    assert "Mechanistic interpretability" in review.inner_text()
    review.locator("button.w-dropdown__toggle").first.click()
    review.get_by_role("button", name="Approve", exact=True).click()
    moritz.page.wait_for_load_state("load")
    moritz.page.wait_for_function(
        "() => !document.querySelector('main').innerText.includes('Awaiting your review')"
    )
    moritz.shot("approved")

    course.refresh_from_db()
    assert course.live
    moritz.visitor.goto(eric.url)
    assert (
        "Mechanistic interpretability" in moritz.page.locator("#member-teaching + ul").inner_text()
    )
