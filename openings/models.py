"""Openings: the positions the group is hiring for.

An opening is open until its deadline has passed (at the end of that day, in the site's
time zone) or an editor marks it filled; then it leaves the list, the home page and the
menu by itself, and its own page says it is closed.
"""

from datetime import datetime, time

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.search import index

from lab_site.blocks import TEXT_FEATURES
from lab_site.models import BasePage, SiteSettings
from lab_site.query import SitePageQuerySet
from lab_site.structured_data import organization
from lab_site.text import html_to_text


class PositionType(models.TextChoices):
    PHD = "phd", _("PhD student")
    POSTDOC = "postdoc", _("Postdoc")
    MASTERS = "masters", _("Master's student")
    UNDERGRADUATE = "undergraduate", _("Undergraduate researcher")
    STAFF = "staff", _("Research staff")
    VISITOR = "visitor", _("Visiting researcher")
    OTHER = "other", _("Other")


# schema.org JobPosting's employmentType for each position.
EMPLOYMENT_TYPES = {
    PositionType.PHD: "FULL_TIME",
    PositionType.POSTDOC: "FULL_TIME",
    PositionType.STAFF: "FULL_TIME",
    PositionType.MASTERS: "INTERN",
    PositionType.UNDERGRADUATE: "INTERN",
    PositionType.VISITOR: "TEMPORARY",
    PositionType.OTHER: "OTHER",
}


class OpeningQuerySet(SitePageQuerySet):
    def open(self, today=None):
        """Not filled, and with no deadline or one that has not passed."""
        today = today or timezone.localdate()
        return self.filter(filled=False).filter(
            models.Q(deadline__isnull=True) | models.Q(deadline__gte=today)
        )


OpeningManager = PageManager.from_queryset(OpeningQuerySet)


class OpeningIndexPage(BasePage):
    """The "Join us" page: the open positions, soonest deadline first."""

    page_description = _("The Join us section: lists open positions and how to apply.")

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional: what it is like to work in the group, shown above the positions."),
    )
    no_openings_text = RichTextField(
        _("when nothing is open"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_(
            "Shown when no position is open, e.g. how to get in touch anyway. The menu links "
            "to this page only while a position is open."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("no_openings_text")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["openings.OpeningPage"]
    max_count = 1
    template = "openings/opening_index_page.html"

    class Meta:
        verbose_name = _("openings page")

    def openings(self):
        return OpeningPage.objects.child_of(self).live().public()

    @classmethod
    def navigation_entries(cls):
        """The menu links here only while a position is open."""
        return OpeningPage.objects.live().public().open()

    def get_fallback_description(self):
        return "Open positions in the group: PhD, postdoc and student research positions."

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["openings"] = list(
            self.openings().open().order_by(models.F("deadline").asc(nulls_last=True), "path")
        )
        return context


class OpeningPage(BasePage):
    """One position: what, from when, until when to apply, and how."""

    page_description = _("An open position: what it is, who may apply, how and by when.")

    site_defaults = {"location": "city", "country": "country"}

    def view_cache_vary(self, request):
        # Whether the position is still open changes with the day, not with a publish.
        return "open" if self.is_open() else "closed"

    position_type = models.CharField(
        _("position"), max_length=20, choices=PositionType.choices, default=PositionType.PHD
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences shown in the list and on the home page."),
    )
    description = RichTextField(
        _("description"), features=TEXT_FEATURES, help_text=_("The project and the role.")
    )
    requirements = RichTextField(
        _("requirements"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("What applicants should bring: degree, skills, experience."),
    )
    how_to_apply = RichTextField(
        _("how to apply"),
        features=TEXT_FEATURES,
        help_text=_("What to send, to whom, and what happens next."),
    )
    apply_url = models.URLField(
        _("application link"), blank=True, help_text=_("Optional: an application form.")
    )
    location = models.CharField(
        _("place of work"),
        max_length=200,
        help_text=_(
            "City and region, e.g. “Cambridge, Massachusetts” (new openings start with the "
            "city in Settings → Site settings)."
        ),
    )
    country = models.CharField(
        _("country code"),
        max_length=2,
        help_text=_(
            "The country's two-letter code, e.g. US, GB or DE; job search sites need it (new "
            "openings start with the one in Settings → Site settings)."
        ),
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Leave empty for “flexible”.")
    )
    deadline = models.DateField(
        _("application deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Applications are taken until the end of this day. After it the position leaves "
            "the list by itself and its page says it is closed. Leave empty for “until filled”."
        ),
    )
    filled = models.BooleanField(
        _("closed"),
        default=False,
        help_text=_("Tick to close the position now (e.g. it has been filled)."),
    )

    objects = OpeningManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("position_type"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("requirements"),
        MultiFieldPanel(
            [FieldPanel("how_to_apply"), FieldPanel("apply_url")], heading=_("Applying")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("deadline")]),
                FieldPanel("filled"),
            ],
            heading=_("Dates"),
        ),
        FieldRowPanel([FieldPanel("location"), FieldPanel("country")], heading=_("Where")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("requirements"),
        index.FilterField("deadline"),
        index.FilterField("filled"),
    ]

    parent_page_types = ["openings.OpeningIndexPage"]
    subpage_types = []
    template = "openings/opening_page.html"

    class Meta:
        verbose_name = _("opening")

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return not self.filled and (self.deadline is None or self.deadline >= today)

    def description_text(self):
        return self.summary

    def json_ld(self, request=None):
        """schema.org JobPosting (what Google's job search reads), only while it is open."""
        if not self.is_open():
            return None
        data = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": self.title,
            "description": "".join(
                str(part) for part in (self.description, self.requirements, self.how_to_apply)
            ),
            "datePosted": (self.first_published_at or timezone.now()).date().isoformat(),
            "employmentType": EMPLOYMENT_TYPES.get(self.position_type, "OTHER"),
            "hiringOrganization": organization(request),
            "jobLocation": {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": self.location,
                    "addressCountry": self.country.upper(),
                },
            },
            "url": self.get_full_url(request),
            "directApply": bool(self.apply_url),
            # The group's own reference for the post (Google's "identifier").
            "identifier": {
                "@type": "PropertyValue",
                "name": organization(request)["name"],
                "value": str(self.pk),
            },
        }
        street = SiteSettings.for_request(request).address_lines() if request else []
        if street:
            # The post is at the group: its address, as the site's settings give it.
            data["jobLocation"]["address"]["streetAddress"] = ", ".join(street)
        if self.deadline:
            # Applications close at the end of the deadline day, where the group is.
            closing = datetime.combine(self.deadline, time(23, 59, 59))
            data["validThrough"] = timezone.make_aware(closing).isoformat()
        return data

    def clean(self):
        super().clean()
        self.country = self.country.strip().upper()
        if (
            html_to_text(self.how_to_apply).strip() == ""
            and not self.apply_url
            and not self.completeness_deferred
        ):
            from django.core.exceptions import ValidationError

            raise ValidationError({"how_to_apply": _("Say how to apply, or give a link.")})
