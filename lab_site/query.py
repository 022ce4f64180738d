"""Query helpers every app's page types share."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Prefetch
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

# The private sections read while one page is made ({} until read), or None outside.
_private_sections = ContextVar("lab_site_private_sections", default=None)


def prefetch_renditions(lookup):
    """Prefetch the renditions of the images at ``lookup`` (e.g. ``"photo"``) in one query.

    They land in ``prefetched_renditions``, the list Wagtail's image tags read first
    (Wagtail's documented way to render many images without a query each).
    """
    from wagtail.images import get_image_model

    return Prefetch(
        f"{lookup}__renditions",
        queryset=get_image_model().get_rendition_model().objects.all(),
        to_attr="prefetched_renditions",
    )


@contextmanager
def private_sections_read_once():
    """While the block runs (one public page being made: a visitor's GET, or a page of the
    static copy), Wagtail's private sections are read from the database once: the first
    ``.public()`` of a ``SitePageQuerySet`` reads them, the others reuse what it read.
    Outside such a block every ``.public()`` reads them, as Wagtail's own does. Nothing
    that makes a public page changes who may see a page."""
    token = _private_sections.set({})
    try:
        yield
    finally:
        _private_sections.reset(token)


class SitePageQuerySet(PageQuerySet):
    """Wagtail's page queries, with ``public()`` and ``not_public()`` reading the private
    sections once per page made (``private_sections_read_once``). Every page type's
    queries build on it."""

    def private_q(self):
        read = _private_sections.get()
        if read is None:
            return super().private_q()
        if "q" not in read:
            read["q"] = super().private_q()
        return read["q"]


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


def site_pages():
    """All pages (Wagtail's ``Page.objects``) with the site's ``public()``."""
    return SitePageQuerySet(Page)
