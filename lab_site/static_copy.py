"""Whether the page being rendered is for the static copy of the site (``publish_static``).

The static copy is rendered in the publishing process, never for a visitor, so the flag is
a context variable set there, not anything a request could carry. Templates read it as
``static_copy``: a static host answers no query strings and runs no server code, so the
filters there are links to their paths and search runs in the browser (Pagefind).
"""

from contextlib import contextmanager
from contextvars import ContextVar

# Whether a static copy is being rendered (in this context).
_rendering = ContextVar("rendering_static_copy", default=False)


def rendering():
    return _rendering.get()


@contextmanager
def rendering_static_copy():
    """Render for the static copy within the block."""
    token = _rendering.set(True)
    try:
        yield
    finally:
        _rendering.reset(token)


def context(request):
    """Template context processor: ``static_copy``."""
    return {"static_copy": rendering()}


# {URL pattern name: function} of the views whose answers the static copy's build makes
# many at a time (``renders_in_bulk``).
_in_bulk = {}


def renders_in_bulk(url_name):
    """Register ``function(site, wanted)`` as making, in one go, the answers of the view
    named ``url_name`` that the static copy's build needs: ``wanted`` is {address: the
    URL's keyword arguments} and the function returns {address: (content type, bytes)}
    for those it answers exactly as the view would (the build asks the view for the
    rest). A thousand papers' exports then cost a few queries instead of a thousand
    requests."""

    def register(function):
        _in_bulk[url_name] = function
        return function

    return register


def bulk_renderer(url_name):
    """The function registered for ``url_name`` with ``renders_in_bulk``, or None."""
    return _in_bulk.get(url_name)


# Functions that make ahead, many at a time, what rendering some pages will read
# (``prepares_pages``).
_preparers = []


def prepares_pages(function):
    """Register ``function(pages)``: called by the static copy's build with the pages (of
    their specific types) it is about to render, some tens at a time, to make together
    what each would make alone when rendered (formatting a hundred references at once
    takes half the time of one by one). What it makes goes to the caches the pages read."""
    _preparers.append(function)
    return function


def prepare(pages):
    """Call every function registered with ``prepares_pages`` with ``pages``."""
    for function in _preparers:
        function(pages)
