"""A member edits their own profile in the admin; a moderator approves; visitors see it."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from PIL import Image as PILImage

from people.models import MemberPage
from tests.factories import UserFactory

from .conftest import DESKTOP, PHONE

PASSWORD = "a-long-test-password"  # noqa: S105


@pytest.fixture
def accounts(live_demo_site):
    member_user = UserFactory(username="ziming", first_name="Ziming", email="ziming@example.org")
    member_user.groups.add(Group.objects.get(name="Members"))
    MemberPage.objects.filter(slug="ziming-liu").update(user=member_user)
    moderator = UserFactory(username="moderator", email="mod@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return {"member": member_user, "moderator": moderator}


def sign_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def photo_file(tmp_path):
    path = tmp_path / "ziming.png"
    buffer = BytesIO()
    PILImage.new("RGB", (600, 600), (40, 90, 160)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.migrated_data
def test_member_edits_profile_moderator_approves_visitor_sees_it(
    visit, live_server, accounts, tmp_path
):
    member = visit(viewport={"width": 1280, "height": 900})
    page = member.page
    sign_in(page, live_server.url, "ziming")

    page.get_by_role("link", name="My profile").first.click()
    page.wait_for_url("**/admin/pages/*/edit/")

    bio = page.locator("[data-contentpath='bio'] [contenteditable='true']")
    bio.click()
    bio.type("Ziming studies grokking and the physics of neural networks.")

    page.locator("[data-contentpath='photo'] button", has_text="Choose an image").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(str(photo_file(tmp_path)))
    modal.locator("input[name='image-chooser-upload-title']").fill("Ziming portrait")
    modal.get_by_role("button", name="Upload").click()
    page.wait_for_selector(".modal-dialog", state="detached")
    page.fill("#id_photo_alt_text", "Ziming Liu smiling")

    page.locator("button.w-dropdown__toggle.button").click()
    page.locator("button[name='action-submit']").click()
    page.wait_for_selector("text=has been submitted")
    member.screenshot("admin-member-submitted")

    live = MemberPage.objects.get(slug="ziming-liu")
    assert live.workflow_in_progress
    assert "grokking" not in live.bio

    moderator = visit(viewport={"width": 1280, "height": 900})
    sign_in(moderator.page, live_server.url, "moderator")
    moderator.page.goto(f"{live_server.url}/admin/pages/{live.pk}/edit/")
    moderator.page.locator("button.w-dropdown__toggle.button").click()
    moderator.page.get_by_role("button", name="Approve and Publish").click()
    moderator.page.wait_for_selector("text=has been updated")
    moderator.screenshot("admin-moderator-approved")

    visitor = visit(viewport=PHONE)
    visitor.goto("/people/ziming-liu/")
    assert "grokking" in visitor.page.locator(".member-profile").inner_text()
    image = visitor.page.locator(".member-profile__header img")
    assert image.get_attribute("alt") == "Ziming Liu smiling"
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    visitor.screenshot("member-after-approval-phone-light")
    assert visitor.axe_violations() == []
    assert visitor.console_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/people/", "/people/eric-j-michaud/"], ids=["people", "member"])
def test_people_pages_are_accessible_and_fit(demo_visit, path, scheme, viewport):
    visitor = demo_visit(viewport=viewport, color_scheme=scheme)

    response = visitor.goto(path)

    assert response.status == 200
    name = "people" if path == "/people/" else "member"
    visitor.screenshot(f"{name}-{'phone' if viewport is PHONE else 'desktop'}-{scheme}")
    assert visitor.horizontal_overflow() <= 0
    assert visitor.axe_violations() == []
    assert visitor.console_errors == []
    assert visitor.foreign_requests == []
