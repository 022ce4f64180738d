"""Every part of the demo, in the order it loads (the loaders use ``demo.loader``'s
helpers; this module is the only one that knows them all)."""

from .collaboration import CollaborationLoader
from .home import HomeLoader
from .people import PeopleLoader
from .publications import PublicationsLoader
from .research import HighlightsLoader


def loaders():
    """One loader per app, in the order they must load: later ones refer to earlier ones,
    and the home page comes last, since its sections link to the pages the others create.

    Each has a ``label``, ``current()`` (what the site holds, None when its part is
    empty), ``desired()`` (the same from the data) and ``load()``.
    """
    return [
        PeopleLoader(),
        PublicationsLoader(),
        HighlightsLoader(),
        CollaborationLoader(),
        HomeLoader(),
    ]
