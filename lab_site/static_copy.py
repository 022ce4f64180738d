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
    """Render for the static copy; ``memo`` (a dict kept by the build) lets the requests of
    one build share what they load (``remembered``)."""
    token = _build_memo.set({} if memo is None else memo)
    try:
        yield
    finally:
        _build_memo.reset(token)


def remembered(key, make):
    """``make()``; while a static copy is rendered, made once per build for ``key``: the
    list's four exports read the same thousand papers. A build renders one moment of the
    site, so what it loaded stays true until it ends."""
    memo = _build_memo.get()
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


def context(request):
    """Template context processor: ``static_copy``."""
    return {"static_copy": rendering()}
