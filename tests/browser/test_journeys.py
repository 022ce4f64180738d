"""Journeys: the everyday tasks of lab members, done in the admin as a person would, in
Chromium against a live server on the demo content.

Each journey asserts what the person sees at each step (messages, e-mails in the test
outbox, the public page afterwards) and saves screenshots of its key screens to
``test-artifacts/screenshots/journey-*.png``. The admin screens are checked with axe-core
in the parts this project adds (dashboard panels, import screens, messages).

Before each journey the database gets back what the migrations wrote (an earlier test
may have flushed it): the groups, the moderation workflow and the site record are what a
new site has, and a journey must meet them as they are.
"""

import contextlib
import re
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from PIL import Image as PILImage
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from home.models import HomePage
from lab_site.groups import EDITORS, MODERATORS
from people.models import MemberPage
from publications.models import PublicationPage
from research.models import ResearchHighlightPage

from ..conftest import load_demo_site
from ..factories import (
    UserFactory,
    add_events_index,
    add_news_index,
    add_opening,
    add_openings_index,
)
from .conftest import DESKTOP, PHONE
from .images import has_loaded

PASSWORD = "a-long-test-password"  # noqa: S105
FILES = Path(__file__).resolve().parents[1] / "files"
# The parts of admin screens this project adds, checked with axe.
OUR_ADMIN_PARTS = (
    "#how-this-site-works-section",
    "#moderation-reaches-nobody-section",
    "#my-profile-section",
    ".messages",
)


@pytest.fixture
def site(live_server, settings, tmp_path):
    """The demo as `make run` loads it, an editor and a moderator (each with an e-mail
    address), and links in e-mails pointing at the live server."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    # Wagtail's autosave on, as on a real site: each journey types and clicks at once, as
    # a person does, whatever the autosave is doing (tests/browser/test_quick_save.py
    # pins each order of the two down).
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 500
    home = load_demo_site(tmp_path)
    editor = UserFactory(username="edith", first_name="Edith", email="edith@example.org")
    editor.groups.add(Group.objects.get(name=EDITORS))
    moderator = UserFactory(username="moritz", first_name="Moritz", email="moritz@example.org")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    mail.outbox.clear()
    return {"home": HomePage.objects.get(pk=home.pk), "editor": editor, "moderator": moderator}


class Person:
    """One person at their own browser: signs in, clicks, reads messages, takes screenshots."""

    def __init__(self, visitor, base_url, journey):
        self.visitor, self.page, self.base_url, self.journey = (
            visitor,
            visitor.page,
            base_url,
            journey,
        )
        self.shots = 0

    def sign_in(self, username, password=PASSWORD):
        self.page.goto(self.base_url + "/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base_url + "/admin/")

    def see(self, text):
        """Wait until ``text`` shows; a screenshot of what shows instead when it never does."""
        try:
            self.page.wait_for_selector(f"text={text}", timeout=15_000)
        except Exception as error:
            self.shot("unexpected")
            raise AssertionError(
                f"{text!r} never showed; the messages: {self.messages()!r}; errors: "
                f"{self.page.locator('.error-message').all_inner_texts()!r}"
            ) from error

    def fill_date(self, selector, value):
        """Type a date or time as a person does, then close Wagtail's picker by clicking
        the title. The picker opens a moment after the field takes focus, so it is awaited
        first: a click before it opens leaves it open over the action menu."""
        self.page.fill(selector, value)
        picker = self.page.locator(".xdsoft_datetimepicker:visible")
        with contextlib.suppress(PlaywrightTimeout):
            picker.first.wait_for(state="visible", timeout=2_000)
        self.page.click("#id_title")
        picker.first.wait_for(state="hidden")

    def messages(self):
        """The admin's messages as the person reads them."""
        return " ".join(self.page.locator(".messages").all_inner_texts())

    def shot(self, step):
        self.shots += 1
        return self.visitor.screenshot(f"journey-{self.journey}-{self.shots:02d}-{step}")

    def rich_text_written(self, field, text):
        """Wait until Wagtail's rich-text editor has written ``text`` into the form's
        ``field``. The site's editor writes it at once (``PromptDraftailRichTextArea``),
        but on a page with comments on, Wagtail's commentable editor still waits a quarter
        of a second after the last keystroke (a fixed 250 ms in its own code; reported
        upstream in the editor's-day closing note): a form sent sooner goes without the
        last words. A person's click comes later than that; a script's may not."""
        self.page.wait_for_function(
            "([name, text]) => (document.querySelector(`input[name='${name}']`) || {}).value"
            "?.includes(text)",
            arg=[field, text],
        )

    def action(self, name):
        """Choose ``name`` (e.g. "action-publish") in the edit form's action menu, at once."""
        button = self.page.locator(f"button[name='{name}']")
        if not button.is_visible():
            self.page.locator("footer button.w-dropdown__toggle").click()
        button.click()

    def our_admin_violations(self):
        # Wagtail's messages fade their colours in: checked mid-transition, a success
        # message reads as 4.09:1. A person sees the colours once they have settled.
        self.page.evaluate(
            """() => Promise.race([
                Promise.all(document.getAnimations()
                    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                    .map((a) => a.finished)),
                new Promise((resolve) => setTimeout(resolve, 2000)),
            ])"""
        )
        present = [selector for selector in OUR_ADMIN_PARTS if self.page.locator(selector).count()]
        return self.visitor.axe_violations(include=present) if present else []

    def leave(self):
        """Leave the admin as a person closes the tab: an open edit form tells the server
        it is no longer being edited, which must be answered before the test ends."""
        with self.page.expect_response(lambda response: "/admin/" in response.url):
            self.page.goto(self.base_url + "/admin/")
        self.page.wait_for_load_state("networkidle")


@pytest.fixture
def person(visit, live_server):
    """A person at their own browser. Their system asks for reduced motion, as many
    people's do: the admin's messages and panels then appear at once instead of fading
    in, and what is checked is what they read, without waiting out the animations."""
    people = []

    def open_browser(journey, viewport=DESKTOP):
        people.append(
            Person(
                visit(viewport={**viewport, "height": 900}, reduced_motion="reduce"),
                live_server.url,
                journey,
            )
        )
        return people[-1]

    yield open_browser
    for someone in people:
        someone.leave()


def test_an_editor_adds_a_paper_by_hand_with_math_and_a_member_author(site, person):
    edith = person("paper")
    edith.sign_in("edith")
    guide = edith.page.locator("#how-this-site-works-section")
    assert "Add a paper by hand" in guide.inner_text()
    edith.shot("dashboard")
    assert edith.our_admin_violations() == []

    guide.get_by_role("link", name="Add a paper").click()
    edith.page.fill("#id_title", r"Grokking at the edge of $\alpha$-stability")
    edith.page.fill("#id_authors-0-name", "Ziming Liu")
    edith.action("action-publish")
    # The date is missing: the message says so, on the tab the editor is on.
    edith.page.wait_for_selector(".messages")
    edith.shot("missing-date")
    assert "could not be created" in edith.messages()
    date_field = edith.page.locator("[data-contentpath='publication_date']")
    assert "This field is required" in date_field.inner_text()

    edith.fill_date("#id_publication_date", "2025-03-14")
    edith.action("action-publish")
    edith.see("published")
    assert "α-stability" in edith.messages()
    edith.shot("published")

    paper = PublicationPage.objects.get(title__startswith="Grokking at the edge")
    assert paper.live and paper.slug == "grokking-at-the-edge-of-alpha-stability"
    assert paper.revisions.count() == 1
    public = edith.visitor.goto(paper.url)
    assert public.status == 200
    title = edith.page.locator("h1")
    assert title.locator("math").count() == 1
    author = edith.page.locator("main a.authors__member", has_text="Ziming Liu")
    assert author.get_attribute("href") == "/people/ziming-liu/"
    edith.shot("public-paper")
    assert edith.visitor.axe_violations() == []


def test_an_editor_imports_bibtex_previews_cancels_imports_and_follows_the_links(site, person):
    edith = person("import")
    edith.sign_in("edith")
    edith.page.locator("#how-this-site-works-section").get_by_role(
        "link", name="Import papers"
    ).click()
    edith.page.set_input_files("input[type=file]", str(FILES / "sample.bib"))
    edith.page.get_by_role("button", name="Preview").click()

    edith.page.wait_for_selector("table.listing")
    preview = edith.page.locator("table.listing")
    rows = {
        row.locator("td").nth(1).inner_text(): row.inner_text()
        for row in preview.locator("tbody tr").all()
    }
    assert any(title.startswith("Schrödinger's Grokking") for title in rows), rows
    new_row = next(text for title, text in rows.items() if title.startswith("Schrödinger"))
    assert "Jörg Müller et al." in new_row and "New paper" in new_row
    assert (
        "Ziming Liu, Eric J. Michaud, Max Tegmark"
        in rows["Omnigrok: Grokking Beyond Algorithmic Data"]
    )
    edith.shot("preview")
    assert edith.our_admin_violations() == []
    assert edith.visitor.axe_violations(include=["table.listing"]) == []

    edith.page.get_by_role("link", name="Cancel").click()
    assert edith.page.locator("table.listing").count() == 0
    assert not PublicationPage.objects.filter(title__startswith="Schr").exists()

    edith.page.set_input_files("input[type=file]", str(FILES / "sample.bib"))
    edith.page.get_by_role("button", name="Preview").click()
    edith.page.get_by_role("button", name="Import these").click()
    edith.see("created")
    edith.shot("imported")
    created = edith.page.locator(".import-run__pages").first
    link = created.get_by_role("link").first
    assert link.inner_text().startswith("Schrödinger's Grokking")
    assert edith.our_admin_violations() == []

    link.click()
    edith.page.wait_for_url("**/edit/")
    assert edith.page.locator("#id_title").input_value().startswith("Schr")
    paper = PublicationPage.objects.get(title__startswith="Schr")
    assert paper.live and paper.revisions.count() == 1

    # The new paper is on the first page of the admin's list, newest first.
    edith.page.goto(f"{edith.base_url}/admin/pages/{paper.get_parent().pk}/")
    first_rows = edith.page.locator("main table tbody tr").all_inner_texts()[:5]
    assert any("Schrödinger's Grokking" in row for row in first_rows), first_rows
    edith.shot("list")


def test_an_editor_features_a_highlight_and_reorders_the_home_page(site, person):
    edith = person("highlight")
    edith.sign_in("edith")
    edith.page.locator("#how-this-site-works-section").get_by_role(
        "link", name="Research highlights"
    ).click()
    edith.page.get_by_role("link", name="Add child page").first.click()
    edith.page.wait_for_url("**/add/research/researchhighlightpage/**")

    edith.page.locator("[data-contentpath='publication'] button", has_text="Choose a page").click()
    modal = edith.page.locator(".modal-dialog")
    modal.locator("input[name='q']").fill("Physics of Skill Learning")
    modal.get_by_role("link", name="Physics of Skill Learning").click()
    edith.page.wait_for_selector(".modal-dialog", state="detached")
    summary = edith.page.locator("[data-contentpath='summary'] [contenteditable='true']")
    summary.click()
    summary.type("Skills are learned one after another, like notes of a scale.")
    edith.rich_text_written("summary", "notes of a scale")
    edith.page.check("#id_feature_on_home")
    edith.shot("new-highlight")
    edith.action("action-publish")
    edith.see("published")
    # The home page has room for four featured highlights: the editor is told this one,
    # the fifth, does not show there, and how to change that.
    told = edith.messages()
    assert "does not show on the home page" in told and "number 5" in told
    assert "How many" in told
    edith.shot("told-where-it-shows")
    assert edith.our_admin_violations() == []

    edith.page.goto(f"{edith.base_url}/admin/pages/{site['home'].pk}/edit/")
    block = edith.page.get_by_role("region", name=re.compile("^Research highlights"))
    block.locator("input[id$='-value-count']").fill("5")
    block.get_by_role("button", name="Move up").first.click()
    edith.shot("home-reordered")
    edith.action("action-publish")
    edith.see("has been published")

    visitor = edith.visitor
    visitor.goto("/")
    headings = visitor.page.locator("main h2").all_inner_texts()
    assert headings.index("Research") < headings.index("Members"), headings
    research = visitor.page.locator("section[aria-labelledby='section-research']")
    assert "Physics of Skill Learning" in research.inner_text()
    assert research.locator("article, li").count() >= 5
    assert ResearchHighlightPage.objects.filter(feature_on_home=True, live=True).count() == 5
    visitor.screenshot("journey-highlight-04-home-page")


def photo_file(tmp_path):
    path = tmp_path / "portrait.png"
    buffer = BytesIO()
    PILImage.new("RGB", (600, 600), (40, 90, 160)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def link_in(message, path):
    found = re.search(rf"https?://\S+{re.escape(path)}\S*", message.body)
    assert found, message.body
    return found.group(0)


def test_a_member_is_invited_edits_their_profile_and_a_moderator_approves_it(
    site, person, tmp_path
):
    # An editor invites Ziming from his page.
    edith = person("member-invite")
    edith.sign_in("edith")
    edith.page.locator("#how-this-site-works-section").get_by_role("link", name="People").click()
    edith.page.get_by_role("link", name="Ziming Liu", exact=True).first.click()
    edith.page.get_by_role("link", name="Invite them to edit this profile").click()
    edith.page.fill("#id_email", "ziming@example.org")
    edith.shot("invite-form")
    edith.page.get_by_role("button", name="Send invitation").click()
    edith.see("Invitation sent to ziming@example.org")
    edith.shot("invited")
    assert edith.our_admin_violations() == []
    invitation = mail.outbox[-1]
    assert invitation.to == ["ziming@example.org"]
    set_password = link_in(invitation, "/admin/password_reset/confirm/")
    assert edith.base_url in set_password  # the address the site is served on

    # Ziming chooses a password, is signed in at once and finds his profile.
    ziming = person("member-edits")
    ziming.page.goto(set_password)
    assert ziming.page.locator("h1").inner_text() == "Welcome! Choose your password"
    assert "ziming@example.org" in ziming.page.locator("main").inner_text()
    ziming.shot("choose-password")
    ziming.page.fill("#id_new_password1", PASSWORD)
    ziming.page.fill("#id_new_password2", PASSWORD)
    ziming.page.get_by_role("button", name="Save my password").click()
    ziming.page.wait_for_url(ziming.base_url + "/admin/")
    ziming.see("Your password is saved, and you are signed in.")
    guide = ziming.page.locator("#how-this-site-works-section").inner_text()
    assert "Submit" in guide and "e-mailed" in guide
    ziming.shot("dashboard")
    assert ziming.our_admin_violations() == []

    # He edits his bio and photo, saves a draft (and stays on his page), previews, submits.
    ziming.page.locator("#my-profile-section").get_by_role("link", name="Edit my profile").click()
    ziming.page.wait_for_url("**/edit/")
    edit_url = ziming.page.url
    bio = ziming.page.locator("[data-contentpath='bio'] [contenteditable='true']")
    bio.click()
    bio.type("Ziming studies grokking and the physics of neural networks.")
    ziming.page.locator("[data-contentpath='photo'] button", has_text="Choose an image").click()
    modal = ziming.page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(str(photo_file(tmp_path)))
    modal.locator("input[name='image-chooser-upload-title']").fill("Ziming portrait")
    modal.get_by_role("button", name="Upload").click()
    ziming.page.wait_for_selector(".modal-dialog", state="detached")
    ziming.page.fill("#id_photo_alt_text", "Ziming Liu smiling")
    ziming.page.get_by_role("button", name="Save draft").click()
    ziming.see("has been updated")
    assert ziming.page.url.split("?")[0] == edit_url
    ziming.shot("draft-saved")

    ziming.page.get_by_role("button", name="Toggle preview").click()
    # The preview panel swaps in a fresh frame each time it renders the form's content.
    ziming.page.wait_for_function(
        """() => [...document.querySelectorAll("iframe[title='Preview']")].some(
            (frame) => frame.contentDocument?.body?.innerText.includes("physics of neural networks"))"""
    )
    ziming.shot("preview")

    ziming.action("action-submit")
    ziming.see("submitted")
    assert ziming.page.url == ziming.base_url + "/admin/"
    assert "Waiting for approval" in ziming.page.locator("#my-profile-section").inner_text()
    ziming.shot("submitted")
    live = MemberPage.objects.get(slug="ziming-liu")
    assert "grokking" not in live.bio and live.workflow_in_progress

    ziming.page.goto(edit_url)
    told = ziming.messages()
    assert "waiting for a moderator's approval" in told and "e-mail at ziming@example.org" in told
    ziming.page.locator("footer button.w-dropdown__toggle").click()
    assert ziming.page.locator("button[name='action-cancel-workflow']").inner_text().strip() == (
        "Withdraw my submission"
    )
    ziming.shot("waiting")
    assert ziming.our_admin_violations() == []
    ziming.leave()

    # The moderator is e-mailed, compares the change and approves it with a comment.
    to_moderator = [message for message in mail.outbox if "moritz@example.org" in message.to]
    assert to_moderator and "Ziming Liu" in to_moderator[-1].subject
    moritz = person("moderator-approves")
    moritz.sign_in("moritz")
    review = moritz.page.locator("section", has_text="Awaiting your review").last
    assert "Ziming Liu" in review.inner_text()
    moritz.shot("dashboard")
    review.locator("button.w-dropdown__toggle").first.click()
    review.get_by_role("link", name="Compare with live version").click()
    moritz.page.wait_for_url("**/compare/**")
    compared = moritz.page.locator("main").inner_text()
    assert "physics of neural networks" in compared and "Ziming Liu smiling" in compared
    assert moritz.page.locator("main img").count() >= 1  # the new photo
    moritz.shot("compare")
    moritz.page.go_back()
    review = moritz.page.locator("section", has_text="Awaiting your review").last
    review.locator("button.w-dropdown__toggle").first.click()
    review.get_by_role("button", name="Approve with comment").click()
    moritz.page.locator(".modal-dialog textarea").fill("Lovely photo, thank you!")
    moritz.shot("approve-with-comment")
    moritz.page.locator(".modal-dialog").get_by_role("button", name=re.compile("Approve")).click()
    moritz.page.wait_for_selector(".modal-dialog", state="detached")
    moritz.page.wait_for_load_state("load")
    assert "Awaiting your review" not in moritz.page.locator("main").inner_text()
    moritz.shot("approved")
    assert "grokking" in MemberPage.objects.get(slug="ziming-liu").bio

    # Ziming is told, and sees his profile live.
    to_member = [message for message in mail.outbox if "ziming@example.org" in message.to]
    assert "Lovely photo, thank you!" in to_member[-1].body
    ziming.page.goto(ziming.base_url + "/admin/")
    assert (
        "Everything you changed is on the site"
        in ziming.page.locator("#my-profile-section").inner_text()
    )
    ziming.page.locator("#my-profile-section").get_by_role(
        "link", name="View my public page"
    ).click()
    profile = ziming.page.locator(".member-profile")
    assert "grokking" in profile.inner_text()
    image = ziming.page.locator(".member-profile__header img")
    assert image.get_attribute("alt") == "Ziming Liu smiling"
    assert has_loaded(image)
    ziming.shot("live-profile")
    assert ziming.visitor.axe_violations() == []


def choose_page(person, field, search, title):
    """Pick ``title`` in the page chooser of the field (content path) ``field``."""
    person.page.locator(
        f"[data-contentpath='{field}'] button", has_text="Choose a page"
    ).last.click()
    modal = person.page.locator(".modal-dialog")
    modal.locator("input[name='q']").fill(search)
    modal.get_by_role("link", name=title).click()
    person.page.wait_for_selector(".modal-dialog", state="detached")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_editor_posts_a_news_item_and_an_event(site, person, viewport):
    news = add_news_index(site["home"], show_in_menus=True)
    events = add_events_index(site["home"], show_in_menus=True)
    edith = person(f"news-and-event{'-phone' if viewport is PHONE else ''}", viewport)
    edith.sign_in("edith")
    guide = edith.page.locator("#how-this-site-works-section")
    assert "Post news, a talk or an event" in guide.inner_text()

    guide.get_by_role("link", name="Write news").click()
    edith.page.wait_for_url(f"**/add/news/newspage/{news.pk}/")
    edith.page.fill("#id_title", "Eric J. Michaud gives the group seminar")
    edith.page.fill("#id_summary", "A talk on the quantization model of neural scaling.")
    edith.page.get_by_role("button", name="Add Person").click()
    choose_page(edith, "member", "Michaud", "Eric J. Michaud")
    edith.shot("news-form")
    edith.action("action-publish")
    edith.see("published")
    edith.shot("news-published")
    edith.visitor.goto(news.url)
    listed = edith.page.locator("main").inner_text()
    assert "Eric J. Michaud gives the group seminar" in listed
    edith.visitor.goto("/people/eric-j-michaud/")
    assert "Eric J. Michaud gives the group seminar" in edith.page.locator("main").inner_text()

    edith.page.goto(edith.base_url + "/admin/")
    guide.get_by_role("link", name="Add an event").click()
    edith.page.wait_for_url(f"**/add/events/eventpage/{events.pk}/")
    day = date.today() + timedelta(days=20)
    edith.page.fill("#id_title", "Group seminar: the quantization model")
    edith.fill_date("#id_date", day.isoformat())
    edith.fill_date("#id_start_time", "16:00")
    edith.page.fill("#id_location", "MIT, Building 26, Room 100, Cambridge MA")
    choose_page(edith, "member", "Michaud", "Eric J. Michaud")  # the speaker
    edith.shot("event-form")
    edith.action("action-publish")
    edith.see("published")
    edith.shot("event-published")
    edith.visitor.goto(events.url)
    upcoming = edith.page.locator("main").inner_text()
    assert "Group seminar: the quantization model" in upcoming
    calendar = edith.page.request.get(edith.base_url + "/events.ics")
    assert calendar.ok and "SUMMARY:Group seminar: the quantization model" in calendar.text()
    edith.visitor.screenshot("journey-news-and-event-05-events-page")
    assert edith.visitor.axe_violations() == []


def test_an_editor_closes_an_opening(site, person):
    join_us = add_openings_index(site["home"], show_in_menus=True)
    opening = add_opening(
        join_us, "PhD position in mechanistic interpretability", date.today() + timedelta(days=30)
    )
    edith = person("opening")
    edith.sign_in("edith")
    edith.page.locator("#how-this-site-works-section").get_by_role("link", name="Openings").click()
    edith.page.get_by_role("link", name=opening.title, exact=True).first.click()
    edith.page.wait_for_url("**/edit/")
    edith.page.check("#id_filled")
    edith.shot("closing")
    edith.action("action-publish")
    edith.see("has been published")
    edith.shot("closed")

    edith.visitor.goto(opening.url)
    assert "closed" in edith.page.locator("main").inner_text().lower()
    edith.visitor.screenshot("journey-opening-03-public-page")
    edith.visitor.goto(join_us.url)
    assert opening.title not in edith.page.locator("main").inner_text()
    assert edith.visitor.axe_violations() == []
