"""Whether the page being rendered is for the static copy of the site (``publish_static``).

The static copy is rendered in the publishing process, never for a visitor, so the flag is
a context variable set there, not anything a request could carry. Templates read it as
``static_copy``: a static host answers no query strings and runs no server code, so the
filters there are links to their paths and search runs in the browser (Pagefind).
"""

from contextlib import contextmanager
from contextvars import ContextVar

# While a static copy is rendered: what its views made once for the whole build.
_build_memo = ContextVar("rendering_static_copy", default=None)


def rendering():
    return _build_memo.get() is not None


@contextmanager
def rendering_static_copy(memo=None):
    """Render for the static copy; ``memo``: a dict the build keeps for the whole of it
    (the requests of one build see the same one)."""
    token = _build_memo.set({} if memo is None else memo)
    try:
        yield
    finally:
        _build_memo.reset(token)


def context(request):
    """Template context processor: ``static_copy``."""
    return {"static_copy": rendering()}
