"""What templates need to cache fragments that every page shows (header, navigation,
footer): how long, and the content generation that publishing moves on (``page_cache``)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .page_cache import generation


def fragment_cache(request):
    return {
        "fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS,
        # Read from the cache only when a template asks for it.
        "content_generation": SimpleLazyObject(lambda: str(generation())),
    }
