"""Publishing to the static copies in the background (Django's task framework).

Publishing, unpublishing, moving or deleting a page enqueues ``update_static_copies`` once
the change is committed; a change every page shows (settings, topics, images, snippets)
enqueues a full render. The task has a backend of its own, "publishing" (settings): with
the immediate backend it runs at once, in the request that published; with
``PUBLISHING_TASKS_BACKEND=django_tasks_db.DatabaseBackend`` (``make run``) the worker
(``manage.py db_worker --backend publishing``) runs it and Publish returns at once. Nothing
happens until ``publish_static`` has made a copy.
"""

from django.db import transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from lab_site.page_cache import clear_page_cache

from .incremental import update_copies
from .models import StaticCopy


@task(backend="publishing")
def update_static_copies(page_ids: list[int], everything: bool = False):
    # In a worker, the fragments this process cached (header, menu) may predate the change:
    # a local cache is per process, and the change moved the site's generation on in the
    # web server's. A new generation here renders them afresh.
    clear_page_cache()
    update_copies(page_ids, everything)


def schedule(page_ids=(), everything=False):
    if not StaticCopy.objects.exists():
        return
    ids = sorted(set(page_ids))
    transaction.on_commit(lambda: update_static_copies.enqueue(ids, everything))


def in_background():
    """Whether a worker writes the copy (else the request that published wrote it)."""
    return not isinstance(update_static_copies.get_backend(), ImmediateBackend)
