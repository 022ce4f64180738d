"""`manage.py backup` and `restore`: all content, images included, round-trips."""

from io import StringIO
from pathlib import Path

import pytest
import wagtail_factories
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from people.models import MemberPage
from tests.conftest import load_demo_site

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    """What a visitor and an editor would see, in comparable form."""
    pages = list(
        Page.objects.order_by("path").values_list(
            "path", "title", "slug", "live", "content_type__model"
        )
    )
    members = list(
        MemberPage.objects.order_by("path").values_list("title", "role", "photo__title", "bio")
    )
    revisions = (
        Revision.objects.values("object_id").annotate(count=Count("id")).order_by("object_id")
    )
    images = {image.title: image.file.read() for image in get_image_model().objects.all()}
    return pages, members, list(revisions), images


def test_backup_restores_into_an_empty_database_exactly(client, tmp_path):
    load_demo_site(tmp_path)
    member = MemberPage.objects.get(slug="ziming-liu")
    member.photo = wagtail_factories.ImageFactory(title="Ziming", file__width=300, file__height=300)
    member.photo_alt_text = "Ziming at a whiteboard"
    member.bio = "<p>Physics of learning.</p>"
    member.save_revision().publish()
    # Every content type's pages and their related rows (people, speakers) come back too.
    from datetime import date, time

    from tests.factories import add_event, add_events_index, add_news, add_news_index

    home = Page.objects.get(depth=2)
    add_news(add_news_index(home), "Best paper", date(2024, 6, 1), people=[member])
    add_event(add_events_index(home), "A talk", date(2024, 6, 2), time(16), speakers=[member])
    before = snapshot()
    path = tmp_path / "site.tar.gz"

    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "files to" in out.getvalue()

    # An empty database: every row gone, uploaded files gone too.
    call_command("flush", interactive=False, verbosity=0)
    image_names = [name for name in before[3]]
    assert Page.objects.count() == 0 and image_names

    call_command("restore", str(path), "--yes", stdout=StringIO())

    assert snapshot() == before
    assert client.get("/people/ziming-liu/").status_code == 200
    profile = client.get("/people/ziming-liu/").content.decode()
    assert "Physics of learning." in profile and "Best paper" in profile and "A talk" in profile
    assert b"SUMMARY:A talk" in client.get("/events.ics").content
    # The search index was rebuilt.
    assert "Ziming Liu" in client.get("/search/?q=Ziming").content.decode()


def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(tmp_path, home_page):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not a tar file")
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="cannot be read as a backup"):
        call_command("restore", str(bogus), "--yes", stdout=StringIO())
    assert Page.objects.count() == pages


# --- a restore checks the whole file first, and a failed one changes nothing ------------


def make_backup(tmp_path):
    """A real backup of a small site with one image; returns (path, its data, image name)."""
    import json
    import tarfile

    from tests.conftest import build_site_tree

    build_site_tree()
    image = wagtail_factories.ImageFactory(title="Portrait", file__width=20, file__height=20)
    path = tmp_path / "site.tar.gz"
    call_command("backup", str(path), stdout=StringIO())
    with tarfile.open(path, "r:gz") as archive:
        data = json.loads(archive.extractfile("data.json").read())
    return path, data, image.file.name


def craft(path, data, media, manifest=None):
    """A backup file holding ``data`` and ``media`` ({member name: bytes}), in that order."""
    import io
    import json
    import tarfile

    manifest = manifest or {
        "format": 1,
        "created": "2026-01-01T00:00:00",
        "objects": len(data),
        "media_files": len(media),
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, content in [
            ("manifest.json", json.dumps(manifest).encode()),
            ("data.json", json.dumps(data).encode()),
            *media.items(),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return path


def state():
    from django.core.files.storage import default_storage

    return Page.objects.count(), sorted(
        (image.file.name, default_storage.exists(image.file.name))
        for image in get_image_model().objects.all()
    )


def with_image_row(data, name, content):
    import copy
    import hashlib

    row = copy.deepcopy(next(item for item in data if item["model"] == "wagtailimages.image"))
    row["pk"] = None
    row["fields"].update(
        file=name,
        file_size=len(content),
        file_hash=hashlib.sha1(content).hexdigest(),  # noqa: S324 - Wagtail's own file hash
        title=name,
    )
    return [*data, row]


def refused(path, match):
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(path), "--yes", stdout=StringIO())


def test_a_file_no_record_refers_to_is_refused_and_nothing_changes(tmp_path):
    path, data, image_name = make_backup(tmp_path)
    original = get_image_model().objects.get().file.read()
    before = state()
    bad = craft(
        tmp_path / "bad.tar.gz",
        data,
        {f"media/{image_name}": original, "media/page.html": b"<script>alert(1)</script>"},
    )

    refused(bad, "no record refers to")

    assert state() == before


@pytest.mark.parametrize(
    "name",
    [
        "original_images\\evil.png",
        "original_images/../../evil.png",
        "/etc/evil.png",
        "original_images/bad name.png",
        "original_images/./x.png",
        "original_images//x.png",
    ],
)
def test_an_unsafe_file_name_is_refused_and_nothing_changes(tmp_path, name):
    path, data, image_name = make_backup(tmp_path)
    original = get_image_model().objects.get().file.read()
    before = state()
    content = b"not really an image"
    bad = craft(
        tmp_path / "bad.tar.gz",
        with_image_row(data, name, content),
        {f"media/{image_name}": original, f"media/{name}": content},
    )

    refused(bad, "unsafe or unusual name")

    assert state() == before


def test_a_file_that_is_also_a_folder_is_refused(tmp_path):
    path, data, image_name = make_backup(tmp_path)
    original = get_image_model().objects.get().file.read()
    data = with_image_row(
        with_image_row(data, "original_images/a", b"a"), "original_images/a/b.png", b"b"
    )
    bad = craft(
        tmp_path / "bad.tar.gz",
        data,
        {
            f"media/{image_name}": original,
            "media/original_images/a": b"a",
            "media/original_images/a/b.png": b"b",
        },
    )

    refused(bad, "both as a file and as a folder")


def test_a_file_whose_size_differs_from_its_record_is_refused_before_it_is_read(tmp_path):
    path, data, image_name = make_backup(tmp_path)
    original = get_image_model().objects.get().file.read()
    data = with_image_row(data, "original_images/small.png", b"x" * 100)
    big = b"\0" * (5 * 1024 * 1024)
    bad = craft(
        tmp_path / "bad.tar.gz",
        data,
        {f"media/{image_name}": original, "media/original_images/small.png": big},
    )

    refused(bad, "its record says")


def test_a_storage_that_refuses_a_file_leaves_database_and_files_as_they_were(tmp_path, settings):
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    path, data, image_name = make_backup(tmp_path)
    original = get_image_model().objects.get().file.read()
    clash = "original_images/clash.png"
    good = craft(
        tmp_path / "good.tar.gz",
        with_image_row(data, clash, b"clash"),
        {f"media/{image_name}": original, f"media/{clash}": b"clash"},
    )
    # The storage cannot write that file: a folder stands where it would go.
    folder = Path(settings.MEDIA_ROOT) / clash
    folder.mkdir(parents=True)
    call_command("load_demo_content", stdout=StringIO())
    before = state()

    refused(good, "could not be restored")

    assert state() == before
    assert default_storage.exists(image_name)
    assert client_can_see_demo()


def client_can_see_demo():
    from people.models import MemberPage

    return MemberPage.objects.filter(slug="ziming-liu").exists()


def test_a_restore_streams_files_instead_of_holding_them_in_memory(tmp_path):
    import tracemalloc

    from lab_site.backup import checked_backup

    path, data, image_name = make_backup(tmp_path)
    content = b"\0" * (40 * 1024 * 1024)
    big = craft(
        tmp_path / "big.tar.gz",
        with_image_row(data, "original_images/big.png", content),
        {
            f"media/{image_name}": get_image_model().objects.get().file.read(),
            "media/original_images/big.png": content,
        },
    )
    del content
    work = tmp_path / "work"

    tracemalloc.start()
    checked = checked_backup(big, work)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert checked.media["original_images/big.png"].staged.stat().st_size == 40 * 1024 * 1024
    assert peak < 10 * 1024 * 1024


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs two processes against PostgreSQL"
)
def test_two_restores_at_once_leave_one_whole_site(tmp_path, client):
    from tests.conftest import manage_py_in_parallel

    path, _data, image_name = make_backup(tmp_path)
    call_command("load_demo_content", stdout=StringIO())
    call_command("backup", str(path), stdout=StringIO())
    expected = snapshot()

    outcomes = manage_py_in_parallel(
        ["restore", str(path), "--yes"], ["restore", str(path), "--yes"]
    )

    for code, out, err in outcomes:
        assert "Traceback" not in err, err
        assert code == 0 or "nothing was changed" in err.lower(), (code, out, err)
    assert any(code == 0 for code, _out, _err in outcomes)
    assert snapshot() == expected
    assert client.get("/people/ziming-liu/").status_code == 200
