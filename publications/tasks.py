"""Imports of many papers as background tasks (Django's task framework, django-tasks).

``start_import`` stores the parsed entries in an ``ImportRun`` and enqueues
``run_import``. With the default backend (immediate) it runs at once, in the request or
command that started it; with ``TASKS_BACKEND=django_tasks_db.DatabaseBackend`` a worker
(``manage.py db_worker``) runs it, and the admin page of the run shows its progress.

Progress lives in the cache (Redis in production, shared by every process): the import
itself is one transaction, all or nothing, whose writes no one sees until it ends.
"""

import contextlib
import threading

from django.core.cache import cache
from django_tasks import task

from lab_site.workers import this_worker

from .importers import ImportProblem
from .importing import apply, plan
from .models import ImportRun, PublicationIndexPage, PublicationPage
from .runs import PROGRESS_SECONDS, fail_abandoned, progress_key, record_from_json, record_to_json


def start_import(records, *, source="", user=None, not_imported=()):
    """Store ``records`` in a new ImportRun and enqueue it; returns the run.
    ``not_imported``: the lines naming the source's entries that gave no record, and why."""
    run = ImportRun.objects.create(
        source=source[:200],
        created_by=user if user is not None and user.is_authenticated else None,
        records=[record_to_json(record) for record in records],
        total=len(records),
        not_imported=list(not_imported),
    )
    run_import.enqueue(run.pk)
    run.refresh_from_db()
    return run


@task()
def run_import(run_id):
    """Plan and apply the run's entries, all or nothing, recording the outcome on the run."""
    fail_abandoned()
    run = ImportRun.objects.get(pk=run_id)
    run.status, run.worker = ImportRun.Status.RUNNING, this_worker()
    run.save(update_fields=["status", "worker"])

    def report(done, _total):
        # Progress is a courtesy: with the cache down, the import goes on without it.
        with contextlib.suppress(Exception):
            cache.set(progress_key(run), done, PROGRESS_SECONDS)

    index = PublicationIndexPage.find()
    try:
        if index is None:
            raise ImportProblem("There is no publication list page to import into.")
        records = [record_from_json(data) for data in run.records]
        summary = apply(plan(records, index), index, progress=report)
    except ImportProblem as problem:
        run.status, run.error = ImportRun.Status.FAILED, str(problem)
    else:
        run.status, run.summary = ImportRun.Status.DONE, summary.as_json()
        run.not_imported = [*run.not_imported, *summary.not_imported]
    run.save(update_fields=["status", "error", "summary", "not_imported"])
    return run.status


# --- citation entries, made when papers are published --------------------------------


def warm(publications):
    """Make (and keep, see ``derived``) the entries of ``publications`` that list exports
    read: the formatted reference in every style and the BibTeX entry."""
    from .citations import STYLES, formatted
    from .exports import bibtex

    publications = list(publications)
    for style in STYLES:
        formatted(publications, style, html=False, store=True)
    bibtex(publications, store=True)
    return len(publications)


@task()
def warm_exports(page_ids: list[int]):
    """The entries of the papers ``page_ids`` as they are live now."""
    return warm(PublicationPage.objects.live().filter(pk__in=page_ids).for_listing())


# Papers published since the last commit: one task makes the entries of all of them (a
# batch formats in one go; publishing fifty papers at once enqueues one task, not fifty).
_published = threading.local()


def warm_on_publish(sender, instance, **kwargs):
    from django.db import transaction

    if isinstance(instance, PublicationPage):
        waiting = _published.__dict__.setdefault("ids", set())
        waiting.add(instance.pk)
        transaction.on_commit(_warm_published)


def _warm_published():
    """At a commit: one task for every paper published before it. (A rolled-back publish
    leaves its id here; the task then finds the paper not live and makes nothing of it.)"""
    waiting = _published.__dict__.setdefault("ids", set())
    if waiting:
        ids = sorted(waiting)
        waiting.clear()
        warm_exports.enqueue(ids)
