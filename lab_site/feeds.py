"""Atom feeds (RFC 4287) for any listing: papers, news.

Django's feed generator has room for one author name per entry; an entry here has one
``<author>`` per person. Each entry carries its own ``<updated>`` and the feed's is the
latest of them, so that readers see corrections as well as new entries.
"""

from datetime import UTC, datetime, time

from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed

from .models import SiteSettings


class AtomFeed(Atom1Feed):
    """Atom with one <author> per person."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class HasFeed:
    """A listing with an Atom feed at its own address plus ".atom" (``/news.atom``, served by
    ``lab_site.views.feed``): a file name any static host serves with the feed's type."""

    @property
    def feed_url(self):
        return self.url.rstrip("/") + ".atom" if self.url else ""

    def feed_response(self, request):
        raise NotImplementedError


def midnight(day):
    """A date as the first moment of that day in UTC (Atom dates are instants)."""
    return datetime.combine(day, time(), tzinfo=UTC)


def atom_response(index, request, title, entries):
    """An Atom feed of ``entries`` (dicts of ``AtomFeed.add_item`` arguments) for the
    listing page ``index``; the group is the feed's author, which entries without
    authors fall back to."""
    feed = AtomFeed(
        title=title,
        link=index.get_full_url(request),
        description="",
        feed_url=request.build_absolute_uri(),
        language="en",
        # The group, as its settings name it (the site record's name is often the
        # section's, such as "Publications").
        author_name=SiteSettings.for_request(request).group_name
        or index.get_site().site_name
        or index.title,
    )
    for entry in entries:
        feed.add_item(**entry)
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
