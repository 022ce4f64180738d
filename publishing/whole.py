"""The whole static copy (``build_site``), rendered by several processes, one per core.

The pages and the lists' states are cut into chunks, which worker processes render
(started afresh, never forked from a process holding a database connection and a
transaction); this process waits, then renders the rest. Each chunk is crawled as the
build crawls (``crawl``), the links to the other chunks' pages known, the files that are
not pages left for this process to render after (the papers' exports are made there at
once, ``renders_in_bulk``). Workers render with the shared caches (Redis), so what one
made, the next build reads.
"""

import json
import logging
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

from . import worker
from .build import EXTRA_ROOTS, Build, Renderer, crawl, not_found_page, page_routes
from .worker import crawl_chunk

logger = logging.getLogger(__name__)

CHUNK = 20  # addresses a worker renders per task: small enough to share the work evenly


def build_site(base_url):
    """Render the whole public site; a ``Build`` of every file, relocated to ``base_url``.
    The pages and list states first, some tens at a time (by several processes where
    there are cores, ``process_count``), then the rest: what they link to that is not a page
    (files, exports, feeds), and the site's fixed addresses."""
    pages = render_pages(base_url)
    return render_rest(*pages)


def render_pages(base_url, progress=None):
    """The first part of ``build_site``: (renderer, a ``Build`` of every page and list state,
    the addresses they link to that are not pages). The worker processes are started
    first: they set Django up while this one reads the routes. ``progress(done, total)``
    is told how many pages are rendered as they are."""
    with worker_pool(process_count()) as pool:
        renderer = Renderer(base_url)
        build = Build(base_url=renderer.base_url)
        routes = page_routes()
        renderer.routes = routes
        later = []
        render_routes(renderer, routes, build, later, pool, progress)
    return renderer, build, later


def render_rest(renderer, build, later):
    """The second part of ``build_site``: ``build`` completed with ``later`` and the site's
    fixed addresses, and what they link to."""
    rest = [
        address for address in dict.fromkeys([*EXTRA_ROOTS, *later]) if address not in build.files
    ]
    crawl(renderer, rest, build, known=set(build.files))
    build.files["/404.html"] = ("404.html", not_found_page(renderer)[0])
    return build


def process_count():
    """How many processes render a whole copy (``STATIC_COPY_PROCESSES``); one when the
    database is in this process's memory (SQLite's test database), which no other sees."""
    configured = str(settings.STATIC_COPY_PROCESSES).strip().lower()
    connection = connections[DEFAULT_DB_ALIAS]
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if configured == "auto":
        shared = not any(isinstance(caches[name], LocMemCache) for name in settings.CACHES)
        return len(os.sched_getaffinity(0)) if shared and not in_memory else 1
    try:
        count = int(configured)
    except ValueError:
        count = 0
    if count < 1:
        raise ImproperlyConfigured(
            f"STATIC_COPY_PROCESSES is “{configured}”: give a number of processes (1 or "
            "more) or auto."
        )
    return 1 if in_memory else count


@contextmanager
def worker_pool(count):
    """``count`` worker processes (spawned, never forked from a process holding a database
    connection and a transaction), or None for one process: this one."""
    if count <= 1:
        yield None
        return
    database = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    with ProcessPoolExecutor(
        count,
        mp_context=get_context("spawn"),
        initializer=worker.start,
        initargs=(str(database), str(settings.MEDIA_ROOT)),
    ) as pool:
        # A spawned pool starts a process per task asked for, when asked: one empty task
        # each starts them all now, so that they set Django up while this one works on.
        for _ in range(count):
            pool.submit(worker.ready)
        yield pool


def render_routes(renderer, routes, build, later, pool=None, progress=None):
    """Render the addresses of ``routes`` (``page_routes``) into ``build``: here when there
    is no ``pool`` (``worker_pool``) or one chunk only, else by the pool's workers; the
    addresses of the files that are not pages they link to go to ``later``. The number of
    chunks the workers rendered. ``progress(done, total)`` after each chunk."""
    addresses = list(routes)
    known = frozenset(addresses)
    chunks = [addresses[start : start + CHUNK] for start in range(0, len(addresses), CHUNK)]
    done = 0

    def chunk_done(chunk):
        nonlocal done
        done += len(chunk)
        if progress is not None:
            progress(done, len(addresses))

    if pool is None or len(chunks) <= 1:
        for chunk in chunks:
            crawl_chunk(renderer, chunk, build, known, later)
            chunk_done(chunk)
        return 0
    # The workers render everything: this process is inside the publish's transaction,
    # and what a render here wrote (a new image rendition, the settings' first row) would
    # stay uncommitted until the end, while a worker writing the same row waited for it.
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="static-copy-") as listed:
        json.dump(addresses, listed)  # read once by each worker (``worker.known_from``)
        listed.flush()
        futures = [
            pool.submit(
                worker.render,
                renderer.base_url,
                [(address, routes[address][0].pk, routes[address][1]) for address in chunk],
                listed.name,
            )
            for chunk in chunks
        ]
        by_workers = 0
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                part, part_later = future.result()
            except Exception:  # noqa: BLE001 - a worker that died: its chunk is done here
                logger.exception("A process rendering the static copy failed")
                crawl_chunk(renderer, chunk, build, known, later)
                chunk_done(chunk)
                continue
            merge(build, part)
            later.extend(part_later)
            by_workers += 1
            chunk_done(chunk)
    return by_workers


def merge(build, part):
    """Add what ``part`` (a ``Build`` of some addresses) holds to ``build``."""
    build.files.update(part.files)
    build.links.update(part.links)
    build.reasons.update(part.reasons)
    for name in ("broken", "live_only", "private"):
        into = getattr(build, name)
        for address, sources in getattr(part, name).items():
            into.setdefault(address, set()).update(sources)
