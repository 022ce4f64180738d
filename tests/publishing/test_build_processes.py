"""The whole copy rendered by several processes is the copy one process renders: the
same files, byte for byte, and the same links, broken links and left-out addresses."""

import threading
from io import StringIO

import pytest
import wagtail_factories
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from publishing import whole
from publishing.whole import build_site, process_count

from ..factories import add_member
from .test_publish_private_and_bad_links import page_linking_to

BASE = "https://example.org/lab/"

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the workers read the database the test wrote: PostgreSQL (SQLite's test "
    "database is in this process's memory)",
)


@needs_postgresql
def test_several_processes_render_the_copy_one_process_renders(
    transactional_db, small_site, settings, monkeypatch, caplog
):
    people = small_site.get_children().get(slug="people").specific
    for number in range(30):  # more pages than one chunk, so that every process has some
        add_member(people, f"Member Number{number}")
    page_linking_to(small_site, "Has a broken link", ["/nowhere/", "/people/?page=2"])
    monkeypatch.setattr(whole, "CHUNK", 4)
    by_workers = []
    render_routes = whole.render_routes
    monkeypatch.setattr(
        whole, "render_routes", lambda *args: by_workers.append(render_routes(*args))
    )

    settings.STATIC_COPY_PROCESSES = "1"
    alone = build_site(BASE)
    settings.STATIC_COPY_PROCESSES = "2"
    assert process_count() == 2
    together = build_site(BASE)

    assert by_workers[0] == 0 and by_workers[1] > 0  # the worker rendered some chunks…
    assert "failed" not in caplog.text  # …and none was left to this process by a failure
    assert len(alone.files) > 50
    assert together.files == alone.files
    assert together.links == alone.links
    assert together.broken == alone.broken == {"/nowhere/": {"/has-a-broken-link/"}}
    assert together.live_only == alone.live_only
    assert together.private == alone.private


@needs_postgresql
def test_a_publish_in_processes_makes_the_image_sizes_no_page_asked_for_before(
    transactional_db, small_site, settings, tmp_path
):
    """The publish holds its copy's row in a transaction while the workers render; their
    first renditions of the photos and the site settings' first row are written by them
    alone, so that none waits on what the publish would commit only at its end."""
    people = small_site.get_children().get(slug="people").specific
    for number in range(12):
        photo = wagtail_factories.ImageFactory(title=f"Photo {number}")
        add_member(people, f"Pictured Member{number}", photo=photo)
    settings.STATIC_COPY_PROCESSES = "2"
    out = tmp_path / "public"
    done = []

    def publish():
        call_command("publish_static", str(out), base_url=BASE, no_search=True, stdout=StringIO())
        done.append(True)

    publishing = threading.Thread(target=publish, daemon=True)
    publishing.start()
    publishing.join(timeout=120)
    assert done, "the publish did not finish within two minutes"
    pictured = (out / "people" / "pictured-member3" / "index.html").read_text()
    assert "/media/images/" in pictured
    for name in pictured.split('src="')[1:]:
        address = name.split('"')[0]
        if address.startswith("/lab/media/"):
            assert (out / address.removeprefix("/lab/")).is_file(), address


@pytest.mark.parametrize("value", ["0", "many", "-2"])
def test_a_wrong_number_of_processes_is_explained(settings, value):
    settings.STATIC_COPY_PROCESSES = value
    with pytest.raises(ImproperlyConfigured, match="number of processes"):
        process_count()


def test_auto_renders_in_one_process_with_caches_of_its_own(settings):
    """The tests' caches are local memory: a worker's would start empty."""
    settings.STATIC_COPY_PROCESSES = "auto"
    assert process_count() == 1
