"""Imports as background tasks (django-tasks): queued, run by a worker, followed in the admin
and on the command line; all or nothing as before."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from publications.importers import bibtex
from publications.models import ImportRun, PublicationIndexPage, PublicationPage
from publications.runs import progress, progress_key
from publications.tasks import start_import

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parents[1] / "files"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def index(home_page):
    return home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )


@pytest.fixture
def records():
    return bibtex.parse((FILES / "sample.bib").read_text())


def run_command(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


# The worker closes connections that are inside a transaction (as a long-running process
# should), so this test commits instead of running in a rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_an_import_waits_for_the_worker_then_completes(index, records):
    with override_settings(TASKS=DATABASE_TASKS):
        run = start_import(records, source="sample.bib")

        assert run.status == ImportRun.Status.QUEUED
        assert not PublicationPage.objects.exists()
        assert "0 of 4 entries (0%)" in run_command("import_status", str(run.pk))

        run_command("db_worker", "--batch")

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    created = list(
        PublicationPage.objects.child_of(index).order_by("path").values_list("pk", flat=True)
    )
    assert run.summary == {"create": 4, "pages": {"create": created, "update": []}}
    assert progress(run) == 4
    assert len(created) == 4
    # Every paper the task created starts its history with a published revision.
    assert all(paper.live_revision_id for paper in PublicationPage.objects.all())
    assert "4 created, 0 updated, 0 skipped" in run_command("import_status", str(run.pk))


def test_the_task_reports_progress_while_it_runs(index, records, monkeypatch):
    seen = []
    original = cache.set

    def spy(key, value, *args, **kwargs):
        if key.startswith("publications:import-run:"):
            seen.append(value)
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    run = start_import(records, source="sample.bib")

    assert run.status == ImportRun.Status.DONE
    assert seen == [1, 2, 3, 4]
    assert cache.get(progress_key(run)) == 4


def test_a_failing_import_records_the_problem_and_writes_nothing(index, records, monkeypatch):
    from publications import importing

    original, calls = importing._fill, []

    def fail_on_second(page, record, fills, members):
        calls.append(record)
        if len(calls) == 2:
            raise ValueError("disk full")
        return original(page, record, fills, members)

    monkeypatch.setattr(importing, "_fill", fail_on_second)

    run = start_import(records, source="broken.bib")

    assert run.status == ImportRun.Status.FAILED
    assert run.error
    assert not PublicationPage.objects.exists()
    assert "Failed: nothing was imported" in run_command("import_status", str(run.pk))


def test_the_admin_import_runs_as_a_task_and_shows_its_outcome(client, index):
    editor = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(editor)
    text = (FILES / "sample.bib").read_text()

    response = client.post(
        reverse("publications_import"), {"source": "bibtex", "text": text, "confirm": "1"}
    )

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publications_import_run", args=[run.pk])
    assert run.created_by == editor and run.status == ImportRun.Status.DONE
    page = client.get(response["Location"]).content.decode()
    assert "4 created, 0 updated, 0 skipped, 0 not imported." in page
    assert 'http-equiv="refresh"' not in page  # finished: nothing to follow


def test_a_queued_import_page_refreshes_itself_and_says_what_it_waits_for(client, index, records):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    with override_settings(TASKS=DATABASE_TASKS):
        run = start_import(records, source="sample.bib")

    page = client.get(reverse("publications_import_run", args=[run.pk])).content.decode()

    assert 'http-equiv="refresh"' in page
    assert "waits for the background worker" in page
    assert "0 of 4 done (0%)" in page


def test_people_who_may_not_add_papers_cannot_see_an_import(client, index, records):
    run = start_import(records, source="sample.bib")
    client.force_login(UserFactory())

    response = client.get(reverse("publications_import_run", args=[run.pk]))

    assert response.status_code in {302, 403}


def test_the_command_line_can_queue_an_import_in_the_background(index):
    with override_settings(TASKS=DATABASE_TASKS):
        output = run_command("import_bibtex", str(FILES / "sample.bib"), "--background")

    run = ImportRun.objects.get()
    assert f"Import {run.pk}: waiting for the background worker" in output
    assert run.source == "manage.py import_bibtex"
    assert not PublicationPage.objects.exists()


def test_without_a_worker_the_command_line_import_runs_at_once_and_says_what_it_did(index):
    output = run_command("import_bibtex", str(FILES / "sample.bib"), "--background")

    run = ImportRun.objects.get()
    assert f"Import {run.pk} done: 4 created, 0 updated, 0 skipped, 0 not imported." in output
    assert PublicationPage.objects.count() == 4
