"""Events and talks: where the group speaks next, and what it said before.

An event is entered in its own time zone (a talk in Boston at 4 pm is "4 pm, Boston"),
and stored as well as the instant it starts and ends, so that lists can ask "upcoming or
past?" of the clock alone. Members may draft a talk they give and submit it for approval
(``people.contributions``).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
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

from lab_site import time_zones
from lab_site.blocks import TEXT_FEATURES
from lab_site.listing_paths import Choice, ListingPaths, listing_query
from lab_site.models import BasePage, lazy_context
from lab_site.query import SitePageQuerySet
from lab_site.structured_data import headline, organization, page_image, person
from people.contributions import (
    ContributionIndexPermissionTester,
    ContributionPermissionTester,
    check_contribution,
)
from scholarly_text import latex
from scholarly_text.written import WrittenWithLatex

from .forms import EventFilterForm, EventPageForm

DEFAULT_TIME_ZONE = "UTC"  # until the site settings say where the group is


class EventKind(models.TextChoices):
    TALK = "talk", _("Talk")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    DEFENCE = "defence", _("Thesis defence")
    CONFERENCE = "conference", _("Conference presentation")
    READING_GROUP = "reading-group", _("Reading group")


class EventQuerySet(SitePageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet (an event without an end: until its day is over)."""
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


EventManager = PageManager.from_queryset(EventQuerySet)


# What the events page's template reads of its list (made only on a cache miss).
LISTING_NAMES = (
    "upcoming",
    "past",
    "past_by_year",
    "filtered",
    "years",
    "kinds",
    "year_links",
    "kind_links",
    "unknown_year",
    "unknown_kind",
)


class EventIndexPage(ListingPaths, BasePage):
    """The events page: upcoming events soonest first, then past ones by year, and a
    calendar feed of all of them. Each year and each kind of event has a list at its own
    path (``year/2025/``, ``kind/seminar/``)."""

    page_description = _(
        "The Events section: upcoming and past talks and events, with a calendar to subscribe to."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    path_filters = ("year", "kind")

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Optional text shown above the events."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("events page")

    def permissions_for_user(self, user):
        return ContributionIndexPermissionTester(user, self)

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    @classmethod
    def navigation_entries(cls):
        """The menu links to the events only once there is one."""
        return EventPage.objects.live().public()

    def get_fallback_description(self):
        return "Talks, seminars, workshops and thesis defences by the group: upcoming and past."

    def listing_choices(self):
        """Kinds of event (in the admin menu's order) and years (of the local day each
        starts, newest first) that have an event, with how many."""
        events = self.events().order_by()
        kinds = dict(events.values_list("kind").annotate(count=models.Count("pk")))
        years = events.values_list(ExtractYear("date")).annotate(count=models.Count("pk"))
        return {
            "year": [Choice(str(year), str(year), n) for year, n in sorted(years, reverse=True)],
            "kind": [
                Choice(kind, str(label), kinds[kind])
                for kind, label in EventKind.choices
                if kind in kinds
            ],
        }

    def listing_items(self, values):
        events = self.events()
        if values.get("year"):
            events = events.filter(date__year=values["year"])
        if values.get("kind"):
            events = events.filter(kind=values["kind"])
        return events.order_by("-starts_at", "-pk")

    def view_cache_vary(self, request):
        # The list shows the state its address names, and which events are past: the
        # number of those changes when one ends (one query).
        past = self.events().past().count()
        return f"{request.get_full_path()}|{past}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def listing():
            form = EventFilterForm(listing_query(request))
            values = form.values()
            choices = self.listing_choices()
            chosen = self.chosen(choices, values)
            year, kind = chosen["year"], chosen["kind"]
            state = {"year": year and int(year.slug), "kind": kind and kind.slug}
            events = self.listing_items(state).prefetch_related("speakers__member")
            past = list(events.past().order_by("-starts_at", "-pk"))
            by_year = {}
            for event in past:
                by_year.setdefault(event.local_start.year, []).append(event)
            years = [int(choice.slug) for choice in choices["year"]]
            return {
                "upcoming": list(events.upcoming().order_by("starts_at", "pk")),
                "past": past,
                "past_by_year": list(by_year.items()),
                "filtered": bool(year or kind),
                "years": years,
                "kinds": choices["kind"],
                "year_links": self.state_links("year", years, state),
                "kind_links": self.choice_links("kind", choices["kind"], state, lambda k: k.slug),
                "unknown_year": form.raw("year") if form.raw("year") and year is None else "",
                "unknown_kind": form.raw("kind") if form.raw("kind") and kind is None else "",
            }

        context.update(lazy_context(listing, LISTING_NAMES))
        return context

    def calendar_url(self):
        """/events.ics: every event (served by ``events.views.calendar``)."""
        return self.url.rstrip("/") + ".ics" if self.url else ""


class EventPage(WrittenWithLatex, BasePage):
    """One event: what, when (in its own time zone), where, who speaks, and the links."""

    page_description = _(
        "A talk, seminar or other event: when and where, speakers and how to join."
    )

    site_defaults = {"time_zone": "time_zone"}

    def view_cache_vary(self, request):
        # Upcoming or past changes with the hour, not with a publish.
        return "past" if self.is_past() else "upcoming"

    latex_fields = ("title", "abstract")
    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.TALK
    )
    date = models.DateField(_("date"), help_text=_("The day it starts, where it takes place."))
    start_time = models.TimeField(
        _("starts at"),
        null=True,
        blank=True,
        help_text=_("Local time where it takes place. Leave empty for an all-day event."),
    )
    end_date = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Only for an event over several days (a workshop)."),
    )
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    time_zone = time_zones.TimeZoneField(
        _("time zone"),
        default=DEFAULT_TIME_ZONE,
        help_text=_(
            "Where it takes place: type the city or region (e.g. “Oslo”) and choose. Visitors "
            "see the time there and in their own zone."
        ),
    )
    # The instants it starts and ends, computed from the fields above on every save.
    starts_at = models.DateTimeField(editable=False, null=True, db_index=True)
    ends_at = models.DateTimeField(editable=False, null=True, db_index=True)
    location = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Room, building and city, e.g. “MIT, Building 26, Room 100, Cambridge MA”."),
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Zoom, livestream or webinar page, if any.")
    )
    abstract = models.TextField(
        _("abstract"),
        blank=True,
        help_text=_("What the event is about. Formulas may be written as in LaTeX: $E=mc^2$."),
    )
    slides_url = models.URLField(_("slides"), blank=True)
    video_url = models.URLField(_("video"), blank=True)
    paper = models.ForeignKey(
        "publications.PublicationPage",
        verbose_name=_("paper"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Optional: the paper the talk presents."),
    )

    objects = EventManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
            help_text=_("Dates and times where the event takes place."),
        ),
        MultiFieldPanel(
            [FieldPanel("location"), FieldPanel("online_url")],
            heading=_("Where"),
            help_text=_("A place, an online link, or both."),
        ),
        InlinePanel(
            "speakers",
            heading=_("Speakers"),
            label=_("Speaker"),
            help_text=_("Choose a group member, or type the name and affiliation of a guest."),
            min_num=1,
        ),
        FieldPanel("abstract"),
        MultiFieldPanel(
            [
                FieldPanel("slides_url"),
                FieldPanel("video_url"),
                PageChooserPanel("paper", "publications.PublicationPage"),
            ],
            heading=_("Links"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("plain_title", boost=3),
        index.SearchField("plain_abstract"),
        index.SearchField("speaker_names"),
        index.SearchField("location"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    template = "events/event_page.html"
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("event")

    def permissions_for_user(self, user):
        return ContributionPermissionTester(user, self)

    def save_revision(self, user=None, *args, **kwargs):
        """A member's revision must list them among the speakers (reverts and workflow too)."""
        check_contribution(user, [s.member_id for s in self.speakers.all() if s.member_id], self)
        return super().save_revision(user, *args, **kwargs)

    # --- when -------------------------------------------------------------------------------

    @property
    def zone(self):
        try:
            return ZoneInfo(self.time_zone)
        except (KeyError, ValueError):
            return ZoneInfo(DEFAULT_TIME_ZONE)

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def local_start(self):
        return datetime.combine(self.date, self.start_time or time(), tzinfo=self.zone)

    @property
    def local_end(self):
        """When it ends, in its zone: its end time, or the end of its last day."""
        last_day = self.end_date or self.date
        if self.end_time is not None:
            return datetime.combine(last_day, self.end_time, tzinfo=self.zone)
        if self.start_time is not None and self.end_date is None:
            return self.local_start + timedelta(hours=1)  # a talk with no end: an hour
        return datetime.combine(last_day + timedelta(days=1), time(), tzinfo=self.zone)

    def compute_instants(self):
        if self.date is not None:
            self.starts_at = self.local_start
            self.ends_at = self.local_end

    @property
    def zone_label(self):
        """The zone as a reader knows it: its abbreviation then and its city (EST, New York)."""
        city = self.time_zone.rsplit("/", 1)[-1].replace("_", " ")
        return f"{self.local_start.strftime('%Z')}, {city}"

    # Times as the reader's own time beside them is written (static/js/local-time.js):
    # hours and minutes with a.m./p.m., "4:00 p.m.", everywhere on the site; a no-break
    # space keeps "p.m." on the line of its time.
    TIME_FORMAT = "g:i\u00a0a"

    @property
    def when_text(self):
        """ "Tuesday, March 4, 2025, 4:00 p.m. – 5:30 p.m. (EST, New York)", or its days when
        it lasts all day."""
        start, last_day = self.local_start, self.end_date or self.date
        if self.all_day:
            if last_day == self.date:
                return dateformat.format(start, "l, F j, Y")
            return f"{dateformat.format(start, 'F j')} – {dateformat.format(last_day, 'F j, Y')}"
        end = self.local_end
        if end.date() == start.date():
            hours = self.TIME_FORMAT
            times = f"{dateformat.format(start, hours)} – {dateformat.format(end, hours)}"
            return f"{dateformat.format(start, 'l, F j, Y')}, {times} ({self.zone_label})"
        day_and_time = f"l, F j, Y, {self.TIME_FORMAT}"
        return (
            f"{dateformat.format(start, day_and_time)} – "
            f"{dateformat.format(end, day_and_time)} ({self.zone_label})"
        )

    def is_past(self, now=None):
        return self.ends_at is not None and self.ends_at < (now or timezone.now())

    def save(self, *args, **kwargs):
        self.compute_instants()
        super().save(*args, **kwargs)

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.compute_instants()
        return page

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.date and self.end_date < self.date:
            errors["end_date"] = _("The last day cannot come before the first.")
        if self.end_time and not self.start_time:
            errors["end_time"] = _("Give the start time too, or leave both empty (all day).")
        if self.date and not errors:
            self.compute_instants()
            if self.ends_at <= self.starts_at:
                errors["end_time"] = _("The event must end after it starts.")
        if not self.location.strip() and not self.online_url and not self.completeness_deferred:
            errors["location"] = _("Give a place, an online link, or both.")
        if errors:
            raise ValidationError(errors)

    # --- what it shows ----------------------------------------------------------------------

    @cached_property
    def abstract_html(self):
        return latex.render(self.abstract)

    @property
    def plain_abstract(self):
        return latex.plain_text(self.abstract)

    def description_text(self):
        return self.plain_abstract or self.plain_title

    @property
    def speaker_names(self):
        return ", ".join(speaker.name for speaker in self.speakers.all())

    def speaker_entries(self):
        """(name, affiliation, member page or None) of each speaker, in order."""
        return [
            (speaker.name, speaker.affiliation, speaker.member if speaker.member_id else None)
            for speaker in self.speakers.all()
        ]

    def get_fallback_description(self):
        return f"{self.get_kind_display()} by {self.speaker_names}."

    def json_ld(self, request=None):
        """schema.org Event, with its place or its online link (Google's event rich results)."""
        online, offline = bool(self.online_url), bool(self.location.strip())
        mode = (
            "MixedEventAttendanceMode"
            if online and offline
            else "OnlineEventAttendanceMode"
            if online
            else "OfflineEventAttendanceMode"
        )
        locations = []
        if offline:
            # The place as the editor wrote it ("Building 26, MIT, Cambridge MA"): Google
            # asks for a PostalAddress, whose street address it is.
            locations.append(
                {
                    "@type": "Place",
                    "name": self.location,
                    "address": {"@type": "PostalAddress", "streetAddress": self.location},
                }
            )
        if online:
            locations.append({"@type": "VirtualLocation", "url": self.online_url})
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": headline(self.plain_title),
            "url": self.get_full_url(request),
            "startDate": self.local_start.isoformat()
            if not self.all_day
            else self.date.isoformat(),
            "endDate": self.local_end.isoformat()
            if not self.all_day
            else (self.end_date or self.date).isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": f"https://schema.org/{mode}",
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": organization(request),
            "performer": [
                person(name, member, request) for name, _a, member in self.speaker_entries()
            ],
        }
        if self.abstract:
            data["description"] = self.plain_abstract
        image = page_image(self, request)
        if image:
            data["image"] = [image]
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk and not getattr(request, "is_preview", False) and self.parts_to_render(context):
            # A preview shows the form's unsaved speakers: no prefetch from the database.
            models.prefetch_related_objects([self], "speakers__member", "paper")
        return context

    def calendar_url(self):
        """/events/<slug>.ics: this event alone (served by ``events.views.calendar``)."""
        return self.url.rstrip("/") + ".ics" if self.url else ""


class EventSpeaker(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    member = models.ForeignKey(
        "people.MemberPage",
        verbose_name=_("group member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talks",
    )
    guest_name = models.CharField(
        _("or a guest's name"), max_length=200, blank=True, help_text=_("For a guest speaker.")
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True, help_text=_("e.g. “Stanford University”.")
    )

    panels = [
        PageChooserPanel("member", "people.MemberPage"),
        FieldRowPanel([FieldPanel("guest_name"), FieldPanel("affiliation")]),
    ]

    @property
    def name(self):
        if self.member_id:
            return self.member.title
        return self.guest_name

    completeness_deferred = False  # while a draft is saved (lab_site.models.BasePage)

    def clean(self):
        if not self.member_id and not self.guest_name.strip() and not self.completeness_deferred:
            raise ValidationError(
                {"guest_name": _("Choose a group member or type the guest's name.")}
            )
