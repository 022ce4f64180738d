"""Publishing to the static copies in the background (Django's task framework).

Publishing, unpublishing, moving or deleting a page enqueues ``update_static_copies`` once
the change is committed; a change every page shows (settings, topics, images, snippets)
enqueues a full render. With the default backend (immediate) it runs at once, in the
request that published; with ``TASKS_BACKEND=django_tasks_db.DatabaseBackend`` the worker
(``manage.py db_worker``) runs it. Nothing happens until ``publish_static`` has made a copy.
"""

from django.db import transaction
from django_tasks import task

from .incremental import update_copies
from .models import StaticCopy


@task()
def update_static_copies(page_ids: list[int], everything: bool = False):
    update_copies(page_ids, everything)


def schedule(page_ids=(), everything=False):
    if not StaticCopy.objects.exists():
        return
    ids = sorted(set(page_ids))
    transaction.on_commit(lambda: update_static_copies.enqueue(ids, everything))
