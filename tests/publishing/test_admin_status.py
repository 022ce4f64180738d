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


def test_the_first_copy_is_made_from_the_admin_with_its_address(
    admin_client, small_site, settings, tmp_path, django_capture_on_commit_callbacks
):
    """No terminal: the Static copy page asks for the address, makes the copy in
    ``STATIC_COPY_FOLDER`` and publishes it (here at once; with ``make run``, the worker)."""
    settings.STATIC_COPY_FOLDER = str(tmp_path / "public")
    page = admin_client.get("/admin/static-copy/").content.decode()
    assert "Make the static copy" in page and "manage.py" not in page
    assert str(tmp_path / "public") in page  # where the files go

    with django_capture_on_commit_callbacks(execute=True):
        started = admin_client.post(
            "/admin/static-copy/start/", {"base_url": "https://lab.example.org/"}
        )
    assert started.status_code == 302
    answer = admin_client.get(started["Location"])

    said = " ".join(str(message) for message in answer.context["messages"])
    assert "The static copy is being made" in said
    copy = StaticCopy.objects.get()
    assert copy.folder == str((tmp_path / "public").resolve())
    assert copy.base_url == "https://lab.example.org/"
    assert copy.last_kind == "the whole site" and not copy.last_error
    home = (tmp_path / "public" / "index.html").read_text()
    assert "https://lab.example.org/publications/" in home or 'href="/publications/"' in home
    assert (tmp_path / "public" / "pagefind").is_dir()
    assert not list(tmp_path.glob(".public.progress*"))  # the progress file went with it
    status = answer.content.decode()
    assert "Published: the whole site written again" in status
    assert "Make the static copy" not in status


@pytest.mark.parametrize(
    "address, problem",
    [
        ("", "This field is required."),
        ("lab dot org", "Enter a valid URL."),
        ("ftp://lab.example.org/", "is not an address like https://example.org/"),
        ("https://lab.example.org/?page=2", "must not have a query or fragment"),
        ("https://user:secret@lab.example.org/", "must not hold a user name or password"),
    ],
)
def test_a_wrong_address_is_named_on_the_field_and_nothing_is_made(
    admin_client, home_page, settings, tmp_path, address, problem
):
    settings.STATIC_COPY_FOLDER = str(tmp_path / "public")

    answer = admin_client.post("/admin/static-copy/start/", {"base_url": address})

    assert answer.status_code == 200
    assert problem in answer.content.decode()
    assert not StaticCopy.objects.exists()
    assert not (tmp_path / "public").exists()


def test_a_folder_that_is_not_the_copys_own_is_refused_with_why(
    admin_client, home_page, settings, tmp_path
):
    folder = tmp_path / "public"
    folder.mkdir()
    (folder / "thesis.pdf").write_bytes(b"%PDF")
    settings.STATIC_COPY_FOLDER = str(folder)

    answer = admin_client.post("/admin/static-copy/start/", {"base_url": "https://lab.org/"})

    html = answer.content.decode()
    assert "already holds files that the static copy did not write" in html
    assert not StaticCopy.objects.exists()
    assert (folder / "thesis.pdf").read_bytes() == b"%PDF"


def test_while_a_whole_publish_runs_the_page_shows_how_far_it_has_got(
    admin_client, home_page, tmp_path, settings
):
    """The worker reports each chunk of pages (``publishing.progress``); the page shows
    it and refreshes by itself until the work is done."""
    from django_tasks_db.models import DBTaskResult

    from publishing import progress
    from publishing.tasks import update_static_copies

    settings.TASKS = {
        **settings.TASKS,
        "publishing": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    copy = StaticCopy.objects.create(folder=str(tmp_path / "public"), base_url="https://l.org/")
    result = update_static_copies.enqueue([], True)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING")
    progress.report(copy.folder, "pages", new=True)
    progress.report(copy.folder, "pages", 240, 1780)

    html = admin_client.get("/admin/static-copy/").content.decode()

    assert "The whole site: 240 of 1780 pages written" in html
    assert '<progress max="1780" value="240"' in html
    assert '<meta http-equiv="refresh"' in html

    progress.report(copy.folder, "rest", 1780, 1780)
    assert (
        "now the files, feeds and the search index"
        in admin_client.get("/admin/static-copy/").content.decode()
    )

    progress.finish(copy.folder)
    DBTaskResult.objects.filter(pk=result.id).update(status="SUCCESSFUL")
    done = admin_client.get("/admin/static-copy/").content.decode()
    assert '<meta http-equiv="refresh"' not in done and "pages written" not in done


def test_a_whole_publish_reports_each_chunk_then_removes_its_progress(
    small_site, tmp_path, monkeypatch
):
    from publishing import progress
    from publishing.incremental import update_copy

    seen = []
    real = progress.report
    monkeypatch.setattr(
        progress,
        "report",
        lambda folder, stage, done=0, total=0, **kw: (
            seen.append((stage, done, total)),
            real(folder, stage, done, total, **kw),
        ),
    )
    copy = StaticCopy.objects.create(folder=str(tmp_path / "public"), base_url="https://l.org/")

    update_copy(copy.pk, everything=True, raise_errors=True)

    pages = [entry for entry in seen if entry[0] == "pages"]
    assert pages[0] == ("pages", 0, 0)
    done, total = pages[-1][1:]
    assert done == total and total >= 5
    assert [entry[1] for entry in pages] == sorted(entry[1] for entry in pages)
    assert seen[-1][0] == "rest"
    assert progress.read(copy.folder) is None


def test_a_first_publish_waiting_says_so_and_a_stuck_queue_names_the_worker(
    admin_client, home_page, tmp_path, settings
):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from publishing.tasks import update_static_copies

    settings.TASKS = {
        **settings.TASKS,
        "publishing": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    StaticCopy.objects.create(folder=str(tmp_path / "public"), base_url="https://l.org/")
    result = update_static_copies.enqueue([], True)

    html = admin_client.get("/admin/static-copy/").content.decode()
    assert "about to be written for the first time" in html
    assert "worker seems not to be running" not in html  # a worker takes it within a second

    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=2)
    )
    html = admin_client.get("/admin/static-copy/").content.decode()
    assert "worker seems not to be running" in html
