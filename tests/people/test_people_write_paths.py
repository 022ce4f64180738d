"""A member's limits on every path that writes a profile: edit, revert, copy, workflow,
bulk actions and choosers, on their own profile and on another's.

"Members cannot change their role, dates, address or account, and use only their own
images" is enforced where revisions are made, so these drive each admin path for real.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from people.models import MemberPage, Role
from tests.factories import ContentPageFactory

from . import test_people_permissions as matrix
from .test_people_permissions import (
    client_for,
    edit_url,
    fresh,
    member_form,
    png_bytes,
    set_approval_required,
)

pytestmark = pytest.mark.django_db
# The same site, built once for this module too: two members, an editor, a moderator.
matrix_site = matrix.matrix_site
site = matrix.site


def editor_changes_membership(site):
    """An editor moves Ana to postdoc, sets her dates and address: a new published revision."""
    page = fresh(site["a"])
    page.role = Role.POSTDOC
    page.start_date = date(2020, 1, 1)
    page.end_date = date(2030, 1, 1)
    page.slug = "ana-a"
    page.save_revision(user=site["users"]["editor"]).publish()
    return fresh(page)


def assert_membership_kept(page):
    assert page.role == Role.POSTDOC
    assert page.start_date == date(2020, 1, 1)
    assert page.end_date == date(2030, 1, 1)
    assert page.slug == "ana-a"


# --- revert ------------------------------------------------------------------------------


@pytest.mark.parametrize("approval_required", [True, False], ids=["approval-on", "approval-off"])
def test_reverting_to_an_older_revision_never_restores_editor_only_fields(
    client, site, approval_required
):
    set_approval_required(approval_required)
    first_revision = fresh(site["a"]).latest_revision
    page = editor_changes_membership(site)
    client = client_for(client, site, "member_a")
    action = {"action-submit": "1"} if approval_required else {"action-publish": "1"}

    response = client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first_revision.pk]),
        member_form(page, title="Ana A", bio=rich_text("<p>Reverted bio.</p>"), **action),
    )

    assert response.status_code == 302
    page = fresh(site["a"])
    latest = page.get_latest_revision_as_object()
    assert "Reverted bio." in latest.bio  # the revert itself went through
    assert_membership_kept(latest)
    assert_membership_kept(page)
    assert page.user_id == site["users"]["member_a"].pk


def test_a_member_cannot_revert_another_members_profile(client, site):
    first_revision = fresh(site["b"]).latest_revision
    client = client_for(client, site, "member_a")

    client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[site["b"].pk, first_revision.pk]),
        member_form(site["b"], title="Hijacked", **{"action-publish": "1"}),
    )

    assert fresh(site["b"]).get_latest_revision_as_object().title == "Ben B"


def test_saving_a_revision_in_code_as_a_member_keeps_editor_only_fields(site):
    page = editor_changes_membership(site)
    old = page.revisions.order_by("created_at").first().as_object()  # role PhD, slug "ana"

    old.save_revision(user=site["users"]["member_a"]).publish()

    assert_membership_kept(fresh(page))


def test_an_editor_can_still_revert_membership_fields(site):
    page = editor_changes_membership(site)
    old = page.revisions.order_by("created_at").first().as_object()

    old.save_revision(user=site["users"]["editor"]).publish()

    assert fresh(page).role == Role.PHD


# --- images ------------------------------------------------------------------------------


def upload_image(client, title):
    client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": SimpleUploadedFile(f"{title}.png", png_bytes())},
    )
    return get_image_model().objects.get(title=title)


@pytest.mark.parametrize("field", ["photo", "social_image"])
def test_a_member_cannot_choose_another_persons_image_by_posting_its_id(client, site, field):
    set_approval_required(False)
    other = client.__class__()
    other.force_login(site["users"]["member_b"])
    bens_image = upload_image(other, "bens-photo")
    client = client_for(client, site, "member_a")

    response = client.post(
        edit_url(site["a"]),
        member_form(
            site["a"], **{field: bens_image.pk, "photo_alt_text": "Ben", "action-publish": "1"}
        ),
    )

    assert response.status_code == 200  # the form again, with the message
    assert "only use images and documents you uploaded yourself" in response.content.decode()
    page = fresh(site["a"])
    assert getattr(page, f"{field}_id") is None
    assert getattr(page.get_latest_revision_as_object(), f"{field}_id") is None


def test_a_member_chooses_their_own_image(client, site):
    set_approval_required(False)
    client = client_for(client, site, "member_a")
    own = upload_image(client, "anas-photo")

    client.post(
        edit_url(site["a"]),
        member_form(site["a"], photo=own.pk, photo_alt_text="Ana", **{"action-publish": "1"}),
    )

    assert fresh(site["a"]).photo_id == own.pk


def test_a_photo_an_editor_chose_stays_when_the_member_saves(client, site):
    set_approval_required(False)
    portrait = get_image_model().objects.create(
        title="official-portrait",
        file=SimpleUploadedFile("portrait.png", png_bytes()),
        uploaded_by_user=site["users"]["superuser"],
    )
    page = fresh(site["a"])
    page.photo, page.photo_alt_text = portrait, "Ana"
    page.save_revision(user=site["users"]["editor"]).publish()
    client = client_for(client, site, "member_a")

    client.post(
        edit_url(page),
        member_form(
            page,
            photo=portrait.pk,
            photo_alt_text="Ana",
            bio=rich_text("<p>New bio.</p>"),
            **{"action-publish": "1"},
        ),
    )

    page = fresh(page)
    assert page.photo_id == portrait.pk
    assert "New bio." in page.bio


# --- preview, history, choosers ------------------------------------------------------------


def test_a_member_previews_their_own_profile_from_the_edit_form(client, site):
    client = client_for(client, site, "member_a")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[site["a"].pk])

    posted = client.post(url, member_form(site["a"], bio=rich_text("<p>Previewed bio.</p>")))
    shown = client.get(url)

    assert posted.status_code == 200 and posted.json()["is_valid"]
    assert shown.status_code == 200
    assert "Previewed bio." in shown.content.decode()


def test_a_member_opens_the_history_of_their_own_profile_only(client, site):
    client = client_for(client, site, "member_a")

    own = client.get(reverse("wagtailadmin_pages:history", args=[site["a"].pk]))
    other = client.get(reverse("wagtailadmin_pages:history", args=[site["b"].pk]))
    other_preview = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[site["b"].pk]))

    assert own.status_code == 200
    assert other.status_code != 200
    assert other_preview.status_code != 200


def test_the_page_chooser_shows_members_no_unpublished_page(client, site):
    draft = ContentPageFactory(parent=site["home"], title="Secret plans", slug="secret", live=False)
    assert not Page.objects.get(pk=draft.pk).live
    client = client_for(client, site, "member_a")

    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[site["home"].pk]))
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Secret"})

    assert browse.status_code == 200
    assert "Secret plans" not in browse.content.decode()
    assert "Secret plans" not in search.content.decode()


def test_editors_still_see_drafts_in_the_page_chooser(client, site):
    ContentPageFactory(parent=site["home"], title="Secret plans", slug="secret", live=False)
    client = client_for(client, site, "editor")

    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[site["home"].pk]))

    assert "Secret plans" in browse.content.decode()


# --- copy, workflow, bulk actions ------------------------------------------------------------


@pytest.mark.parametrize("target", ["a", "b"])
def test_a_member_cannot_copy_a_profile(client, site, target):
    before = MemberPage.objects.count()
    client = client_for(client, site, "member_a")

    client.post(
        reverse("wagtailadmin_pages:copy", args=[site[target].pk]),
        {
            "new_title": "Copy",
            "new_slug": "copy",
            "new_parent_page": site["people"].pk,
            "publish_copies": "on",
        },
    )

    assert MemberPage.objects.count() == before


@pytest.mark.parametrize("target", ["a", "b"])
def test_a_member_cannot_approve_a_submitted_profile(client, site, target):
    set_approval_required(True)
    owner = client.__class__()
    owner.force_login(site["users"]["member_a" if target == "a" else "member_b"])
    owner.post(
        edit_url(site[target]),
        member_form(
            site[target], role=Role.PI, bio=rich_text("<p>Pending.</p>"), **{"action-submit": "1"}
        ),
    )
    page = fresh(site[target])
    task_state = page.current_workflow_state.current_task_state
    client = client_for(client, site, "member_a")

    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )

    page = fresh(page)
    assert "Pending." not in page.bio
    assert page.role != Role.PI
    assert page.get_latest_revision_as_object().role != Role.PI


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete", "move"])
@pytest.mark.parametrize("target", ["a", "b"])
def test_bulk_actions_change_no_profile_for_a_member(client, site, target, action):
    set_approval_required(True)
    page = fresh(site[target])
    page.bio = "<p>Unpublished draft.</p>"
    page.save_revision(user=site["users"]["editor"])
    client = client_for(client, site, "member_a")

    client.post(
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={page.pk}",
        {"move_applicable": "on", "chooser": site["home"].pk, "include_descendants": "on"},
    )

    page = MemberPage.objects.filter(pk=page.pk).first()
    assert page is not None
    assert page.live
    assert "Unpublished draft." not in page.bio
    assert page.get_parent().pk == site["people"].pk
