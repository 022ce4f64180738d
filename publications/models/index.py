"""The publication list: filters, search, exports and a feed."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.contrib.routable_page.models import path
from wagtail.models import Page

from lab_site.feeds import HasFeed
from lab_site.listing_paths import Choice, ListingPaths
from lab_site.models import BasePage

from ..exports import atom_feed
from ..listing import Filters, apply_filters, build_listing, cached_facets, count_facets
from .paper import PublicationAuthor, PublicationPage


class PublicationIndexPage(HasFeed, ListingPaths, BasePage):
    """The complete publication list: filters, search, BibTeX export and an Atom feed.

    Each year, topic, member and type has a list of its own at a path
    (``year/2024/``, ``page/2/``), which a static copy of the site can hold."""

    page_description = _(
        "The Publications section: every paper, searchable and filterable, with exports. Add or import papers inside it."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    path_filters = ("year", "topic", "member", "type")

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Optional text above the list.")
    )
    per_page = models.PositiveSmallIntegerField(
        _("publications per page"), default=50, help_text=_("Longer lists are split into pages.")
    )
    show_citation_counts = models.BooleanField(
        _("show how often papers are cited"),
        default=False,
        help_text=_(
            "Shows each paper's cited-by count from OpenAlex (with the date it was read) on "
            "the paper's page, and lets visitors sort the list by it. Counts are read when "
            "the site looks for members' new papers."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("per_page"),
        FieldPanel("show_citation_counts"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["publications.PublicationPage"]

    @classmethod
    def find(cls):
        """The site's publication list: imports, discovery and the admin's import screens
        add papers there. None until an editor creates it."""
        return cls.objects.first()

    @classmethod
    def writable_by(cls, user):
        """The publication list if ``user`` may add papers to it (import, review
        suggestions), else None."""
        index = cls.find()
        if index is None or not user.is_authenticated:
            return None
        return index if index.permissions_for_user(user).can_add_subpage() else None

    max_count = 1
    template = "publications/publication_index_page.html"

    def get_fallback_description(self):
        return (
            "Every publication of the group, newest first: search and filter by year, topic, "
            "member and type, with abstracts, code and BibTeX."
        )

    class Meta:
        verbose_name = _("publication list")

    def publications(self):
        return PublicationPage.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = build_listing(self, request)
        return context

    def listing_choices(self):
        """Years (newest first), topics, members and types that the list's papers have, each
        with how many: the facets of the whole list, as its filter form shows them."""
        facets = cached_facets(self, Filters())
        return {
            "year": [Choice(str(year), str(year), count) for year, count in facets["years"]],
            "topic": [Choice(*row) for row in facets["topics"]],
            "member": [Choice(*row) for row in facets["members"]],
            "type": [Choice(*row) for row in facets["types"]],
        }

    @property
    def listing_page_size(self):
        return self.per_page or 50

    def listing_items(self, values):

        items = apply_filters(self.publications(), Filters(**values))
        return items.order_by("-publication_date", "-pk")  # as the list shows them

    def listing_memberships(self):
        """Each paper's year, topics, members and type, in three queries for the list."""
        papers = self.listing_items({})
        ids = papers.values("pk")
        topics, members = {}, {}
        tagged = PublicationPage.topics.through.objects.filter(publicationpage_id__in=ids)
        for pk, slug in tagged.values_list("publicationpage_id", "researchtopic__slug"):
            topics.setdefault(pk, set()).add(slug)
        authored = PublicationAuthor.objects.filter(page_id__in=ids, member__isnull=False)
        for pk, slug in authored.values_list("page_id", "member__slug"):
            members.setdefault(pk, set()).add(slug)
        return [
            (
                pk,
                {
                    "year": {str(day.year)},
                    "topic": topics.get(pk, set()),
                    "member": members.get(pk, set()),
                    "type": {kind},
                },
            )
            for pk, day, kind in papers.values_list("pk", "publication_date", "publication_type")
        ]

    def listing_signature(self):
        """The filters' values, labels and counts, which every state shows."""

        return json.loads(json.dumps(count_facets(self, Filters()), cls=DjangoJSONEncoder))

    @path("feed/")
    def old_feed(self, request):
        """The feed's first address, kept for subscribers: it moved to ``feed_url``."""
        return HttpResponsePermanentRedirect(self.feed_url)

    def feed_response(self, request):

        return atom_feed(self, request)
