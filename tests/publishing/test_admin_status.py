"""The admin's "Static copy" page: the last publish, how long it took and any failure;
only for those who may manage it."""

import pytest
from django.contrib.auth.models import Permission

from publishing.models import StaticCopy

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def edit_form(title):
    """A text page's edit form as the admin sends it, with Publish chosen."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    return nested_form_data(
        {"title": title, "slug": "visiting-us", "body": streamfield([]), "action-publish": "1"}
    )


def test_the_page_shows_the_last_publish_and_its_failure(client, home_page):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    empty = client.get("/admin/static-copy/").content.decode()
    assert "There is no static copy yet" in empty
    StaticCopy.objects.create(
        folder="/srv/lab-site/public",
        base_url="https://lab.example.org/",
        last_duration=1.234,
        last_kind="12 pages and files",
        storage="static_copy",
        git_remote="https://x-access-token:ghp_secret@github.com/lab/lab.github.io.git",
        last_pushed="3 files uploaded to the storage “static_copy”, 0 deleted; pushed",
    )
    StaticCopy.objects.create(
        folder="/srv/lab-site/mirror",
        base_url="https://mirror.example.org/",
        last_error="Pagefind could not index the copy: disk full",
    )
    html = client.get("/admin/static-copy/").content.decode()
    assert "https://lab.example.org/" in html and "1.2&nbsp;s" in html
    assert "Published: 12 pages and files written again" in html
    assert "Then 3 files uploaded to the storage “static_copy”, 0 deleted; pushed." in html
    assert "Also sent to the storage “static_copy”" in html
    assert "Also sent to the branch gh-pages of https://github.com/lab/lab.github.io.git" in html
    assert "ghp_secret" not in html
    assert "Failed:</strong> Pagefind could not index the copy: disk full" in html
    assert "The next publish tries again" in html  # what the editor can do about it
    assert "Static copy" in client.get("/admin/").content.decode()  # in the Settings menu


def test_an_editor_without_the_permission_is_refused(client, home_page):
    from django.contrib.auth.models import Group

    editor = UserFactory(is_staff=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail answers a refused admin page by sending the person to the dashboard.
    refused = client.get("/admin/static-copy/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert client.post("/admin/static-copy/publish/")["Location"] == "/admin/"
    assert "Static copy" not in client.get("/admin/").content.decode()


def test_with_a_worker_publish_says_the_copy_follows_and_the_page_shows_what_waits(
    admin_client, home_page, settings, tmp_path, django_capture_on_commit_callbacks
):
    """``make run`` sends the static copy's updates to a worker: Publish returns at once,
    says the copy follows in a few seconds and where to see it; the Static copy page shows
    the update waiting."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from home.models import ContentPage

    call_command(
        "publish_static", str(tmp_path / "copy"), base_url="https://lab.example.org/", stdout=None
    )
    settings.TASKS = {
        **settings.TASKS,
        "publishing": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    page = home_page.add_child(instance=ContentPage(title="Visiting us", slug="visiting-us"))
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(
            f"/admin/pages/{page.pk}/edit/",
            edit_form("Visiting us"),
            follow=True,
        )
    said = " ".join(str(message) for message in answer.context["messages"])
    assert "The static copy shows it in a few seconds" in said, said
    assert 'href="/admin/static-copy/"' in said and "See the static copy" in said
    assert DBTaskResult.objects.filter(backend_name="publishing").ready().count() == 1
    assert not (tmp_path / "copy" / "visiting-us").exists()  # not in this request

    status = admin_client.get("/admin/static-copy/").content.decode()
    assert "One more change waits to be written." in status

    # (A real worker writing it: tests/browser/test_publish_in_background.py.)


def test_without_a_worker_publish_adds_no_message(admin_client, home_page, tmp_path):
    """With the immediate backend the request that published wrote the copy already."""
    from django.core.management import call_command

    from home.models import ContentPage

    call_command(
        "publish_static", str(tmp_path / "copy"), base_url="https://lab.example.org/", stdout=None
    )
    page = home_page.add_child(instance=ContentPage(title="Visiting us", slug="visiting-us"))
    answer = admin_client.post(
        f"/admin/pages/{page.pk}/edit/",
        edit_form("Visiting us"),
        follow=True,
    )
    said = " ".join(str(message) for message in answer.context["messages"])
    assert "published" in said and "static copy" not in said, said
