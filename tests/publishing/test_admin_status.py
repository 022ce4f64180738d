"""The admin's "Static copy" page: the last publish, how long it took and any failure;
only for those who may manage it."""

import pytest
from django.contrib.auth.models import Permission

from publishing.models import StaticCopy

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


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
