"""Who may do what in the admin: a permission matrix driven through real admin HTTP requests.

Actors: anonymous, member A, member B, editor, moderator, superuser. Every cell of the
matrix is asserted, on the outcome (what changed in the database, or whether the admin
view opened), not on which buttons are shown.
"""

from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from people.models import MemberPage, PeopleIndexPage, ProfileSettings, Role
from publications.models import PublicationIndexPage

from ..conftest import build_site_tree
from ..factories import ContentPageFactory, UserFactory, add_publication

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "member_a", "member_b", "editor", "moderator", "superuser"]


def build_matrix_site(home_page):
    """Two members with their profiles, an editor, a moderator, a superuser, a standard page
    and a paper."""
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    users = {
        "member_a": UserFactory(username="member_a"),
        "member_b": UserFactory(username="member_b"),
        "editor": UserFactory(username="editor"),
        "moderator": UserFactory(username="moderator"),
        "superuser": UserFactory(username="superuser", is_superuser=True, is_staff=True),
    }
    members_group = Group.objects.get(name="Members")
    users["member_a"].groups.add(members_group)
    users["member_b"].groups.add(members_group)
    users["editor"].groups.add(Group.objects.get(name="Editors"))
    users["moderator"].groups.add(Group.objects.get(name="Moderators"))
    page_a = people.add_child(
        instance=MemberPage(title="Ana A", slug="ana", role=Role.PHD, user=users["member_a"])
    )
    page_b = people.add_child(
        instance=MemberPage(title="Ben B", slug="ben", role=Role.POSTDOC, user=users["member_b"])
    )
    for page in (page_a, page_b):
        page.save_revision().publish()
    content = ContentPageFactory(parent=home_page, title="About", slug="about")
    publications = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    paper = add_publication(publications, "A paper", date(2024, 1, 1), authors=["Ana A"])
    return {
        "paper": paper,
        "home": home_page,
        "people": people,
        "a": page_a,
        "b": page_b,
        "content": content,
        "users": users,
    }


@pytest.fixture(scope="module")
def matrix_site(django_db_setup, django_db_blocker):
    """The matrix's site, built once per module inside a transaction that is rolled back
    after the module's last test; each test runs in a savepoint of it (pytest-django's
    ``db``), so what one test changes is gone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        site = build_matrix_site(build_site_tree())
        yield {key: (type(value), value.pk) for key, value in site.items() if key != "users"} | {
            "users": {name: user.pk for name, user in site["users"].items()}
        }
        transaction.set_rollback(True)


@pytest.fixture
def site(matrix_site, db):
    """Fresh copies of the matrix's objects for one test."""
    users = get_user_model().objects.in_bulk(matrix_site["users"].values())
    site = {"users": {name: users[pk] for name, pk in matrix_site["users"].items()}}
    for key, value in matrix_site.items():
        if key != "users":
            model, pk = value
            site[key] = model.objects.get(pk=pk)
    return site


def client_for(client, site, actor):
    if actor != "anonymous":
        client.force_login(site["users"][actor])
    return client


def set_approval_required(required):
    settings = ProfileSettings.load()
    settings.approval_required = required
    settings.save()


def opens(response):
    """Whether an admin view opened (200), rather than sending the user away."""
    return response.status_code == 200


def member_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "photo_alt_text": "",
        "bio": rich_text(page.bio or "<p></p>"),
        "research_interests": page.research_interests,
        "website": "",
        "x_url": "",
        "github_url": "",
        "scholar_url": "",
        "orcid": "",
        "linkedin_url": "",
        "email": "",
        "now_position": "",
        "now_organisation": "",
        "now_since": "",
        "now_url": "",
        "name_variants": "",
        "positions": inline_formset([]),
        "education": inline_formset([]),
        "cv_layout": streamfield([]),
        "discover_publications": "on",
        "openalex_id": "",
        "arxiv_author_id": "",
        "semantic_scholar_id": "",
        "role": page.role,
        "start_date": "",
        "end_date": "",
        "user": page.user_id or "",
        "seo_title": "",
        "search_description": "",
    }
    data.update(changes)
    return nested_form_data(data)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def fresh(page):
    return type(page).objects.get(pk=page.pk)


# --- edit own profile / another profile -------------------------------------------------

EDIT_A = {
    "anonymous": False,
    "member_a": True,
    "member_b": False,
    "editor": True,
    "moderator": True,
    "superuser": True,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_member_a_profile(client, site, actor):
    response = client_for(client, site, actor).get(edit_url(site["a"]))
    assert opens(response) is EDIT_A[actor]


EDIT_B = {
    "anonymous": False,
    "member_a": False,
    "member_b": True,
    "editor": True,
    "moderator": True,
    "superuser": True,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_another_members_profile(client, site, actor):
    response = client_for(client, site, actor).get(edit_url(site["b"]))
    assert opens(response) is EDIT_B[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_saving_a_draft_of_member_a_profile(client, site, actor):
    client = client_for(client, site, actor)
    client.post(edit_url(site["a"]), member_form(site["a"], title="Ana Changed"))
    assert (fresh(site["a"]).draft_title == "Ana Changed") is EDIT_A[actor]


# --- publish own profile, with the approval setting on and off ---------------------------

PUBLISH_A_APPROVAL_ON = {
    "anonymous": False,
    "member_a": False,  # must submit for approval instead
    "member_b": False,
    "editor": True,
    "moderator": True,
    "superuser": True,
}
PUBLISH_A_APPROVAL_OFF = {**PUBLISH_A_APPROVAL_ON, "member_a": True}


@pytest.mark.parametrize("approval_required", [True, False], ids=["approval-on", "approval-off"])
@pytest.mark.parametrize("actor", ACTORS)
def test_publish_member_a_profile(client, site, actor, approval_required):
    set_approval_required(approval_required)
    client = client_for(client, site, actor)

    client.post(
        edit_url(site["a"]),
        member_form(site["a"], bio=rich_text("<p>Published bio.</p>"), **{"action-publish": "1"}),
    )

    expected = (PUBLISH_A_APPROVAL_ON if approval_required else PUBLISH_A_APPROVAL_OFF)[actor]
    assert ("Published bio." in fresh(site["a"]).bio) is expected


def test_member_can_submit_own_profile_for_approval(client, site):
    set_approval_required(True)
    client = client_for(client, site, "member_a")

    client.post(
        edit_url(site["a"]),
        member_form(site["a"], bio=rich_text("<p>Please approve.</p>"), **{"action-submit": "1"}),
    )

    page = fresh(site["a"])
    assert page.workflow_in_progress
    assert "Please approve." not in page.bio
    assert "Please approve." in page.get_latest_revision_as_object().bio


# --- change own role ---------------------------------------------------------------------

CHANGE_ROLE_OF_A = {
    "anonymous": False,
    "member_a": False,  # the field is not in a member's form: the posted value is ignored
    "member_b": False,
    "editor": True,
    "moderator": False,  # moderators approve; roles and accounts are editors' business
    "superuser": True,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_change_member_a_role(client, site, actor):
    set_approval_required(False)
    client = client_for(client, site, actor)

    client.post(
        edit_url(site["a"]), member_form(site["a"], role=Role.POSTDOC, **{"action-publish": "1"})
    )

    assert (fresh(site["a"]).role == Role.POSTDOC) is CHANGE_ROLE_OF_A[actor]


@pytest.mark.parametrize("field", ["slug", "user", "start_date"])
def test_member_cannot_change_editor_only_fields_of_own_profile(client, site, field):
    set_approval_required(False)
    client = client_for(client, site, "member_a")
    value = {"slug": "hijacked", "user": site["users"]["member_b"].pk, "start_date": "2020-01-01"}

    client.post(
        edit_url(site["a"]), member_form(site["a"], **{field: value[field], "action-publish": "1"})
    )

    page = fresh(site["a"])
    assert page.slug == "ana"
    assert page.user_id == site["users"]["member_a"].pk
    assert page.start_date is None


# --- create, delete, edit other pages ----------------------------------------------------

CONTENT_EDITORS = {
    "anonymous": False,
    "member_a": False,
    "member_b": False,
    "editor": True,
    "moderator": True,
    "superuser": True,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_create_a_page(client, site, actor):
    client = client_for(client, site, actor)
    url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", site["home"].pk])

    client.post(
        url,
        nested_form_data(
            {"title": "New page", "slug": "new-page", "intro": "", "body": streamfield([])}
        ),
    )

    assert Page.objects.filter(slug="new-page").exists() is CONTENT_EDITORS[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_member_cannot_add_pages_under_the_people_page(client, site, actor):
    client = client_for(client, site, actor)
    url = reverse("wagtailadmin_pages:add", args=["people", "memberpage", site["people"].pk])

    response = client.get(url)

    assert opens(response) is CONTENT_EDITORS[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_delete_a_page(client, site, actor):
    client = client_for(client, site, actor)

    client.post(reverse("wagtailadmin_pages:delete", args=[site["content"].pk]))

    assert (not Page.objects.filter(pk=site["content"].pk).exists()) is CONTENT_EDITORS[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_member_cannot_delete_or_move_own_profile(client, site, actor):
    client = client_for(client, site, actor)
    page = site["a"]

    delete = client.get(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    move = client.get(reverse("wagtailadmin_pages:move", args=[page.pk]))
    copy = client.get(reverse("wagtailadmin_pages:copy", args=[page.pk]))

    expected = CONTENT_EDITORS[actor]
    assert opens(delete) is expected
    assert opens(move) is expected
    assert opens(copy) is expected


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_the_home_page(client, site, actor):
    response = client_for(client, site, actor).get(edit_url(site["home"]))
    assert opens(response) is CONTENT_EDITORS[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_a_content_page(client, site, actor):
    response = client_for(client, site, actor).get(edit_url(site["content"]))
    assert opens(response) is CONTENT_EDITORS[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_a_publication_page(client, site, actor):
    # Member A is an author of this paper, and still may not edit it.
    response = client_for(client, site, actor).get(edit_url(site["paper"]))
    assert opens(response) is CONTENT_EDITORS[actor]


SETTINGS = {
    "anonymous": False,
    "member_a": False,
    "member_b": False,
    "editor": True,
    "moderator": False,
    "superuser": True,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_site_settings(client, site, actor):
    url = reverse(
        "wagtailsettings:edit", args=["lab_site", "sitesettings", site["home"].get_site().pk]
    )
    response = client_for(client, site, actor).get(url)
    assert opens(response) is SETTINGS[actor]


# --- images ------------------------------------------------------------------------------

UPLOAD = {
    "anonymous": False,
    "member_a": True,
    "member_b": True,
    "editor": True,
    "moderator": True,
    "superuser": True,
}


def png_bytes(size=(40, 40)):
    buffer = BytesIO()
    PILImage.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("actor", ACTORS)
def test_upload_an_image(client, site, actor):
    client = client_for(client, site, actor)
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")

    root = Collection.get_first_root_node()
    client.post(
        reverse("wagtailimages:add"), {"title": "My photo", "file": upload, "collection": root.pk}
    )

    assert get_image_model().objects.filter(title="My photo").exists() is UPLOAD[actor]


def test_members_choose_only_images_they_uploaded(client, site):
    Image = get_image_model()
    client_for(client, site, "member_a")
    client.post(
        reverse("wagtailimages:add"),
        {"title": "Ana's photo", "file": SimpleUploadedFile("a.png", png_bytes())},
    )
    other = client.__class__()
    other.force_login(site["users"]["member_b"])
    other.post(
        reverse("wagtailimages:add"),
        {"title": "Ben's photo", "file": SimpleUploadedFile("b.png", png_bytes())},
    )
    assert Image.objects.count() == 2

    chooser = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]

    assert "Ana&#x27;s photo" in chooser or "Ana's photo" in chooser
    assert "Ben" not in chooser


# --- drafts and workflow -----------------------------------------------------------------

VIEW_B_DRAFT = {
    "anonymous": False,
    "member_a": False,
    "member_b": True,
    "editor": True,
    "moderator": True,
    "superuser": True,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_view_another_members_draft(client, site, actor):
    page_b = fresh(site["b"])
    page_b.bio = "<p>Secret draft</p>"
    page_b.save_revision()

    client = client_for(client, site, actor)
    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[page_b.pk]))
    history = client.get(reverse("wagtailadmin_pages:history", args=[page_b.pk]))

    assert ("Secret draft" in draft.content.decode()) is VIEW_B_DRAFT[actor]
    # A profile's history is open to those who may edit it, its member included.
    assert opens(history) is VIEW_B_DRAFT[actor]


APPROVE = {
    "anonymous": False,
    "member_a": False,
    "member_b": False,  # nobody approves their own changes (B is the submitter)
    "editor": False,  # editors publish directly; approving is the moderators' task
    "moderator": True,
    "superuser": True,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_approve_a_workflow_task(client, site, actor):
    set_approval_required(True)
    submitter = client.__class__()
    submitter.force_login(site["users"]["member_b"])
    submitter.post(
        edit_url(site["b"]),
        member_form(site["b"], bio=rich_text("<p>Approved bio.</p>"), **{"action-submit": "1"}),
    )
    page_b = fresh(site["b"])
    task_state = page_b.current_workflow_state.current_task_state
    assert task_state is not None

    client = client_for(client, site, actor)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page_b.pk, "approve", task_state.pk]),
        {"comment": "Looks good"},
    )

    assert ("Approved bio." in fresh(site["b"]).bio) is APPROVE[actor]


ADMIN_AREAS = [
    "wagtailusers_users:index",
    "wagtailusers_groups:index",
    "wagtaildocs:index",
    "wagtailadmin_workflows:index",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:locked_pages",
    "wagtailredirects:index",
]


@pytest.mark.parametrize("url_name", ADMIN_AREAS)
def test_members_cannot_reach_admin_areas_they_have_no_use_for(client, site, url_name):
    client_for(client, site, "member_a")

    response = client.get(reverse(url_name))

    assert not opens(response)


def test_members_menu_offers_only_their_profile_and_images(client, site):
    client_for(client, site, "member_a")

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert '"name": "my-profile"' in html or "my-profile" in html
    for hidden in ("explorer", "documents", "reports", "help"):
        assert f'"name": "{hidden}"' not in html


def test_site_history_shows_members_nothing_of_other_pages(client, site):
    client_for(client, site, "member_a")

    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()

    assert "Ben B" not in html
    assert "About" not in html
