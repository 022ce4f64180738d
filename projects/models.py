"""Projects, software and datasets: what the group builds and shares, with the papers,
highlights and people behind it. A paper's page links the projects that list it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from lab_site.blocks import TEXT_FEATURES
from lab_site.models import BasePage, require_description
from lab_site.query import SitePageManager, prefetch_renditions
from lab_site.related import NamesPeoplePapersHighlights
from lab_site.structured_data import headline, organization, person
from scholarly_text.blocks import StoryBlocks
from scholarly_text.forms import LatexTitlePageForm
from scholarly_text.written import LatexSummary


class ProjectKind(models.TextChoices):
    PROJECT = "project", _("Research project")
    SOFTWARE = "software", _("Software")
    DATASET = "dataset", _("Dataset")


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MAINTAINED = "maintained", _("Maintained")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class ProjectIndexPage(BasePage):
    """The projects page: software, datasets and research projects, active ones first."""

    page_description = _(
        "The Projects section: the group's software, datasets and research projects, active ones first."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional text shown above the projects."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectPage"]
    max_count = 1
    template = "projects/project_index_page.html"

    class Meta:
        verbose_name = _("projects page")

    def projects(self):
        return ProjectPage.objects.child_of(self).live().public()

    @classmethod
    def navigation_entries(cls):
        """The menu links to the projects only once there is one."""
        return ProjectPage.objects.live().public()

    def get_fallback_description(self):
        return "The group's research projects, software and datasets."

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        order = models.Case(
            *[
                models.When(status=status, then=rank)
                for rank, status in enumerate(ProjectStatus.values)
            ]
        )
        projects = (
            self.projects()
            .select_related("image")
            .prefetch_related(prefetch_renditions("image"))
            .order_by(order, "path")
        )
        context["groups"] = [
            (label, [p for p in projects if p.kind == kind])
            for kind, label in (
                (ProjectKind.SOFTWARE, _("Software")),
                (ProjectKind.DATASET, _("Datasets")),
                (ProjectKind.PROJECT, _("Research projects")),
            )
        ]
        context["groups"] = [(label, items) for label, items in context["groups"] if items]
        context["projects"] = [project for _label, items in context["groups"] for project in items]
        return context


class ProjectPage(NamesPeoplePapersHighlights, LatexSummary, BasePage):
    """One project, program or dataset: what it is, its status, and where to get it."""

    page_description = _("A project: its summary, members, papers and research highlights.")

    objects = SitePageManager()

    def view_cache_vary(self, request):
        # Its own content and what it links to: the content generation covers both.
        return ""

    kind = models.CharField(
        _("kind"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.SOFTWARE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_(
            "One or two sentences shown in the list. Formulas may be written as in LaTeX, "
            "between dollar signs: $E=mc^2$."
        ),
    )
    body = StreamField(
        StoryBlocks(),
        blank=True,
        verbose_name=_("description"),
        help_text=_("Optional: what it does, how to use it, figures and formulas."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: a logo, screenshot or figure."),
    )
    image_alt_text = models.CharField(
        _("image description"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    repository_url = models.URLField(_("code repository"), blank=True)
    documentation_url = models.URLField(_("documentation"), blank=True)
    licence = models.CharField(
        _("licence"),
        max_length=60,
        blank=True,
        help_text=_(
            "The licence's short name, e.g. “MIT”, “Apache-2.0” or “CC-BY-4.0” (the names "
            "listed at spdx.org/licenses)."
        ),
    )
    data_url = models.URLField(_("data download"), blank=True)
    demo_url = models.URLField(_("demo"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("status"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading=_("Image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("repository_url"),
                FieldPanel("documentation_url"),
                FieldPanel("data_url"),
                FieldPanel("demo_url"),
                FieldPanel("licence"),
            ],
            heading=_("Links and licence"),
            help_text=_("Only the links you fill in are shown."),
        ),
        InlinePanel("papers", heading=_("Papers"), label=_("Paper")),
        InlinePanel("highlights", heading=_("Research highlights"), label=_("Highlight")),
        InlinePanel("people", heading=_("People"), label=_("Member")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("plain_summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []
    template = "projects/project_page.html"
    base_form_class = LatexTitlePageForm

    class Meta:
        verbose_name = _("project")

    def description_text(self):
        return self.plain_summary

    def links(self):
        candidates = [
            (_("Code"), self.repository_url),
            (_("Documentation"), self.documentation_url),
            (_("Data"), self.data_url),
            (_("Demo"), self.demo_url),
        ]
        return [(label, url) for label, url in candidates if url]

    def json_ld(self, request=None):
        """schema.org SoftwareSourceCode, Dataset or ResearchProject."""
        data = {
            "@context": "https://schema.org",
            "@type": {
                ProjectKind.SOFTWARE: "SoftwareSourceCode",
                ProjectKind.DATASET: "Dataset",
            }.get(self.kind, "ResearchProject"),
            "name": headline(self.plain_title),
            "description": self.plain_summary,
            "url": self.get_full_url(request),
        }
        people = [person(m.title, m, request) for m in self.related_members()]
        if self.kind == ProjectKind.PROJECT:
            data["parentOrganization"] = organization(request)
            if people:
                data["member"] = people
        else:
            data["creator"] = people or [organization(request)]
        if self.licence and self.kind != ProjectKind.PROJECT:
            data["license"] = f"https://spdx.org/licenses/{self.licence}.html"
        if self.kind == ProjectKind.SOFTWARE and self.repository_url:
            data["codeRepository"] = self.repository_url
        if self.kind == ProjectKind.DATASET and self.data_url:
            data["distribution"] = {"@type": "DataDownload", "contentUrl": self.data_url}
        papers = self.related_papers()
        if papers:
            # A creative work cites its papers; a project (an organisation in schema.org) is
            # the subject of them.
            data["citation" if self.kind != ProjectKind.PROJECT else "subjectOf"] = [
                {"@type": "ScholarlyArticle", "name": p.plain_title, "url": p.get_full_url(request)}
                for p in papers
            ]
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk and not getattr(request, "is_preview", False) and self.parts_to_render(context):
            # A preview shows the form's unsaved people, papers and links: no prefetch.
            models.prefetch_related_objects(
                [self],
                "image",
                prefetch_renditions("image"),
                "papers__paper__authors",
                "highlights__highlight",
                "people__member",
            )
        return context

    def clean(self):
        super().clean()
        require_description(self.image_id, self.image_alt_text, "image_alt_text")


def projects_of(member):
    """The live projects ``member`` works on, in the projects page's order."""
    return (
        ProjectPage.objects.live()
        .public()
        .filter(people__member=member)
        .distinct()
        .order_by("path")
    )


class ProjectPaper(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="papers")
    paper = models.ForeignKey(
        "publications.PublicationPage",
        verbose_name=_("paper"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )

    panels = [PageChooserPanel("paper", "publications.PublicationPage")]


class ProjectHighlight(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="highlights")
    highlight = models.ForeignKey(
        "research.ResearchHighlightPage",
        verbose_name=_("highlight"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )

    panels = [PageChooserPanel("highlight", "research.ResearchHighlightPage")]


class ProjectMember(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey(
        "people.MemberPage",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )

    panels = [PageChooserPanel("member", "people.MemberPage")]
