"""Journeys of the tasks that used to send an editor to a terminal, done in the admin as a
person does (typing and clicking at once), with the workers `make run` starts:

- adding each kind of section to an empty site from the dashboard's guide, and seeing it
  in the menu;
- making the first static copy from *Settings → Static copy*, with its address;
- "Look for new papers now", then accepting a suggestion.

Screenshots of the key screens go to ``test-artifacts/screenshots/journey-*.png``.
"""

import json
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path
from time import monotonic

import pytest
from django.contrib.auth.models import Group

from lab_site.groups import EDITORS
from people.models import MemberPage
from publications.models import PublicationIndexPage, PublicationPage
from publishing.models import StaticCopy

from ..conftest import build_site_tree, load_demo_site, restore_migrated_data
from ..factories import (
    UserFactory,
    add_award,
    add_course,
    add_event,
    add_gallery,
    add_news,
    add_opening,
    add_project,
)
from ..publications.recorded_sources import Sources, point_settings_at, serving
from . import test_journeys
from .conftest import DESKTOP, PHONE
from .test_publish_in_background import database_url

ROOT = Path(__file__).resolve().parents[2]
# A real lab's list, as its al-folio site keeps it (tests/files/real/SOURCES): 38 papers.
LAB_LIST = ROOT / "tests" / "files" / "real" / "al-folio-pjlab-scholar.bib"
ARTIFACT = ROOT / "test-artifacts" / "import-in-background.json"
person = test_journeys.person  # the journeys' person at their own browser, as a fixture
DATABASE_WORKER = "django_tasks_db.DatabaseBackend"


class Worker:
    """``manage.py db_worker --backend NAME``, as `make run` starts it beside the server."""

    def __init__(self, backend, settings, **environment):
        settings.TASKS = {**settings.TASKS, backend: {"BACKEND": DATABASE_WORKER}}
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--backend",
                backend,
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
            ],  # fmt: skip
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url(),
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                ("TASKS_BACKEND" if backend == "default" else f"{backend.upper()}_TASKS_BACKEND"): (
                    DATABASE_WORKER
                ),
                **environment,
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def stop(self):
        self.process.terminate()
        _, errors = self.process.communicate(timeout=30)
        assert b"Traceback" not in errors, errors.decode()[-3000:]


@pytest.fixture
def empty_site(live_server, settings, tmp_path):
    """A new site: the home page, what the migrations wrote, and an editor."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    restore_migrated_data(tmp_path)
    home = build_site_tree()
    editor = UserFactory(username="edith", email="edith@example.org")
    editor.groups.add(Group.objects.get(name=EDITORS))
    return home


SECTIONS = [
    ("Add a People section", "People"),
    ("Add a Publications section", "Publications"),
    ("Add a Research section", "Research"),
    ("Add a News section", "News"),
    ("Add an Events section", "Events"),
    ("Add a Join us section", "Join us"),
    ("Add a Projects section", "Projects"),
    ("Add an Awards section", "Awards"),
    ("Add a Teaching section", "Teaching"),
    ("Add a Photos section", "Photos"),
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_editor_adds_every_section_from_the_guide_and_each_joins_the_menu(
    person, empty_site, live_server, viewport
):
    me = person(f"sections-{'phone' if viewport is PHONE else 'desktop'}", viewport)
    me.sign_in("edith")
    me.shot("guide-on-an-empty-site")
    for link, title in SECTIONS:
        me.page.goto(live_server.url + "/admin/")
        me.page.click(f"text={link}")
        me.page.fill("#id_title", title)
        me.action("action-publish")
        me.see(f"{title}' created and published")
        assert link not in me.page.content()
    me.page.goto(live_server.url + "/admin/")
    guide = me.page.locator("#how-this-site-works-section").inner_text()
    assert not any(link in guide for link, _title in SECTIONS)
    assert "Write news" in guide and "Add an event" in guide
    me.shot("guide-with-every-section")

    # The lists join the menu once they list something (an empty "News" would lead nowhere).
    empty_site.refresh_from_db()  # its count of children is the database's now
    index = {page.title: page.specific for page in empty_site.get_children()}
    add_news(index["News"], "The group has a website", date(2026, 12, 1))
    add_event(index["Events"], "Reading group", date(2027, 1, 14), time(16, 0))
    add_opening(index["Join us"], "Postdoctoral researcher", date(2027, 3, 1))
    add_project(index["Projects"], "Pykan")
    add_award(index["Awards"], "Best Paper Award", 2025)
    add_course(index["Teaching"], "Cosmology")
    add_gallery(index["Photos"], "Retreat")

    visitor = me.page
    visitor.goto(live_server.url + "/")
    menu = visitor.locator(".main-nav__link").all_inner_texts()
    assert menu == ["Home", *(title for _link, title in SECTIONS)]
    me.shot("menu")


@pytest.fixture
def publishing_worker(live_server, settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    load_demo_site(tmp_path)
    settings.STATIC_COPY_FOLDER = str(tmp_path / "public")
    UserFactory(username="pat", is_superuser=True, email="pat@example.org")
    worker = Worker("publishing", settings, STATIC_COPY_FOLDER=str(tmp_path / "public"))
    yield tmp_path / "public"
    worker.stop()


def test_an_administrator_makes_the_first_static_copy_from_the_admin(
    person, publishing_worker, live_server
):
    folder = publishing_worker
    me = person("first-static-copy")
    me.sign_in("pat")
    me.page.goto(live_server.url + "/admin/static-copy/")
    me.shot("no-copy-yet")
    assert "manage.py" not in me.page.content()

    me.page.fill("#id_base_url", "lab.example.org")  # as people type it: no https://
    me.page.click("button:has-text('Make the static copy')")
    me.see("The static copy is being made.")
    me.shot("being-made")
    # The page refreshes by itself until the worker is done; the person only watches.
    me.page.wait_for_selector("text=Published: the whole site written again", timeout=180_000)
    me.shot("made")
    copy = StaticCopy.objects.get()
    assert copy.base_url == "https://lab.example.org/" and not copy.last_error
    assert "KAN" in (folder / "publications" / "index.html").read_text()
    assert (folder / "pagefind" / "pagefind-entry.json").is_file()


@pytest.fixture
def discovery_worker(live_server, settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    load_demo_site(tmp_path)
    MemberPage.objects.filter(title="Eric J. Michaud").update(
        orcid="https://orcid.org/0000-0001-5109-3700"
    )
    editor = UserFactory(username="edith", email="edith@example.org")
    editor.groups.add(Group.objects.get(name=EDITORS))
    with serving(Sources) as base:
        point_settings_at(base, settings)
        worker = Worker(
            "discovery",
            settings,
            ORCID_API_URL=settings.ORCID_API_URL,
            OPENALEX_API_URL=settings.OPENALEX_API_URL,
            CROSSREF_API_URL=settings.CROSSREF_API_URL,
            ARXIV_AUTHOR_FEED_URL=settings.ARXIV_AUTHOR_FEED_URL,
            DISCOVERY_CONTACT_EMAIL=settings.DISCOVERY_CONTACT_EMAIL,
        )
        yield
        worker.stop()


def test_an_editor_looks_for_new_papers_and_accepts_one(person, discovery_worker, live_server):
    title = "Understanding Learned Reward Functions"
    me = person("discovery")
    me.sign_in("edith")
    me.page.goto(live_server.url + "/admin/publications/suggestions/")
    me.page.click("button:has-text('Look for new papers now')")
    me.see("The site is looking for new papers in the background")
    me.shot("looking")
    # The runs page refreshes itself until the run is done.
    me.page.wait_for_selector("button:has-text('Look for new papers now')", timeout=120_000)
    assert "Done" in me.page.locator("table.listing").inner_text()
    me.shot("run-done")

    me.page.goto(live_server.url + "/admin/publications/suggestions/")
    me.page.click(f"text={title}")
    me.page.click("button:has-text('Accept and add to the site')")
    me.see("is on the site now")
    me.shot("accepted")
    paper = PublicationPage.objects.live().get(title=title)
    me.page.goto(live_server.url + paper.url)
    assert title in me.page.locator("h1").inner_text()


@pytest.fixture
def import_worker(live_server, settings, tmp_path):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    restore_migrated_data(tmp_path)
    home = build_site_tree()
    home.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    editor = UserFactory(username="edith", email="edith@example.org")
    editor.groups.add(Group.objects.get(name=EDITORS))
    worker = Worker("default", settings)
    yield
    worker.stop()


def test_an_editor_imports_a_whole_list_without_waiting_on_it(person, import_worker, live_server):
    """A real lab's 38 papers (1.7 s inside the request before imports had a worker):
    Import returns at once, the run's page follows the worker, then lists what it made."""
    me = person("import-in-background")
    me.sign_in("edith")
    me.page.goto(live_server.url + "/admin/")
    me.page.locator("#how-this-site-works-section").get_by_role(
        "link", name="Import papers"
    ).click()
    me.page.set_input_files("input[type=file]", str(LAB_LIST))
    me.page.get_by_role("button", name="Preview").click()
    me.page.wait_for_selector("table.listing")
    started = monotonic()
    me.page.get_by_role("button", name="Import these").click()
    me.page.wait_for_url("**/import/**")
    returned = monotonic() - started
    me.shot("queued")
    me.page.wait_for_selector("text=38 created", timeout=120_000)  # the page refreshes itself
    me.shot("done")
    assert PublicationPage.objects.live().count() == 38
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps({"import of 38 returned (s)": round(returned, 2)}, indent=2))
