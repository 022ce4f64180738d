"""News: what is new in the group (a paper accepted, a prize, a new member, a talk given).

A news item names the people, papers and highlights it is about; their pages then list
it (a member's profile shows the news that names them). Members may draft news about
themselves and submit it for approval (``people.contributions``).
"""

from datetime import date

from django import forms
from django.db import models
from django.db.models.functions import ExtractYear
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from lab_site.blocks import TEXT_FEATURES
from lab_site.feeds import HasFeed, atom_response, midnight
from lab_site.listing_paths import Choice, ListingPaths, listing_query, paginate
from lab_site.models import BasePage, lazy_context, require_description
from lab_site.query import SitePageQuerySet, prefetch_renditions
from lab_site.related import NamesPeoplePapersHighlights
from lab_site.structured_data import headline, organization, page_image, person
from people.contributions import (
    ContributionIndexPermissionTester,
    ContributionPermissionTester,
    check_contribution,
)
from scholarly_text.blocks import StoryBlocks
from scholarly_text.models import ResearchTopic
from scholarly_text.written import LatexSummary

from .forms import NewsFilterForm, NewsPageForm

PAGE_SIZE = 10


class NewsQuerySet(SitePageQuerySet):
    def for_cards(self):
        """Everything a news card shows (image, topics) in a fixed number of queries."""
        return self.select_related("image").prefetch_related(prefetch_renditions("image"), "topics")

    def newest_first(self):
        return self.order_by("-date", "-pk")


NewsManager = PageManager.from_queryset(NewsQuerySet)


# What the news page's template reads of its list (made only on a cache miss).
LISTING_NAMES = (
    "news_page",
    "topic_links",
    "year_links",
    "previous_url",
    "next_url",
    "topics",
    "years",
    "current_topic",
    "current_year",
    "unknown_topic",
    "unknown_year",
)


class NewsIndexPage(HasFeed, ListingPaths, BasePage):
    """The news page: every item, newest first, ten per page, by topic and year, with a feed.
    Each topic and year has a list at its own path (``topic/<slug>/``, ``year/2025/``)."""

    page_description = _(
        "The News section: lists news items, newest first, with a feed. Add news items inside it."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    path_filters = ("topic", "year")

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional text shown above the news."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1
    template = "news/news_index_page.html"

    class Meta:
        verbose_name = _("news page")

    def permissions_for_user(self, user):
        return ContributionIndexPermissionTester(user, self)

    def news(self):
        return NewsPage.objects.child_of(self).live().public()

    @classmethod
    def navigation_entries(cls):
        """The menu links to the news only once there is some."""
        return NewsPage.objects.live().public()

    def get_fallback_description(self):
        return "News from the group: papers, prizes, people and talks."

    def topics(self):
        return ResearchTopic.objects.filter(news__in=self.news().values("pk"))

    def listing_choices(self):
        """Topics (by name) and years (newest first) that have news, with how many."""
        # Counted over the join topics() filters on: live, public news of this page only.
        topics = self.topics().annotate(count=models.Count("news", distinct=True))
        years = (
            self.news().order_by().values_list(ExtractYear("date")).annotate(n=models.Count("pk"))
        )
        return {
            "topic": [Choice(t.slug, t.name, t.count) for t in topics.order_by("name")],
            "year": [Choice(str(year), str(year), n) for year, n in sorted(years, reverse=True)],
        }

    listing_page_size = PAGE_SIZE

    def listing_items(self, values):
        items = self.news()
        if values.get("topic"):
            items = items.filter(topics__slug=values["topic"])
        if values.get("year"):
            items = items.filter(date__year=values["year"])
        return items.newest_first()

    def view_cache_vary(self, request):
        # The list shows the state its address names.
        return request.get_full_path()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def listing():
            form = NewsFilterForm(listing_query(request))
            values = form.values()
            choices = self.listing_choices()
            chosen = self.chosen(choices, values)
            topic, year = chosen["topic"], chosen["year"]
            state = {"topic": topic and topic.slug, "year": year and int(year.slug)}
            items = self.listing_items(state).for_cards()
            page = paginate(request, items, PAGE_SIZE, values["page"])
            previous_url, next_url = self.neighbour_urls(state, page)
            years = [int(choice.slug) for choice in choices["year"]]
            return {
                "news_page": page,
                "topic_links": self.choice_links(
                    "topic", choices["topic"], state, lambda t: t.slug
                ),
                "year_links": self.state_links("year", years, state),
                "previous_url": previous_url,
                "next_url": next_url,
                "topics": choices["topic"],
                "years": years,
                "current_topic": topic,
                "current_year": state["year"],
                "unknown_topic": form.raw("topic") if values["topic"] and topic is None else "",
                "unknown_year": form.raw("year") if form.raw("year") and year is None else "",
            }

        context.update(lazy_context(listing, LISTING_NAMES))
        return context

    @path("feed/")
    def old_feed(self, request):
        """The feed's first address, kept for subscribers: it moved to ``feed_url``."""
        return HttpResponsePermanentRedirect(self.feed_url)

    def feed_response(self, request):
        newest = self.news().for_cards().newest_first()[:20]
        entries = [
            {
                "title": item.plain_title,
                "link": item.get_full_url(request),
                "description": item.plain_summary,
                "pubdate": midnight(item.date),
                "updateddate": item.last_published_at or midnight(item.date),
                "unique_id": item.get_full_url(request),
                "categories": [topic.name for topic in item.topics.all()],
            }
            for item in newest
        ]
        return atom_response(self, request, f"{self.title}: latest news", entries)


class NewsPage(NamesPeoplePapersHighlights, LatexSummary, BasePage):
    """One news item: a date, a one-paragraph summary, the story, and what it is about."""

    page_description = _(
        "A news item: a story with a date, a picture and the members and papers it is about."
    )

    def view_cache_vary(self, request):
        # Its own content and what it links to: the content generation covers both.
        return ""

    date = models.DateField(
        _("date"),
        default=date.today,
        help_text=_("When it happened; the news page lists items newest first."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_(
            "One or two sentences shown in lists, on the home page and in the feed. "
            "Formulas may be written as in LaTeX, between dollar signs: $E=mc^2$."
        ),
    )
    body = StreamField(
        StoryBlocks(),
        blank=True,
        verbose_name=_("story"),
        help_text=_("The full story: text, images, quotes and formulas. Optional."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Shown at the top of the item and in lists."),
    )
    image_alt_text = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    topics = ParentalManyToManyField(
        ResearchTopic,
        blank=True,
        related_name="news",
        help_text=_("Visitors can filter the news by topic."),
    )

    objects = NewsManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading=_("Image")),
        FieldPanel("body"),
        InlinePanel(
            "people",
            heading=_("People in this news"),
            label=_("Person"),
            help_text=_("Group members it is about; their profiles list it."),
        ),
        InlinePanel(
            "papers",
            heading=_("Papers"),
            label=_("Paper"),
            help_text=_("Papers it is about; they are linked from the item."),
        ),
        InlinePanel(
            "highlights",
            heading=_("Research highlights"),
            label=_("Highlight"),
            help_text=_("Highlights it is about; they are linked from the item."),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("plain_title", boost=3),
        index.SearchField("plain_summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "news/news_page.html"
    base_form_class = NewsPageForm

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def permissions_for_user(self, user):
        return ContributionPermissionTester(user, self)

    def save_revision(self, user=None, *args, **kwargs):
        """A member's revision must name them (reverts and workflow actions come here too)."""
        check_contribution(user, [person.member_id for person in self.people.all()], self)
        return super().save_revision(user, *args, **kwargs)

    # --- what the item shows ----------------------------------------------------------------

    def description_text(self):
        return self.plain_summary

    def json_ld(self, request=None):
        """schema.org NewsArticle, as Google's article rich results read it."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline(self.plain_title),
            "url": self.get_full_url(request),
            "datePublished": self.date.isoformat(),
            "description": self.plain_summary,
            "publisher": organization(request),
            # The group writes its news: Google asks an article for its author.
            "author": [organization(request)],
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        people = [person(member.title, member, request) for member in self.related_members()]
        if people:
            data["about"] = people
        if self.image_id:
            data["image"] = self.image.get_rendition("format-jpeg|width-1280").full_url
        elif image := page_image(self, request):
            data["image"] = image
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk and not getattr(request, "is_preview", False) and self.parts_to_render(context):
            # A preview shows the form's unsaved people, papers and links: no prefetch.
            models.prefetch_related_objects(
                [self],
                "image",
                prefetch_renditions("image"),
                "topics",
                "people__member",
                "papers__paper",
                "highlights__highlight",
            )
        return context

    def clean(self):
        super().clean()
        require_description(self.image_id, self.image_alt_text, "image_alt_text")


class NewsPerson(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey(
        "people.MemberPage",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="news_mentions",
    )

    panels = [PageChooserPanel("member", "people.MemberPage")]


class NewsPaper(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="papers")
    paper = models.ForeignKey(
        "publications.PublicationPage",
        verbose_name=_("paper"),
        on_delete=models.CASCADE,
        related_name="news_mentions",
    )

    panels = [PageChooserPanel("paper", "publications.PublicationPage")]


class NewsHighlight(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="highlights")
    highlight = models.ForeignKey(
        "research.ResearchHighlightPage",
        verbose_name=_("highlight"),
        on_delete=models.CASCADE,
        related_name="news_mentions",
    )

    panels = [PageChooserPanel("highlight", "research.ResearchHighlightPage")]
