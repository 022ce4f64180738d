"""A backup made after an editor's ordinary day in the admin restores to an equal site.

Every step goes through the admin's own views, as a person's clicks would: pages are
created, edited, moved, reverted, sent through moderation and deleted; images, documents
and users are added and deleted. Deleting leaves rows that point at what is gone (a
deleted page's log entries, a deleted user's log entries), which is what broke backups.
"""

from io import StringIO

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    Page,
    PageLogEntry,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import ContentPage

pytestmark = pytest.mark.django_db(transaction=True)


def form_errors(answer):
    """What the admin said was wrong with a form it did not accept."""
    context = answer.context or {}
    form = context.get("form")
    return form.errors if form is not None else answer.content[:500]


def page_form(title, intro, social_image=""):
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "intro": intro,
            "body": streamfield([]),
            "seo_title": "",
            "search_description": "",
            "social_image": social_image,
        }
    )


def add_page(client, parent, title, intro, action="action-publish"):
    url = reverse("wagtailadmin_pages:add", args=["home", "contentpage", parent.pk])
    answer = client.post(url, {**page_form(title, intro), action: "1"})
    assert answer.status_code == 302, form_errors(answer)
    return ContentPage.objects.get(title=title)


def edit_page(client, page, title, intro, action="action-publish", social_image=""):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = {**page_form(title, intro, social_image), "slug": page.slug, action: "1"}
    answer = client.post(url, data)
    assert answer.status_code == 302, form_errors(answer)


def root_collection():
    return Collection.get_first_root_node().pk


def upload_image(client, title):
    image_file = wagtail_factories.ImageFactory.build(file__width=40, file__height=30).file
    upload = SimpleUploadedFile(f"{title}.jpg", image_file.read(), content_type="image/jpeg")
    answer = client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": upload, "tags": "", "collection": root_collection()},
    )
    assert answer.status_code == 302, form_errors(answer)
    return get_image_model().objects.get(title=title)


def upload_document(client, title, body):
    upload = SimpleUploadedFile(f"{title}.txt", body, content_type="text/plain")
    answer = client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": upload, "tags": "", "collection": root_collection()},
    )
    assert answer.status_code == 302, form_errors(answer)
    return get_document_model().objects.get(title=title)


def snapshot():
    """The site in comparable form: pages, their history, files, people with accounts."""
    pages = list(
        Page.objects.order_by("path").values_list(
            "id", "path", "url_path", "title", "slug", "live", "has_unpublished_changes"
        )
    )
    intros = dict(ContentPage.objects.values_list("id", "intro"))
    revisions = list(
        Revision.objects.order_by("id").values_list("id", "object_id", "user_id", "content")
    )
    log = list(
        PageLogEntry.objects.order_by("id").values_list("id", "page_id", "action", "user_id")
    )
    workflow = list(WorkflowState.objects.order_by("id").values_list("id", "object_id", "status"))
    tasks = list(TaskState.objects.order_by("id").values_list("id", "revision_id", "status"))
    images = {image.title: image.file.read() for image in get_image_model().objects.all()}
    documents = {doc.title: doc.file.read() for doc in get_document_model().objects.all()}
    users = list(get_user_model().objects.order_by("id").values_list("id", "username", "email"))
    return pages, intros, revisions, log, workflow, tasks, images, documents, users


def test_a_backup_after_a_day_of_admin_actions_restores_to_an_equal_site(client, tmp_path):
    from tests.conftest import build_site_tree, restore_migrated_data

    restore_migrated_data(tmp_path)
    home = build_site_tree()
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(admin)

    # Users: one added and then deleted, one kept; the deleted one edits a page first.
    answer = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "visitor",
            "email": "visitor@example.org",
            "first_name": "Vi",
            "last_name": "Sitor",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
            "is_superuser": "on",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302, form_errors(answer)
    leaving = get_user_model().objects.get(username="visitor")

    # Images and documents: some kept, some deleted after a page used them.
    kept_image = upload_image(client, "kept photo")
    gone_image = upload_image(client, "deleted photo")
    upload_document(client, "kept notes", b"notes kept")
    gone_document = upload_document(client, "deleted notes", b"notes deleted")

    # Pages: created, edited, moved, reverted, moderated, deleted.
    about = add_page(client, home, "About", "First words.")
    team = add_page(client, home, "Team", "Who we are.")
    history = add_page(client, about, "History", "Since 2019.")
    edit_page(client, about, "About", "Second words.", social_image=gone_image.pk)
    edit_page(client, about, "About us", "Third words.", social_image=kept_image.pk)

    client.force_login(leaving)
    edit_page(client, team, "Team", "Written by someone who then left.")
    client.force_login(admin)

    answer = client.post(reverse("wagtailadmin_pages:move_confirm", args=[history.pk, team.pk]))
    assert answer.status_code == 302, form_errors(answer)

    first = Revision.objects.filter(object_id=str(about.pk)).order_by("id").first()
    reverted = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[about.pk, first.pk]))
    assert reverted.status_code == 200
    edit_page(client, about, "About", "First words.")  # the reverted content, published

    edit_page(client, team, "Team", "Waiting for approval.", action="action-submit")
    task_state = TaskState.objects.get(workflow_state__object_id=str(team.pk), status="in_progress")
    answer = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[team.pk, "approve", task_state.pk]),
        {"comment": "Fine."},
    )
    assert answer.status_code in (200, 302), form_errors(answer)
    assert WorkflowState.objects.get(object_id=str(team.pk)).status == "approved"

    doomed = add_page(client, home, "Old news", "To be deleted.")
    edit_page(client, doomed, "Old news", "Still to be deleted.", action="action-submit")
    answer = client.post(reverse("wagtailadmin_pages:delete", args=[doomed.pk]))
    assert answer.status_code == 302, form_errors(answer)
    assert client.post(reverse("wagtailimages:delete", args=[gone_image.pk])).status_code == 302
    assert client.post(reverse("wagtaildocs:delete", args=[gone_document.pk])).status_code == 302
    answer = client.post(reverse("wagtailusers_users:delete", args=[leaving.pk]))
    assert answer.status_code == 302, form_errors(answer)

    # What broke backups is there: history naming a deleted page and a deleted user.
    assert PageLogEntry.objects.filter(page_id=doomed.pk).exists()
    assert PageLogEntry.objects.filter(user_id=leaving.pk).exists()
    before = snapshot()
    path = tmp_path / "site.tar.gz"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "Saved" in out.getvalue()

    call_command("flush", interactive=False, verbosity=0)
    assert Page.objects.count() == 0
    call_command("restore", str(path), "--yes", stdout=StringIO())

    assert snapshot() == before
    client.force_login(get_user_model().objects.get(username="editor"))
    assert "First words." in client.get("/about/").content.decode()
    assert client.get("/team/history/").status_code == 200
    assert client.get("/old-news/").status_code == 404
    assert client.get(reverse("wagtailadmin_pages:history", args=[about.pk])).status_code == 200


def test_a_backup_that_cannot_be_written_leaves_no_file(tmp_path, home_page):
    from django.core.management import CommandError

    target = tmp_path / "missing-folder" / "site.tar.gz"
    with pytest.raises(CommandError, match="Cannot write the backup"):
        call_command("backup", str(target), stdout=StringIO())
    assert not target.exists()
    assert not list(tmp_path.rglob("*partial*"))
