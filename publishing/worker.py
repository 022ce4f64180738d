"""Rendering a chunk of a whole static copy (``whole.render_routes``): here, and in a
worker process.

A worker is started afresh (spawned) and reads this module before Django is set up, so
nothing here imports Django's models at the top: ``start`` sets Django up, then ``render``
does the work with the build's own functions.
"""

import json

# The worker's renderer, made for its first chunk and kept for the others (it reads the
# site, its private pages and its collections once).
renderers = {}
# {file: the addresses it lists}: every page and list state of a build, read once.
_known = {}


def known_from(listed):
    """The addresses of the build the file ``listed`` (a JSON list) names, read once."""
    if listed not in _known:
        with open(listed) as handle:
            _known.clear()
            _known[listed] = frozenset(json.load(handle))
    return _known[listed]


def start(database, media_root):
    """Set Django up as the process that started this one has it: its database (in the
    tests, the test database) and where media files are."""
    import django

    django.setup()

    from django.conf import settings
    from django.db import DEFAULT_DB_ALIAS, connections

    connections[DEFAULT_DB_ALIAS].settings_dict["NAME"] = database
    settings.MEDIA_ROOT = media_root


def ready():
    """Nothing: asked of a new pool so that its processes start (and run ``start``) at once."""


def render(base_url, chunk, listed):
    """A ``Build`` of ``chunk`` ([(address, page id, path below the page)]) and the
    addresses of the files that are not pages that they link to; the links to the other
    chunks' addresses (the file ``listed`` names them all) are not followed."""
    from wagtail.models import Page

    from .build import Build, Renderer

    if base_url not in renderers:
        renderers[base_url] = Renderer(base_url)
    renderer = renderers[base_url]
    ids = {pk for _address, pk, _below in chunk}
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    renderer.routes = {address: (pages[pk], below) for address, pk, below in chunk if pk in pages}
    build, later = Build(base_url=renderer.base_url), []
    addresses = [address for address, _, _ in chunk]
    crawl_chunk(renderer, addresses, build, known_from(listed), later)
    return build, later


def crawl_chunk(renderer, chunk, build, known, later):
    """``crawl`` of the addresses ``chunk`` (of ``renderer.routes``), their pages prepared
    together first (``lab_site.static_copy.prepares_pages``), but those the cache holds
    whole."""
    from lab_site.static_copy import prepare, rendering_static_copy

    from .build import crawl

    pages = {
        id(route[0]): route[0]
        for address in chunk
        if (route := renderer.routes.get(address)) and not renderer.held_whole(address)
    }
    with rendering_static_copy():
        prepare(list(pages.values()))
    crawl(renderer, chunk, build, known=known, later=later)
