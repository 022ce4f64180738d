"""Runs of background work on papers as the admin and the commands show them: an import's
entries stored as JSON, how far it has got, and runs whose process died marked failed.
Below ``tasks``, and below discovery, whose runs follow the same rules."""

import dataclasses
from datetime import date

from django.core.cache import cache

from lab_site.workers import is_gone

from .importers import PublicationRecord
from .models import ImportRun

PROGRESS_SECONDS = 24 * 3600


def record_to_json(record):
    data = dataclasses.asdict(record)
    data["publication_date"] = record.publication_date.isoformat()
    return data


def record_from_json(data):
    return PublicationRecord(
        **{**data, "publication_date": date.fromisoformat(data["publication_date"])}
    )


def progress_key(run):
    """The run's progress in the cache (its creation time too: ids can be used again after a
    restore)."""
    return f"publications:import-run:{run.pk}:{run.created_at.timestamp()}:done"


def progress(run):
    """How many of the run's entries are done (0 until it starts, ``total`` at the end)."""
    if run.status in {ImportRun.Status.DONE, ImportRun.Status.FAILED}:
        return run.total
    try:
        return cache.get(progress_key(run), 0)
    except Exception:  # the cache is down: progress is only unknown
        return 0


# A run on another machine cannot be asked whether its process lives: after this long,
# it is taken for dead.
ABANDONED_AFTER_SECONDS = 24 * 3600
ABANDONED = (
    "It stopped without finishing: the process running it ended (stopped, or the server "
    "restarted). Nothing was changed by it; start it again."
)


def fail_abandoned():
    """Mark failed every import still "running" whose process is gone; how many. Called
    wherever imports are shown or started."""
    failed = 0
    for run in ImportRun.objects.filter(status=ImportRun.Status.RUNNING):
        if is_gone(run.worker, run.created_at, ABANDONED_AFTER_SECONDS):
            failed += ImportRun.objects.filter(pk=run.pk, status=run.status).update(
                status=ImportRun.Status.FAILED, error=ABANDONED
            )
    return failed
