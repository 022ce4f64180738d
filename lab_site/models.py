"""Site-wide models: the home page, a general-purpose page and the site settings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from . import time_zones
from .blocks import INLINE_FEATURES
from .fragments import PAGE_PARTS, cached_page_parts
from .page_forms import BasePageForm
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

    # True while the admin saves a draft (``BasePageForm.defer_required_fields``): a page
    # type's ``clean`` then leaves out what only a published page needs (a talk's place,
    # how to apply to an opening), as Wagtail leaves out required fields.
    completeness_deferred = False

    # A new page's fields that start from the site settings ({field: setting}): an event's
    # time zone, an opening's city. Set once by the editor, never guessed.
    site_defaults = {}

    def site_default_values(self, parent):
        """{field: value} of ``site_defaults`` for a new page under ``parent``."""
        site = parent.get_site() if self.site_defaults else None
        if site is None:
            return {}
        chosen = SiteSettings.for_site(site)
        return {
            field: getattr(chosen, setting, "") for field, setting in self.site_defaults.items()
        }

    class Meta:
        abstract = True

    base_form_class = BasePageForm

    def title_as_text(self, title):
        """A title of this page type as plain text; page types whose titles hold markup
        (LaTeX in a paper's title) say how to read it."""
        return title

    @property
    def plain_title(self):
        """The title as plain text for <title>, sharing, search and feeds."""
        return self.title_as_text(self.title)

    def get_admin_display_title(self):
        """The admin's listings show the title as visitors read it, not its markup."""
        return self.title_as_text(super().get_admin_display_title())

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

    def view_cache_vary(self, request):
        """What this page's head and content show besides its own content (and what the
        content generation covers, ``page_cache``): a string to cache them by for
        FRAGMENT_CACHE_SECONDS ("" when nothing else; a list gives its address), or None
        to render them each time: the default, for what changes with the hour (the home
        page's upcoming events, a member's talks) or was not looked at yet."""
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.depth > 2:  # below the home page; looked up only if the template uses it
            context["parent_page"] = SimpleLazyObject(self.get_parent)
        # A preview shows what is not saved yet: never from the cache, never into it.
        vary = (
            self.view_cache_vary(request)
            if settings.FRAGMENT_CACHE_SECONDS > 0 and not getattr(request, "is_preview", False)
            else None
        )
        context["view_cache_seconds"] = settings.FRAGMENT_CACHE_SECONDS if vary is not None else 0
        context["view_cache_vary"] = vary or ""
        # What the cache holds of the page already: a page type whose parts read related
        # rows prefetches them only when a part is to be rendered (``parts_to_render``).
        context["page_parts"] = cached_page_parts(request, self, vary)
        return context

    @staticmethod
    def parts_to_render(context):
        """Whether ``get_context`` found a part of the page (meta tags, head, content) that
        the cache does not hold, and that the template will render."""
        return len(context.get("page_parts", {})) < len(PAGE_PARTS)


def lazy_context(make, names):
    """{name: a value made when a template first reads it} for each of ``names``, all made
    together by one call of ``make()`` (a dict): a page whose content comes from the cache
    (``view_cache_vary``) then runs none of the queries behind it. Each value is a proxy:
    a filter that needs the value itself (``pluralize``, ``floatformat``) reads it from a
    container instead (``{"results": SimpleLazyObject(make)}``, as the search page does)."""
    made = SimpleLazyObject(make)
    return {name: SimpleLazyObject(lambda name=name: made[name]) for name in names}


def require_description(image_id, description, field, what=None):
    """An image shown to visitors needs a description for people who cannot see it."""
    what = what or _("image")
    if image_id and not description.strip():
        raise ValidationError(
            {
                field: _(
                    "Describe the %(what)s for people who cannot see it (one or two sentences)."
                )
                % {"what": what}
            }
        )


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
        blank=True,
        help_text=_(
            "Where visitors can write to the group. Shown in the footer, in the contact "
            "section and on “Get in touch” buttons; without it they offer no way to reach you."
        ),
    )
    address = models.TextField(
        blank=True,
        max_length=500,
        help_text=_("Postal address or office, one line per line, e.g. “MIT, Building 26”."),
    )
    map_url = models.URLField(
        _("map link"), blank=True, help_text=_("Optional: a link to the address on a map.")
    )
    office_hours = models.CharField(
        max_length=200, blank=True, help_text=_("Optional, e.g. “Tuesdays 2–4 pm, by appointment”.")
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
    time_zone = time_zones.TimeZoneField(
        _("time zone"),
        blank=True,
        help_text=_(
            "Where the group is: type the city (e.g. “Oslo”) and choose. New events start "
            "in this time zone."
        ),
    )
    city = models.CharField(
        _("city"),
        max_length=200,
        blank=True,
        help_text=_(
            "City and region, e.g. “Cambridge, Massachusetts”: the place new openings start with."
        ),
    )
    country = models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        help_text=_("Two letters, e.g. US, GB or DE: new openings start with it."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("group_name"), FieldPanel("tagline"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("address"),
                FieldPanel("map_url"),
                FieldPanel("office_hours"),
                FieldPanel("social_links"),
                FieldPanel("footer_text"),
            ],
            heading=_("Contact and footer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldPanel("city"),
                FieldPanel("country"),
            ],
            heading=_("Where the group is"),
            help_text=_("What new events and openings start with; each can say otherwise."),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def has_contact(self):
        return bool(self.contact_email or self.address.strip())

    select_related = ["logo"]

    def __str__(self):
        return self.group_name or str(self.site)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Wagtail's admin names the site by its record's name (the dashboard's welcome,
        # the confirmation before deleting a section): the group's name, kept in step.
        name = self.group_name.strip()[:255]
        if name and self.site.site_name != name:
            type(self.site).objects.filter(pk=self.site_id).update(site_name=name)
            self.site.site_name = name


class PageCreation(models.Model):
    """A new page's editing session in the admin (the random key its form carries) and
    the page it made: Wagtail's autosave and the editor's own Save can both post the new
    page's form, and the second post must change that page rather than make another one
    (``lab_site.page_creation``)."""

    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.key} → {self.page_id or 'no page yet'}"
