"""The group's life beyond papers in Chromium, through the admin as people use it: an editor
adds the Awards section from the guide and records a best-paper award, which shows on the
profile and the paper's page; an editor adds a course with its term and instructor; a
member proposes a course they teach and a moderator approves it. The new pages pass axe at
phone and desktop widths in both themes."""

from datetime import date

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from wagtail.models import Collection

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


def approve(moritz, title):
    """The moderator approves the change to ``title`` from their dashboard."""
    moritz.sign_in("moritz")
    review = moritz.page.locator("section", has_text="Awaiting your review").last
    assert title in review.inner_text()
    review.locator("button.w-dropdown__toggle").first.click()
    review.get_by_role("button", name="Approve", exact=True).click()
    moritz.page.wait_for_load_state("load")
    moritz.page.wait_for_function(
        "() => !document.querySelector('main').innerText.includes('Awaiting your review')"
    )
    moritz.shot("approved")
    return moritz


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

    moritz = approve(person("moderator-approves-course"), "Mechanistic interpretability")

    course.refresh_from_db()
    assert course.live
    moritz.visitor.goto(eric.url)
    assert (
        "Mechanistic interpretability" in moritz.page.locator("#member-teaching + ul").inner_text()
    )


def test_a_member_lays_out_their_cv_and_a_moderator_approves_it(site, person, visit):
    """Eric moves his publications to the top of his CV and adds a section of his own,
    submits the change, and it is on his CV once the moderator approves it. The CV passes
    axe at both widths in both themes; its PDF and JSON Resume download."""
    eric_user = UserFactory(username="eric", email="eric@example.org")
    eric_user.groups.add(Group.objects.get(name="Members"))
    eric = MemberPage.objects.get(title="Eric J. Michaud")
    eric.user = eric_user
    eric.save_revision().publish()

    me = person("member-lays-out-cv")
    me.sign_in("eric")
    me.page.locator("#my-profile-section").get_by_role("link", name="Edit my profile").click()
    me.page.wait_for_url("**/edit/")
    layout = me.page.locator("[data-contentpath='cv_layout']")
    layout.scroll_into_view_if_needed()
    layout.get_by_role("button", name="Insert a block").first.click()
    me.page.get_by_role("option", name="Section from the site").click()
    me.page.select_option("select[name='cv_layout-0-value-section']", "publications")
    layout.get_by_role("button", name="Insert a block").last.click()
    me.page.get_by_role("option", name="Section of your own").click()
    me.page.fill("input[name='cv_layout-1-value-heading']", "Service")
    text = layout.locator("[contenteditable='true']").last
    text.click()
    text.type("Reviewer for ICML and NeurIPS.")
    me.rich_text_written("cv_layout-1-value-body", "NeurIPS")
    me.shot("cv-layout")
    me.action("action-submit")
    me.see("submitted")

    live = MemberPage.objects.get(pk=eric.pk)
    assert not live.cv_layout and live.workflow_in_progress
    approve(person("moderator-approves-cv"), "Eric J. Michaud")
    assert MemberPage.objects.get(pk=eric.pk).cv_layout

    visitor = person("cv-visitor")
    visitor.visitor.goto(eric.url)
    visitor.page.get_by_role("link", name="CV", exact=True).click()
    visitor.page.wait_for_url("**/eric-j-michaud/cv/")
    headings = visitor.page.locator("main h2").all_inner_texts()
    assert headings[:2] == ["Publications", "Service"] and "Positions" in headings
    assert "Reviewer for ICML and NeurIPS." in visitor.page.locator("main").inner_text()
    pdf = visitor.page.request.get(visitor.base_url + eric.url + "cv.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    resume = visitor.page.request.get(visitor.base_url + eric.url + "cv.resume.json")
    assert resume.ok and resume.json()["basics"]["name"] == "Eric J. Michaud"
    check_pages(visit, (("cv", eric.url + "cv/"), ("profile-with-cv-link", eric.url)))


def test_an_editor_makes_a_gallery_from_a_collection_and_the_viewer_needs_no_script(
    site, person, visit
):
    """Edith uploads a retreat's photos to a collection, makes a gallery of them, describes
    each, names Ziming in one and publishes; Ziming's profile shows it. A visitor without
    JavaScript goes through the photos by keyboard. Axe at both widths in both themes."""
    from galleries.models import GalleryPage

    from ..factories import add_galleries_index

    index = add_galleries_index(site["home"], show_in_menus=True)
    retreat = Collection.get_first_root_node().add_child(name="Retreat 2025")
    for number in range(3):
        wagtail_factories.ImageFactory(
            collection=retreat, title=f"retreat-{number}", file__width=1600, file__height=1000
        )

    edith = person("gallery")
    edith.sign_in("edith")
    guide = edith.page.locator("#how-this-site-works-section")
    assert "Share photos" in guide.inner_text()
    guide.get_by_role("link", name="Photos", exact=True).click()
    edith.page.get_by_role("link", name="Add child page").first.click()
    edith.page.wait_for_url("**/add/galleries/gallerypage/**")
    edith.page.fill("#id_title", "Group retreat 2025")
    edith.page.select_option("#id_collection", label="Retreat 2025")
    edith.page.get_by_role("button", name="Save draft").click()
    edith.see("created")
    edith.page.get_by_role("link", name="Add the collection's photos").click()
    edith.see("3 photos of “Retreat 2025” are not in the gallery yet")
    edith.page.get_by_role("button", name="Add them to the draft").click()
    edith.see("Added 3 photos")
    for number in range(3):
        edith.page.fill(
            f"[name='photos-{number}-alt_text']", f"Members talking by the sea, photo {number + 1}"
        )
    edith.page.fill("[name='photos-0-caption']", "Talks in the morning")
    ziming = MemberPage.objects.get(title="Ziming Liu")
    edith.page.check(f"input[name='photos-0-people'][value='{ziming.pk}']")
    edith.shot("gallery-form")
    edith.action("action-publish")
    edith.see("published")

    gallery = GalleryPage.objects.get()
    assert gallery.live and gallery.photos.count() == 3
    edith.visitor.goto(ziming.url)
    assert edith.page.locator("#member-photos").count() == 1

    no_script = visit(java_script_enabled=False)
    no_script.goto(gallery.url)
    no_script.page.keyboard.press("Tab")
    link = no_script.page.locator(".photo-grid__link").first
    link.focus()
    no_script.page.keyboard.press("Enter")
    no_script.page.wait_for_url("**/photo/1/")
    assert no_script.page.locator("h1").inner_text() == "Talks in the morning"
    no_script.page.get_by_role("link", name="Next photo →").focus()
    no_script.page.keyboard.press("Enter")
    no_script.page.wait_for_url("**/photo/2/")
    check_pages(
        visit,
        (
            ("photos", index.url),
            ("gallery", gallery.url),
            ("photo", gallery.url + "photo/1/"),
            ("profile-with-photos", ziming.url),
        ),
    )
