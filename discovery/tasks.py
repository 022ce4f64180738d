"""Discovery runs as background tasks (django-tasks, backend "discovery"): one run at once,
or a weekly schedule kept by the database backend's worker."""

from django.utils import timezone
from django_tasks import task

from .discover import discover


@task(backend="discovery")
def run_discovery(member_slug=None, sources=None, reschedule=False):
    """One discovery run (``discovery.discover``), as a background task; with
    ``reschedule``, the next run is queued ``DISCOVERY_INTERVAL_HOURS`` later, so that one
    ``discover_publications --schedule`` keeps it going for as long as a worker runs."""
    try:
        run = discover(
            member_slug=member_slug,
            sources=sources,
            trigger="schedule" if reschedule else "background",
            log=lambda line: None,
        )
    finally:
        if reschedule:
            schedule_discovery(after_run=True)
    return run.pk


def scheduled_discovery():
    """The next scheduled discovery run waiting for the worker, or None (database backend)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    return (
        DBTaskResult.objects.filter(task_path=run_discovery.module_path, status="READY")
        .exclude(run_after=get_date_max())  # a run asked for now is not a scheduled one
        .order_by("run_after")
        .first()
    )


def discovery_waiting_to_start():
    """Whether a run asked for now waits for the worker to start it (database backend):
    its task is ready, or a worker took it within the last minute and its run may not be
    recorded yet (a page asking between the two would take the search for over)."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(task_path=run_discovery.module_path)
    if tasks.ready().exists():
        return True
    taken = tasks.running().filter(started_at__gte=timezone.now() - timedelta(minutes=1))
    return taken.filter(started_at__gt=_latest_run_start()).exists()


def _latest_run_start():
    """When the newest discovery run started (the start of time when there is none)."""
    from datetime import UTC, datetime

    from .models import DiscoveryRun

    latest = DiscoveryRun.objects.order_by("-started_at").values_list("started_at", flat=True)
    return latest.first() or datetime(1970, 1, 1, tzinfo=UTC)


def schedule_discovery(after_run=False):
    """Queue the next weekly run (``DISCOVERY_INTERVAL_HOURS``) unless one is waiting already;
    returns when it runs. Only a backend that can defer tasks (the database backend with its
    worker) can keep a schedule: with any other, ``SchedulingUnavailable``."""
    from datetime import timedelta

    from django.conf import settings

    backend = run_discovery.get_backend()
    if not backend.supports_defer:
        raise SchedulingUnavailable(
            "The task backend runs tasks at once and cannot wait a week: set "
            "DISCOVERY_TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py "
            "db_worker --backend discovery`, or run `manage.py discover_publications` from "
            "cron (see docs/importing-and-discovery.md)."
        )
    waiting = scheduled_discovery()
    if waiting is not None:
        return waiting.run_after
    when = timezone.now() + (
        timedelta(hours=settings.DISCOVERY_INTERVAL_HOURS) if after_run else timedelta(0)
    )
    run_discovery.using(run_after=when).enqueue(reschedule=True)
    return when


class SchedulingUnavailable(Exception):
    """The task backend cannot run a task later."""
