"""A site made by an earlier version migrates forward with everything intact, and a backup
made by that version restores into a new database.

``tests/files/legacy_site/`` was made by the code of commit 13e2124 (see its README):
the demo, an edited member with a photo and a login, an imported paper and an edited
highlight. ``tests/files/legacy_site_before_scholarly_text/`` was made by commit 5cf4cd2,
before research topics and derived texts moved app: topics filed on papers and a highlight,
and the stored citation entries. Each check runs ``manage.py`` in its own process on a
copy, as an upgrade would.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.migrated_database import copy_migrated_sqlite

ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).resolve().parents[1] / "files"
LEGACY_SITES = [FILES / "legacy_site", FILES / "legacy_site_before_scholarly_text"]

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
# Research topics and what they label (their table kept its name when they moved app).
topics = rows("SELECT name, slug, description FROM publications_researchtopic ORDER BY name")
topic_links = rows(
    "SELECT 'paper', p.slug, t.slug FROM publications_publicationpage_topics l "
    "JOIN wagtailcore_page p ON p.id = l.publicationpage_id "
    "JOIN publications_researchtopic t ON t.id = l.researchtopic_id "
    "UNION ALL SELECT 'highlight', p.slug, t.slug FROM research_researchhighlightpage_topics l "
    "JOIN wagtailcore_page p ON p.id = l.researchhighlightpage_id "
    "JOIN publications_researchtopic t ON t.id = l.researchtopic_id ORDER BY 1, 2, 3"
)
derived_texts = rows("SELECT COUNT(*) FROM publications_derivedtext")[0][0]
# Discovery's rows (their tables kept their names when discovery became an app), and the
# scheduled run the task worker waits to start, by the task's path.
discovery = {
    "suggestions": rows(
        "SELECT s.title, s.status, m.title FROM publications_suggestion s "
        "LEFT JOIN publications_suggestionmember sm ON sm.suggestion_id = s.id "
        "LEFT JOIN wagtailcore_page m ON m.id = sm.member_id ORDER BY 1, 3"
    ),
    "runs": rows("SELECT status, trigger, log FROM publications_discoveryrun ORDER BY id"),
    "cited_by": rows(
        "SELECT p.slug, c.count FROM publications_citationcount c "
        "JOIN wagtailcore_page p ON p.id = c.page_id ORDER BY 1"
    ),
    "waiting_tasks": rows(
        "SELECT task_path, status FROM django_tasks_database_dbtaskresult ORDER BY 1"
    ),
}
client = Client()
served = sorted(
    {path: client.get(path).status_code for path in ["/", "/people/", "/people/ziming-liu/",
     "/publications/", "/publications/an-imported-paper-about-relu-networks/", "/research/"]}.items()
)
# Each topic's filter of the publication list: its status and the papers it lists.
topic_pages = [
    [slug, response.status_code, response.content.decode().count('<article class="pub"')]
    for slug, response in (
        (slug, client.get(f"/publications/?topic={slug}", follow=True)) for _name, slug, _text in topics
    )
]
print(json.dumps({
    "pages": pages, "revisions": revisions, "images": images,
    "image_files_present": all(default_storage.exists(name) for _title, name in images),
    "groups": groups, "page_permissions": page_permissions, "users": users, "served": served,
    "topics": topics, "topic_links": topic_links, "derived_texts": derived_texts,
    "topic_pages": topic_pages, "discovery": discovery,
    # What the paper pages with a count show of it.
    "cited_by_shown": [
        [slug, "Cited by %d papers" % count in client.get(f"/publications/{slug}/").content.decode()]
        for slug, count in discovery["cited_by"]
    ],
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


# `manage.py migrate` as an upgrade runs it, in the process that then reads the summary
# (each start of a process costs seconds).
MIGRATE = (
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0)\n"
)


def summary(database, media, before=""):
    """The summary of the site in ``database``, read after the code ``before`` ran."""
    output = manage(database, media, "shell", "--no-imports", "-c", before + SUMMARY)
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(params=LEGACY_SITES, ids=lambda path: path.name)
def legacy(request):
    return request.param


@pytest.fixture
def legacy_copy(tmp_path, legacy):
    database = tmp_path / "db.sqlite3"
    with gzip.open(legacy / "db.sqlite3.gz", "rb") as packed, open(database, "wb") as out:
        shutil.copyfileobj(packed, out)
    media = tmp_path / "media"
    shutil.copytree(legacy / "media", media)
    return database, media


def test_a_site_made_by_an_earlier_version_migrates_forward_intact(legacy_copy, legacy):
    database, media = legacy_copy
    expected = json.loads((legacy / "summary.json").read_text())

    migrated = summary(database, media, before=MIGRATE)

    assert_intact(migrated, expected)


# A task waiting for the worker is found under the path its code has now.
TASK_PATHS = {"publications.tasks.run_discovery": "discovery.tasks.run_discovery"}


def assert_intact(found, expected, derived_texts_kept=True):
    """Everything ``expected`` holds is there (what an older summary did not record is
    not compared); pages may only gain revisions. Derived texts and waiting tasks are never
    in a backup."""
    expected = json.loads(json.dumps(expected))
    if "discovery" in expected:
        expected["discovery"]["waiting_tasks"] = (
            [
                [TASK_PATHS.get(path, path), status]
                for path, status in expected["discovery"]["waiting_tasks"]
            ]
            if derived_texts_kept
            else []
        )
    found_revisions = dict(map(tuple, found.pop("revisions")))
    for path, count in expected["revisions"]:
        assert found_revisions.get(path, 0) >= count, path
    if not derived_texts_kept:
        assert found.pop("derived_texts") == 0
        expected = {key: value for key, value in expected.items() if key != "derived_texts"}
    assert {key: found[key] for key in expected if key != "revisions"} == {
        key: value for key, value in expected.items() if key != "revisions"
    }


def test_the_later_site_holds_what_the_moves_must_carry():
    """The second site holds what its moves must carry, so its checks are never vacuous."""
    expected = json.loads((LEGACY_SITES[1] / "summary.json").read_text())
    assert len(expected["topics"]) == 2
    assert {kind for kind, _page, _topic in expected["topic_links"]} == {"paper", "highlight"}
    assert expected["derived_texts"] > 0
    assert all(expected["discovery"].values())
    assert expected["discovery"]["waiting_tasks"] == [["publications.tasks.run_discovery", "READY"]]
    assert expected["cited_by_shown"] == [["poisson-flow-generative-models", True]]
    assert all(status == 200 and count > 0 for _slug, status, count in expected["topic_pages"])


def test_a_backup_made_by_an_earlier_version_restores_into_a_new_database(tmp_path, legacy):
    database, media = tmp_path / "new.sqlite3", tmp_path / "media"
    expected = json.loads((legacy / "summary.json").read_text())
    # A new site (the migrated template: the same as `migrate` on a new file makes), then
    # the backup restored: one process (each start costs seconds), through the same
    # commands an administrator runs.
    copy_migrated_sqlite(database)
    restore = f"call_command('restore', {str(legacy / 'backup.tar.gz')!r}, yes=True, verbosity=0)\n"

    restored = summary(database, media, before=MIGRATE + restore)

    # Users and groups come back as they were; so does every page, revision and image.
    assert_intact(restored, expected, derived_texts_kept=False)
