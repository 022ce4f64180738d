"""A site made by an earlier version migrates forward with everything intact, and a backup
made by that version restores into a new database.

``tests/files/legacy_site/`` was made by the code of commit 13e2124 (see its README):
the demo, an edited member with a photo and a login, an imported paper and an edited
highlight. Each check runs ``manage.py`` in its own process on a copy, as an upgrade would.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEGACY = Path(__file__).resolve().parents[1] / "files" / "legacy_site"

# What must survive, read with plain SQL from Wagtail's and Django's own tables (they keep
# their names when an app's models move): every page with its title, place, type name and
# state, every revision, every image and its file, every group and permission.
SUMMARY = r"""
import json
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client

def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [list(row) for row in cursor.fetchall()]

pages = rows(
    "SELECT p.path, p.title, p.slug, p.live, ct.model FROM wagtailcore_page p "
    "JOIN django_content_type ct ON ct.id = p.content_type_id ORDER BY p.path"
)
revisions = rows(
    "SELECT p.path, COUNT(r.id) FROM wagtailcore_revision r "
    "JOIN wagtailcore_page p ON CAST(p.id AS TEXT) = r.object_id "
    "GROUP BY p.path ORDER BY p.path"
)
images = rows("SELECT title, file FROM wagtailimages_image ORDER BY file")
groups = rows(
    "SELECT g.name, COUNT(gp.id) FROM auth_group g "
    "LEFT JOIN auth_group_permissions gp ON gp.group_id = g.id GROUP BY g.name ORDER BY g.name"
)
page_permissions = rows(
    "SELECT g.name, p.path, perm.codename FROM wagtailcore_grouppagepermission gpp "
    "JOIN auth_group g ON g.id = gpp.group_id JOIN wagtailcore_page p ON p.id = gpp.page_id "
    "JOIN auth_permission perm ON perm.id = gpp.permission_id ORDER BY 1, 2, 3"
)
users = rows("SELECT username, email, is_superuser FROM auth_user ORDER BY username")
client = Client()
served = sorted(
    {path: client.get(path).status_code for path in ["/", "/people/", "/people/ziming-liu/",
     "/publications/", "/publications/an-imported-paper-about-relu-networks/", "/research/"]}.items()
)
print(json.dumps({
    "pages": pages, "revisions": revisions, "images": images,
    "image_files_present": all(default_storage.exists(name) for _title, name in images),
    "groups": groups, "page_permissions": page_permissions, "users": users, "served": served,
}))
"""


def manage(database, media, *args):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "lab_site.settings.test",
        "PAGE_CACHE_SECONDS": "0",
    }
    result = subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def summary(database, media):
    output = manage(database, media, "shell", "--no-imports", "-c", SUMMARY)
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture
def legacy_copy(tmp_path):
    database = tmp_path / "db.sqlite3"
    with gzip.open(LEGACY / "db.sqlite3.gz", "rb") as packed, open(database, "wb") as out:
        shutil.copyfileobj(packed, out)
    media = tmp_path / "media"
    shutil.copytree(LEGACY / "media", media)
    return database, media


def test_a_site_made_by_an_earlier_version_migrates_forward_intact(legacy_copy):
    database, media = legacy_copy
    expected = json.loads((LEGACY / "summary.json").read_text())

    manage(database, media, "migrate", "--noinput")

    assert_intact(summary(database, media), expected)


def assert_intact(found, expected):
    """Everything ``expected`` holds is there; pages may only gain revisions."""
    found_revisions = dict(map(tuple, found.pop("revisions")))
    for path, count in expected["revisions"]:
        assert found_revisions.get(path, 0) >= count, path
    assert found == {key: value for key, value in expected.items() if key != "revisions"}


def test_a_backup_made_by_an_earlier_version_restores_into_a_new_database(tmp_path):
    database, media = tmp_path / "new.sqlite3", tmp_path / "media"
    expected = json.loads((LEGACY / "summary.json").read_text())
    # A new site is migrated, then the backup restored: one process (each start costs
    # seconds), through the same commands an administrator runs.
    restore = (
        "from django.core.management import call_command\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        f"call_command('restore', {str(LEGACY / 'backup.tar.gz')!r}, yes=True, verbosity=0)\n"
    )

    output = manage(database, media, "shell", "--no-imports", "-c", restore + SUMMARY)

    # Users and groups come back as they were; so does every page, revision and image.
    assert_intact(json.loads(output.strip().splitlines()[-1]), expected)
