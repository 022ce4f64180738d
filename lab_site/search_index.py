"""Indexing a page for search once, when a batch of saves is done.

A page whose search text includes its child objects (a paper's authors) is indexed by
its own ``save()``, after they are saved (Wagtail indexes at the row's save, before
them), and turns Wagtail's automatic indexing off (``search_auto_update = False``, the
documented switch). An import saves each paper three times (created, revision,
published): inside ``deferred()`` each page is indexed once, at the end, and the pages of
one model in one batch (``add_bulk``): the database backend renormalises every entry's
title weight after each write, so a page at a time made an import of n papers n² work. A
deleted page still leaves the index: Wagtail's handler for the Page rows it is made of
removes it.
"""

import contextvars
from contextlib import contextmanager

from wagtail.search.backends import get_search_backends
from wagtail.search.index import get_indexed_instance, insert_or_update_object

_pending = contextvars.ContextVar("pending_search_index", default=None)


def index_page(page):
    """Index ``page`` now, or at the end of the ``deferred()`` block it is saved in."""
    pending = _pending.get()
    if pending is None:
        insert_or_update_object(page)
    else:
        pending[(type(page), page.pk)] = page


@contextmanager
def deferred():
    """Within it, ``index_page`` collects the pages; each is indexed once when the block
    ends without an error (an error leaves the index to the rolled-back transaction)."""
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    by_model = {}
    for page in pending.values():
        indexed = get_indexed_instance(page)
        if indexed is not None:
            by_model.setdefault(type(indexed), []).append(indexed)
    for backend in get_search_backends(with_auto_update=True):
        for model, pages in by_model.items():
            backend.add_bulk(model, pages)
