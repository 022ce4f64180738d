"""A paper's page, its authors, and the mixin of pages whose title and text hold LaTeX."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from lab_site import search_index
from lab_site.models import BasePage
from lab_site.query import SitePageQuerySet
from lab_site.structured_data import funding, headline, person
from lab_site.text import slug_from
from scholarly_text import latex
from scholarly_text.models import ResearchTopic
from scholarly_text.written import WrittenWithLatex

from .. import keys
from ..authors import (
    NameParts,
    is_organisation_name,
    joined_by_and,
    name_parts,
    name_parts_with_family,
)
from ..choices import SCHEMA_TYPES, DatePrecision, PublicationStatus, PublicationType
from ..citations import reference_panel
from ..exports import bibtex_entry
from ..forms import PublicationPageForm
from ..identifiers import ARXIV_FIELD_PATTERN, DOI_FIELD_PATTERN, full_arxiv_category


class PublicationQuerySet(SitePageQuerySet):
    def for_listing(self):
        """Everything a list entry shows, in a fixed number of queries. Each member is
        read once however many of the papers they wrote (a prefetch, not a join)."""
        return self.select_related("locale").prefetch_related(
            models.Prefetch("authors", queryset=PublicationAuthor.objects.order_by("sort_order")),
            "authors__member",
            "topics",
        )


PublicationPageManager = PageManager.from_queryset(PublicationQuerySet)


# One page or one range of pages: "12", "e021102", "32:1–32:23", "ENEURO.0019-23.2023".
SINGLE_RANGE_RE = re.compile(r"([^\s,;–—-]+)(?:\s*[-–—]+\s*([^\s,;–—-]+))?")


class PublicationPage(WrittenWithLatex, BasePage):
    """One paper: who wrote it, where it appeared, what it says and where to read it."""

    page_description = _("A paper: its title, authors, venue, abstract, links and code.")

    def view_cache_vary(self, request):
        # A paper shows its own content and what it links to: the content generation covers both.
        return ""

    # Written with LaTeX (scholarly_text.latex); the admin warns of commands it does not know.
    latex_fields = ("title", "abstract")
    publication_date = models.DateField(
        _("publication date"),
        help_text=_("The date of the first public version."),
        validators=[
            MinValueValidator(
                date(1900, 1, 1), _("A paper of the group is dated 1900 or later: check the year.")
            )
        ],
    )
    date_precision = models.CharField(
        _("how much of the date is known"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "If the paper gives only a month and year, or only a year, choose that here. The "
            "site and the citations then show just that, never a made-up day or month."
        ),
    )
    publication_type = models.CharField(
        _("type"), max_length=20, choices=PublicationType.choices, default=PublicationType.PREPRINT
    )
    venue = models.CharField(
        _("venue"),
        max_length=200,
        blank=True,
        help_text=_("Where it was published, e.g. “ICLR 2023” or “Physical Review E”."),
    )
    venue_note = models.CharField(
        _("honour or note"),
        max_length=100,
        blank=True,
        help_text=_("e.g. “Spotlight”, “Oral”, “Best paper award”."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.PUBLISHED,
        help_text=_("Shown beside the venue unless the paper is published."),
    )
    volume = models.CharField(_("volume"), max_length=20, blank=True)
    issue = models.CharField(_("issue"), max_length=20, blank=True)
    pages = models.CharField(
        _("pages"),
        max_length=30,
        blank=True,
        help_text=_(
            "As the paper gives them: a page or a range (12–34), an article number (e021102, "
            "32:1–32:23), or several ranges (431–456, 791–823)."
        ),
    )
    editors = models.TextField(
        _("editors of the book"),
        blank=True,
        help_text=_(
            "For a chapter or a conference paper: the editors of the book or proceedings it "
            "is in, one name per line, as printed (e.g. “Jane Doe”)."
        ),
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("For a book or a book chapter; a thesis's university goes in “venue”."),
    )
    selected = models.BooleanField(
        _("selected publication"),
        default=False,
        help_text=_("Shown in “Selected publications” on the home page and under that filter."),
    )
    authors_cut = models.BooleanField(
        _("author list is cut"),
        default=False,
        help_text=_("Tick when only the first authors are listed (shown as “et al.”)."),
    )
    abstract = models.TextField(
        _("abstract"),
        blank=True,
        help_text=_(
            "Math between $…$ is shown as formulas; \\emph{…} as emphasis. At most 10,000 "
            "characters."
        ),
        validators=[
            MaxLengthValidator(
                latex.ABSTRACT_MAX_LENGTH,
                _(
                    "The abstract is %(show_value)s characters long; at most %(limit_value)s "
                    "fit. Shorten it, or link the full text with the PDF field."
                ),
            )
        ],
    )
    arxiv_id = models.CharField(
        _("arXiv id"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                ARXIV_FIELD_PATTERN, _("An arXiv id looks like 2301.01234 or 2301.01234v2.")
            )
        ],
    )
    arxiv_category = models.CharField(
        _("arXiv category"), max_length=30, blank=True, help_text=_("e.g. cs.LG")
    )
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(DOI_FIELD_PATTERN, _("A DOI looks like 10.1103/PhysRevE.100.033311."))
        ],
    )
    has_code = models.BooleanField(
        _("code is available"),
        default=False,
        help_text=_("Ticked automatically when a code link is given."),
    )
    pdf_url = models.URLField(_("PDF"), blank=True)
    code_url = models.URLField(_("code"), blank=True)
    project_url = models.URLField(_("project page"), blank=True)
    demo_url = models.URLField(_("demo"), blank=True)
    video_url = models.URLField(_("video"), blank=True)
    slides_url = models.URLField(_("slides"), blank=True)
    paper_url = models.URLField(
        _("paper's web page"),
        blank=True,
        help_text=_(
            "Where to read the paper when it has no DOI and no arXiv id, e.g. its page on "
            "the publisher's or a repository's site."
        ),
    )
    affiliations = models.CharField(
        _("affiliation tags"),
        max_length=200,
        blank=True,
        help_text=_("Separated by commas, e.g. “mit, deepmind”."),
    )
    topics = ParentalManyToManyField(
        ResearchTopic,
        blank=True,
        related_name="publications",
        help_text=_(
            "For the topic filter. Topics are managed under “Research topics” in the menu."
        ),
    )
    bibtex_key = models.CharField(
        _("BibTeX key"),
        max_length=100,
        blank=True,
        help_text=_(
            "How reference lists cite this paper, e.g. liu2024kan. Leave empty: one is made "
            "from the first author, the year and the title when you save, and kept after that."
        ),
    )

    objects = PublicationPageManager()

    @classmethod
    def for_route(cls, queryset):
        return queryset.for_listing()

    content_panels = [
        FieldPanel("title", help_text=_("Math between $…$ is shown as formulas.")),
        InlinePanel(
            "authors",
            heading=_("Authors"),
            label=_("Author"),
            min_num=1,
            help_text=_(
                "In the order of the paper. Group members are recognised by name when you save."
            ),
        ),
        FieldPanel("authors_cut"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("publication_date"),
                        FieldPanel("date_precision"),
                        FieldPanel("publication_type"),
                    ]
                ),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("venue_note")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("selected")]),
                FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
                FieldPanel("editors", widget=forms.Textarea(attrs={"rows": 2})),
                FieldPanel("publisher"),
            ],
            heading=_("Where and when"),
        ),
        FieldPanel("abstract"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        # Headings set here: Django would capitalise the labels to “ArXiv”.
                        FieldPanel("arxiv_id", heading=_("arXiv id")),
                        FieldPanel("arxiv_category", heading=_("arXiv category")),
                    ]
                ),
                FieldPanel("doi"),
                FieldPanel("paper_url"),
                FieldPanel("pdf_url"),
                FieldPanel("code_url"),
                FieldPanel("has_code"),
                FieldPanel("project_url"),
                FieldPanel("demo_url"),
                FieldPanel("video_url"),
                FieldPanel("slides_url"),
            ],
            heading=_("Identifiers and links"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("affiliations"),
        FieldPanel("bibtex_key"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("plain_title", boost=3),
        index.SearchField("plain_abstract"),
        index.SearchField("venue"),
        index.SearchField("author_names"),
        index.FilterField("publication_date"),
        index.FilterField("publication_type"),
        index.FilterField("has_code"),
    ]

    parent_page_types = ["publications.PublicationIndexPage"]
    subpage_types = []
    template = "publications/publication_page.html"

    base_form_class = PublicationPageForm

    def description_text(self):
        return self.plain_abstract

    class Meta:
        verbose_name = _("publication")
        indexes = [
            # The list's order: its first page reads 50 index entries instead of sorting all.
            models.Index(
                fields=["-publication_date", "-page_ptr"], name="publication_newest_first"
            ),
        ]

    # --- derived values ---------------------------------------------------------------

    @cached_property
    def abstract_html(self):
        return latex.render(self.abstract)

    @property
    def plain_abstract(self):
        return latex.plain_text(self.abstract)

    def author_list(self):
        return list(self.authors.all())

    def editor_names(self):
        """The editors of the book or proceedings the paper is in, as printed."""
        return [name.strip() for name in self.editors.splitlines() if name.strip()]

    @property
    def author_names(self):
        return ", ".join(author.name for author in self.authors.all())

    def affiliation_list(self):
        return [tag.strip() for tag in self.affiliations.split(",") if tag.strip()]

    @property
    def arxiv_url(self):
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def arxiv_pdf_url(self):
        return self.pdf_url or (f"https://arxiv.org/pdf/{self.arxiv_id}" if self.arxiv_id else "")

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def category_label(self):
        """The short category shown in lists: “LG” for “cs.LG”."""
        return self.arxiv_category.rsplit(".", 1)[-1] if self.arxiv_category else ""

    @property
    def venue_line(self):
        """ "Physical Review E 105(2), 024304", "ICLR 2023 (Spotlight)", and the status
        when the paper is not yet published ("…, accepted, to appear")."""
        if self.venue and self.venue_note:
            line = f"{self.venue} ({self.venue_note})"
        else:
            line = self.venue or self.venue_note
        details = self.volume_issue_pages
        if details:
            line = f"{line} {details}" if line else details
        if self.status and self.status != PublicationStatus.PUBLISHED:
            label = str(self.get_status_display())
            line = f"{line}, {label[0].lower()}{label[1:]}" if line else label
        return line

    # How a date is written, as far as it is known: (day known, month known, year only).
    DATE_FORMATS = {
        "long": ("{day:%B} {day.day}, {day:%Y}", "{day:%B %Y}", "{day:%Y}"),
        "short": ("{day:%b} {day.day}, {day:%Y}", "{day:%b %Y}", "{day:%Y}"),
    }

    def formatted_date(self, style):
        day_known, month_known, year_only = self.DATE_FORMATS[style]
        pattern = {DatePrecision.YEAR: year_only, DatePrecision.MONTH: month_known}.get(
            self.date_precision, day_known
        )
        return pattern.format(day=self.publication_date)

    @property
    def date_text(self):
        """The date as far as it is known: "March 23, 2023", "March 2023" or "2023"."""
        return self.formatted_date("long")

    @property
    def date_short(self):
        """ "Mar 23, 2023", "Mar 2023" or "2023", for lists."""
        return self.formatted_date("short")

    @property
    def date_parts(self):
        """[year, month, day] as far as known (CSL-JSON's date-parts)."""
        day = self.publication_date
        count = {DatePrecision.YEAR: 1, DatePrecision.MONTH: 2}.get(self.date_precision, 3)
        return [day.year, day.month, day.day][:count]

    @property
    def scholar_date(self):
        """The date as Google Scholar's citation_publication_date wants it, as far as it is
        known: "2023", "2023/05" or "2023/05/17"."""
        return "/".join(f"{part:02d}" for part in self.date_parts)

    @property
    def page_range(self):
        """(first page, last page) of ``pages``: "12–34" (or "12-34") → ("12", "34"); one
        page → ("12", ""); ("", "") when it is no single page or range ("431–456, 791–823",
        "Section 7, p. 50"): the whole text is then the pages."""
        match = SINGLE_RANGE_RE.fullmatch(self.pages.strip())
        return (match[1], match[2] or "") if match else ("", "")

    @property
    def volume_issue_pages(self):
        """ "105(2), 12–34": the volume, its issue and the pages, as far as they are known."""
        volume = f"{self.volume}({self.issue})" if self.volume and self.issue else self.volume
        if not volume and self.issue:
            volume = f"no. {self.issue}"
        pages = self.pages.replace("-", "–")
        return ", ".join(part for part in (volume, pages) if part)

    @property
    def author_notes(self):
        """The legend of the marks after authors' names, for those the list uses."""
        authors = self.author_list()
        notes = []
        if any(author.equal_contribution for author in authors):
            notes.append(_("* Equal contribution"))
        if any(author.corresponding for author in authors):
            notes.append(_("† Corresponding author"))
        return notes

    @property
    def web_url(self):
        """The one address of the paper that citations give: its DOI's, else its arXiv
        page, else the web page an editor gave."""
        return self.doi_url or self.arxiv_url or self.paper_url

    def links(self):
        """(label, address) of every link the paper has, in a fixed order."""
        candidates = [
            (_("arXiv"), self.arxiv_url),
            (_("PDF"), self.arxiv_pdf_url),
            (_("DOI"), self.doi_url),
            (_("Paper"), self.paper_url),
            (_("Code"), self.code_url),
            (_("Project page"), self.project_url),
            (_("Demo"), self.demo_url),
            (_("Video"), self.video_url),
            (_("Slides"), self.slides_url),
        ]
        return [(label, url) for label, url in candidates if url]

    def get_bibtex_key(self):
        """The stored key; for a paper never saved, the one saving would give it."""
        return self.bibtex_key or self.new_bibtex_key()

    def new_bibtex_key(self, also_taken=()):
        """The key saving would give the paper: made from its first author, year and
        title, numbered when another paper (or one of ``also_taken``) has it."""
        authors = self.author_list()
        year = self.publication_date.year if self.publication_date else ""
        base = keys.base_key(authors[0].name if authors else "", year, latex.slug_words(self.title))
        return self.free_bibtex_key(base, also_taken)

    def free_bibtex_key(self, key, also_taken=()):
        """``key``, or ``key`` numbered from 2 when another paper or ``also_taken`` has it."""
        taken = set(
            PublicationPage.objects.exclude(pk=self.pk)
            .filter(bibtex_key__startswith=key)
            .values_list("bibtex_key", flat=True)
        )
        return keys.free_key(key, taken | {item for item in also_taken if item.startswith(key)})

    @classmethod
    def key_new_papers_by_date(cls, papers):
        """Give the new ``papers`` (not saved yet) their keys, the earliest paper first: of
        two that would share a key (KAN and KAN 2.0, both "liu2024kan"), the earlier gets
        the plain key and the later one "…2", in whatever order they were given. A key a
        paper has already (from its file) is kept unless another has it. Keys of saved
        papers never change, so a key once published stays."""
        given = set()
        undated = date.max
        for paper in sorted(papers, key=lambda paper: paper.publication_date or undated):
            if paper.bibtex_key:
                paper.bibtex_key = paper.free_bibtex_key(paper.bibtex_key, given)
            else:
                paper.bibtex_key = paper.new_bibtex_key(given)
            given.add(paper.bibtex_key)

    def formatted_references(self):
        """(key, label, HTML) of this paper's reference in APA, IEEE and Chicago."""

        return reference_panel(self)

    def export_url(self, extension, request=None):
        """/publications/<slug>.<extension> (served by publications.views.export); with the
        ``request``, the site's root paths are read once for a whole list."""
        url = self.get_url(request)
        return url.rstrip("/") + f".{extension}" if url else ""

    @property
    def ris_url(self):
        return self.export_url("ris")

    @property
    def csl_json_url(self):
        return self.export_url("json")

    @cached_property
    def bibtex_text(self):

        return bibtex_entry(self)

    def json_ld(self, request=None):
        """schema.org data for search engines: a ScholarlyArticle, or a Thesis, Report or
        Chapter, with the venue as what it is (a journal, a conference, a book)."""
        data = {
            "@context": "https://schema.org",
            "@type": SCHEMA_TYPES.get(self.publication_type, "ScholarlyArticle"),
            "headline": headline(self.plain_title),
            "name": self.plain_title,
            "datePublished": "-".join(f"{part:02d}" for part in self.date_parts),
            "url": self.get_full_url(request),
            "author": [author.json_ld(request) for author in self.authors.all()],
        }
        if self.abstract:
            data["abstract"] = self.plain_abstract
        if self.venue:
            kind = self.publication_type
            if kind == PublicationType.JOURNAL:
                data["isPartOf"] = {"@type": "Periodical", "name": self.venue}
            elif kind in {PublicationType.CONFERENCE, PublicationType.WORKSHOP}:
                data["publication"] = {"@type": "PublicationEvent", "name": self.venue}
            elif kind == PublicationType.BOOK_CHAPTER:
                data["isPartOf"] = {"@type": "Book", "name": self.venue}
            elif kind in {PublicationType.THESIS, PublicationType.MASTERS_THESIS}:
                data["sourceOrganization"] = {"@type": "Organization", "name": self.venue}
            elif kind == PublicationType.REPORT:
                data["publisher"] = {"@type": "Organization", "name": self.venue}
        if self.venue_note:
            data["award"] = self.venue_note
        if self.pages:
            data["pagination"] = self.pages
        if self.publisher:
            data["publisher"] = {"@type": "Organization", "name": self.publisher}
        if self.status == PublicationStatus.SUBMITTED:
            data["creativeWorkStatus"] = "Submitted"
        elif self.status == PublicationStatus.ACCEPTED:
            data["creativeWorkStatus"] = "Accepted"
        same_as = [url for url in (self.arxiv_url, self.doi_url) if url]
        if same_as:
            data["sameAs"] = same_as
        if self.doi:
            data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": self.doi}
        topics = [topic.name for topic in self.topics.all()]
        if topics:
            data["keywords"] = topics
        if grants := funding(self, request):  # the grants that supported it
            data["funding"] = grants
        return data

    def clean(self):
        super().clean()
        if self.arxiv_id:
            self.arxiv_id = self.arxiv_id.strip().removeprefix("arXiv:")
        if self.arxiv_category:
            self.arxiv_category = full_arxiv_category(self.arxiv_category)
        self.bibtex_key = self.bibtex_key.strip()
        if not self.bibtex_key:
            # In the admin's form the authors are not on the page yet: the key is then made
            # when the page is saved with them (see save()).
            if self.author_list():
                self.bibtex_key = self.new_bibtex_key()
        elif not keys.KEY_RE.match(self.bibtex_key):
            raise ValidationError(
                {
                    "bibtex_key": _(
                        "A key is letters, digits and - _ : . + / only, with no spaces "
                        "(e.g. liu2024kan)."
                    )
                }
            )
        else:
            other = (
                PublicationPage.objects.exclude(pk=self.pk)
                .filter(bibtex_key=self.bibtex_key)
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "bibtex_key": _(
                            "Another paper, “%(title)s”, has this key; a key must name one "
                            "paper only."
                        )
                        % {"title": other.plain_title}
                    }
                )
        if self.doi:
            self.doi = self.doi.strip().removeprefix("https://doi.org/")
        if self.code_url:
            self.has_code = True

    # Indexed by save() below, once the authors are saved (lab_site.search_index).
    search_auto_update = False

    def save(self, *args, **kwargs):
        """Save, then index: Wagtail would index the page when its row is saved, before
        its authors (child objects) are; the author names would be missing from search.
        """
        # Authors given as a list in code (imports, the demo) have no position yet: keep
        # the list's order. (In the admin, the form numbers them as the editor dragged.)
        if not self.bibtex_key:
            self.bibtex_key = self.new_bibtex_key()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "bibtex_key"]
        authors = list(self.authors.all())
        if any(author.sort_order is None for author in authors):
            for position, author in enumerate(authors):
                author.sort_order = position
        result = super().save(*args, **kwargs)
        if self.pk:
            search_index.index_page(self)
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Authors and topics are read by the template, the JSON-LD and the meta tags: once
        # (not at all when the cache holds all three).
        if self.parts_to_render(context):
            models.prefetch_related_objects(
                [self],
                models.Prefetch(
                    "authors",
                    queryset=PublicationAuthor.objects.select_related("member").order_by(
                        "sort_order"
                    ),
                ),
                "topics",
            )
        return context

    def bibtex_url(self):
        return self.export_url("bib")

    @staticmethod
    def slug_for_title(title):
        """A paper's address made from its title: the one rule of the admin form
        (``LatexTitlePageForm``), imports and the demo. The words of its LaTeX
        ("$\\alpha$-scaling" → alpha-scaling); "paper" when none is left."""
        return slug_from(latex.slug_words(title), fallback=PublicationPageForm.slug_fallback)


class PublicationAuthor(Orderable):
    """An author as printed on the paper, linked to their member page when they are in the group."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("name as printed"), max_length=200)
    member = models.ForeignKey(
        "people.MemberPage",
        verbose_name=_("group member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorships",
        help_text=_("Filled in automatically when the name matches a member."),
    )

    equal_contribution = models.BooleanField(
        _("equal contribution"), default=False, help_text=_("Marked * on the site.")
    )
    corresponding = models.BooleanField(
        _("corresponding author"), default=False, help_text=_("Marked † on the site.")
    )

    family_name = models.CharField(
        _("family name"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only if it is more than the last word (e.g. “Vaughan Williams”), so that "
            "citations print “Vaughan Williams, R.”."
        ),
    )
    whole_name = models.BooleanField(
        _("cite the name whole"),
        default=False,
        help_text=_(
            "For an organisation (e.g. “LIGO Scientific Collaboration”): cited as written, "
            "never as a surname with initials."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("member")]),
        FieldRowPanel([FieldPanel("family_name"), FieldPanel("whole_name")]),
        FieldRowPanel(
            [
                FieldPanel("equal_contribution"),
                FieldPanel("corresponding"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("author")

    @property
    def name_parts(self):
        """The name in BibTeX's parts; a name cited whole in one (``NameParts.whole``)."""
        if self.whole_name:
            return NameParts(last=" ".join(self.name.split()), whole=True)
        if self.family_name.strip():
            return name_parts_with_family(self.name, self.family_name)
        return name_parts(self.name)

    def clean(self):
        super().clean()
        self.family_name = " ".join(self.family_name.split())
        if (
            self.family_name
            and not name_parts_with_family(self.name, self.family_name).family_given
        ):
            raise ValidationError(
                {
                    "family_name": _(
                        "The family name is how the name ends (before a “, Jr.”): "
                        "“%(name)s” does not end with “%(family)s”."
                    )
                    % {"name": self.name, "family": self.family_name}
                }
            )

    def json_ld(self, request=None):
        """The author as a schema.org Person (linked to their profile when a member), or an
        Organization when the name cited whole reads as one."""
        # (Cited whole without splitting the name: this runs on every paper page.)
        whole = self.whole_name or joined_by_and(self.name)
        if whole and is_organisation_name(self.name):
            return {"@type": "Organization", "name": self.name}
        return person(self.name, self.member if self.member_id else None, request)

    @property
    def marks(self):
        """The note marks after the name: * equal contribution, † corresponding."""
        return ("*" if self.equal_contribution else "") + ("†" if self.corresponding else "")

    def __str__(self):
        return self.name
