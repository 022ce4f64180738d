"""The migrated test database, made once and cloned for each pytest-xdist worker.

Migrating a new database takes Django and Wagtail some twenty seconds. It is done once
per set of migrations (their files and ``uv.lock``, which pins the apps' own): into a
template, a SQLite file in ``.test-db/`` or a PostgreSQL database, under a lock so that
one worker makes it while the others wait. Each worker's test database starts as a copy
of it (a file copy; PostgreSQL's ``CREATE DATABASE … TEMPLATE``), which pytest-django then
keeps (``keepdb``: Django's migrate finds nothing to do). Tests that need a new migrated
site of their own (a restore into a new database) copy it too (``copy_migrated_sqlite``).
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / ".test-db"


def migrations_digest():
    digest = hashlib.sha256((ROOT / "uv.lock").read_bytes())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@contextmanager
def locked():
    FOLDER.mkdir(exist_ok=True)
    with open(FOLDER / "template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate(database_url):
    """``manage.py migrate`` on ``database_url`` in its own process, as a new site is made."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "lab_site.settings.test",
    }
    subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
        stdin=subprocess.DEVNULL,
    )


def sqlite_template():
    """The migrated SQLite file for the current migrations, made if missing."""
    path = FOLDER / f"migrated-{migrations_digest()}.sqlite3"
    with locked():
        if not path.exists():
            for old in FOLDER.glob("migrated-*.sqlite3"):
                old.unlink()
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            migrate(f"sqlite:///{partial}")
            partial.rename(path)
    return path


def copy_migrated_sqlite(target):
    """A new migrated SQLite database at ``target``, as ``manage.py migrate`` makes it."""
    shutil.copyfile(sqlite_template(), target)
    return target


@contextmanager
def postgres_server(settings_dict):
    """Under the lock: a connection to the PostgreSQL server of ``settings_dict`` (its
    ``postgres`` database, autocommit), and a function giving the URL of one of its
    databases for ``manage.py``."""
    import psycopg

    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    login = f"{user}:{password}" if password else user

    def url(name):
        return f"postgres://{login}@{host}:{port}/{name}"

    with (
        locked(),
        psycopg.connect(
            dbname="postgres",
            user=user,
            password=password or None,
            host=host,
            port=port,
            autocommit=True,
        ) as server,
    ):
        yield server, url


def postgres_template(settings_dict):
    """The migrated PostgreSQL database for the current migrations, made if missing."""
    name = f"lab_site_template_{migrations_digest()}"
    with postgres_server(settings_dict) as (server, url):
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            for (old,) in server.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'lab_site_template_%%'"
            ).fetchall():
                server.execute(f'DROP DATABASE IF EXISTS "{old}"')
            partial = f"{name}_partial"
            server.execute(f'DROP DATABASE IF EXISTS "{partial}"')
            server.execute(f'CREATE DATABASE "{partial}"')
            migrate(url(partial))
            server.execute(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
    return name


def prepare_test_database(settings_dict):
    """Make the worker's test database (named in ``settings_dict["TEST"]["NAME"]``) a copy
    of the migrated template."""
    test_name = settings_dict.get("TEST", {}).get("NAME") or f"test_{settings_dict['NAME']}"
    if settings_dict["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{test_name}{suffix}").unlink(missing_ok=True)
        copy_migrated_sqlite(test_name)
        return
    template = postgres_template(settings_dict)
    # One clone at a time (under the lock): PostgreSQL copies a template no other session uses.
    with postgres_server(settings_dict) as (server, _url):
        server.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')


def code_digest():
    """The migrations' digest and every project module and demo data file: what the demo
    loaded into a database depends on."""
    digest = hashlib.sha256(migrations_digest().encode())
    for path in sorted([*ROOT.glob("[a-z]*/**/*.py"), *ROOT.glob("demo/data/*")]):
        if path.parts[len(ROOT.parts)] in {"tests", "node_modules", "bench", "tools"}:
            continue
        if ".venv" in path.parts or ".tools" in path.parts:
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def sqlite_demo():
    """A SQLite file holding the migrated site with the group's content loaded, as `make
    run` leaves it (``manage.py load_demo_content`` in its own process); made once per
    version of the code, under the lock. The demo uploads no files."""
    path = FOLDER / f"demo-{code_digest()}.sqlite3"
    template = sqlite_template()
    with locked():
        if not path.exists():
            for old in FOLDER.glob("demo-*.sqlite3"):
                old.unlink()
            partial = path.with_suffix(".partial")
            shutil.copyfile(template, partial)
            environment = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{partial}",
                "DJANGO_SETTINGS_MODULE": "lab_site.settings.test",
            }
            subprocess.run(  # noqa: S603 - the project's own manage.py
                [sys.executable, "manage.py", "load_demo_content"],
                cwd=ROOT,
                env=environment,
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
            partial.rename(path)
    return path


def load_sqlite_demo(connection):
    """Make the test database (SQLite) hold exactly the demo site, every table copied whole
    by SQLite's backup API; False on another engine (the caller loads the demo itself)."""
    if connection.vendor != "sqlite":
        return False
    import sqlite3

    from django.core.cache import caches

    source = sqlite3.connect(sqlite_demo())
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    for cache in caches.all():
        cache.clear()
    return True
