"""Awards and honours: each its own page (title, year, who gave it, the members it went
to, a link, and the paper it was for), so that a profile, a paper's page, the home page
and a member's CV all show the one record an editor keeps."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from lab_site.blocks import TEXT_FEATURES
from lab_site.models import BasePage
from lab_site.query import SitePageQuerySet
from lab_site.related import live_targets
from lab_site.structured_data import person
from lab_site.text import html_to_text


class AwardQuerySet(SitePageQuerySet):
    def newest_first(self):
        return self.order_by("-year", "path")

    def of_member(self, member):
        """The live, public awards that went to ``member``, newest first."""
        return self.live().public().filter(people__member=member).distinct().newest_first()


class AwardIndexPage(BasePage):
    """The awards page: the group's awards and honours, newest first, grouped by year."""

    page_description = _(
        "The Awards section: prizes, best-paper awards, fellowships and other honours of "
        "the group's members, newest first."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional text shown above the awards."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["awards.AwardPage"]
    max_count = 1
    template = "awards/award_index_page.html"

    class Meta:
        verbose_name = _("awards page")

    def awards(self):
        return AwardPage.objects.child_of(self).live().public().newest_first()

    @classmethod
    def navigation_entries(cls):
        """The menu links to the awards only once there is one."""
        return AwardPage.objects.live().public()

    def get_fallback_description(self):
        return "Awards and honours of the group's members."

    def view_cache_vary(self, request):
        # Its awards and what they link to: the content generation covers both.
        return ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        awards = list(self.awards().prefetch_related("people__member", "paper"))
        years = {}
        for award in awards:
            years.setdefault(award.year, []).append(award)
        context["awards"] = awards
        context["years"] = list(years.items())
        return context


class AwardPage(BasePage):
    """One award or honour: what it was, when, who gave it, to whom, and for which paper."""

    page_description = _(
        "An award or honour: its year, who gave it, the members it went to and, for a "
        "best-paper award, the paper."
    )

    objects = PageManager.from_queryset(AwardQuerySet)()

    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1900), MaxValueValidator(2999)],
        help_text=_("The year it was given, e.g. 2024."),
    )
    given_by = models.CharField(
        _("given by"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional: who gave it, e.g. “ICML 2024”, “MIT School of Science” or “Open "
            "Philanthropy”."
        ),
    )
    announcement_url = models.URLField(
        _("link"),
        blank=True,
        help_text=_("Optional: the announcement or the award's own page."),
    )
    paper = models.ForeignKey(
        "publications.PublicationPage",
        verbose_name=_("paper"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_links",
        help_text=_(
            "For a best-paper award or similar: the paper it was given to. The paper's page "
            "then links to this award."
        ),
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional: a few sentences on what it recognises."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("year"), FieldPanel("given_by")]),
        FieldPanel("announcement_url"),
        InlinePanel(
            "people",
            heading=_("Members it went to"),
            label=_("Member"),
            help_text=_("The members who received it; it is shown on their profiles."),
        ),
        PageChooserPanel("paper", "publications.PublicationPage"),
        FieldPanel("description"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("given_by"),
        index.SearchField("description"),
        index.FilterField("year"),
    ]

    parent_page_types = ["awards.AwardIndexPage"]
    subpage_types = []
    template = "awards/award_page.html"

    class Meta:
        verbose_name = _("award")

    def view_cache_vary(self, request):
        # Its own content and what it links to: the content generation covers both.
        return ""

    def related_members(self):
        return live_targets(self.people.all(), "member")

    def live_paper(self):
        return self.paper if self.paper_id and self.paper.live else None

    def label(self):
        """“Best Paper Award, ICML 2024”: the award with who gave it."""
        return f"{self.title}, {self.given_by}" if self.given_by else self.title

    def giver_and_year(self):
        """“ICML 2024”, “MIT School of Science, 2023” or “2023”: the year once."""
        if not self.given_by:
            return str(self.year)
        return self.given_by if str(self.year) in self.given_by else f"{self.given_by}, {self.year}"

    def full_label(self):
        """“Best Paper Award, ICML 2024” or “Teaching Award (2023)”: the award, who gave it
        and when, each once (profiles, CVs and structured data)."""
        if self.given_by and str(self.year) in self.given_by:
            return self.label()
        return f"{self.label()} ({self.year})"

    def description_text(self):
        text = html_to_text(self.description) if self.description else ""
        return text or f"{self.full_label()}."

    def get_fallback_description(self):
        return self.description_text()

    def json_ld(self, request=None):
        """A WebPage about the people and the paper the award went to, each carrying it
        as its schema.org ``award`` (schema.org has no type for an award itself)."""
        award = self.full_label()
        about = [
            person(member.title, member, request) | {"award": award}
            for member in self.related_members()
        ]
        paper = self.live_paper()
        if paper is not None:
            about.append(
                {
                    "@type": "ScholarlyArticle",
                    "name": paper.plain_title,
                    "url": paper.get_full_url(request),
                    "award": award,
                }
            )
        data = {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": award,
            "url": self.get_full_url(request),
            "description": self.description_text(),
        }
        if self.announcement_url:
            data["relatedLink"] = self.announcement_url
        if about:
            data["about"] = about
        return data


class AwardMember(Orderable):
    page = ParentalKey(AwardPage, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey(
        "people.MemberPage",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="award_links",
    )

    panels = [PageChooserPanel("member", "people.MemberPage")]
