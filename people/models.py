"""Member profiles: who is in the group, in which role, and who may edit which profile."""

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PagePermissionTester
from wagtail.search import index

from lab_site.models import BasePage
from lab_site.query import SitePageQuerySet, prefetch_renditions
from lab_site.structured_data import funding, organization
from lab_site.text import html_to_text

from .cv_blocks import CVLayoutBlocks
from .forms import MemberPageForm
from .permissions import (
    EDITOR_ONLY_FIELDS,
    MANAGE_MEMBERS,
    check_files,
    may_manage_members,
)
from .validators import (
    github_validator,
    linkedin_validator,
    normalise_arxiv_author,
    normalise_openalex_author,
    normalise_orcid,
    normalise_semantic_scholar,
    orcid_digits,
    scholar_validator,
    validate_arxiv_author,
    validate_openalex_author,
    validate_orcid,
    validate_semantic_scholar,
    x_validator,
)

BIO_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class Role(models.TextChoices):
    """The fixed vocabulary of roles; the people page groups members by it."""

    PI = "pi", _("PI")
    POSTDOC = "postdoc", _("Postdoc")
    PHD = "phd", _("PhD student")
    MASTERS = "masters", _("Master's student")
    UNDERGRADUATE = "undergraduate", _("Undergraduate")
    VISITING = "visiting", _("Visiting researcher")
    STAFF = "staff", _("Staff")


ROLE_GROUP_HEADINGS = {
    Role.PI: _("Principal investigator"),
    Role.POSTDOC: _("Postdocs"),
    Role.PHD: _("PhD students"),
    Role.MASTERS: _("Master's students"),
    Role.UNDERGRADUATE: _("Undergraduates"),
    Role.VISITING: _("Visiting researchers"),
    Role.STAFF: _("Staff"),
}


@register_setting(icon="user")
class ProfileSettings(BaseGenericSetting):
    """How members' own profile edits reach the public site."""

    approval_required = models.BooleanField(
        _("profile changes need an editor's approval"),
        default=True,
        help_text=_(
            "When ticked, members submit changes to their profile for approval by a moderator. "
            "When not ticked, members publish their changes themselves."
        ),
    )

    panels = [FieldPanel("approval_required")]

    class Meta:
        verbose_name = _("profile settings")


class PeopleIndexPage(BasePage):
    """The people page: current members grouped by role, then alumni.

    Editors choose the order of the role groups (and their headings) below;
    roles they leave out follow in the standard order.
    """

    page_description = _(
        "The People section: the group's members by role, and its alumni. Add members inside it."
    )

    show_in_menus_default = True  # a new section joins the menu (once it lists something)

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Optional text above the list of members."),
    )
    show_alumni = models.BooleanField(
        _("show alumni"), default=True, help_text=_("List former members below current ones.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "role_groups",
            heading=_("Order of roles"),
            label=_("Role"),
            help_text=_("Drag to set the order in which roles appear. Roles not listed follow."),
        ),
        FieldPanel("show_alumni"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["people.MemberPage"]
    max_count = 1
    template = "people/people_index_page.html"

    def get_fallback_description(self):
        return "The group's members, by role, and its alumni: research interests, papers and links."

    class Meta:
        verbose_name = _("people page")

    def role_order(self):
        """Roles with their headings, editors' order first, then the rest in standard order."""
        chosen = [(group.role, group.heading) for group in self.role_groups.all()]
        listed = {role for role, _heading in chosen}
        rest = [(role, "") for role in Role.values if role not in listed]
        return [
            (role, heading or ROLE_GROUP_HEADINGS[Role(role)]) for role, heading in chosen + rest
        ]

    def members(self):
        return MemberPage.objects.live().public().child_of(self).with_photos().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template renders the list (it is a cached fragment).
        directory = SimpleLazyObject(partial(self.directory, timezone.localdate()))
        context["role_groups"] = SimpleLazyObject(lambda: directory["role_groups"])
        context["alumni"] = SimpleLazyObject(lambda: directory["alumni"])
        context["alumni_groups"] = SimpleLazyObject(lambda: directory["alumni_groups"])
        context["listed_members"] = SimpleLazyObject(
            lambda: (
                [m for group in directory["role_groups"] for m in group["members"]]
                + directory["alumni"]
            )
        )
        return context

    def directory(self, today):
        """The current members grouped by role, in the editors' order, and the alumni."""
        members = list(self.members())
        current = [member for member in members if not member.is_alumnus(today)]
        alumni = sorted(
            (member for member in members if member.is_alumnus(today)),
            key=lambda member: member.end_date,
            reverse=True,
        )
        groups, alumni_groups = [], []
        for role, heading in self.role_order():
            people = [member for member in current if member.role == role]
            if people:
                groups.append({"role": role, "heading": heading, "members": people})
            former = [member for member in alumni if member.role == role]
            if former:
                alumni_groups.append({"role": role, "heading": heading, "members": former})
        shown = self.show_alumni
        return {
            "role_groups": groups,
            "alumni": alumni if shown else [],
            # By the role they had, in the same order as the current members; newest
            # leavers first within each.
            "alumni_groups": alumni_groups if shown else [],
        }


class RoleGroup(Orderable):
    """One role's place, and optional heading, on the people page."""

    page = ParentalKey(PeopleIndexPage, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    heading = models.CharField(
        _("heading"),
        max_length=80,
        blank=True,
        help_text=_("Optional; by default the role's plural, e.g. “PhD students”."),
    )

    panels = [FieldRowPanel([FieldPanel("role"), FieldPanel("heading")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "role"], name="unique_role_per_people_page")
        ]


class MemberPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, plus: the member linked to a profile may edit it.

    The linked member may edit, preview and view the history of their own page,
    and publish it only when profile changes need no approval. They get no other
    right on it (no delete, move, copy, lock, unpublish, adding pages).
    """

    def is_owner(self):
        return (
            self.user.is_active
            and self.page.user_id is not None
            and self.page.user_id == self.user.pk
        )

    def can_edit(self):
        return super().can_edit() or self.is_owner()

    def can_publish(self):
        if super().can_publish():
            return True
        return self.is_owner() and not ProfileSettings.load().approval_required

    def can_copy(self):
        # Copying needs the tree permissions an editor has, never the owner's alone.
        return super().can_edit()

    def can_view_revisions(self):
        return super().can_view_revisions() and self.can_edit()


class MemberQuerySet(SitePageQuerySet):
    def current(self, today=None):
        """Members who have not left the group (no leaving date, or one still to come)."""
        today = today or timezone.localdate()
        return self.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gt=today))

    def with_photos(self):
        """Each member's photo and its renditions, in two queries for any number of members."""
        return self.select_related("photo").prefetch_related(prefetch_renditions("photo"))


class MemberPage(BasePage):
    """One person's profile: photo, role, bio, links, and the account that owns it."""

    page_description = _(
        "A member's profile: photo, role, bio, links and their papers. The member can be invited to edit it."
    )

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PHD)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A portrait; it is cropped to a square. Without one, initials are shown."),
    )
    photo_alt_text = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_(
            "What the photo shows, for people who cannot see it, e.g. “Ana smiling in front of "
            "a whiteboard”. Required with a photo."
        ),
    )
    bio = RichTextField(
        _("short bio"),
        blank=True,
        features=BIO_FEATURES,
        help_text=_("A few sentences about you and your work, in the third person."),
    )
    research_interests = models.CharField(
        _("research interests"),
        max_length=300,
        blank=True,
        help_text=_("Separated by commas, e.g. “mechanistic interpretability, scaling laws”."),
    )
    website = models.URLField(_("personal website"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True, validators=[x_validator])
    github_url = models.URLField(_("GitHub"), blank=True, validators=[github_validator])
    scholar_url = models.URLField(_("Google Scholar"), blank=True, validators=[scholar_validator])
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=60,
        blank=True,
        validators=[validate_orcid],
        help_text=_("e.g. 0000-0002-1825-0097"),
    )
    linkedin_url = models.URLField(_("LinkedIn"), blank=True, validators=[linkedin_validator])
    email = models.EmailField(_("public e-mail address"), blank=True)
    start_date = models.DateField(_("joined the group"), null=True, blank=True)
    end_date = models.DateField(
        _("left the group"),
        null=True,
        blank=True,
        help_text=_("Set when the member leaves; they are then listed as an alumnus."),
    )
    # Where an alumnus is now: shown on the people page and their profile, and in their
    # schema.org data (jobTitle, worksFor).
    now_position = models.CharField(
        _("position now"),
        max_length=200,
        blank=True,
        help_text=_("For alumni: their position now, e.g. “Research scientist”."),
    )
    now_organisation = models.CharField(
        _("organisation now"),
        max_length=200,
        blank=True,
        help_text=_("Where they hold it, e.g. “Example Labs” or “University of Oslo”."),
    )
    now_since = models.PositiveSmallIntegerField(
        _("since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2200)],
        help_text=_("Optional: the year they started there."),
    )
    now_url = models.URLField(
        _("link"), blank=True, help_text=_("Optional: their page there, or the organisation's.")
    )
    name_variants = models.TextField(
        _("name variants"),
        blank=True,
        help_text=_(
            "Other spellings of the name used on papers, one per line, e.g. “Eric J. Michaud”. "
            "Used to recognise the member in author lists."
        ),
    )
    openalex_id = models.CharField(
        _("OpenAlex author id"),
        max_length=60,
        blank=True,
        validators=[validate_openalex_author],
        help_text=_("e.g. A5023888391, from your author page on openalex.org. Optional."),
    )
    arxiv_author_id = models.CharField(
        _("arXiv author id"),
        max_length=80,
        blank=True,
        validators=[validate_arxiv_author],
        help_text=_(
            "e.g. tegmark_m_1: the end of your public arXiv author page's address "
            "(arxiv.org/a/…). Optional."
        ),
    )
    semantic_scholar_id = models.CharField(
        _("Semantic Scholar author id"),
        max_length=80,
        blank=True,
        validators=[validate_semantic_scholar],
        help_text=_(
            "The number at the end of your Semantic Scholar author page. Optional; shown as a "
            "link on your profile."
        ),
    )
    discover_publications = models.BooleanField(
        _("look for my new papers"),
        default=True,
        help_text=_(
            "When ticked, the site looks up your ORCID iD, OpenAlex and arXiv author ids every "
            "week and suggests papers it finds to the editors, who decide what is added. "
            "Untick to stop."
        ),
    )
    cv_layout = StreamField(
        CVLayoutBlocks(),
        blank=True,
        verbose_name=_("CV sections"),
        help_text=_(
            "Your CV is made from this profile and the site: your papers, awards, talks, "
            "teaching and projects. Add a “Section from the site” to move it up or hide it "
            "(those you leave out keep their usual place), and sections of your own."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_page",
        help_text=_("The account that may edit this profile. Use “Invite” to create one."),
    )

    content_panels = [
        FieldPanel("title", heading=_("Name")),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt_text")], heading=_("Photo")),
        FieldPanel("bio"),
        FieldPanel("research_interests"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("x_url"),
                FieldPanel("github_url"),
                FieldPanel("scholar_url"),
                FieldPanel("orcid"),
                FieldPanel("linkedin_url"),
                FieldPanel("email"),
            ],
            heading=_("Links"),
            help_text=_("All optional; only the ones filled in are shown."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("now_position"), FieldPanel("now_organisation")]),
                FieldRowPanel([FieldPanel("now_since"), FieldPanel("now_url")]),
            ],
            heading=_("Where they are now"),
            help_text=_(
                "For alumni: shown with their name among the alumni and on their profile "
                "once “Left the group” is set."
            ),
        ),
        FieldPanel("name_variants"),
        MultiFieldPanel(
            [
                InlinePanel("positions", label=_("Position")),
                InlinePanel("education", label=_("Degree")),
                FieldPanel("cv_layout"),
                HelpPanel(template="people/admin/cv_help_panel.html"),
            ],
            heading=_("CV"),
            help_text=_(
                "Other positions you held and your degrees, newest first, and how your CV is "
                "laid out. Your time in the group, papers, awards, talks, teaching and "
                "projects are added from the site."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("discover_publications"),
                FieldPanel("openalex_id"),
                FieldPanel("arxiv_author_id"),
                FieldPanel("semantic_scholar_id"),
            ],
            heading=_("Finding your papers"),
            help_text=_(
                "With your ORCID iD (under Links) and these ids, the site finds papers you "
                "publish and suggests them to the editors. Only these ids are sent, from the "
                "server, to ORCID, OpenAlex, arXiv and Crossref."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("role", permission=MANAGE_MEMBERS),
                FieldRowPanel(
                    [
                        FieldPanel("start_date", permission=MANAGE_MEMBERS),
                        FieldPanel("end_date", permission=MANAGE_MEMBERS),
                    ]
                ),
                FieldPanel("user", permission=MANAGE_MEMBERS),
                HelpPanel(template="people/admin/invite_help_panel.html"),
            ],
            heading=_("Membership (editors only)"),
            permission=MANAGE_MEMBERS,
        ),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug", permission=MANAGE_MEMBERS),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
            ],
            heading=_("For search engines"),
        ),
        FieldPanel("social_image"),
    ]
    settings_panels = []

    objects = PageManager.from_queryset(MemberQuerySet)()

    @classmethod
    def for_route(cls, queryset):
        return queryset.with_photos()

    search_fields = [
        *Page.search_fields,
        index.SearchField("bio"),
        index.SearchField("research_interests"),
        index.SearchField("name_variants"),
        index.FilterField("role"),
    ]

    parent_page_types = ["people.PeopleIndexPage"]
    subpage_types = []
    template = "people/member_page.html"

    class Meta:
        verbose_name = _("member")
        permissions = [
            ("manage_member_details", _("Can change members' roles, dates and login accounts")),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.photo_id and not self.photo_alt_text.strip():
            errors["photo_alt_text"] = _(
                "Describe the photo for people who cannot see it (one short sentence)."
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The date the member left is before the date they joined.")
        for name, normalise in (
            ("orcid", normalise_orcid),
            ("openalex_id", normalise_openalex_author),
            ("arxiv_author_id", normalise_arxiv_author),
            ("semantic_scholar_id", normalise_semantic_scholar),
        ):
            if getattr(self, name):
                try:
                    setattr(self, name, normalise(getattr(self, name)))
                except ValidationError as error:
                    errors[name] = error.messages
        if errors:
            raise ValidationError(errors)

    def permissions_for_user(self, user):
        return MemberPermissionTester(user, self)

    base_form_class = MemberPageForm

    def save_revision(self, user=None, *args, **kwargs):
        """Every revision a member makes keeps the editor-only fields as they are.

        Edit, revert, preview and workflow all save revisions through here, so an older
        revision brought back by a member cannot restore a role, dates, address or
        account that an editor has since changed, and a member cannot put another
        person's image or document on their profile by posting its id.
        """
        if user is not None and self.pk and not may_manage_members(user):
            current = self.current_version()
            for name in EDITOR_ONLY_FIELDS:
                attname = self._meta.get_field(name).attname
                setattr(self, attname, getattr(current, attname))
            check_files(user, self, current)
        return super().save_revision(user, *args, **kwargs)

    def current_version(self):
        """This profile as its latest revision has it (or as saved, with no revision)."""
        return MemberPage.objects.get(pk=self.pk).get_latest_revision_as_object()

    def with_content_json(self, content):
        """Keep the login link out of revisions: it belongs to the live page only.

        Otherwise publishing an older draft would undo an editor's invitation.
        """
        obj = super().with_content_json(content)
        obj.user_id = self.user_id
        return obj

    @property
    def now_at(self):
        """Where they are now, in words: "Research scientist, Example Labs (since 2024)"."""
        where = ", ".join(part for part in (self.now_position, self.now_organisation) if part)
        if where and self.now_since:
            where += f" (since {self.now_since})"
        return where

    def is_alumnus(self, today=None):
        return bool(self.end_date) and self.end_date <= (today or timezone.localdate())

    @property
    def role_label(self):
        return Role(self.role).label if self.role in Role.values else self.role

    @cached_property
    def initials(self):
        words = [word for word in self.title.replace(".", " ").split() if word[:1].isalpha()]
        if not words:
            return "?"
        letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
        return letters.upper()

    @property
    def avatar_hue(self):
        """A stable colour (one of eight) for the initials placeholder."""
        return sum(map(ord, self.title)) % 8

    def award_names(self):
        """The live awards this member received (through the reverse relation the awards
        app declares), each as its page labels itself, newest first."""
        if not hasattr(self, "award_links"):
            return []
        rows = (
            self.award_links.filter(page__live=True)
            .select_related("page")
            .order_by("-page__year", "page__path")
        )
        return [row.page.full_label() for row in rows]

    def interests_list(self):
        return [item.strip() for item in self.research_interests.split(",") if item.strip()]

    @property
    def orcid_id(self):
        """The bare ORCID iD (0000-0002-1825-0097), as the scholarly services take it."""
        return orcid_digits(self.orcid)

    def name_variant_list(self):
        return [line.strip() for line in self.name_variants.splitlines() if line.strip()]

    def links(self):
        """The profile's links as (kind, label, address), only those filled in."""
        candidates = [
            ("website", _("Website"), self.website),
            ("x", _("X (Twitter)"), self.x_url),
            ("github", _("GitHub"), self.github_url),
            ("scholar", _("Google Scholar"), self.scholar_url),
            ("orcid", _("ORCID"), self.orcid),
            (
                "semantic-scholar",
                _("Semantic Scholar"),
                f"https://www.semanticscholar.org/author/{self.semantic_scholar_id}"
                if self.semantic_scholar_id
                else "",
            ),
            ("linkedin", _("LinkedIn"), self.linkedin_url),
            ("email", _("E-mail"), f"mailto:{self.email}" if self.email else ""),
        ]
        return [(kind, label, url) for kind, label, url in candidates if url]

    def years(self):
        if self.start_date and self.end_date:
            if self.start_date.year == self.end_date.year:
                return str(self.end_date.year)
            return f"{self.start_date.year}–{self.end_date.year}"
        if self.end_date:
            return str(self.end_date.year)
        return ""

    description_field = "bio"

    def get_fallback_description(self):
        return f"{self.title}, {self.role_label}"

    def json_ld(self, request=None):
        """schema.org ProfilePage of the member, a Person (Google's profile pages)."""
        page = {"@context": "https://schema.org", "@type": "ProfilePage"}
        if self.first_published_at:
            page["dateCreated"] = self.first_published_at.isoformat()
        if self.last_published_at:
            page["dateModified"] = self.last_published_at.isoformat()
        return page | {"mainEntity": self.person_json_ld(request)}

    def person_json_ld(self, request=None):
        """The member as a schema.org Person."""
        data = {
            "@type": "Person",
            "name": self.title,
            "jobTitle": self.role_label,
            "url": self.get_full_url(request),
        }
        same_as = [url for kind, _label, url in self.links() if kind not in {"email", "website"}]
        if self.website:
            same_as.insert(0, self.website)
        if same_as:
            data["sameAs"] = same_as
        if self.email:
            data["email"] = f"mailto:{self.email}"
        if self.bio:
            data["description"] = html_to_text(self.bio)
        if self.interests_list():
            data["knowsAbout"] = self.interests_list()
        if self.now_at and self.is_alumnus():
            data["description"] = data.get("description") or f"Now: {self.now_at}"
            if self.now_position:
                data["jobTitle"] = self.now_position
            if self.now_organisation:
                employer = {"@type": "Organization", "name": self.now_organisation}
                if self.now_url:
                    employer["url"] = self.now_url
                data["worksFor"] = employer
        if awards := self.award_names():
            data["award"] = awards
        if grants := funding(self, request):  # the grants they hold
            data["funding"] = grants
        if request is not None:
            group = organization(request)
            if self.is_alumnus():
                data["alumniOf"] = group
            else:
                data["memberOf"] = group
                data["affiliation"] = group
        if self.photo_id:
            # The rendition the profile already shows (no image made for the data alone).
            data["image"] = self.photo.get_rendition("format-jpeg|fill-320x320").full_url
        return data


class MemberPosition(Orderable):
    """A position a member held or holds besides their place in the group (their CV)."""

    page = ParentalKey(MemberPage, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("position"), max_length=200, help_text=_("e.g. “Research intern”."))
    organisation = models.CharField(
        _("organisation"), max_length=200, help_text=_("e.g. “Google DeepMind”.")
    )
    start_year = models.PositiveSmallIntegerField(
        _("from (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2999)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("to (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2999)],
        help_text=_("Leave empty while it lasts."),
    )
    url = models.URLField(_("link"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("url")]),
    ]

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The year it ended is before the year it began.")})


class MemberEducation(Orderable):
    """A degree a member holds or studies for (their CV)."""

    page = ParentalKey(MemberPage, on_delete=models.CASCADE, related_name="education")
    degree = models.CharField(
        _("degree"), max_length=120, help_text=_("e.g. “PhD”, “MSc” or “BA”.")
    )
    field = models.CharField(
        _("subject"), max_length=200, blank=True, help_text=_("e.g. “Physics”.")
    )
    institution = models.CharField(
        _("institution"), max_length=200, help_text=_("e.g. “Peking University”.")
    )
    start_year = models.PositiveSmallIntegerField(
        _("from (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2999)],
    )
    end_year = models.PositiveSmallIntegerField(
        _("to (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2999)],
        help_text=_("The year of the degree; empty while studying."),
    )
    thesis = models.CharField(
        _("thesis"), max_length=300, blank=True, help_text=_("Optional: the thesis's title.")
    )

    panels = [
        FieldRowPanel([FieldPanel("degree"), FieldPanel("field"), FieldPanel("institution")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        FieldPanel("thesis"),
    ]

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The year it ended is before the year it began.")})
