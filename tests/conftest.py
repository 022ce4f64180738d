import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import settings as hypothesis_settings
from wagtail.models import Locale, Page, Site

from home.models import HomePage

from .migrated_database import load_sqlite_demo, prepare_test_database
from .static_copy import served_copy, static_copy  # noqa: F401 - fixtures for every test

# How many cases each property test tries: a few dozen in `make test`, hundreds in
# `make test-thorough` (HYPOTHESIS_PROFILE=thorough), as a nightly run would.
hypothesis_settings.register_profile("default", max_examples=40)
hypothesis_settings.register_profile("thorough", max_examples=300)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def build_site_tree():
    """The page tree Wagtail's migrations create: root, an empty home page and the default site.

    Transactional tests (live server, browser) flush the database, migrations' data
    included, so they rebuild it with this.
    """
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


# What the migrations wrote (groups and their permissions, the moderation workflow, the
# site and its root page), kept as JSON when the test database is made; references to
# content types and permissions by natural key, since a flush renumbers them.
MIGRATED_DATA = {}
# Rebuilt by Django after every flush (post_migrate), so never restored.
REBUILT_AFTER_FLUSH = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


@pytest.fixture(scope="session")
def django_db_keepdb():
    """The worker's test database is kept: it starts each session as a copy of the migrated
    template (``django_db_modify_db_settings``), so Django finds nothing to migrate."""
    return True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The worker's database named (pytest-django's suffix), then made a copy of the
    migrated template (``tests/migrated_database.py``)."""
    from django.conf import settings as django_settings

    prepare_test_database(django_settings.DATABASES["default"])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and a copy of what its migrations wrote."""
    with django_db_blocker.unblock():
        out = StringIO()
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=REBUILT_AFTER_FLUSH,
            stdout=out,
        )
        MIGRATED_DATA["json"] = out.getvalue()


def load_demo_site(folder):
    """The site as `make run` leaves it (migrated, the group's content loaded), at the start
    of a test that flushes the database (before it writes anything): on SQLite a copy of
    the demo database made once per version of the code (``tests/migrated_database.py``),
    else loaded here. Returns the home page."""
    if not load_sqlite_demo(connection):
        restore_migrated_data(folder)
        build_site_tree()
        call_command("load_demo_content", stdout=StringIO())
    return HomePage.objects.get()


def restore_migrated_data(folder):
    """Put back what the migrations wrote, for a test on a database an earlier test flushed:
    a new site's groups, moderation workflow and site record are what a person meets."""
    path = folder / "migrated-data.json"
    path.write_text(MIGRATED_DATA["json"])
    call_command("loaddata", str(path), verbosity=0)


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on loopback, for storages and deploys to a bucket."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def caches_forget_the_test():
    """The caches are emptied after each test. Its database rows are rolled back or
    flushed, and the next test's rows may get the same ids: an entry kept under an id (an
    image's renditions, a site's root paths) would describe a row that is gone. The texts
    made from papers stay (the "derived" cache): each is kept under what it is made from,
    never under an id."""
    yield
    for alias in settings.CACHES:
        if alias != "derived":
            caches[alias].clear()


@pytest.fixture
def home_page(db):
    return build_site_tree()


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The group's content, loaded once per session and committed (on SQLite, a copy of the
    demo database made once per version of the code); each test that asks for
    ``demo_site`` then runs in a transaction on top of it, rolled back after the test.

    Tests are ordered (``order``) so that the tests on the demo run last: nothing that
    runs before them sees the demo, and nothing flushes it from under them.
    """
    with django_db_blocker.unblock():
        loaded = load_sqlite_demo(connection)
        if not loaded and not Group.objects.exists():
            # A test that flushes the database ran before on this worker (they are
            # ordered before the demo's): put back what the migrations wrote, as the
            # SQLite copy has it (the groups, the moderation workflow).
            with tempfile.TemporaryDirectory() as folder:
                restore_migrated_data(Path(folder))
        home = build_site_tree()  # the site's address as every other test has it
        if not loaded:
            call_command("load_demo_content", stdout=StringIO())
    return home.pk


@pytest.fixture
def demo_site(demo_database, db):
    """The site as `make run` leaves it: the group's real content loaded."""
    return HomePage.objects.get(pk=demo_database)


def uses_demo(item):
    return "demo_database" in getattr(item, "fixturenames", ())


def flushes_database(item):
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transaction = bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
    return transaction or "transactional_db" in names or "live_server" in names


def order(item):
    """0: tests on an empty site, each in a rolled-back transaction; 1: tests that flush the
    database (live server, several processes; those that need what the migrations wrote
    put it back with ``restore_migrated_data``); 2: tests on the demo, loaded once by the
    first of them."""
    if uses_demo(item):
        return 2
    if flushes_database(item):
        return 1
    return 0


# Tests whose outcome cannot depend on the database engine: they check what a browser sees
# of pages (whose queries run in the other tests on both engines), text conversions,
# outside formats and tools, files and servers. CI runs them once, on SQLite; every other
# test is marked ``database`` and runs on PostgreSQL as well (`make test-postgres`). A new
# test module is ``database`` unless it is named here.
DATABASE_INDEPENDENT = (
    "tests/browser/",
    "tests/scholarly_text/",
    "tests/demo/test_fake_content.py",
    "tests/discovery/test_outside_services.py",  # the HTTP client's limits
    "tests/lab_site/test_forward_migration.py",  # SQLite files made by earlier versions
    "tests/lab_site/test_html_checker.py",  # the W3C's checker on rendered pages
    "tests/lab_site/test_login_throttling_behind_nginx.py",  # addresses behind nginx
    "tests/lab_site/test_no_module_cycles.py",
    "tests/lab_site/test_pictures.py",  # Wagtail's renditions in a <picture>
    "tests/lab_site/test_structured_data.py",  # schema.org's vocabulary on rendered pages
    "tests/lab_site/test_public_apis.py",
    "tests/lab_site/test_s3_storage.py",
    "tests/lab_site/test_settings.py",
    "tests/publications/test_bibtex_toolchain.py",  # biber and BibTeX read the export
    "tests/publications/test_citations.py",
    "tests/publications/test_reference_tools.py",  # citeproc-js formats the same items
    "tests/publications/test_scholarly_output.py",
    "tests/publishing/test_deploy.py",  # git and bucket transports
    "tests/publishing/test_deploy_safety.py",
    "tests/publishing/test_files.py",
    "tests/publishing/test_incremental.py",  # rendering, compared file by file
    "tests/publishing/test_nginx_production.py",
    "tests/publishing/test_publish_static.py",
)


def database_dependent(item):
    path = Path(str(item.path)).resolve().relative_to(Path(__file__).resolve().parents[1])
    return not str(path).startswith(DATABASE_INDEPENDENT)


def pytest_itemcollected(item):
    """Marked as it is collected, so that ``-m database`` selects it."""
    if database_dependent(item):
        item.add_marker(pytest.mark.database)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    items.sort(key=order)


def count_queries(client, url):
    """SQL queries of one GET of ``url``, after a first GET warms Wagtail's per-process caches."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def manage_py_environment():
    """The environment a ``manage.py`` subprocess needs to use the test database (SQLite's
    file or PostgreSQL) and the test media folder."""
    from django.conf import settings as django_settings

    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{database['NAME']}"
    else:
        url = (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "lab_site.settings.test",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
    }


def manage_py_in_parallel(*commands):
    """Run each ``manage.py`` command in its own process, all at once, against the test
    database; returns (exit code, stdout, stderr) of each. For concurrency tests."""
    env = manage_py_environment()
    runs = [
        subprocess.Popen(  # noqa: S603 - the project's own manage.py
            [sys.executable, "manage.py", *command],
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for command in commands
    ]
    return [(run.wait(timeout=600), *run.communicate()) for run in runs]
