"""Research highlights: a featured paper told in plain language, and the research page.

A highlight points at a ``PublicationPage``: its authors, venue and links are read
from the paper each time the highlight is shown, so they stay right when the paper
is corrected. Each of them can be overridden on the highlight, and an override wins.
"""

from urllib.parse import urlsplit

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from lab_site.blocks import INLINE_FEATURES, TEXT_FEATURES
from lab_site.listing_paths import Choice, ListingPaths, listing_query
from lab_site.models import BasePage, lazy_context, require_description
from lab_site.query import SitePageQuerySet, prefetch_renditions
from lab_site.structured_data import headline, person
from lab_site.text import html_to_text
from people.models import MemberPage
from publications.authors import MemberIndex, split_author_line
from publications.models import PublicationAuthor
from scholarly_text.models import ResearchTopic
from scholarly_text.written import WrittenWithLatex

from .forms import ResearchHighlightForm, TopicFilterForm


class HighlightQuerySet(SitePageQuerySet):
    def for_cards(self):
        """Everything a highlight card shows (paper, authors, figure) in a fixed number of queries."""
        return self.select_related("publication", "figure").prefetch_related(
            models.Prefetch(
                "publication__authors",
                queryset=PublicationAuthor.objects.select_related("member").order_by("sort_order"),
            ),
            prefetch_renditions("figure"),
        )


HighlightManager = PageManager.from_queryset(HighlightQuerySet)


def prepare_author_lines(highlights):
    """Link the names in overridden author lines to member pages, with one query for all.

    Highlights that show their paper's authors need nothing: those authors are
    already linked to members. Call this on a list of highlights before rendering.
    """
    highlights = list(highlights)
    if any(highlight.authors_override for highlight in highlights):
        members = MemberIndex(
            MemberPage.objects.live()
            .public()
            .only("id", "title", "name_variants", "url_path", "live", "depth", "path")
        )
        for highlight in highlights:
            highlight.member_index = members
    return highlights


# What the research page's template reads of its list (made only on a cache miss).
LISTING_NAMES = ("topics", "topic_links", "current_topic", "unknown_topic", "highlights")


class ResearchIndexPage(ListingPaths, BasePage):
    """The research page: the group's research directions, then every highlight, newest first.
    Each topic has the highlights on it at its own path (``topic/<slug>/``)."""

    page_description = _(
        "The Research section: lists research highlights, each telling a result in plain language."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    path_filters = ("topic",)

    intro = RichTextField(
        _("research directions"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("What the group works on and why, shown above the highlights."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["research.ResearchHighlightPage"]
    max_count = 1
    template = "research/research_index_page.html"

    def get_fallback_description(self):
        return (
            "The group's research directions and highlights: key papers explained in plain "
            "language, with figures, code and demos."
        )

    # Highlights are listed in tree order in the admin, with drag handles: that order is
    # the order in which featured highlights appear on the home page.
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("research page")

    def highlights(self):
        return ResearchHighlightPage.objects.child_of(self).live().public()

    def listing_choices(self):
        """The topics that have highlights (by name), with how many."""
        # Counted over the join the filter made: this page's live, public highlights only.
        shown = self.highlights().values("pk")
        topics = ResearchTopic.objects.filter(highlights__in=shown).annotate(
            count=models.Count("highlights", distinct=True)
        )
        return {"topic": [Choice(t.slug, t.name, t.count) for t in topics.order_by("name")]}

    def listing_items(self, values):
        highlights = self.highlights()
        if values.get("topic"):
            highlights = highlights.filter(topics__slug=values["topic"])
        return highlights.order_by("-date", "-pk")  # as the page shows them

    def view_cache_vary(self, request):
        # The list shows the state its address names.
        return request.get_full_path()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def listing():
            choices = self.listing_choices()
            values = TopicFilterForm(listing_query(request)).values()
            current = self.chosen(choices, values)["topic"]
            state = {"topic": current.slug if current else None}
            return {
                "topics": choices["topic"],
                "topic_links": self.choice_links(
                    "topic", choices["topic"], state, lambda t: t.slug
                ),
                "current_topic": current,
                "unknown_topic": values["topic"] if values["topic"] and current is None else "",
                "highlights": prepare_author_lines(self.listing_items(state).for_cards()),
            }

        context.update(lazy_context(listing, LISTING_NAMES))
        return context


class ResearchHighlightPage(WrittenWithLatex, BasePage):
    """One research result told for a general audience, featuring one of the group's papers."""

    page_description = _(
        "A research highlight: one paper told in plain language, with its venue, links and a figure."
    )

    def view_cache_vary(self, request):
        # Its own content and what it links to: the content generation covers both.
        return ""

    latex_fields = ("title",)  # written with LaTeX, as the paper's title
    publication = models.ForeignKey(
        "publications.PublicationPage",
        verbose_name=_("paper"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="highlights",
        help_text=_(
            "The paper this highlight is about. Its authors, venue and links are shown "
            "unless you fill in the fields below to show something else."
        ),
    )
    summary = RichTextField(
        _("plain-language summary"),
        features=INLINE_FEATURES,
        help_text=_("A short paragraph for a general audience: what was found and why it matters."),
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Orders the research page, newest first. Leave empty to use the paper's date."),
    )
    figure = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("teaser figure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. A figure from the paper that shows the idea at a glance."),
    )
    figure_alt_text = models.CharField(
        _("figure description"),
        max_length=300,
        blank=True,
        help_text=_("What the figure shows, for people who cannot see it. Required with a figure."),
    )
    figure_caption = models.CharField(
        _("figure caption"), max_length=300, blank=True, help_text=_("Optional; shown below it.")
    )
    authors_override = models.CharField(
        _("author line"),
        max_length=500,
        blank=True,
        help_text=_(
            "Names separated by commas. Leave empty to show the paper's authors. Group "
            "members are linked to their profiles."
        ),
    )
    venue_override = models.CharField(
        _("venue line"),
        max_length=200,
        blank=True,
        help_text=_(
            "e.g. “ICLR 2023 (Spotlight)”. Leave empty to show the paper's venue and honour."
        ),
    )
    arxiv_url = models.URLField(_("arXiv"), blank=True)
    code_url = models.URLField(_("code (e.g. GitHub)"), blank=True)
    demo_url = models.URLField(_("demo (e.g. Colab)"), blank=True)
    project_url = models.URLField(_("project page"), blank=True)
    video_url = models.URLField(_("video"), blank=True)
    topics = ParentalManyToManyField(
        ResearchTopic,
        blank=True,
        related_name="highlights",
        help_text=_(
            "Visitors can filter the research page by topic. Topics are managed under "
            "“Research topics” in the menu."
        ),
    )
    feature_on_home = models.BooleanField(
        _("feature on the home page"),
        default=False,
        help_text=_(
            "Featured highlights appear on the home page in the order of the research page's "
            "list in the admin; drag them there to change it."
        ),
    )

    objects = HighlightManager()

    @classmethod
    def for_route(cls, queryset):
        return queryset.for_cards().prefetch_related("topics")

    content_panels = [
        FieldPanel(
            "title",
            heading=_("Headline"),
            help_text=_("Leave empty to use the paper's title."),
        ),
        PageChooserPanel("publication", "publications.PublicationPage"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("figure"), FieldPanel("figure_alt_text"), FieldPanel("figure_caption")],
            heading=_("Figure"),
        ),
        MultiFieldPanel(
            [FieldPanel("authors_override"), FieldPanel("venue_override")],
            heading=_("Authors and venue"),
            help_text=_("Taken from the paper; fill in only to show something different."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("arxiv_url", heading=_("arXiv")),
                FieldPanel("code_url"),
                FieldPanel("demo_url"),
                FieldPanel("project_url"),
                FieldPanel("video_url"),
            ],
            heading=_("Links"),
            help_text=_(
                "Each is taken from the paper when left empty. Only links that exist are shown."
            ),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("feature_on_home"), FieldPanel("date")], heading=_("Listing")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("plain_title", boost=3),
        index.SearchField("plain_summary"),
        index.SearchField("author_text"),
        index.SearchField("venue_line"),
        index.FilterField("feature_on_home"),
        index.FilterField("date"),
    ]

    parent_page_types = ["research.ResearchIndexPage"]
    subpage_types = []
    template = "research/research_highlight_page.html"

    base_form_class = ResearchHighlightForm
    description_field = "summary"

    # Set by ``prepare_author_lines`` when the author line is overridden.
    member_index = None

    class Meta:
        verbose_name = _("research highlight")

    # --- what the highlight shows, from the paper unless overridden -----------------------

    @property
    def plain_summary(self):
        return html_to_text(self.summary)

    @cached_property
    def author_entries(self):
        """(name, member page or None) for each name on the author line, in order."""
        if self.authors_override:
            names, _cut = split_author_line(self.authors_override)
            index = self.member_index
            return [(name, index.match(name).member if index else None) for name in names]
        if self.publication_id is None:
            return []
        return [
            (author.name, author.member if author.member_id and author.member.live else None)
            for author in self.publication.authors.all()
        ]

    @property
    def authors_cut(self):
        if self.authors_override:
            return split_author_line(self.authors_override)[1]
        return bool(self.publication_id and self.publication.authors_cut)

    @property
    def author_text(self):
        return ", ".join(name for name, _member in self.author_entries)

    @property
    def venue_line(self):
        if self.venue_override:
            return self.venue_override
        return self.publication.venue_line if self.publication_id else ""

    def _from_paper(self, own, paper_attribute):
        if own:
            return own
        return getattr(self.publication, paper_attribute) if self.publication_id else ""

    def links(self):
        """(label, address) of each link the highlight or its paper has, in a fixed order."""
        code = self._from_paper(self.code_url, "code_url")
        demo = self._from_paper(self.demo_url, "demo_url")
        candidates = [
            (_("arXiv"), self._from_paper(self.arxiv_url, "arxiv_url")),
            (_("GitHub") if _host(code).endswith("github.com") else _("Code"), code),
            (_("Colab demo") if _host(demo) == "colab.research.google.com" else _("Demo"), demo),
            (_("Project page"), self._from_paper(self.project_url, "project_url")),
            (_("Video"), self._from_paper(self.video_url, "video_url")),
        ]
        return [(label, url) for label, url in candidates if url]

    def json_ld(self, request=None):
        """schema.org data: an Article about the paper it features."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": headline(self.plain_title),
            "name": self.plain_title,
            "url": self.get_full_url(request),
            "author": [person(name, member, request) for name, member in self.author_entries],
        }
        if self.date:
            data["datePublished"] = self.date.isoformat()
        if self.summary:
            data["description"] = self.plain_summary
        if self.figure_id:
            # One the page already shows (no image made for the data alone).
            data["image"] = self.figure.get_rendition("format-jpeg|width-1280").full_url
        if self.publication_id and self.publication.live:
            data["about"] = {
                "@type": "ScholarlyArticle",
                "name": self.publication.plain_title,
                "url": self.publication.get_full_url(request),
            }
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The paper, its authors, the figure and the topics are read by the template, the
        # JSON-LD and the meta tags: each once (none when the cache holds all three).
        if self.parts_to_render(context):
            models.prefetch_related_objects(
                [self],
                "publication",
                models.Prefetch(
                    "publication__authors",
                    queryset=PublicationAuthor.objects.select_related("member").order_by(
                        "sort_order"
                    ),
                ),
                "figure",
                prefetch_renditions("figure"),
                "topics",
            )
        prepare_author_lines([self])
        return context

    # --- validation -------------------------------------------------------------------------

    def clean(self):
        super().clean()
        require_description(self.figure_id, self.figure_alt_text, "figure_alt_text", _("figure"))
        if self.date is None:
            self.date = (
                self.publication.publication_date if self.publication_id else timezone.localdate()
            )


def _host(url):
    return (urlsplit(url).hostname or "").lower() if url else ""
