"""What the static copy must never hold (files of private collections, pages behind a
password or a sign-in) and links that must never stop a publish (addresses no file can
have). The copy holds what an anonymous visitor of the live site may fetch, and no more."""

import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.models import ContentPage
from publishing.build import Renderer
from publishing.files import GENERATION_FILE
from publishing.models import StaticCopy

pytestmark = pytest.mark.django_db

BAD_LINKS = [
    "/media/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e/%2e%2e/lab_site/settings/base.py",
    "/media//etc/passwd",
    "/media/images/%00.jpg",
    "/static/..%2fsecret",
    "/%2e%2e/outside/",
    "/media/original_images/no-such-file.jpg",
]


def private_collection(kind):
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"Private ({kind})")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=kind,
        password="secret" if kind == "password" else "",
    )
    if kind == "groups":
        restriction.groups.add(Group.objects.get_or_create(name="Editors")[0])
    return collection


def page_linking_to(parent, title, links):
    body = "".join(
        f'<p><a href="{link}">link {number}</a></p>' for number, link in enumerate(links)
    )
    page = parent.add_child(instance=ContentPage(title=title, intro="", body=[("text", body)]))
    page.save_revision().publish()
    return page


def publish(out, **options):
    """``publish_static`` into ``out`` for https://example.org/, without the search index."""
    options.setdefault("stdout", StringIO())
    call_command(
        "publish_static", str(out), base_url="https://example.org/", no_search=True, **options
    )


def every_file(folder):
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
def test_no_private_item_reaches_the_copy_and_bad_links_are_reported(home_page, tmp_path, kind):
    secret_bytes = f"secret document {kind} 93af".encode()
    collection = private_collection(kind)
    document = get_document_model().objects.create(
        title="Minutes", collection=collection, file=ContentFile(secret_bytes, "minutes.txt")
    )
    public_document = get_document_model().objects.create(
        title="Flyer", file=ContentFile(b"public flyer", "flyer.txt")
    )
    private_image = wagtail_factories.ImageFactory(
        title="Private", collection=collection, file__width=30, file__height=20
    )
    public_image = wagtail_factories.ImageFactory(title="Public", file__width=31, file__height=21)
    private_rendition = private_image.get_rendition("width-20")
    hidden = home_page.add_child(instance=ContentPage(title="Hidden", intro="Behind the door."))
    hidden.save_revision().publish()
    below_hidden = hidden.add_child(instance=ContentPage(title="Below", intro="Deeper."))
    below_hidden.save_revision().publish()
    PageViewRestriction.objects.create(
        page=hidden,
        restriction_type=kind,
        password="door" if kind == "password" else "",
    )
    links = [
        document.file.url,
        document.url,
        private_image.file.url,
        private_rendition.url,
        public_image.file.url,
        public_document.file.url,
        hidden.url,
        below_hidden.url,
        *BAD_LINKS,
    ]
    page_linking_to(home_page, "Links", links)
    out = tmp_path / "public"
    errors = StringIO()

    publish(out, stderr=errors)

    files = every_file(out)
    private_bytes = {secret_bytes, private_image.file.open().read(), private_rendition.file.read()}
    assert not [path for path, body in files.items() if body in private_bytes]
    assert not [path for path, body in files.items() if b"csrfmiddlewaretoken" in body]
    assert not (out / "hidden").exists()
    assert not [path for path in files if "passwd" in str(path) or "settings" in str(path)]
    # What the copy may hold is there.
    assert (out / "media" / public_image.file.name).read_bytes() == public_image.file.open().read()
    assert (out / "media" / public_document.file.name).read_bytes() == b"public flyer"
    assert (out / "links" / "index.html").exists()
    # And the person publishing is told what was left out and what is broken.
    said = errors.getvalue()
    assert (
        f"Left out, not for every visitor (a password, sign-in or private collection; the live site answers it): {hidden.url}"
        in said
    )
    assert document.file.url in said and private_image.file.url in said
    for bad in BAD_LINKS:
        assert bad in said, bad


@pytest.mark.parametrize("kind", ["password", "login"])
def test_the_live_media_address_serves_only_public_files(home_page, client, kind):
    cache.clear()  # renditions of an earlier test's images (rolled back, same ids)
    collection = private_collection(kind)
    document = get_document_model().objects.create(
        title="Minutes", collection=collection, file=ContentFile(b"private", "minutes.txt")
    )
    image = wagtail_factories.ImageFactory(collection=collection, file__width=30, file__height=20)
    public = wagtail_factories.ImageFactory(file__width=31, file__height=21)

    assert client.get(document.file.url).status_code == 404
    assert client.get(image.file.url).status_code == 404
    assert client.get(image.get_rendition("width-10").url).status_code == 404
    assert client.get(public.file.url).status_code == 200
    assert client.get(public.get_rendition("width-10").url).status_code == 200
    for bad in BAD_LINKS:
        assert client.get(bad).status_code == 404, bad


def test_a_page_made_private_leaves_the_copy_even_when_the_publish_fails(
    home_page, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    page = page_linking_to(home_page, "Soon private", [])
    out = tmp_path / "public"
    publish(out)
    assert (out / "soon-private" / "index.html").exists()

    def fail(*args, **kwargs):
        raise OSError("the disk is full")

    monkeypatch.setattr("publishing.incremental.write_tree", fail)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="login")

    copy = StaticCopy.objects.get()
    assert "the disk is full" in copy.last_error
    assert not (out / "soon-private" / "index.html").exists()
    assert (out / "index.html").exists()


@pytest.mark.parametrize(
    "base_url",
    [
        'https://example.org/"><script>alert(1)</script>/',
        "https://example.org/lab'onmouseover='x/",
        "https://example.org/a b/",
        "https://example.org/a&b/",
        "https://example.org/<b>/",
        "javascript:alert(1)//example.org/",
        "https://user:token@example.org/",
        "https://exa mple.org/",
        "https://example.org/?q=1",
        "//example.org/",
    ],
)
def test_a_base_url_that_is_not_a_plain_address_is_refused(home_page, tmp_path, base_url):
    with pytest.raises(CommandError, match="base URL"):
        call_command("publish_static", str(tmp_path / "out"), base_url=base_url, stdout=StringIO())
    assert not StaticCopy.objects.exists()


def test_a_redirect_page_escapes_its_target(home_page):
    page = Renderer("https://example.org/lab/").redirect_page('/x/"><script>alert(1)</script>')
    assert b"<script>" not in page and b"&quot;&gt;&lt;script&gt;" in page


# --- a publish killed half-way ------------------------------------------------------------


def test_a_publish_killed_half_way_leaves_the_old_folder_whole_and_its_traces_go(
    transactional_db, tmp_path
):
    from tests.conftest import build_site_tree, manage_py_environment, restore_migrated_data

    restore_migrated_data(tmp_path)
    home = build_site_tree()
    for number in range(30):
        page_linking_to(home, f"Page {number}", [])
    out = tmp_path / "public"
    publish(out)
    before = every_file(out)
    ContentPage.objects.filter(title="Page 3").update(title="Page three")

    env = manage_py_environment()
    command = [sys.executable, "manage.py", "publish_static", str(out), "--no-search"]
    command += ["--base-url", "https://example.org/"]
    process = subprocess.Popen(  # noqa: S603 - the project's own manage.py
        command,
        cwd=Path(settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staging = out.with_name(f".{out.name}.staging-{process.pid}")
    deadline = time.monotonic() + 60
    # Killed once it works in its staging folder (a copy of the old one, as hard links).
    while not (staging / "index.html").exists():
        assert process.poll() is None and time.monotonic() < deadline, "it never got going"
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert every_file(out) == before  # not one file of the new version in the old folder
    assert staging.exists()  # the trace a killed publish leaves…

    publish(out)
    assert not list(tmp_path.glob(".public.*"))  # …goes with the next publish
    assert b"Page three" in (out / "page-3" / "index.html").read_bytes()
    assert (out / GENERATION_FILE).exists()
