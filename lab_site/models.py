"""Site-wide models: the home page, a general-purpose page and the site settings."""

from functools import partial

from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail.url_routing import RouteResult

from .blocks import INLINE_FEATURES, ContentPageBlocks, HomePageBlocks
from .page_cache import remember
from .query import no_view_restrictions
from .sections import site_sections
from .text import html_to_text

SOCIAL_PLATFORMS = [
    ("website", _("Website")),
    ("x", _("X (Twitter)")),
    ("bluesky", _("Bluesky")),
    ("mastodon", _("Mastodon")),
    ("github", _("GitHub")),
    ("youtube", _("YouTube")),
    ("linkedin", _("LinkedIn")),
    ("scholar", _("Google Scholar")),
]


class SocialLinkValue(blocks.StructValue):
    def platform_label(self):
        return dict(SOCIAL_PLATFORMS).get(self.get("platform"), self.get("platform"))


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(choices=SOCIAL_PLATFORMS)
    url = blocks.URLBlock(label=_("Web address"))

    class Meta:
        icon = "link"
        label = _("Social link")
        value_class = SocialLinkValue


class BasePage(Page):
    """Fields every public page shares: the image shown when the page is shared.

    Title, search description and slug come from Wagtail's ``Page``; this adds the
    social image and a description fallback so that every page has meaningful
    ``<meta>`` and OpenGraph tags even when an editor leaves the promote tab alone.
    """

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social media. Best at 1200 × 630 pixels."),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True

    @property
    def plain_title(self):
        """The title as plain text for <title> and sharing (pages with markup in titles override it)."""
        return self.title

    # The rich-text field whose opening words describe the page when the editor wrote no
    # description.
    description_field = "intro"

    def get_meta_description(self):
        """The search description, else the start of the page's ``description_text()``."""
        if self.search_description:
            return self.search_description
        text = self.description_text()
        return Truncator(text).chars(160) if text else self.get_fallback_description()

    def description_text(self):
        """The page's describing text as plain text (here: its rich-text ``description_field``).

        Page types whose text is already plain override this: stripping tags from plain
        text would eat whatever stands between a "<" and a ">" (``L<N`` … ``N>10``).
        """
        return html_to_text(getattr(self, self.description_field, ""))

    def get_fallback_description(self):
        return ""

    @classmethod
    def for_route(cls, queryset):
        """The queryset a page of this type is loaded with when a visitor opens it: page
        types add the related objects their template shows (``HomePage.route``)."""
        return queryset

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.depth > 2:  # below the home page; looked up only if the template uses it
            context["parent_page"] = SimpleLazyObject(partial(self.parent_from_sections, request))
        return context

    def parent_from_sections(self, request):
        """The parent page, without a query when it is the home page or one of its sections
        (the usual case: people, publications, research), which the site cache holds."""
        root, children = site_sections(request)
        parent_path = self.path[: -self.steplen]
        for page in (root, *children):
            if page is not None and page.path == parent_path:
                return page
        return self.get_parent()

    def get_view_restrictions(self):
        """Wagtail's lookup, skipped (two queries fewer per page) when no page is restricted."""
        if no_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(BasePage):
    """The site's front page: who the group is, what drives it, and how to join.

    The heading and introduction are plain fields because every group has them;
    everything below them is a StreamField so editors choose which sections the
    page has, in which order.
    """

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

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "lab_site.ContentPage",
        "people.PeopleIndexPage",
        "publications.PublicationIndexPage",
        "publications.ResearchIndexPage",
    ]
    max_count = 1
    template = "lab_site/home_page.html"

    def route(self, request, path_components):
        """Find the page at a web address with one query, instead of two for every level of
        the tree (Wagtail's default walks down from the home page).

        The lookup uses the slug's index and then compares the whole address. Addresses
        that are not a page (e.g. the list's ``feed/``) and unknown ones take the default
        route, which hands them to the page's own sub-routes or answers 404.
        """
        if len(path_components) < 2:
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        page = Page.objects.filter(slug=path_components[-1], url_path=url_path).first()
        if page is None:
            return super().route(request, path_components)
        if not page.live:
            raise Http404
        model = page.specific_class
        if model is None or not hasattr(model, "for_route"):
            return RouteResult(page.specific)
        return RouteResult(model.for_route(model._default_manager.all()).get(pk=page.pk))

    class Meta:
        verbose_name = _("home page")


class ContentPage(BasePage):
    """A general page (about, joining the group, contact) built from text, images and quotes."""

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

    parent_page_types = ["lab_site.HomePage", "lab_site.ContentPage"]
    subpage_types = ["lab_site.ContentPage"]
    template = "lab_site/content_page.html"

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The group's identity, shown in the header and footer of every page."""

    group_name = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("Shown in the header and in browser tabs, e.g. “Tegmark AI Safety Group”."),
    )
    tagline = models.CharField(
        max_length=200, blank=True, help_text=_("A short line under the group name in the footer.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Shown beside the group name; a square image works best."),
    )
    contact_email = models.EmailField(
        blank=True, help_text=_("Where visitors can write to the group. Shown in the footer.")
    )
    footer_text = RichTextField(
        blank=True,
        features=INLINE_FEATURES,
        help_text=_(
            "Optional text at the bottom of every page, e.g. an address or acknowledgement."
        ),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        help_text=_("The group's accounts elsewhere, shown in the footer."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("group_name"), FieldPanel("tagline"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("social_links"), FieldPanel("footer_text")],
            heading=_("Contact and footer"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    select_related = ["logo"]

    @classmethod
    def for_request(cls, request):
        """Wagtail's lookup, kept in the site cache between requests (every page shows it)."""
        attribute = cls.get_cache_attr_name()
        if not hasattr(request, attribute):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            instance = remember(f"settings:{cls._meta.label}:{site.pk}", lambda: cls.for_site(site))
            instance._request = request  # as Wagtail does, for page URLs relative to the site
            setattr(request, attribute, instance)
        return getattr(request, attribute)

    def __str__(self):
        return self.group_name or str(self.site)
