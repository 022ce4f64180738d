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
