"""Publishing as `make run` sets it up: the static copy is written by a worker process
(``manage.py db_worker --backend publishing``) beside the web server, so that Publish
returns at once. An editor publishes a paper and uploads an image in Chromium; the copy
shows the paper's change soon after, and the image upload writes nothing to it.

The times seen are written to ``test-artifacts/publish-in-background.json`` for the
record; speed is the bench's to judge (``make bench``), so they are not asserted here.
"""

import json
import os
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult
from PIL import Image

from publications.models import PublicationPage
from publishing.models import StaticCopy

from ..conftest import load_demo_site
from .conftest import DESKTOP

ROOT = Path(__file__).resolve().parents[2]
ARTIFACT = ROOT / "test-artifacts" / "publish-in-background.json"
PASSWORD = "a-long-test-password"  # noqa: S105
WORKER = {"BACKEND": "django_tasks_db.DatabaseBackend"}


def database_url():
    """The test database, as the worker process is to reach it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(live_server, settings, tmp_path):
    """The demo with a static copy, the site sending the copy's updates to the database
    queue, and a real worker process taking them from it."""
    load_demo_site(tmp_path)
    folder = tmp_path / "copy"
    call_command("publish_static", str(folder), base_url="http://copy.example.org/", no_search=True)
    settings.TASKS = {**settings.TASKS, "publishing": WORKER}
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PUBLISHING_TASKS_BACKEND": WORKER["BACKEND"],
    }
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            "publishing",
            "--interval",
            "0.2",
            "--no-reload",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield folder, process
    process.terminate()
    _, errors = process.communicate(timeout=30)
    assert b"Traceback" not in errors, errors.decode()[-3000:]


def wait_for(condition, seconds=60):
    """Seconds until ``condition()`` holds (polled every 20 ms); fails after ``seconds``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            pytest.fail(f"still not so after {seconds} s")
        time.sleep(0.02)
    return time.monotonic() - started


def test_publish_returns_at_once_and_the_worker_writes_the_copy(visit, live_server, worker):
    folder, process = worker
    get_user_model().objects.create_superuser("edith", "edith@example.org", PASSWORD)
    paper = PublicationPage.objects.live().get(slug="omnigrok-grokking-beyond-algorithmic-data")
    on_copy = folder / "publications" / paper.slug / "index.html"
    assert "Omnigrok" in on_copy.read_text()

    page = visit(viewport=DESKTOP).page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "edith")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    # The editor renames the paper and publishes at once, as a person does.
    page.goto(f"{live_server.url}/admin/pages/{paper.pk}/edit/")
    page.fill("#id_title", "Omnigrok: grokking beyond algorithmic data, revisited")
    started = time.monotonic()
    page.locator("footer button.w-dropdown__toggle").click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_selector("text=The static copy shows it in a few seconds.")
    returned = time.monotonic() - started
    assert process.poll() is None, "the worker stopped"
    shown = returned + wait_for(lambda: "revisited" in on_copy.read_text())
    # The files are in place a moment before the worker's record of them is committed.
    updates = DBTaskResult.objects.filter(backend_name="publishing")
    wait_for(lambda: not updates.ready().exists() and not updates.running().exists())
    assert list(updates.values_list("status", flat=True)) == ["SUCCESSFUL"]
    copy = StaticCopy.objects.get()
    assert copy.last_error == "" and "pages and files" in copy.last_kind, copy.last_kind
    assert "revisited" in (folder / "publications" / "index.html").read_text()

    # "See the static copy": written, nothing waiting.
    page.click("text=See the static copy")
    page.wait_for_selector("text=Published:")
    assert "waits to be written" not in page.content()

    # An image upload is on no page yet: the copy is not written for it.
    before = updates.count()
    picture = BytesIO()
    Image.new("RGB", (640, 480), "teal").save(picture, "PNG")
    page.goto(live_server.url + "/admin/images/multiple/add/")
    started = time.monotonic()
    page.set_input_files(
        "#fileupload",
        {"name": "lab-retreat.png", "mimeType": "image/png", "buffer": picture.getvalue()},
    )
    page.wait_for_selector("text=Upload successful")
    uploaded = time.monotonic() - started
    assert updates.count() == before

    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(
        json.dumps(
            {
                "database": connection.vendor,
                "publish returned (s)": round(returned, 2),
                "paper on the copy after (s)": round(shown, 2),
                "image upload returned (s)": round(uploaded, 2),
            },
            indent=2,
        )
    )
