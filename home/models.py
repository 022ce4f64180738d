"""The home page and the standard pages (about, joining the group, contact)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lab_site.blocks import INLINE_FEATURES
from lab_site.models import BasePage
from lab_site.structured_data import organization

from .blocks import ContentPageBlocks, HomePageBlocks


class HomePage(BasePage):
    """The site's front page: who the group is, what drives it, and how to join.

    The heading and introduction are plain fields because every group has them;
    everything below them is a StreamField so editors choose which sections the
    page has, in which order.
    """

    page_description = _(
        "The front page: the mission and the sections shown below it. A site has one."
    )

    heading = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "The large heading at the top, e.g. “Welcome to the … Group!”. "
            "Leave empty to use the page title."
        ),
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=INLINE_FEATURES,
        help_text=_("The group's mission in a paragraph or two, shown under the heading."),
    )
    body = StreamField(
        HomePageBlocks(),
        blank=True,
        help_text=_("The sections below the introduction, in the order visitors see them."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("heading"), FieldPanel("intro")], heading=_("Mission")),
        FieldPanel("body", heading=_("Sections")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    # What may go below it is what says it may (each page type's ``parent_page_types``):
    # a new section's index page names the home page, and nothing here changes.
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def json_ld(self, request=None):
        """The site and the group, for search engines: a WebSite (with its search) and a
        ResearchOrganization."""
        website = {
            "@type": "WebSite",
            "name": self.plain_title,
            "url": self.get_full_url(request),
        }
        if request is not None:
            website["potentialAction"] = {
                "@type": "SearchAction",
                "target": request.build_absolute_uri("/search/") + "?q={search_term_string}",
                "query-input": "required name=search_term_string",
            }
            group = organization(request, full=True)
            website["name"] = group["name"] or website["name"]
            website["publisher"] = {"@id": "#group"}
            return {
                "@context": "https://schema.org",
                "@graph": [website, group | {"@id": "#group"}],
            }
        return {"@context": "https://schema.org", **website}


class ContentPage(BasePage):
    """A general page (about, joining the group, contact) built from text, images and quotes."""

    page_description = _(
        "A page of text, such as “About” or “Contact”, with pages of its own below it."
    )

    def view_cache_vary(self, request):
        # Its own content and what it links to: the content generation covers both.
        return ""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences shown under the title."),
    )
    body = StreamField(
        ContentPageBlocks(),
        blank=True,
        verbose_name=_("content"),
        help_text=_("The page's content: text, images, quotes and calls to action, in order."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
    template = "home/content_page.html"

    class Meta:
        verbose_name = _("standard page")
