"""Grants: who funds the group's work, for what, and what came of it. A grant is a page
(funder with its registry id, award number, period, the members who hold it) that lists
its outputs: papers, projects and datasets, and talks. A paper's page says "Supported by"
from the same links, and a grant's report (CSV and BibTeX of its outputs in a period) is
what a principal investigator pastes into a funder's report."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from lab_site.blocks import TEXT_FEATURES
from lab_site.models import BasePage
from lab_site.query import SitePageQuerySet
from lab_site.related import live_targets
from lab_site.structured_data import person
from lab_site.text import html_to_text
from publications.importers.funding import funder_key, funder_name_key, same_award


class GrantRole(models.TextChoices):
    PI = "pi", _("Principal investigator")
    CO_PI = "co_pi", _("Co-investigator")
    MEMBER = "member", _("Funded member")


class GrantQuerySet(SitePageQuerySet):
    def by_funder(self):
        return self.order_by("funder_name", "-start_date", "title")

    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today)

    def of_member(self, member):
        """The live, public grants ``member`` holds, current ones first."""
        return (
            self.live()
            .public()
            .filter(people__member=member)
            .distinct()
            .order_by(models.F("end_date").desc(nulls_first=True), "title")
        )


def grouped_by_funder(grants):
    """[(funder name, [grants])], funders in alphabetical order."""
    funders = {}
    for grant in grants:
        funders.setdefault(grant.funder_name, []).append(grant)
    return sorted(funders.items(), key=lambda item: funder_name_key(item[0]))


class FundingIndexPage(BasePage):
    """The funding page: current and past grants, grouped by funder."""

    page_description = _(
        "The Funding section: the grants that support the group, current and past, by funder."
    )

    show_in_menus_default = True

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional text shown above the grants, e.g. a thank-you to the funders."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["funding.GrantPage"]
    max_count = 1
    template = "funding/funding_index_page.html"

    class Meta:
        verbose_name = _("funding page")

    def grants(self):
        return GrantPage.objects.child_of(self).live().public()

    @classmethod
    def navigation_entries(cls):
        """The menu links to the funding page only once it lists a grant."""
        return GrantPage.objects.live().public()

    def get_fallback_description(self):
        return "The grants that support the group's research."

    def view_cache_vary(self, request):
        # Which grants are current changes with the date.
        return timezone.localdate().isoformat()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        grants = self.grants().prefetch_related("people__member")
        current = list(grants.current(today).by_funder())
        past = list(grants.past(today).by_funder())
        context["current"] = grouped_by_funder(current)
        context["past"] = grouped_by_funder(past)
        context["grants"] = current + past
        return context


class GrantPage(BasePage):
    """One grant: its funder and award number, period and members, and what it funded."""

    page_description = _(
        "A grant: who funds it (with the funder's registry id), its award number and period, "
        "the members who hold it, and the papers, projects and talks it supported."
    )

    objects = PageManager.from_queryset(GrantQuerySet)()

    funder_name = models.CharField(
        _("funder"),
        max_length=200,
        help_text=_("Who gives the grant, e.g. “National Science Foundation”."),
    )
    funder_id = models.CharField(
        _("funder's id"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional but recommended: the funder's id in the Crossref Funder Registry (e.g. "
            "“10.13039/100000001” for the NSF) or its ROR id (e.g. “https://ror.org/021nxhr62”). "
            "Papers whose funding data names this funder and award number are then "
            "suggested for linking under Suggested publications."
        ),
    )
    award_number = models.CharField(
        _("award number"),
        max_length=100,
        blank=True,
        help_text=_("The number the funder gave the award, e.g. “DMR-2243523”."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the grant runs with no end date set."),
    )
    grant_url = models.URLField(
        _("link"),
        blank=True,
        help_text=_("Optional: the award's page at the funder (e.g. on nsf.gov)."),
    )
    summary = RichTextField(
        _("summary"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional: what the grant is for, in a few sentences."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("funder_name"), FieldPanel("funder_id")]),
                FieldRowPanel([FieldPanel("award_number"), FieldPanel("grant_url")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Funder and award"),
        ),
        FieldPanel("summary"),
        InlinePanel(
            "people",
            heading=_("Members"),
            label=_("Member"),
            help_text=_("Who holds the grant or is funded by it; shown on their profiles."),
        ),
        InlinePanel(
            "papers",
            heading=_("Papers"),
            label=_("Paper"),
            help_text=_(
                "Papers the grant supported. Their pages say “Supported by” this grant. "
                "Discovery suggests papers whose funding data names this award."
            ),
        ),
        InlinePanel("projects", heading=_("Projects and datasets"), label=_("Project")),
        InlinePanel("talks", heading=_("Talks and events"), label=_("Talk or event")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("funder_name"),
        index.SearchField("award_number"),
        index.SearchField("summary"),
    ]

    parent_page_types = ["funding.FundingIndexPage"]
    subpage_types = []
    template = "funding/grant_page.html"

    class Meta:
        verbose_name = _("grant")

    def clean(self):
        super().clean()
        self.funder_name = " ".join(self.funder_name.split())
        self.award_number = " ".join(self.award_number.split())
        self.funder_id = self.funder_id.strip()
        errors = {}
        if self.funder_id and not funder_key(self.funder_id):
            errors["funder_id"] = _(
                "“%(value)s” is not a funder id: write its Crossref Funder Registry DOI "
                "(10.13039/…) or its ROR id (https://ror.org/…), or leave it empty."
            ) % {"value": self.funder_id[:80]}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The grant ends before it starts.")
        if errors:
            raise ValidationError(errors)

    def view_cache_vary(self, request):
        return ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk and not getattr(request, "is_preview", False):
            # Its members, projects and talks, each read once (a preview's are in memory).
            models.prefetch_related_objects(
                [self], "people__member", "projects__project", "talks__event"
            )
        context["papers"] = list(self.papers_in().for_listing())
        context["report_csv"] = self.report_url("csv")
        context["report_bib"] = self.report_url("bib")
        return context

    # --- what it is -----------------------------------------------------------------

    @property
    def funder_key(self):
        return funder_key(self.funder_id)

    @property
    def funder_url(self):
        """The funder's registry address (https://doi.org/10.13039/…, https://ror.org/…)."""
        key = self.funder_key
        if key.startswith("10.13039/"):
            return f"https://doi.org/{key}"
        if key.startswith("ror:"):
            return f"https://ror.org/{key[4:]}"
        return ""

    def matches(self, award):
        """Whether a work's funding entry (``publications.importers.funding``) names this
        grant: the same funder (by id, or by name where either side has no id) and the
        same award number; a grant without a number matches an entry without one."""
        key = self.funder_key
        ids = set(award.get("funder_ids") or [])
        if key and ids:
            same_funder = key in ids
        else:
            same_funder = funder_name_key(self.funder_name) == funder_name_key(award.get("funder"))
        if not same_funder:
            return False
        if not self.award_number or not award.get("award"):
            return not self.award_number and not award.get("award")
        return same_award(self.award_number, award["award"])

    def is_current(self, today=None):
        today = today or timezone.localdate()
        return self.end_date is None or self.end_date >= today

    def period(self):
        """“2022–2025”, “Since 2023” or “”."""
        start = self.start_date.year if self.start_date else None
        end = self.end_date.year if self.end_date else None
        if start and end:
            return str(start) if start == end else f"{start}–{end}"
        if start:
            return f"Since {start}"
        return f"Until {end}" if end else ""

    def label(self):
        """“National Science Foundation DMR-2243523”: how papers acknowledge it."""
        return f"{self.funder_name} {self.award_number}".strip()

    def related_members(self):
        return live_targets(self.people.all(), "member")

    def related_projects(self):
        return live_targets(self.projects.all(), "project")

    def related_talks(self):
        return live_targets(self.talks.all(), "event")

    def papers_in(self, start=None, end=None):
        """The live, public papers it supported, newest first, published in the period."""
        from publications.models import PublicationPage

        papers = PublicationPage.objects.live().public().filter(grant_links__page=self)
        if start:
            papers = papers.filter(publication_date__gte=start)
        if end:
            papers = papers.filter(publication_date__lte=end)
        return papers.distinct().order_by("-publication_date", "-pk")

    def description_text(self):
        text = html_to_text(self.summary) if self.summary else ""
        return text or f"A grant from {self.funder_name}: {self.title}."

    def get_fallback_description(self):
        return self.description_text()

    def grant_json_ld(self, request=None, *, context=False):
        """The grant as a schema.org MonetaryGrant with its funder."""
        funder = {"@type": "Organization", "name": self.funder_name}
        if self.funder_url:
            funder["sameAs"] = self.funder_url
        data = {"@type": "MonetaryGrant", "name": self.title, "funder": funder}
        if self.award_number:
            data["identifier"] = self.award_number
        if self.live:
            data["url"] = self.get_full_url(request)
        if context:
            data = {"@context": "https://schema.org", **data}
        return data

    def json_ld(self, request=None):
        data = self.grant_json_ld(request, context=True)
        data["description"] = self.description_text()
        if self.grant_url:
            data["sameAs"] = self.grant_url
        funded = [
            {
                "@type": "ScholarlyArticle",
                "name": paper.plain_title,
                "url": paper.get_full_url(request),
            }
            for paper in self.papers_in()
        ]
        funded += [
            {"@type": "CreativeWork", "name": project.title, "url": project.get_full_url(request)}
            for project in self.related_projects()
        ]
        funded += [
            {"@type": "Event", "name": event.title, "url": event.get_full_url(request)}
            for event in self.related_talks()
        ]
        # The members it funds are funded items too (schema.org: a Person may be one).
        funded += [person(member.title, member, request) for member in self.related_members()]
        if funded:
            data["fundedItem"] = funded
        return data

    def report_url(self, export_format):
        """The grant's report beside its page (``funding.views.report``)."""
        return f"{self.url}report.{export_format}"


class GrantMember(Orderable):
    page = ParentalKey(GrantPage, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey(
        "people.MemberPage",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="grant_links",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=GrantRole.choices, default=GrantRole.PI
    )

    panels = [FieldRowPanel([PageChooserPanel("member", "people.MemberPage"), FieldPanel("role")])]


class GrantPaper(Orderable):
    page = ParentalKey(GrantPage, on_delete=models.CASCADE, related_name="papers")
    paper = models.ForeignKey(
        "publications.PublicationPage",
        verbose_name=_("paper"),
        on_delete=models.CASCADE,
        related_name="grant_links",
    )

    panels = [PageChooserPanel("paper", "publications.PublicationPage")]


class GrantProject(Orderable):
    page = ParentalKey(GrantPage, on_delete=models.CASCADE, related_name="projects")
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name=_("project or dataset"),
        on_delete=models.CASCADE,
        related_name="grant_links",
    )

    panels = [PageChooserPanel("project", "projects.ProjectPage")]


class GrantTalk(Orderable):
    page = ParentalKey(GrantPage, on_delete=models.CASCADE, related_name="talks")
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("talk or event"),
        on_delete=models.CASCADE,
        related_name="grant_links",
    )

    panels = [PageChooserPanel("event", "events.EventPage")]


def award_label(award):
    """A work's funding entry as text: “National Science Foundation, award 1942280”."""
    name = award.get("funder") or ", ".join(award.get("funder_ids") or []) or "A funder"
    return f"{name}, award {award['award']}" if award.get("award") else name
